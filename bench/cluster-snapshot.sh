#!/usr/bin/env bash
# Cluster to cluster snapshot speed with 1 and 3 source tasks, against MIGRATE node by node (docs/benchmarks.md).
# Usage: bench/cluster-snapshot.sh [keys ...]     default: 1000000; one JVM per size.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B install -DskipTests -pl common,source-connector,sink-connector,integration-tests -am
for keys in "${@:-1000000}"; do
  ./mvnw -q -B -pl integration-tests exec:java@cluster-bench -Dbench.args="$keys" 2>&1 \
    | grep -v -E '^\[|^SLF4J|log4j|^Bootstrap|^Formatting'
done

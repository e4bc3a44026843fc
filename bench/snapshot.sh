#!/usr/bin/env bash
# Snapshot speed and memory against MIGRATE and an RDB copy on the same data (docs/benchmarks.md).
# Usage: bench/snapshot.sh [--cluster | --big N] [keys ...]     default: 1000000; one JVM per size.
#   --cluster: cluster to cluster, with 1 and 3 source tasks, against MIGRATE node by node.
#   --big N: N keys of 10 to 100 MB beside the ordinary keys (copied in parts by the connectors).
set -euo pipefail
cd "$(dirname "$0")/.."
bench=snapshot-bench
big=0
if [ "${1:-}" = "--cluster" ]; then
  bench=cluster-bench
  shift
elif [ "${1:-}" = "--big" ]; then
  big="$2"
  shift 2
fi
./mvnw -q -B install -DskipTests -pl common,source-connector,sink-connector,integration-tests -am
for keys in "${@:-1000000}"; do
  ./mvnw -q -B -pl integration-tests exec:java@"$bench" -Dbench.args="$keys" -Dbench.big.keys="$big" 2>&1 \
    | grep -v -E '^\[|^SLF4J|log4j|^Bootstrap|^Formatting'
done

#!/usr/bin/env bash
# Live replication lag, source write to target RESTORE, at steady write rates (docs/benchmarks.md).
# Usage: bench/live-lag.sh [seconds per rate] [rate ...]     default: 20 1000 10000
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B install -DskipTests -pl common,source-connector,sink-connector,integration-tests -am
./mvnw -q -B -pl integration-tests test-compile exec:java@live-lag -Dbench.args="${*:-20 1000 10000}" 2>&1 \
  | grep -v -E '^\[|^SLF4J|log4j'

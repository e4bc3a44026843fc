#!/usr/bin/env bash
# Live capture under a write rate, redis.capture=notifications then replication, on the same data (docs/benchmarks.md).
# Usage: bench/live-capture.sh [seconds] [new keys/s] [redis.live.queue.capacity] [keys] [capture ...]
#        default: 30 25000 100000 100000 notifications replication
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B install -DskipTests -pl common,source-connector,sink-connector,integration-tests -am
./mvnw -q -B -pl integration-tests test-compile exec:java@live-capture -Dbench.args="${*:-30 25000 100000 100000}" 2>&1 \
  | grep -v -E '^\[|^SLF4J|log4j'

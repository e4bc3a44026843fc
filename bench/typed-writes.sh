#!/usr/bin/env bash
# Typed-write throughput as a ratio to restore-mode throughput, same data, same server (docs/benchmarks.md).
# Usage: bench/typed-writes.sh [small keys] [rounds]     default: 100000 3
# Runs on the reactor's freshly compiled classes (nothing is installed into the local repository).
set -euo pipefail
cd "$(dirname "$0")/.."
args=("$@")
if [ ${#args[@]} -eq 0 ]; then
  args=(100000 3)
fi
./mvnw -q -B -pl integration-tests -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
java -cp "integration-tests/target/test-classes:$(cat integration-tests/target/bench.classpath)" \
  io.keyferry.bench.TypedWriteBenchmark "${args[@]}" 2>&1 | grep -v -E '^\[|^SLF4J|log4j'

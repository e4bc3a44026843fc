#!/usr/bin/env bash
# One profiled run of the snapshot benchmark: JFR recording, per-thread CPU of the JVM and CPU of its
# redis-server children sampled every second from /proc (docs/benchmarks.md, "Where the CPU of a snapshot goes").
# Usage: bench/cpu/run.sh NAME KEYS [JVM flags ...]
#   env: MODES (sink write modes, default restore), EXTRA_PROPS (-Dbench.source.…=… and the like),
#        PROFILE_DIR (default /tmp/keyferry-profile). Build first: ./mvnw -q -B package -DskipTests
# Then: bench/cpu/analyze.py NAME; bench/cpu/samples.py NAME; bench/cpu/report.py NAME
set -euo pipefail
name=$1; keys=$2; shift 2
root="$(cd "$(dirname "$0")/../.." && pwd)"
dir=${PROFILE_DIR:-/tmp/keyferry-profile}; mkdir -p "$dir"
cd "$root"
if [ ! -s "$dir/classpath.txt" ]; then
  # The integration-tests module's test classpath, with this tree's modules instead of the installed jars.
  ./mvnw -o -X -B -pl integration-tests test-compile | sed -n 's/.*(f) testPath = \[\(.*\)\]$/\1/p' \
    | sed 's/, /\n/g' | grep -v /io/keyferry/ | paste -sd: \
    | sed "s#^#$root/common/target/classes:$root/source-connector/target/classes:$root/sink-connector/target/classes:#" \
    > "$dir/classpath.txt"
fi
cd integration-tests
nice -n 19 java -Xlog:gc:file="$dir/$name.gc.log" \
  -XX:StartFlightRecording=filename="$dir/$name.jfr",settings=profile "$@" ${EXTRA_PROPS:-} \
  -Dkeyferry.config.dir="${CONFIG_DIR:-$root/config}" -cp "$(cat "$dir/classpath.txt")" \
  io.keyferry.bench.SnapshotBenchmark "$keys" ${MODES:-restore} \
  > >(while IFS= read -r l; do printf '%.3f %s\n' "$(date +%s.%N)" "$l"; done > "$dir/$name.out") 2> "$dir/$name.err" &
jpid=$!
nice -n 19 python3 "$root/bench/cpu/monitor.py" "$jpid" "$dir/$name.mon" &
wait "$jpid"

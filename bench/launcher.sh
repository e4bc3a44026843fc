#!/usr/bin/env bash
# The launcher on a small database, start to verified exit (docs/benchmarks.md): wall time and CPU of
# `bin/keyferry migrate` against MIGRATE, with the launcher's JVM settings and without each of them.
# Usage: bench/launcher.sh [keys] [rounds]      default: 100000 keys (DEBUG POPULATE, 300-byte strings), 3 rounds.
set -euo pipefail
cd "$(dirname "$0")/.."
keys="${1:-100000}"
rounds="${2:-3}"
./mvnw -q -B install -DskipTests -pl launcher -am
work="$(mktemp -d)"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
source_port="$(free_port)"
target_port="$(free_port)"
for port in "$source_port" "$target_port"; do
  redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --enable-debug-command local \
    --daemonize yes --pidfile "$work/$port.pid" --logfile "$work/$port.log"
done
trap 'for p in "$source_port" "$target_port"; do redis-cli -p "$p" shutdown nosave >/dev/null 2>&1 || true; done
      rm -rf "$work"' EXIT
until redis-cli -p "$target_port" ping >/dev/null 2>&1 && redis-cli -p "$source_port" ping >/dev/null 2>&1; do
  sleep 0.1
done
redis-cli -p "$source_port" debug populate "$keys" key 300 >/dev/null

# Prints wall seconds and the CPU core-seconds of the launcher's JVM (user + system) for one migration.
migrate() {
  redis-cli -p "$target_port" flushall >/dev/null
  rm -rf "$work/data"
  /usr/bin/time -f '%e %U %S' -o "$work/time" bin/keyferry migrate --source "redis://127.0.0.1:$source_port" \
    --target "redis://127.0.0.1:$target_port" --data-dir "$work/data" >"$work/out" 2>&1 \
    || { cat "$work/out"; exit 1; }
  grep -q identical "$work/out" || { cat "$work/out"; exit 1; }
  awk '{printf "%6.2f s wall %6.2f core-s", $1, $2 + $3}' "$work/time"
}

# One MIGRATE of every key, server to server, in batches of 1000 from SCAN.
migrate_anchor() {
  redis-cli -p "$target_port" flushall >/dev/null
  local start end
  start="$(date +%s.%N)"
  redis-cli -p "$source_port" --scan | xargs -n 1000 \
    redis-cli -p "$source_port" migrate 127.0.0.1 "$target_port" "" 0 60000 COPY REPLACE KEYS >/dev/null
  end="$(date +%s.%N)"
  awk -v s="$start" -v e="$end" 'BEGIN {printf "%6.2f s wall", e - s}'
}

rm -f launcher/target/keyferry.jsa
echo "recording the class archive (first run of a built jar): $(migrate)"
for round in $(seq "$rounds"); do
  echo "round $round"
  echo "  MIGRATE:                                  $(migrate_anchor)"
  echo "  shipped (class archive, C1 only):         $(migrate)"
  echo "  without the class archive:                $(KEYFERRY_CDS=off migrate)"
  echo "  with C2 (-XX:TieredStopAtLevel=4):        $(KEYFERRY_JAVA_OPTS=-XX:TieredStopAtLevel=4 migrate)"
done

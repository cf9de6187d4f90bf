#!/usr/bin/env bash
# Memory of the packaged server under sustained load: starts one node the way ./openenos does (JAVA_OPTS added),
# runs the closed-loop device load of issue 23 in phases, samples the server's RSS every few seconds and, after each
# phase, writes the JVM's native memory summary (NMT), the heap and the mapped files of the data directory.
#
#   bench/memory-soak.sh                                    # default start command (JAVA_OPTS empty)
#   JAVA_OPTS=-Xmx1g bench/memory-soak.sh
#   PHASES="3:120 100:120" DEVICES=100 INFLIGHT=10 bench/memory-soak.sh   # points per message : seconds, in turn
#
# Prints the RSS samples (seconds, VmRSS MB, anonymous MB, file-backed MB) and a summary per phase; everything also
# stays in the scratch directory it names at the end. Ports: 11884 (MQTT), 18080 (API), 19180 (actuator).
set -euo pipefail
PHASES=${PHASES:-"3:120 100:120"}
DEVICES=${DEVICES:-100}
INFLIGHT=${INFLIGHT:-10}
SAMPLE=${SAMPLE:-5}
WARMUP=${WARMUP:-10}
SERVER_CPU=${SERVER_CPU:-0}
BENCH_CPU=${BENCH_CPU:-1}
JAVA_OPTS=${JAVA_OPTS:-}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d -t openenos-memory-XXXXXX)
SERVER_JAR=${SERVER_JAR:-"$ROOT/server/target/openenos-server.jar"}
BENCH_JAR=${BENCH_JAR:-$(ls "$ROOT"/bench/target/openenos-bench-*-exec.jar)}
ADMIN_PASSWORD=Bench-Admin-Password-1
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
JCMD=${JAVA_HOME:+$JAVA_HOME/bin/}jcmd
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null; echo "scratch: $WORK"' EXIT

umask 077
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
OPENENOS_ADMIN_PASSWORD=$ADMIN_PASSWORD taskset -c "$SERVER_CPU" "$JAVA" $JAVA_OPTS \
  -XX:NativeMemoryTracking=summary -jar "$SERVER_JAR" \
  --openenos.data-dir="$WORK/data" --server.port=18080 --openenos.mqtt.port=11884 --openenos.mqtt.tls-port=0 \
  --openenos.pki.web-socket-port=-1 --openenos.subscription.port=0 --management.server.port=19180 \
  --openenos.mqtt.limits.connects-per-ip-per-second=10000 \
  --openenos.mqtt.limits.messages-per-device-per-second=100000 > "$WORK/server.log" 2>&1 &
SERVER=$!
PIDS+=("$SERVER")
for _ in $(seq 1 600); do
  curl -sf http://127.0.0.1:18080/actuator/health > /dev/null && break
  kill -0 "$SERVER" 2>/dev/null || { echo "server did not start: $WORK/server.log"; exit 1; }
  sleep 1
done
START=$(date +%s)

# rss: VmRSS, RssAnon and RssFile of the server in MB
rss() {
  awk '/^VmRSS|^RssAnon|^RssFile|^RssShmem/ {printf "%s %.0f  ", $1, $2 / 1024}' "/proc/$SERVER/status"
}
( while kill -0 "$SERVER" 2>/dev/null; do
    echo "$(( $(date +%s) - START )) s  $(rss)"
    sleep "$SAMPLE"
  done ) > "$WORK/rss.txt" &
PIDS+=("$!")

# report NAME: what uses the memory now
report() {
  local out="$WORK/memory-$1.txt"
  {
    echo "== $1 at $(( $(date +%s) - START )) s, load $(cut -d' ' -f1 /proc/loadavg): $(rss)"
    awk '/^VmHWM/ {printf "peak RSS %.0f MB\n", $2 / 1024}' "/proc/$SERVER/status"
    "$JCMD" "$SERVER" VM.native_memory summary scale=MB | grep -E 'Total|^-|committed=' \
      | grep -E 'Total|Java Heap|Class|Thread|Code|GC|Compiler|Internal|Other|Symbol|Native Memory Tracking|Arena|Metaspace|Module|Synchron|Serviceability|Shared|Object Monitors' \
      | sed -E 's/ +/ /g' | grep -v '^ *$' | head -40
    echo "-- mapped files in the data directory (RSS MB, by table directory)"
    awk -v dir="$WORK/data" '
      /^[0-9a-f]+-[0-9a-f]+ / { file = (NF >= 6 && index($6, dir) == 1) ? $6 : "" }
      /^Rss:/ && file != "" { split(substr(file, length(dir) + 2), p, "/"); key = p[1] "/" p[2] "/" p[3]; kb[key] += $2 }
      END { for (k in kb) if (kb[k] >= 1024) printf "  %-40s %6.0f\n", k, kb[k] / 1024 }' "/proc/$SERVER/smaps" | sort -k2 -nr | head -12
    echo "-- actuator"
    for m in jvm.buffer.memory.used jvm.memory.used jvm.memory.committed; do
      printf '  %s %s\n' "$m" "$(curl -s "http://127.0.0.1:19180/actuator/metrics/$m" | grep -o '"value":[0-9.E]*' | head -1)"
    done
    curl -s http://127.0.0.1:19180/actuator/prometheus | grep -E '^openenos_timeseries_native|^jvm_buffer_memory_used_bytes|^netty_allocator_memory' | head -20
  } > "$out" 2>&1
  cat "$out"
}

report idle
for phase in $PHASES; do
  points=${phase%%:*}
  seconds=${phase##*:}
  echo "== load: $points points per message, $seconds s (load $(cut -d' ' -f1 /proc/loadavg))"
  taskset -c "$BENCH_CPU" "$JAVA" -jar "$BENCH_JAR" --target openenos --api http://127.0.0.1:18080 \
    --mqtt tcp://127.0.0.1:11884 --admin-password "$ADMIN_PASSWORD" --server-pid "$SERVER" --devices "$DEVICES" \
    --points "$points" --qos 1 --inflight "$INFLIGHT" --warmup "$WARMUP" --seconds "$seconds" \
    | grep -E 'answered|throughput|ack|server|µs/message' || echo "run failed"
  report "points-$points"
done
echo "== RSS samples (every $SAMPLE s)"
cat "$WORK/rss.txt"

#!/usr/bin/env bash
# A/B of server builds under the closed-loop load of issue 23, back to back on the same machine state: all the
# servers run at once (fresh scratch data each, pinned to the same core), the load generator (pinned to the other
# core) measures A, B (, C …), A, B … for ROUNDS rounds, and Mosquitto once per round for the ratio. The figure to compare
# is the server's CPU per answered message (/proc/<pid>/stat over the measured phase): throughput and latency follow
# the machine's load.
#
#   bench/ab-inflight.sh /tmp/server-before.jar server/target/openenos-server.jar
#   bench/ab-inflight.sh a.jar b.jar c.jar     # three builds in turn
#   ROUNDS=4 POINTS=1 bench/ab-inflight.sh a.jar b.jar
#   SERVER_JAVA_OPTS_1=-Dio.netty.transport.noNative=true bench/ab-inflight.sh b.jar b.jar   # options of one build
set -euo pipefail
JARS=("$@")
ROUNDS=${ROUNDS:-3}
DEVICES=${DEVICES:-100}
POINTS=${POINTS:-3}
INFLIGHT=${INFLIGHT:-10}
WARMUP=${WARMUP:-10}
DURATION=${DURATION:-20}
SERVER_CPU=${SERVER_CPU:-0}
BENCH_CPU=${BENCH_CPU:-1}
MOSQUITTO=${MOSQUITTO:-1}
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:-}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d -t openenos-ab-XXXXXX)
BENCH_JAR=$(ls "$ROOT"/bench/target/openenos-bench-*-exec.jar)
ADMIN_PASSWORD=Bench-Admin-Password-1
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
LOAD="--devices $DEVICES --points $POINTS --qos 1 --seconds $DURATION --warmup $WARMUP --inflight $INFLIGHT"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null; echo "scratch: $WORK"' EXIT

# start NAME JAR HTTP MQTT: a single node on its own scratch directory
start() {
  local own="SERVER_JAVA_OPTS_$1"
  OPENENOS_ADMIN_PASSWORD=$ADMIN_PASSWORD taskset -c "$SERVER_CPU" "$JAVA" -Xmx1g $SERVER_JAVA_OPTS ${!own:-} -jar "$2" \
    --openenos.data-dir="$WORK/data-$1" --server.port="$3" --openenos.mqtt.port="$4" --openenos.mqtt.tls-port=0 \
    --openenos.pki.web-socket-port=-1 --openenos.subscription.port=0 --management.server.port=0 \
    --openenos.mqtt.limits.connects-per-ip-per-second=10000 \
    --openenos.mqtt.limits.messages-per-device-per-second=100000 > "$WORK/server-$1.log" 2>&1 &
  PIDS+=("$!")
  SERVER_PIDS+=("$!")
}
healthy() {
  for _ in $(seq 1 600); do
    curl -sf "http://127.0.0.1:$1/actuator/health" > /dev/null && return 0
    sleep 1
  done
  echo "server on $1 not healthy: $WORK"; exit 1
}
SERVER_PIDS=()
for i in "${!JARS[@]}"; do
  start "$i" "${JARS[$i]}" $((18180 + i)) $((11984 + i))
done
for i in "${!JARS[@]}"; do
  healthy $((18180 + i))
done
if [ "$MOSQUITTO" = 1 ]; then
  printf 'listener 1884 127.0.0.1\nallow_anonymous true\nmax_inflight_messages 1000\nmax_queued_messages 100000\n' \
    > "$WORK/mosquitto.conf"
  taskset -c "$SERVER_CPU" mosquitto -c "$WORK/mosquitto.conf" > "$WORK/mosquitto.log" 2>&1 &
  MOSQ=$!
  PIDS+=("$MOSQ")
fi
for round in $(seq 1 "$ROUNDS"); do
  for i in "${!JARS[@]}"; do
    echo "== round $round ${JARS[$i]} (load $(cut -d' ' -f1 /proc/loadavg))"
    taskset -c "$BENCH_CPU" "$JAVA" -jar "$BENCH_JAR" --target openenos --api "http://127.0.0.1:$((18180 + i))" \
      --mqtt "tcp://127.0.0.1:$((11984 + i))" --admin-password "$ADMIN_PASSWORD" --server-pid "${SERVER_PIDS[$i]}" $LOAD \
      | grep -E 'answered|throughput|ack|server|µs/message|connect' || echo "run failed"
  done
  if [ "$MOSQUITTO" = 1 ]; then
    echo "== round $round Mosquitto (load $(cut -d' ' -f1 /proc/loadavg))"
    taskset -c "$BENCH_CPU" "$JAVA" -jar "$BENCH_JAR" --target mosquitto --mqtt tcp://127.0.0.1:1884 \
      --server-pid "$MOSQ" $LOAD | grep -E 'answered|throughput|ack|server|µs/message' || echo "run failed"
  fi
done

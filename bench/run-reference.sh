#!/usr/bin/env bash
# Runs the same device load against the packaged OpenEnOS server and against Mosquitto (the reference broker),
# one after the other, each on a fresh scratch directory, and prints both reports so the figures read as ratios.
#
#   ./mvnw -q -DskipTests package && bench/run-reference.sh
#   DEVICES=1000 RATE=2 POINTS=10 BATCH=1 QOS=1 DURATION=30 bench/run-reference.sh
#   WARMUP=15 bench/run-reference.sh      # 15 s of load first, not counted (JIT warm-up of the server)
#
# Needs: a JDK 21+, mosquitto (Debian: apt-get install mosquitto). Ports: 1884 (Mosquitto), 11884 + 18080 (OpenEnOS).
set -euo pipefail
DEVICES=${DEVICES:-200}
RATE=${RATE:-5}
POINTS=${POINTS:-10}
BATCH=${BATCH:-1}
QOS=${QOS:-1}
DURATION=${DURATION:-20}
# seconds of load before the measured phase, not counted (JIT warm-up of the server; 0 = as before)
WARMUP=${WARMUP:-0}
TARGETS=${TARGETS:-"openenos mosquitto"}
# all bench devices connect from 127.0.0.1: raise the server's per-address connect rate (default 100/s) so that
# none is refused (openenos.mqtt.limits.connects-per-ip-per-second)
CONNECTS_PER_SECOND=${CONNECTS_PER_SECOND:-10000}
# e.g. SERVER_JAVA_OPTS="-XX:StartFlightRecording=filename=server.jfr" to profile the server during the run
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:-}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d -t openenos-bench-XXXXXX)
SERVER_JAR="$ROOT/server/target/openenos-server.jar"
BENCH_JAR=$(ls "$ROOT"/bench/target/openenos-bench-*-exec.jar)
ADMIN_PASSWORD=Bench-Admin-Password-1
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
LOAD="--devices $DEVICES --rate $RATE --points $POINTS --batch $BATCH --qos $QOS --seconds $DURATION --warmup $WARMUP"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null; echo "scratch: $WORK"' EXIT

for target in $TARGETS; do
  case $target in
    mosquitto)
      cat > "$WORK/mosquitto.conf" <<CONF
listener 1884 127.0.0.1
allow_anonymous true
max_inflight_messages 1000
max_queued_messages 100000
CONF
      mosquitto -c "$WORK/mosquitto.conf" > "$WORK/mosquitto.log" 2>&1 &
      BROKER=$!
      PIDS+=("$BROKER")
      sleep 1
      echo "== Mosquitto $(mosquitto -h 2>/dev/null | head -1 | awk '{print $3}')"
      "$JAVA" -jar "$BENCH_JAR" --target mosquitto --mqtt tcp://127.0.0.1:1884 --server-pid "$BROKER" $LOAD
      kill "$BROKER"
      ;;
    openenos)
      OPENENOS_ADMIN_PASSWORD=$ADMIN_PASSWORD "$JAVA" -Xmx1g $SERVER_JAVA_OPTS -jar "$SERVER_JAR" --openenos.data-dir="$WORK/data" \
        --server.port=18080 --openenos.mqtt.port=11884 --openenos.mqtt.tls-port=0 \
        --openenos.mqtt.limits.connects-per-ip-per-second="$CONNECTS_PER_SECOND" > "$WORK/server.log" 2>&1 &
      SERVER=$!
      PIDS+=("$SERVER")
      for _ in $(seq 1 300); do
        curl -sf http://127.0.0.1:18080/actuator/health > /dev/null && break
        kill -0 "$SERVER" 2>/dev/null || { echo "server did not start: $WORK/server.log"; exit 1; }
        sleep 1
      done
      echo "== OpenEnOS (server log: $WORK/server.log)"
      "$JAVA" -jar "$BENCH_JAR" --target openenos --api http://127.0.0.1:18080 --mqtt tcp://127.0.0.1:11884 \
        --admin-password "$ADMIN_PASSWORD" --server-pid "$SERVER" $LOAD
      kill "$SERVER"
      wait "$SERVER" 2>/dev/null || true
      ;;
  esac
done

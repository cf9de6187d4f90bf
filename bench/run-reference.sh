#!/usr/bin/env bash
# Runs the same device load against the packaged OpenEnOS server and against Mosquitto (the reference broker),
# one after the other, each on a fresh scratch directory, and prints both reports so the figures read as ratios.
#
#   ./mvnw -q -DskipTests package && bench/run-reference.sh
#   DEVICES=1000 RATE=2 POINTS=10 BATCH=1 QOS=1 DURATION=30 bench/run-reference.sh
#   WARMUP=15 bench/run-reference.sh      # 15 s of load first, not counted (JIT warm-up of the server)
#   NODES=2 bench/run-reference.sh        # two server nodes on one PostgreSQL (node A's), devices spread over both
#   KAFKA=127.0.0.1:9092 bench/run-reference.sh   # the bus on Kafka (a topic of its own per run)
#   DEVICES=100 POINTS=3 INFLIGHT=10 SERVER_CPU=0 BENCH_CPU=1 WARMUP=15 bench/run-reference.sh
#                                         # closed loop (10 unanswered QoS 1 posts per device, one Netty thread),
#                                         # the broker/server pinned to core 0 and the generator to core 1 (issue 23)
#   TARGETS=openenos DEVICES=100 POINTS=100 INFLIGHT=10 SERVER_CPU=0 BENCH_CPU=1 WARMUP=30 DURATION=60 STORED=1 \
#     bench/run-reference.sh              # sustained batched posts, STORED (issue 23 goal 2): 100 points per post;
#                                         # after the load the generator waits until the server's storage backlog is
#                                         # empty and reports stored points/s over the whole window, the time from
#                                         # the last acknowledgement until everything is stored, the largest backlog
#                                         # and how long back-pressure held acknowledgements
#   SERVER_ARGS="--openenos.telemetry.back-pressure.enabled=false" …   # extra server settings (an A/B of one)
#
# Needs: a JDK 21+, mosquitto (Debian: apt-get install mosquitto). Ports: 1884 (Mosquitto), 11884 + 18080 (OpenEnOS),
# 11885 + 18081 (a second node), 15433 (node A's embedded PostgreSQL when NODES=2), 19180 (node A's metrics when
# STORED=1).
set -euo pipefail
DEVICES=${DEVICES:-200}
RATE=${RATE:-5}
POINTS=${POINTS:-10}
BATCH=${BATCH:-1}
QOS=${QOS:-1}
DURATION=${DURATION:-20}
# seconds of load before the measured phase, not counted (JIT warm-up of the server; 0 = as before)
WARMUP=${WARMUP:-0}
# closed loop: each device keeps this many QoS 1 posts unanswered (0 = offer RATE per device with Paho clients)
INFLIGHT=${INFLIGHT:-0}
# CPU lists for taskset (empty: not pinned): the broker or server, and the load generator
SERVER_CPU=${SERVER_CPU:-}
BENCH_CPU=${BENCH_CPU:-}
# per-connection message rate limit of the server (default 1000/s would cap a closed loop of 100 devices)
MESSAGES_PER_DEVICE=${MESSAGES_PER_DEVICE:-100000}
TARGETS=${TARGETS:-"openenos mosquitto"}
# all bench devices connect from 127.0.0.1: raise the server's per-address connect rate (default 100/s) so that
# none is refused (openenos.mqtt.limits.connects-per-ip-per-second)
CONNECTS_PER_SECOND=${CONNECTS_PER_SECOND:-10000}
# e.g. SERVER_JAVA_OPTS="-XX:StartFlightRecording=filename=server.jfr" to profile the server during the run
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:-}
# more server settings, e.g. "--openenos.telemetry.back-pressure.pause-at-records=20000"
SERVER_ARGS=${SERVER_ARGS:-}
# 1: also report what was stored (closed loop only): the generator reads node A's metrics on METRICS_PORT
STORED=${STORED:-0}
METRICS_PORT=${METRICS_PORT:-19180}
# server nodes (1 or 2); a second node shares node A's PostgreSQL and server keys (docs/scale-out-nodes.md)
NODES=${NODES:-1}
# Kafka bootstrap servers: empty keeps the embedded bus; set, every node uses the Kafka bus on a topic of this run
KAFKA=${KAFKA:-}
KAFKA_PARTITIONS=${KAFKA_PARTITIONS:-4}
KAFKA_REPLICATION=${KAFKA_REPLICATION:-3}
KAFKA_MIN_INSYNC=${KAFKA_MIN_INSYNC:-2}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d -t openenos-bench-XXXXXX)
SERVER_JAR=${SERVER_JAR:-"$ROOT/server/target/openenos-server.jar"}
BENCH_JAR=$(ls "$ROOT"/bench/target/openenos-bench-*-exec.jar)
ADMIN_PASSWORD=Bench-Admin-Password-1
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
SERVER_PIN=${SERVER_CPU:+taskset -c $SERVER_CPU}
BENCH_PIN=${BENCH_CPU:+taskset -c $BENCH_CPU}
LOAD="--devices $DEVICES --rate $RATE --points $POINTS --batch $BATCH --qos $QOS --seconds $DURATION --warmup $WARMUP
  --inflight $INFLIGHT"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null; echo "scratch: $WORK"' EXIT

# start_node NAME HTTP_PORT MQTT_PORT [ARGS…]: starts a server node on $WORK/data-NAME and waits until it is healthy
start_node() {
  local name=$1 http=$2 mqtt=$3
  shift 3
  OPENENOS_ADMIN_PASSWORD=$ADMIN_PASSWORD $SERVER_PIN "$JAVA" -Xmx1g $SERVER_JAVA_OPTS -jar "$SERVER_JAR" \
    --openenos.data-dir="$WORK/data-$name" --server.port="$http" --openenos.mqtt.port="$mqtt" \
    --openenos.mqtt.tls-port=0 --openenos.mqtt.limits.connects-per-ip-per-second="$CONNECTS_PER_SECOND" \
    --openenos.mqtt.limits.messages-per-device-per-second="$MESSAGES_PER_DEVICE" \
    --openenos.cluster.node-id="bench-$name" --openenos.bus.kafka.client-id="bench-$name" \
    "${NODE_ARGS[@]}" $SERVER_ARGS "$@" > "$WORK/server-$name.log" 2>&1 &
  SERVER=$!
  PIDS+=("$SERVER")
  for _ in $(seq 1 300); do
    curl -sf "http://127.0.0.1:$http/actuator/health" > /dev/null && return 0
    kill -0 "$SERVER" 2>/dev/null || { echo "server $name did not start: $WORK/server-$name.log"; exit 1; }
    sleep 1
  done
  echo "server $name not healthy after 300 s: $WORK/server-$name.log"
  exit 1
}

for target in $TARGETS; do
  case $target in
    mosquitto)
      cat > "$WORK/mosquitto.conf" <<CONF
listener 1884 127.0.0.1
allow_anonymous true
max_inflight_messages 1000
max_queued_messages 100000
CONF
      $SERVER_PIN mosquitto -c "$WORK/mosquitto.conf" > "$WORK/mosquitto.log" 2>&1 &
      BROKER=$!
      PIDS+=("$BROKER")
      sleep 1
      echo "== Mosquitto $(mosquitto -h 2>/dev/null | head -1 | awk '{print $3}')"
      $BENCH_PIN "$JAVA" -jar "$BENCH_JAR" --target mosquitto --mqtt tcp://127.0.0.1:1884 --server-pid "$BROKER" $LOAD
      kill "$BROKER"
      ;;
    openenos)
      NODE_ARGS=()
      if [ -n "$KAFKA" ]; then
        NODE_ARGS+=(--openenos.bus.type=kafka --openenos.bus.kafka.bootstrap-servers="$KAFKA"
          --openenos.bus.kafka.topic="openenos-bench-$(date +%s)" --openenos.bus.kafka.partitions="$KAFKA_PARTITIONS"
          --openenos.bus.kafka.replication-factor="$KAFKA_REPLICATION"
          --openenos.bus.kafka.min-insync-replicas="$KAFKA_MIN_INSYNC")
      fi
      if [ "$NODES" -gt 1 ]; then
        NODE_ARGS+=(--openenos.cluster.enabled=true --openenos.subscription.port=0 --openenos.pki.web-socket-port=0
          --management.server.port=0)
      fi
      STORED_ARGS=()
      if [ "$STORED" = 1 ]; then
        STORED_ARGS=(--stored "http://127.0.0.1:$METRICS_PORT/actuator/prometheus")
      fi
      if [ "$NODES" -gt 1 ]; then
        start_node a 18080 11884 --openenos.database.embedded-port=15433
      elif [ "$STORED" = 1 ]; then
        start_node a 18080 11884 --management.server.port="$METRICS_PORT"
      else
        start_node a 18080 11884
      fi
      MQTT=tcp://127.0.0.1:11884
      PIDS_OF_NODES=$SERVER
      if [ "$NODES" -gt 1 ]; then
        # node B: the same server keys, node A's database as its external PostgreSQL
        mkdir -p "$WORK/data-b/keys"
        cp -r "$WORK/data-a/keys/secrets.key" "$WORK/data-a/keys/ota-download.key" "$WORK/data-a/keys/pki" \
          "$WORK/data-b/keys/"
        start_node b 18081 11885 --openenos.database.jdbc-url=jdbc:postgresql://127.0.0.1:15433/postgres \
          --openenos.database.username=openenos \
          --openenos.database.password="$(cat "$WORK/data-a/keys/postgres-openenos.password")"
        MQTT=$MQTT,tcp://127.0.0.1:11885
        PIDS_OF_NODES=$PIDS_OF_NODES,$SERVER
      fi
      echo "== OpenEnOS, $NODES node(s), bus ${KAFKA:+Kafka }${KAFKA:-embedded} (server logs: $WORK/server-*.log)"
      $BENCH_PIN "$JAVA" -jar "$BENCH_JAR" --target openenos --api http://127.0.0.1:18080 --mqtt "$MQTT" \
        --admin-password "$ADMIN_PASSWORD" --server-pid "$PIDS_OF_NODES" $LOAD "${STORED_ARGS[@]}"
      for p in ${PIDS_OF_NODES//,/ }; do kill "$p"; wait "$p" 2>/dev/null || true; done
      ;;
  esac
done

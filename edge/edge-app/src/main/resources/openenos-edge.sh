#!/bin/sh
# Starts the OpenEnOS edge under its launcher, which restarts it into versions it installs over the air and rolls
# back a version that does not reconnect to the cloud within the trial timeout.
#   OPENENOS_EDGE_TRIAL_TIMEOUT  seconds a new version has to connect (default 300)
#   OPENENOS_EDGE_JAVA_OPTS      JVM options of the edge process (default -Xmx256m)
#   OPENENOS_EDGE_HTTP_URL       where the edge downloads firmware (default: port 8080 of cloud.host)
set -e
HOME_DIR=$(cd "$(dirname "$0")/.." && pwd)
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
set -- --home "$HOME_DIR" --trial-timeout "${OPENENOS_EDGE_TRIAL_TIMEOUT:-300}" \
  --java-option "${OPENENOS_EDGE_JAVA_OPTS:--Xmx256m}" \
  ${OPENENOS_EDGE_HTTP_URL:+--java-option -Dopenenos.edge.cloud-http-url=$OPENENOS_EDGE_HTTP_URL} -- "$@"
exec "$JAVA" -Xmx64m -jar "$HOME_DIR/launcher/openenos-edge.jar" launch "$@"

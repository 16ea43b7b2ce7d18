#!/usr/bin/env bash
# The deploy steps of `stack/bin/stack.sh deploy`, for the compose stack: run inside the compose network by
#   docker-compose run --rm deploy
# with the repository mounted at /smartcar. Uses the same files: stack/conf/topics.conf, stack/tools/*.java
# (Java single-file launch), the schemas module's SchemaRegistration, connectors/config/*.json.
set -euo pipefail
cd /smartcar
DIST=/smartcar/.stack/dist
TOOLS_LOG=-Dlog4j2.configurationFile=/smartcar/stack/conf/templates/tools-log4j2.properties
: "${SMARTCAR_HBASE_TABLES:=DriverCarInfo:cf1 SmartCarStatusInfo:cf1}"
: "${SMARTCAR_HBASE_SPLITS:=2,4,6,8}"

echo "topics on $SMARTCAR_BOOTSTRAP"
# the compose cluster has three nodes: 3 replicas, 2 in sync (as stack.sh deploy derives from STACK_BROKERS=3)
STACK_REPLICATION_FACTOR=3 STACK_MIN_INSYNC=2 java "$TOOLS_LOG" -cp "$DIST/kafka/*" stack/tools/TopicSetup.java "$SMARTCAR_BOOTSTRAP" stack/conf/topics.conf
echo "HBase tables $SMARTCAR_HBASE_TABLES"
# shellcheck disable=SC2086
java "$TOOLS_LOG" --add-opens java.base/java.nio=ALL-UNNAMED -Dstack.zookeeper=hbase:2181 -cp "/etc/hbase:$DIST/hbase/*" \
  stack/tools/HBaseTables.java create "$SMARTCAR_HBASE_SPLITS" $SMARTCAR_HBASE_TABLES
if ls .stack/compose/schemas-lib/*.jar >/dev/null 2>&1; then
  echo "schemas on $SMARTCAR_CCOMPAT_URL"
  java -cp ".stack/compose/schemas-lib/*" dev.smartcar.schemas.registry.SchemaRegistration --url "$SMARTCAR_CCOMPAT_URL"
else
  echo "schemas NOT registered: run compose/prepare.sh after building the schemas module" >&2
  exit 1
fi
echo "connectors on $SMARTCAR_CONNECT_URL"
java "$TOOLS_LOG" -cp "$DIST/kafka/*" stack/tools/ConnectorDeploy.java "$SMARTCAR_CONNECT_URL" connectors/config 90

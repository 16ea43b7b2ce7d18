#!/usr/bin/env bash
set -uo pipefail
cd /work/main
/tmp/sp/setup.sh > /tmp/sp/final-setup.log 2>&1 || { echo setup failed; exit 1; }
OLD="PROF_JAR=/tmp/sp/old/streams-app/target/smartcar-streams-app.jar PROF_CONFIG=/tmp/sp/old/streams-app/config/streams-app.properties"
for i in 1 2; do
  env PROF_JAR=/tmp/sp/old/streams-app/target/smartcar-streams-app.jar PROF_CONFIG=/tmp/sp/old/streams-app/config/streams-app.properties /tmp/sp/prof.sh final-old-$i 1 2>&1 | tail -1
  /tmp/sp/prof.sh final-new-$i 1 2>&1 | tail -1
done
# latency: new jar, 120 s of live lines
source bench/streams.sh
tool truncate "$BOOTSTRAP" smartcar.driving.raw smartcar.driving smartcar.overspeed smartcar.rejected >&2
l0=$(load)
start_app "final-latency-$(date +%s)" 1 /tmp/sp/final-latency-app.log
wait_app_running
tool latency "$BOOTSTRAP" smartcar.driving.raw "$REDIS_PORT" "$REDIS_PASSWORD_FILE" 100 50 120 "$WINDOW_MS" "$GRACE_MS" /tmp/sp/final-latency.csv
echo "latency load $l0 -> $(load)"
stop_app

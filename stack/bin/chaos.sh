#!/usr/bin/env bash
# `make chaos`: the reliability suite (issue 7). On one fresh env 'chaos' (ports +12000) with the streams app
# deployed, each fault scenario runs the pilot (bin/smartcar pilot: a status day + paced drivers with garbage lines)
# while this script injects one fault on a timeline; the pilot's own checks then prove that every valid line is in
# HBase exactly once, every rejected line is on smartcar.rejected by reason, and the alerts in Redis and on
# smartcar.overspeed equal an independent recount, without duplicates. Bad input, bad configuration and security
# run as their own pieces against the same env. Everything lands in one report:
#   bench/results/<UTC time>-chaos/REPORT.md   (each scenario's pilot output and logs beside it)
#
#   stack/bin/chaos.sh [SCENARIO...]     default: all, in this order:
#     baseline connect-kill app-kill broker-stop hbase-redis-stop wrong-clock rotate-rename rotate-copytruncate
#     rotate-compress scale-out bad-input bad-config security
#     then on env chaos3 (three KRaft nodes): cluster-baseline leader-hard-kill controller-hard-kill rolling-restart
#     broker-disk-loss two-brokers-down app-kill-standby app-kill-no-standby
#     then on env secured (STACK_SECURITY=sasl_ssl: TLS, SASL/SCRAM, ACLs; issue #22): secured (the pilot, the deploy
#     target's dry run, and every denial of stack/bin/chaos-security.sh)
# Environment: CHAOS_PORT_OFFSET (an env other than the planned ones of stack/conf/ports.conf), CHAOS_REPORT_DIR (the report folder), CHAOS_KEEP=true (leave the env up),
# CHAOS_CARS (10), CHAOS_DURATION (60s): the pilot's size per fault scenario (CHAOS_ROLL_CARS, 30, rolling-restart's);
# CHAOS_GRACE_MS (120000): the app's
# grace; CHAOS_OUTAGE_S (30): how long broker-stop keeps the broker down, and the cluster's faults their nodes.
# CHAOS_ENV=NAME CHAOS_REUSE_ENV=true runs the scenarios on an env that is already up (make test's own test env:
# it is deployed and its app started, never cleaned; the caller stops it).
# Exit code: 0 when every scenario passed. Only processes of the env are touched, by their recorded PIDs.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT" || exit 2
REUSE_ENV=${CHAOS_REUSE_ENV:-false}
export STACK_APP=true
# The app's wall-clock close takes input silent for longer than the grace for the end of the stream (README,
# Guarantees). A collector restart on a loaded 2-core machine can take a minute, so the suite's app waits 120 s;
# make test, whose one scenario stops only the broker, and briefly, runs it with a shorter grace. The pilot's
# close wait is only the upper bound of its drain: it ends as soon as every expected alert has arrived.
export SMARTCAR_OVERSPEED_GRACE_MS=${CHAOS_GRACE_MS:-120000}
CLOSE_WAIT=$((30 + SMARTCAR_OVERSPEED_GRACE_MS / 1000 + 5))s
OUTAGE_S=${CHAOS_OUTAGE_S:-30}
use_env() { # use_env NAME [BROKERS]: the env the next scenarios run on; its every address as STACK_* (stack.sh env)
  ENV_NAME=$1
  # the planned envs (stack/conf/ports.conf: test, chaos, chaos3, ...) have their offsets; any other takes CHAOS_PORT_OFFSET
  if grep -qE "^${ENV_NAME}[[:space:]]" stack/conf/ports.conf; then unset STACK_PORT_OFFSET
  elif [[ -n ${CHAOS_PORT_OFFSET:-} ]]; then export STACK_PORT_OFFSET=$CHAOS_PORT_OFFSET; fi
  if [[ -n ${2:-} ]]; then export STACK_BROKERS=$2; else unset STACK_BROKERS; fi   # empty: the env's recorded size
  STACK="stack/bin/stack.sh --env $ENV_NAME"
  local addresses; addresses=$($STACK env --shell) || exit 2
  eval "$addresses"
  export STACK_BROKERS
  ENV_HOME=$STACK_ENV_HOME BOOTSTRAP=$STACK_BOOTSTRAP BROKERS=$STACK_BROKERS
}
use_env "${CHAOS_ENV:-chaos}"
CARS=${CHAOS_CARS:-10}
ROLL_CARS=${CHAOS_ROLL_CARS:-30}   # rolling-restart's fleet (see sc_rolling-restart)
APP_ID=$(sed -n 's/^application.id=//p' streams-app/config/streams-app.properties)
DURATION=${CHAOS_DURATION:-60s}
ALL=(baseline connect-kill app-kill broker-stop hbase-redis-stop wrong-clock rotate-rename rotate-copytruncate
     rotate-compress scale-out bad-input bad-config security
     cluster-baseline leader-hard-kill controller-hard-kill rolling-restart broker-disk-loss two-brokers-down
     app-kill-standby app-kill-no-standby secured)
# The scenarios that need a replicated cluster (three KRaft nodes): make chaos runs them on env chaos3
# (STACK_BROKERS=3), after the others on env chaos (one node, so broker-stop shows the one-broker outage beside them).
CLUSTER=(cluster-baseline leader-hard-kill controller-hard-kill rolling-restart broker-disk-loss two-brokers-down
         app-kill-standby app-kill-no-standby)
STAMP=$(date -u +%Y-%m-%dT%H%MZ)
R=${CHAOS_REPORT_DIR:-$ROOT/bench/results/$STAMP-chaos}
mkdir -p "$R"
REPORT=$R/REPORT.md
t0=$SECONDS

say() { printf '[chaos %s +%ss] %s\n' "$(date +%H:%M:%S)" "$((SECONDS - t0))" "$*" | tee -a "$R/chaos.log" >&2; }
TOOLS_LOG=-Dlog4j2.configurationFile=$ROOT/stack/conf/templates/tools-log4j2.properties

# ---------------------------------------------------------------- small probes
pid_of() { cat "$ENV_HOME/run/$1.pid" 2>/dev/null; }
end_offset() { # end_offset TOPIC: the sum of the topic's end offsets
  java "$TOOLS_LOG" -cp "$ROOT/.stack/dist/kafka/*" \
    org.apache.kafka.tools.GetOffsetShell --bootstrap-server "$BOOTSTRAP" --topic "$1" 2>/dev/null \
    | awk -F: '{s += $3} END {print s + 0}'
}
sigkill() { # sigkill COMPONENT: SIGKILL the env's recorded PID of that component, wait until it is gone
  local pid; pid=$(pid_of "$1")
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || { say "cannot SIGKILL $1: no running recorded PID"; return 1; }
  kill -KILL "$pid"
  local _; for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  event "SIGKILL $1 (pid $pid)"
}
event() { # event TEXT: a line of the current scenario's timeline, seconds since the pilot started
  local line; line="t+$((SECONDS - PILOT_T0))s $*"
  say "$SCENARIO: $line"; EVENTS+=("$line")
}
up() { $STACK up --only "$1" >>"$R/$SCENARIO.stack.log" 2>&1 && event "$1 started again (stack.sh up --only $1)" \
  || { event "stack.sh up --only $1 FAILED (see $SCENARIO.stack.log)"; return 1; }; }
down() { $STACK down --only "$1" >>"$R/$SCENARIO.stack.log" 2>&1 && event "$1 stopped (stack.sh down --only $1)" \
  || { event "stack.sh down --only $1 FAILED"; return 1; }; }
at() { # at SECONDS: wait until that many seconds after the pilot's start (false when the pilot already ended)
  while ((SECONDS - PILOT_T0 < $1)); do kill -0 "$PILOT_PID" 2>/dev/null || return 1; sleep 0.2; done
}
tasks_by_worker() { # one line: connector/task -> worker, from the REST API of whichever worker answers
  local url; for url in "$STACK_CONNECT_URL" "$STACK_CONNECT2_URL"; do
    curl -sf --max-time 5 "$url/connectors?expand=status" 2>/dev/null | jq -r '[to_entries[] | .key as $c |
      .value.status.tasks[] | "\($c | sub("smartcar-";""))/\(.id)@\(.worker_id | sub("127.0.0.1:";"")) \(.state)"] | join(", ")' \
      && return 0
  done
  echo "(no worker answered)"
}
running_tasks() { # running_tasks N SECONDS: wait until at least N connector tasks are RUNNING
  local deadline=$((SECONDS + $2))
  while ((SECONDS < deadline)); do
    (( $(tasks_by_worker | grep -o ' RUNNING' | wc -l) >= $1 )) && { event "$1 connector tasks RUNNING"; return 0; }
    sleep 1
  done
  event "fewer than $1 connector tasks RUNNING after $2 s: $(tasks_by_worker)"; return 1
}
app_members() { # the streams app's consumer group: members and their partitions, compact
  java "$TOOLS_LOG" -cp "$ROOT/.stack/dist/kafka/*" \
    org.apache.kafka.tools.consumer.group.ConsumerGroupCommand --bootstrap-server "$BOOTSTRAP" --describe \
    --group "$APP_ID" --members --verbose 2>/dev/null \
    | awk '$1 != "GROUP" && NF >= 5 {sub(/-StreamThread.*/, "", $4); a = ""; for (i = 6; i <= NF; i++) if ($i ~ /:/) {a = $i; break}
      print "instance " substr($4, length($4) - 7) ": " $5 " partitions " a}' \
    | sort | paste -sd';' -
}

# ---------------------------------------------------------------- the pilot under a fault
PILOT_PID= PILOT_T0=0 SCENARIO= EVENTS=()
pilot_start() { # pilot_start ARGS...: the pilot in the background, its output in $R/$SCENARIO.pilot.log
  EVENTS=() FAULT_FROM= FAULT_TO=
  SMARTCAR_ENV=$ENV_NAME bin/smartcar pilot --garbage-rate 0.02 --drain-timeout 12m --close-wait "$CLOSE_WAIT" \
    --timeline "$R/$SCENARIO.timeline.csv" "$@" >"$R/$SCENARIO.pilot.log" 2>&1 &
  PILOT_PID=$!
  say "$SCENARIO: pilot $* (pid $PILOT_PID)"
  # The timeline starts when the pilot has connected to every server and its writers start (its first line), so
  # a fault lands in the run, not in the pilot's own start-up (which took 20+ s on a machine at load 30).
  local deadline=$((SECONDS + 180))
  while ((SECONDS < deadline)) && kill -0 "$PILOT_PID" 2>/dev/null && ! grep -q '^pilot: day' "$R/$SCENARIO.pilot.log"; do
    sleep 0.2
  done
  PILOT_T0=$SECONDS
}
pilot_wait() { wait "$PILOT_PID"; local rc=$?; PILOT_PID=; return $rc; }

# The report is written by stack/tools/ChaosReport.java from what the run leaves in $R: results.tsv (a line per
# scenario or piece), NAME.events (a scenario's timeline), NAME.pilot.log, fragments/NAME*.md, run.properties.
FAILED=0
result() { # result KIND NAME RC SECONDS DETAIL: one line of results.tsv
  local verdict; verdict=$( (($3 == 0)) && echo PASS || echo FAIL)
  [[ $verdict == PASS ]] || FAILED=$((FAILED + 1))
  printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$verdict" "$4" "$5" >>"$R/results.tsv"
  say "$2: $verdict (${6:-exit} $3)"
}
# The fault's own pause: the pilot's longest pause over the whole run also holds its start (the status day's burst
# while the app starts on it); a fault scenario marks when its fault began and when the cluster was whole again, and
# the pauses that overlap that span (plus 30 s, for what settles after) are read from the pilot's timeline.
fault_begins() { FAULT_FROM=$((SECONDS - PILOT_T0)); }
fault_ends() { FAULT_TO=$((SECONDS - PILOT_T0)); }
fault_pauses() { # fault_pauses TIMELINE FROM TO: the longest stall of each gauge that overlaps [FROM, TO + 30 s]
  # (as the pilot's own: from the gauge's first move on, and alerts only while the drivers write)
  awk -F, -v from="$2" -v to="$(($3 + 30))" '
    NR == 1 { next }
    { t = $1 + 0
      for (i = 2; i <= 4; i++) {
        if (!(i in last)) { last[i] = $i; since[i] = t; continue }
        if ($i + 0 > last[i] + 0) {
          if (moved[i] && since[i] <= to && t >= from && (i < 4 || $5 == 1) && t - since[i] > worst[i]) worst[i] = t - since[i]
          last[i] = $i; since[i] = t; moved[i] = 1
        }
      } }
    END { printf "collection %.0f s, valid records %.0f s, alerts in Redis %.0f s", worst[2], worst[3], worst[4] }' "$1"
}
record() { # record NAME INJECTED RC: the scenario's result and timeline (the report quotes the pilot's own summary)
  local pauses; pauses=$(grep -m1 '^longest pause' "$R/$1.pilot.log" 2>/dev/null)
  [[ -n $pauses ]] && EVENTS+=("$pauses")
  if [[ -n ${FAULT_FROM:-} && -n ${FAULT_TO:-} && -s $R/$1.timeline.csv ]]; then
    EVENTS+=("pause across the fault (t+${FAULT_FROM} s to t+${FAULT_TO} s, +30 s): $(fault_pauses "$R/$1.timeline.csv" "$FAULT_FROM" "$FAULT_TO")")
  fi
  ((${#EVENTS[@]})) && printf '%s\n' "${EVENTS[@]}" >"$R/$1.events"
  result scenario "$1" "$3" "$((SECONDS - SCENARIO_T0))" "$2" "pilot exit"
}

# ---------------------------------------------------------------- scenarios
sc_baseline() {
  pilot_start --cars "$CARS" --duration "$DURATION"
  pilot_wait; record baseline "nothing: the same run without a fault, for comparison" $?
}

status_files_opened() { # the status files the worker's log says its spool task opened, one path a line
  sed -n 's/.* Reading \(.*SmartCarStatusInfo_[^ ]*\.txt\).*/\1/p' "$ENV_HOME/logs/connect.log" 2>/dev/null
}
sc_connect-kill() {
  local cars=$((CARS * 3)) before at_kill total file opened
  before=$(end_offset smartcar.status.raw)
  opened=$(status_files_opened | wc -l)
  # twice the usual drive, so the second kill still falls while the drivers write
  pilot_start --cars "$cars" --duration "$(( ${DURATION%s} * 2 ))s"
  # 1. In the middle of the status file: a second after the spool task logged that it opened it (the pilot first
  # writes the day, a minute or more on a loaded machine). Watched in the worker's log, a grep: an offset query is a
  # JVM start, seconds on a loaded machine, in which the task sent the whole file (seen at load 22).
  local _; for _ in $(seq 1 3000); do (( $(status_files_opened | wc -l) > opened )) && break; sleep 0.1; done
  file=$(status_files_opened | tail -n +$((opened + 1)) | head -1)
  [[ -n $file ]] && event "status file $(basename "$file") opened by the spool task"
  sleep 1
  sigkill connect
  at_kill=$(( $(end_offset smartcar.status.raw) - before ))
  total=$((cars * 21602))
  local still=no; [[ -n $file && -f $file ]] && still=yes
  event "at the kill: $at_kill of $total status lines were on smartcar.status.raw (committed or aborted); file still in incoming: $still"
  sleep 3; up connect
  # 2. In the middle of the driving log, once the restarted worker runs its tasks again.
  running_tasks 3 120 && sleep 10 && at 40 && { event "the drivers are still writing: $(pgrep -P "$PILOT_PID" -f ' driving ' >/dev/null && echo yes || echo no)"; sigkill connect; sleep 3; up connect; }
  pilot_wait; local rc=$?
  [[ $still == yes ]] && ((at_kill < total)) || { event "the first kill did not land in the middle of the status file"; rc=1; }
  record connect-kill "Connect worker SIGKILLed in the middle of the status file ($cars-car day) and again in the middle of the driving log; restarted 3 s later each time" $rc
}

sc_app-kill() {
  pilot_start --cars "$CARS" --duration "$DURATION"
  at 30 && { sigkill app; sleep 2; up app; }
  pilot_wait; record app-kill "streams app SIGKILLed at t+30 s with windows open, restarted (state restored from the changelogs)" $?
}

sc_broker-stop() {
  pilot_start --cars "$CARS" --duration "$DURATION"
  at 20 && { fault_begins; down broker; local t=$SECONDS; sleep "$OUTAGE_S"; up broker; fault_ends
              event "the broker was down for $((SECONDS - t)) s"; }
  pilot_wait; record broker-stop "Kafka broker stopped at t+20 s for $OUTAGE_S s and started again; the simulator kept writing" $?
}

sc_hbase-redis-stop() {
  pilot_start --cars "$CARS" --duration "$DURATION"
  local th=$SECONDS tr=$SECONDS
  # a graceful HBase stop flushes its memstores first (up to a minute): each outage counts from its stop
  at 10 && { down hbase; th=$SECONDS; }
  at 20 && { down redis; tr=$SECONDS; }
  while ((SECONDS < th + 30)); do sleep 0.5; done; up hbase; event "HBase was down for $((SECONDS - th)) s"
  while ((SECONDS < tr + 30)); do sleep 0.5; done; up redis; event "Redis was down for $((SECONDS - tr)) s"
  pilot_wait
  record hbase-redis-stop "HBase stopped at t+10 s and Redis at t+20 s, each for 30 s (the sink retries and skips nothing; alerts are held, then written)" $?
}

sc_wrong-clock() {   # per-car clocks (issue 11): the pilot appends the lines after its drivers and checks every day
  pilot_start --cars "$CARS" --duration "$DURATION" --wrong-clock
  pilot_wait
  record wrong-clock "after the drivers: one valid line from one car dated 30 years ahead, then the next day's log, then an earlier day's log after those later ones" $?
}

rotate() { # rotate MODE
  local log=$ENV_HOME/data/driving/SmartCarDriverInfo.log
  pilot_start --cars 100 --pace-ms 50 --duration "$DURATION" --rotate-bytes 2000000 --rotate-mode "$1"
  pilot_wait; local rc=$?
  local rotations; rotations=$(grep -o 'rotations=[0-9]*' "$ENV_HOME"/data/pilot/*/driving-simulator.log 2>/dev/null | tail -1)
  EVENTS+=("the simulator rotated the log by $1 (${rotations:-rotations=?}); files now: $(cd "$(dirname "$log")" && ls | paste -sd' ' -)")
  record "rotate-$1" "the driving log rotated by $1 every 2 MB under load (100 cars at 50 ms, ~2,000 lines/s)" $rc
}
sc_rotate-rename() { rotate rename; }
sc_rotate-copytruncate() { rotate copytruncate; }

sc_rotate-compress() {   # logrotate's compress (issue 27): the tail pattern LOG* also matches each LOG.n.gz
  local log=$ENV_HOME/data/driving/SmartCarDriverInfo.log killed=no old_ino
  old_ino=$(stat -c %i "$log.1" 2>/dev/null)   # a plain LOG.1 an earlier scenario left is not this run's rotation
  # ~2,000 driving lines/s as in rotate, from 20 cars at 10 ms: a fifth of rotate's status day for HBase to drain
  pilot_start --cars 20 --pace-ms 10 --duration "$DURATION" --rotate-bytes 2000000 --rotate-mode rename \
    --rotate-compress --compress-delay-ms 5000
  # A rename (LOG -> LOG.1) after t+10 s: SIGKILL the worker before LOG.1 is gzipped (5 s later); start it again
  # once LOG.1.gz has replaced LOG.1, so that it finds the generation only compressed, under a new inode.
  if at 10; then
    while kill -0 "$PILOT_PID" 2>/dev/null; do
      [[ -f $log.1 && $(stat -c %i "$log.1" 2>/dev/null) != "${old_ino:-none}" ]] && break
      sleep 0.05
    done
    if [[ -f $log.1 ]] && sigkill connect; then
      killed=yes; event "LOG renamed to LOG.1 ($(stat -c %s "$log.1" 2>/dev/null) bytes), not compressed yet"
      local _; for _ in $(seq 1 300); do [[ ! -f $log.1 && -f $log.1.gz ]] && break; sleep 0.1; done
      event "LOG.1 gzipped into LOG.1.gz and removed while the worker was down: $([[ -f $log.1.gz ]] && echo yes || echo no)"
      up connect
    fi
  fi
  pilot_wait; local rc=$?
  local rotations; rotations=$(grep -o 'rotations=[0-9]*' "$ENV_HOME"/data/pilot/*/driving-simulator.log 2>/dev/null | tail -1)
  EVENTS+=("the simulator rotated and compressed the log (${rotations:-rotations=?}); files now: $(cd "$(dirname "$log")" && ls | paste -sd' ' -)")
  # what the restarted worker made of the compressed generations (tail source's own log lines)
  local seen; seen=$(grep -ohE "(Reading compressed|Closed compressed|already sent to its end|is [^ ]+ compressed; not read).*" \
    "$ENV_HOME/logs/connect.log" 2>/dev/null | sed 's|/[^ ]*/||g' | sort | uniq -c | sort -rn | head -8 | paste -sd';' -)
  EVENTS+=("the restarted worker's tail source on compressed files: ${seen:-nothing logged}")
  [[ $killed == yes ]] || { EVENTS+=("no rotation happened after t+10 s to kill the worker in"); rc=1; }
  record rotate-compress "the driving log rotated by rename every 2 MB under load (20 cars at 10 ms, ~2,000 lines/s) and each LOG.1 gzipped 5 s later (logrotate's compress); the Connect worker SIGKILLed once between a rename and its gzip, restarted after it" $rc
}

sc_scale-out() {   # the deployed HBase sink runs 4 tasks (connectors/config), so there is work to share
  PILOT_T0=$SECONDS EVENTS=()
  $STACK up --only connect2,app2 >>"$R/$SCENARIO.stack.log" 2>&1 || event "stack.sh up --only connect2,app2 FAILED"
  sleep 25   # the group's rebalance spreads the tasks
  local spread_before apps_before; spread_before=$(tasks_by_worker); apps_before=$(app_members)
  local saved=("${EVENTS[@]}")
  pilot_start --cars "$CARS" --duration "$DURATION"
  EVENTS=("${saved[@]}" "before: Connect tasks $spread_before" "before: app group members $apps_before")
  at 25 && { sigkill connect; sigkill app; }
  at 55 && { event "after the kills: Connect tasks $(tasks_by_worker)"; event "after the kills: app group members $(app_members)"; }
  pilot_wait; local rc=$?
  # back to one worker and one instance, the env's normal shape
  $STACK up --only connect,app >>"$R/$SCENARIO.stack.log" 2>&1 && $STACK down --only connect2,app2 >>"$R/$SCENARIO.stack.log" 2>&1 \
    || { event "restoring connect/app or stopping connect2/app2 FAILED"; rc=1; }
  (( $(grep -Eo 'instance [0-9a-f]+: [1-9][0-9]* partitions' <<<"$apps_before" | wc -l) >= 2 )) \
    || { EVENTS+=("the app's partitions were not shared by two instances before the kill"); rc=1; }
  [[ $spread_before == *"@$STACK_CONNECT_PORT "* && $spread_before == *"@$STACK_CONNECT2_PORT "* ]] \
    || { EVENTS+=("the tasks were not spread over both workers before the kill"); rc=1; }
  record scale-out "a second Connect worker (connect2) and a second app instance (app2) joined; at t+25 s the first worker and the first instance were SIGKILLed together; the survivors took over" $rc
}

# ---------------------------------------------------------------- faults of a replicated cluster (issue 21)
# Modelled on Kafka's own system tests (tests/kafkatest/tests/streams/streams_broker_bounce_test.py): clean and hard
# shutdown and bounce of a leader or the controller, two of three nodes, all three in turn. Each node is chosen from
# the cluster's metadata (stack/tools/ClusterRoles.java), never guessed.
node_component() { if (($1 == 1)); then echo broker; else echo "broker$1"; fi; }
roles() { # roles ARGS...: stack/tools/ClusterRoles.java, compiled once (the source launcher compiled it on every call:
  # 85 s at load 30, so the fault landed after the drivers had stopped)
  local out=$ROOT/.stack/dist/tools/ClusterRoles
  if [[ ! -f $out/ClusterRoles.class || $ROOT/stack/tools/ClusterRoles.java -nt $out/ClusterRoles.class ]]; then
    mkdir -p "$out" && javac -nowarn -d "$out" -cp "$ROOT/.stack/dist/kafka/*" "$ROOT/stack/tools/ClusterRoles.java" >&2 || return 1
  fi
  java "$TOOLS_LOG" -XX:TieredStopAtLevel=1 -cp "$out:$ROOT/.stack/dist/kafka/*" ClusterRoles "$BOOTSTRAP" "$@" 2>/dev/null
}
under_replicated_zero() { # under_replicated_zero SECONDS: wait until no partition has fewer in-sync replicas than replicas
  local deadline=$((SECONDS + $1)) t=$SECONDS n
  while ((SECONDS < deadline)); do
    n=$(roles under-replicated) && [[ $n == 0 ]] && { event "under-replicated partitions back to 0 after $((SECONDS - t)) s"; return 0; }
    sleep 1
  done
  event "under-replicated partitions still ${n:-unknown} after $1 s"; return 1
}
leaders_preferred() { # leaders_preferred SECONDS: a preferred-leader election, then wait until every partition is led
  # by its preferred replica. A restarted node leads nothing until Kafka's own imbalance check runs
  # (leader.imbalance.check.interval.seconds, 300 s); without this a roll ends with one node leading everything, and
  # the next node's stop moves the leaderships of two onto a node whose JVM started seconds ago.
  local deadline=$((SECONDS + $1)) t=$SECONDS moved n
  moved=$(roles elect-preferred)
  while ((SECONDS < deadline)); do
    n=$(roles not-preferred) && [[ $n == 0 ]] \
      && { event "preferred-leader election moved ${moved:-?} partition(s); every partition led by its preferred replica after $((SECONDS - t)) s"; return 0; }
    sleep 1
  done
  event "preferred-leader election moved ${moved:-?} partition(s); ${n:-unknown} still not led by their preferred replica after $1 s"; return 1
}
cluster_scenario() { ((BROKERS == 3)) || { event "needs a cluster of three KRaft nodes; env $ENV_NAME has $BROKERS"; return 1; }; }

sc_cluster-baseline() {
  cluster_scenario || { record cluster-baseline "nothing (needs three nodes)" 1; return; }
  pilot_start --cars "$CARS" --duration "$DURATION"
  pilot_wait; local rc=$?
  # no fault: the span a fault scenario's outage covers (from t+20 s, $OUTAGE_S s), to set its pauses beside
  FAULT_FROM=20 FAULT_TO=$((20 + OUTAGE_S)); EVENTS+=("no fault: the pauses below are over the span a fault covers")
  record cluster-baseline "nothing: the same run on the three-node cluster without a fault, for comparison" $rc
}

sc_leader-hard-kill() {
  cluster_scenario || { record leader-hard-kill "-" 1; return; }
  # the node is read from the metadata before the run (a query took up to 80 s at load 30: the fault must land while
  # the drivers write); leaders and transaction coordinators stay where they are until a node fails
  local who= node= c=
  who=$(roles leader smartcar.driving.raw smartcar.status.raw smartcar.driving smartcar.status); node=${who%% *}
  pilot_start --cars "$CARS" --duration "$DURATION"
  if [[ $node =~ ^[0-9]+$ ]] && at 20; then
    event "node $who"
    c=$(node_component "$node"); fault_begins; sigkill "$c"; sleep "$OUTAGE_S"; up "$c"; fault_ends
  fi
  pilot_wait; local rc=$?
  [[ $who == *"coordinates 0 "* || -z $who ]] && { EVENTS+=("the killed node coordinated no transaction"); }
  record leader-hard-kill "SIGKILL at t+20 s of the node leading the most partitions of the raw and Avro topics and coordinating transactions (from the cluster's metadata), restarted $OUTAGE_S s later" $rc
}

sc_controller-hard-kill() {
  cluster_scenario || { record controller-hard-kill "-" 1; return; }
  local node= c=
  node=$(roles controller)   # before the run, as above
  pilot_start --cars "$CARS" --duration "$DURATION"
  if [[ $node =~ ^[0-9]+$ ]] && at 20; then
    event "node $node is the active KRaft controller"
    c=$(node_component "$node"); fault_begins; sigkill "$c"; sleep "$OUTAGE_S"
    event "the active controller is now node $(roles controller)"; up "$c"; fault_ends
  fi
  pilot_wait; record controller-hard-kill "SIGKILL at t+20 s of the active KRaft controller (from the quorum's metadata), restarted $OUTAGE_S s later" $?
}

sc_rolling-restart() {
  cluster_scenario || { record rolling-restart "-" 1; return; }
  # four times the drive, so that the three restarts land while the drivers write (each took 50-100 s at load 28);
  # the first from t+30 s, after the status day's start-up (which pauses the gauges a few seconds by itself).
  # ROLL_CARS (30) rather than CARS: the goal is 5 s, and at 10 cars the alert gauge's own gaps without a fault are
  # 4-10 s, so it could not tell a 5 s stall from none.
  pilot_start --cars "$ROLL_CARS" --duration "$(( ${DURATION%s} * 4 ))s"
  local n c rc=0
  if at 30; then
    fault_begins
    # the upgrade procedure: stop gracefully, start, wait for in-sync, give the node back its leaderships, next
    for n in 1 2 3; do
      c=$(node_component "$n")
      down "$c" && up "$c" && under_replicated_zero 120 && leaders_preferred 60 || rc=1
    done
    fault_ends
  fi
  pilot_wait; local prc=$?
  ((rc)) && { prc=1; EVENTS+=("a node did not come back in sync"); }
  record rolling-restart "the three nodes restarted one at a time under load, $ROLL_CARS cars (graceful stop, start, under-replicated partitions back to 0, a preferred-leader election, then the next): the upgrade procedure" $prc
}

sc_broker-disk-loss() {
  cluster_scenario || { record broker-disk-loss "-" 1; return; }
  pilot_start --cars "$CARS" --duration "$DURATION"
  local rc=0
  if at 20; then
    fault_begins
    down broker2 || rc=1
    rm -rf "${ENV_HOME:?}/data/kafka2"; event "node 2's data directory deleted (data/kafka2)"
    up broker2 || rc=1
    under_replicated_zero 180 || rc=1
    fault_ends
  fi
  pilot_wait; local prc=$?; ((rc)) && prc=1
  record broker-disk-loss "node 2 stopped at t+20 s, its data directory deleted, started empty (formatted with the cluster's id): it re-replicates every partition it holds" $prc
}

sc_two-brokers-down() {
  cluster_scenario || { record two-brokers-down "-" 1; return; }
  pilot_start --cars "$CARS" --duration "$DURATION"
  local t=$SECONDS
  if at 20; then
    fault_begins; sigkill broker2; sigkill broker3; t=$SECONDS
    sleep "$OUTAGE_S"; up broker2; up broker3; fault_ends; event "two of three nodes were down for $((SECONDS - t)) s"
  fi
  pilot_wait; record two-brokers-down "nodes 2 and 3 SIGKILLed together at t+20 s, for $OUTAGE_S s: below min.insync.replicas=2 nothing can be written; the pipeline resumes by itself" $?
}

# Warm standby for the windows (issue 21 item 3): two app instances, one SIGKILLed, with num.standby.replicas=1 and
# without. What the standby saves is the killed instance's cars: the survivor must own their tasks and have their
# windows before it answers for them or raises their alerts (its own cars go on under the cooperative rebalance).
# So both times are of the killed instance's cars, found from its own share of /fleet before the kill: until the
# survivor answers /cars/{car} for one of them, and until the first alert of any of them (detected_at_ms in Redis).
app_kill_two() { # app_kill_two STANDBYS NAME
  local standbys=$1 name=$2 survivor=$STACK_APP2_URL cars= probe= t= kill_ms= served= alert=
  cluster_scenario || { record "$name" "-" 1; return; }
  $STACK down --only app,app2 >>"$R/$SCENARIO.stack.log" 2>&1
  SMARTCAR_NUM_STANDBY_REPLICAS=$standbys $STACK up --only app,app2 >>"$R/$SCENARIO.stack.log" 2>&1 \
    || { record "$name" "stack.sh up --only app,app2 FAILED" 1; return; }
  # the group's members are read before the run: the tool took 110 s at load 10, and the kill must land while the
  # drivers write
  local members; members=$(app_members)
  pilot_start --cars "$((CARS * 3))" --duration "$DURATION"
  if at 30; then
    event "app group members before: $members"
    cars=$(curl -sf --max-time 5 "$STACK_APP_URL/fleet?scope=local" | jq -r '.cars[]?.car_number' | tr '\n' ' ')
    probe=${cars%% *}
    event "the instance to be killed (app) holds the windows of ${cars:-no car}"
    sigkill app; t=$SECONDS; kill_ms=$(date +%s%3N)
    while [[ -n $probe ]] && ((SECONDS - t < 120)); do
      curl -sf --max-time 5 "$survivor/cars/$probe" >/dev/null && { served=$((SECONDS - t)); break; }
      sleep 0.5
    done
    if [[ -n $served ]]; then event "the survivor (app2) answered for $probe $served s after the kill"
    else event "the survivor (app2) did not answer for ${probe:-any car of the killed instance} within 120 s"; fi
    up app
  fi
  pilot_wait; local rc=$?
  if [[ -n $cars ]]; then  # the first alert of a killed instance's car after the kill, from the detail hashes
    local car key ms first= auth   # the password through the environment (REDISCLI_AUTH), never on a command line
    auth=$(cat "$STACK_REDIS_PASSWORD_FILE")
    for car in $cars; do
      for key in $(REDISCLI_AUTH=$auth redis-cli -h 127.0.0.1 -p "$STACK_REDIS_PORT" --scan --pattern "overspeed:$car:*"); do
        ms=$(REDISCLI_AUTH=$auth redis-cli -h 127.0.0.1 -p "$STACK_REDIS_PORT" HGET "$key" detected_at_ms)
        [[ $ms =~ ^[0-9]+$ ]] && ((ms > kill_ms)) && [[ -z $first || $ms -lt $first ]] && first=$ms
      done
    done
    [[ -n $first ]] && alert=$(( (first - kill_ms + 500) / 1000 ))
    if [[ -n $alert ]]; then event "first alert of a killed instance's car: $alert s after the kill"
    else event "no alert of a killed instance's car after the kill"; fi
  fi
  $STACK down --only app2 >>"$R/$SCENARIO.stack.log" 2>&1
  record "$name" "two app instances (num.standby.replicas=$standbys); one SIGKILLed at t+30 s; its cars served by the survivor after: ${served:-never} s; their first alert after: ${alert:-none} s" $rc
}
sc_app-kill-standby() { app_kill_two 1 app-kill-standby; }
sc_app-kill-no-standby() { app_kill_two 0 app-kill-no-standby; }

# Bad input, bad configuration: integration tests (connectors, streams-app) against this env, writing report
# fragments; security: its own script. Their fragments go into the report as they are.
it_piece() { # it_piece NAME MODULES TESTS
  local name=$1 modules=$2 tests=$3 rc
  mapfile -t props < <($STACK env)
  SMARTCAR_REPORT_DIR=$R/fragments mvn -B -q verify -pl "$modules" -DskipITs=false -Dtest=none \
    -Dsurefire.failIfNoSpecifiedTests=false -Dit.test="$tests" -Dfailsafe.failIfNoSpecifiedTests=false \
    -Dsmartcar.report.dir="$R/fragments" "${props[@]}" >"$R/$name.mvn.log" 2>&1
  rc=$?
  record_piece "$name" "$rc" "$name.mvn.log"
}
record_piece() { # record_piece NAME RC LOG: the piece's fragment(s) become its section
  result piece "$1" "$2" "$((SECONDS - SCENARIO_T0))" "$3"
}
sc_bad-input() {
  if compgen -G "connectors/src/test/java/dev/smartcar/connect/it/BadInputIT.java" >/dev/null; then
    it_piece bad-input connectors BadInputIT
  else record_piece bad-input 1 "(BadInputIT missing)"; fi
}
sc_bad-config() {
  local tests=ConfigValidationIT mods=connectors
  compgen -G "streams-app/src/test/java/dev/smartcar/streams/*ConfigIT.java" >/dev/null \
    && tests+=",$(basename -s .java streams-app/src/test/java/dev/smartcar/streams/*ConfigIT.java | paste -sd, -)" mods+=,streams-app
  it_piece bad-config "$mods" "$tests"
}
# The secured profile (env secured, STACK_SECURITY=sasl_ssl): the pilot end to end as the least-privilege users,
# the worked example target's dry run (a deploy changes nothing more), and every denial (chaos-security.sh (f)).
sc_secured() {
  [[ $(recorded_security) == sasl_ssl ]] || { event "env $ENV_NAME is not of the secured profile"; record secured "-" 1; return; }
  pilot_start --cars "$CARS" --duration "$DURATION"
  pilot_wait; record secured "nothing: the pilot on the secured profile (TLS, SASL/SCRAM users, ACLs, basic auth, Redis ACL users)" $?
  SCENARIO_T0=$SECONDS
  { stack/bin/stack.sh deploy --target stack/targets/local-secured.properties --dry-run 2>&1
    SMARTCAR_REPORT_DIR=$R/fragments stack/bin/chaos-security.sh --env "$ENV_NAME" 2>&1; } >"$R/secured-security.log"
  record_piece secured-security $? secured-security.log
}
recorded_security() { sed -n 's/^security=//p' "$ENV_HOME/stack.properties" 2>/dev/null; }
sc_security() {
  SMARTCAR_REPORT_DIR=$R/fragments stack/bin/chaos-security.sh --env "$ENV_NAME" >"$R/security.log" 2>&1
  record_piece security $? security.log
}

# ---------------------------------------------------------------- main
# (a function, read whole before it runs: editing this file during a run cannot break the run)
main() {
wanted=("$@"); ((${#wanted[@]})) || wanted=("${ALL[@]}")
for s in "${wanted[@]}"; do [[ " ${ALL[*]} " == *" $s "* ]] || { echo "chaos.sh: unknown scenario '$s' (expected some of: ${ALL[*]})" >&2; exit 2; }; done
for f in simulator/target/smartcar-simulator.jar streams-app/target/smartcar-streams-app.jar cli/target/smartcar.jar \
         connectors/target/plugin/smartcar-connectors; do
  [[ -e $f ]] || { echo "chaos.sh: $f is not built (mvn -B install -DskipTests)" >&2; exit 2; }
done
mkdir -p "$R/fragments"; : >"$R/results.tsv"

stop() {
  [[ -n ${PILOT_PID:-} ]] && kill -TERM "$PILOT_PID" 2>/dev/null
  if [[ ${CHAOS_KEEP:-false} == true || $REUSE_ENV == true ]]; then say "env $ENV_NAME left running (its caller stops it)"
  else say "stopping env $ENV_NAME"; $STACK down >>"$R/chaos.log" 2>&1 || true; fi
}
trap stop EXIT
trap 'exit 130' INT TERM
run_on() { # run_on ENV BROKERS SCENARIO...: a fresh env (unless reused), deployed, then the scenarios on it
  local env=$1 brokers=$2; shift 2
  if [[ $ENV_NAME != "$env" && $REUSE_ENV != true && ${CHAOS_KEEP:-false} != true ]]; then
    say "stopping env $ENV_NAME"; $STACK down >>"$R/chaos.log" 2>&1 || true
  fi
  [[ $REUSE_ENV == true ]] || STACK_BROKERS=$brokers stack/bin/stack.sh --env "$env" clean >/dev/null 2>&1
  use_env "$env" "$brokers"
  say "env $ENV_NAME: $BROKERS Kafka node(s), port offset $STACK_ENV_OFFSET; scenarios: $*"
  $STACK up >"$R/stack-up-$ENV_NAME.log" 2>&1 || { say "env $ENV_NAME did not start (see stack-up-$ENV_NAME.log)"; exit 1; }
  $STACK deploy >"$R/deploy-$ENV_NAME.log" 2>&1 || { say "deploy on env $ENV_NAME failed (see deploy-$ENV_NAME.log)"; exit 1; }
  for SCENARIO in "$@"; do
    SCENARIO_T0=$SECONDS
    say "---- $SCENARIO (env $ENV_NAME)"
    # a fault scenario starts from a whole env: whatever the last one stopped is started again (no-op otherwise)
    $STACK up >>"$R/$SCENARIO.stack.log" 2>&1 || say "WARNING: stack.sh up before $SCENARIO failed"
    "sc_$SCENARIO"
  done
}

say "report: ${R#"$ROOT"/}; scenarios: ${wanted[*]}"
# One env for everything when given one (make test's); else env chaos (one node) for the one-node scenarios, then
# env chaos3 (three nodes) for the cluster's.
local single=() cluster=() secured=() s
for s in "${wanted[@]}"; do
  if [[ $s == secured ]]; then secured+=("$s")
  elif [[ " ${CLUSTER[*]} " == *" $s "* ]]; then cluster+=("$s"); else single+=("$s"); fi
done
if [[ -n ${CHAOS_ENV:-} ]]; then
  run_on "$CHAOS_ENV" "" "${wanted[@]}"
else
  ((${#single[@]} == 0)) || run_on chaos 1 "${single[@]}"
  ((${#cluster[@]} == 0)) || run_on chaos3 3 "${cluster[@]}"
  if ((${#secured[@]})); then export STACK_SECURITY=sasl_ssl; run_on secured 1 "${secured[@]}"; unset STACK_SECURITY; fi
fi

# Pieces run elsewhere into this report's fragments (make test runs bad-input and bad-config as step-4 ITs).
for piece in bad-input bad-config security; do
  [[ " ${wanted[*]} " == *" $piece "* ]] && continue
  compgen -G "$R/fragments/$piece*.md" >/dev/null || continue
  SCENARIO_T0=$SECONDS
  if grep -qw FAIL "$R"/fragments/"$piece"*.md; then record_piece "$piece" 1 "fragments/"; else record_piece "$piece" 0 "fragments/"; fi
done

# the report
{
  echo "time=$(date -u +'%Y-%m-%d %H:%M UTC')"
  echo "commit=$(git rev-parse --short HEAD 2>/dev/null)"
  echo "dirty=$(git diff --quiet 2>/dev/null && echo false || echo true)"
  echo "cores=$(nproc)"
  echo "memory=$(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
  echo "load=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "env=$ENV_NAME"; echo "offset=$STACK_ENV_OFFSET"; echo "brokers=$BROKERS"; echo "seconds=$((SECONDS - t0))"
  echo "cars=$CARS"; echo "duration=$DURATION"
} >"$R/run.properties"
java stack/tools/ChaosReport.java "$R" >>"$R/chaos.log" 2>&1 || { say "writing the report failed (see chaos.log)"; exit 1; }
say "$(( $(wc -l <"$R/results.tsv") - FAILED )) passed, $FAILED failed; report: ${REPORT#"$ROOT"/}"
((FAILED == 0))
}
main "$@"; exit   # one line: bash has read it whole before main runs

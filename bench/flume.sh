#!/usr/bin/env bash
# bench/flume.sh OUT — the Apache Flume 1.11.0 peer (issues #13 item 3, #14 item 4), side by side on one fresh env
# (benchf, ports +37000, no streams app) and on one status day of the original generator (100 cars, 2,160,100
# data lines and 100 headers), generated once:
#   a. our SpoolDirSourceConnector (the pilot JSON, as `make run`) → smartcar.status.raw;
#   b. Flume: spooldir → memory channel → Kafka sink, the original pilot's collector (bench/flume/status-kafka-memory.properties);
#   c. Flume: spooldir → file channel → Kafka sink with acks=all, the same made durable (status-kafka-file.properties);
#   d. Flume: spooldir → file channel → HBase 2 sink (RegexHBase2EventSerializer, 13 cells of cf1) into FlumeFile;
#   e. Flume: spooldir → memory channel → HBase 2 sink into FlumeMemory.
# Each collector first takes a warm-up file (the day's first 300,000 lines) in the same JVM into the same topic or
# table, unreported. Then each part is timed from the day file's rename into its spool folder to the last line in
# Kafka (the topic's end offset, polled by a clock started before the rename, stops moving; then the lines are
# counted with a read_committed consumer) or to the sink's count of events flushed to HBase (then the rows are
# counted with a key-only scan); the counts are the totals minus the warm-up's lines, valid only when the totals are
# exact. CPU per line = user + system time of the collector's JVM (Connect or the Flume agent) and of the broker /
# HBase between the rename and the finish (sampled every 200 ms, so the counting that follows is not in it), divided
# by the lines. Every part is bounded by BENCH_FLUME_TIMEOUT (1500 s); one that times out reports what it reached.
# Flume 1.11.0 comes from Maven Central (bench/flume/pom.xml, once, into .stack/dist/flume). Writes OUT/flume.md and
# raw outputs in OUT/flume/. Leaves the env stopped. BENCH_FLUME_CARS=5 makes a quick check of the script.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:?usage: bench/flume.sh OUT_FOLDER}
ROOT=$PWD
ENV_NAME=benchf
STACK_PORT_OFFSET=$(awk -v e="$ENV_NAME" '$1 == e {print $2}' "$(dirname "$0")/../stack/conf/ports.conf")
export STACK_PORT_OFFSET STACK_APP=false   # the env's offset in the port plan
eval "$(stack/bin/stack.sh --env "$ENV_NAME" env --shell)"   # the env's addresses (STACK_BOOTSTRAP, ...)
BOOT=$STACK_BOOTSTRAP
CONNECT=$STACK_CONNECT_URL
ZK=$STACK_ZK
H=$STACK_ENV_HOME
RAW=$OUT/flume
SIM=$ROOT/simulator/target/smartcar-simulator.jar
FCFG=$ROOT/bench/flume
FLUME=$ROOT/.stack/dist/flume
# Per part, generous: Flume's HBase sink wrote 1,800-2,600 rows/s here at load 12-17 (2.16 M rows: up to 20 min).
TIMEOUT=${BENCH_FLUME_TIMEOUT:-1500}
PARTS=${BENCH_FLUME_PARTS:-a b c d e}   # a subset re-runs those parts only (the report reads the others' raw outputs)
# BENCH_FLUME_STORAGE=1: after the parts, a major compaction and the tables' store sizes into OUT/flume/storage.txt
CARS=${BENCH_FLUME_CARS:-100}          # 100: the original's day; fewer for a quick check of the script
WARMUP_LINES=${BENCH_FLUME_WARMUP_LINES:-300000}
# The agent's heap: Connect's (stack/conf/stack.env STACK_CONNECT_HEAP), so neither collector has more memory.
FLUME_HEAP=${BENCH_FLUME_HEAP:--Xms128m -Xmx768m}
mkdir -p "$RAW"
RAW=$(cd "$RAW" && pwd)
T0=$SECONDS

log() { echo "[flume-bench $(date -u +%H:%M:%S)] $*" | tee -a "$RAW/run.log" >&2; }
stack() { "$ROOT/stack/bin/stack.sh" --env "$ENV_NAME" "$@" >>"$RAW/stack.log" 2>&1; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
now_ms() { date +%s%3N; }
kv() { { grep -o "\b$2=[^ ]*" "$1" 2>/dev/null || true; } | head -1 | cut -d= -f2; }   # empty if FILE or KEY is missing
pid_of() { cat "$H/run/$1.pid" 2>/dev/null || echo 0; }
TCK=$(getconf CLK_TCK)

# Our side is the working tree's, as `make run`: the pilot JSON and the built plugin (both overridable, e.g. to bench a
# commit built elsewhere: BENCH_CONNECTOR_CONFIG_DIR and stack.sh's STACK_PROJECT_PLUGIN_PATH).
CFG=${BENCH_CONNECTOR_CONFIG_DIR:-$ROOT/connectors/config}
for f in "$SIM" "${STACK_PROJECT_PLUGIN_PATH:-$ROOT/connectors/target/plugin}/smartcar-connectors" "$CFG/smartcar-status-spooldir.json"; do
  [[ -e $f ]] || { echo "bench/flume.sh: ${f#"$ROOT"/} is missing: build it first (mvn install -DskipTests)" >&2; exit 1; }
done

FLUME_PID=
SAMPLER_PID=
flume_stop() {
  [[ -n $FLUME_PID ]] || return 0
  kill -TERM "$FLUME_PID" 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 "$FLUME_PID" 2>/dev/null || break; sleep 0.5; done
  kill -0 "$FLUME_PID" 2>/dev/null && { log "Flume agent $FLUME_PID did not stop in 30 s: SIGKILL"; kill -KILL "$FLUME_PID" 2>/dev/null || true; }
  wait "$FLUME_PID" 2>/dev/null || true
  FLUME_PID=
}
sampler_stop() { [[ -n $SAMPLER_PID ]] && { kill "$SAMPLER_PID" 2>/dev/null || true; wait "$SAMPLER_PID" 2>/dev/null || true; }; SAMPLER_PID=; }
finish() {
  local rc=$?
  sampler_stop
  flume_stop
  log "stopping env $ENV_NAME (down)"
  STACK_APP=true stack down || log "'stack.sh --env $ENV_NAME down' failed: see $RAW/stack.log"
  exit $rc
}
trap finish EXIT

# ---------------------------------------------------------------- Flume from Maven Central, once
fetch_flume() {
  local stamp; stamp=$(sha1sum "$FCFG/pom.xml" | cut -c1-12)
  [[ -f $FLUME/.fetched-$stamp ]] && return 0
  log "fetching Apache Flume 1.11.0 from Maven Central into .stack/dist/flume (bench/flume/pom.xml)"
  rm -rf "$FLUME"
  if ! mvn -B -q -f "$FCFG/pom.xml" package -Dflume.dist="$FLUME" >"$RAW/flume-fetch.log" 2>&1; then
    tail -30 "$RAW/flume-fetch.log" >&2; echo "bench/flume.sh: fetching Flume failed: $RAW/flume-fetch.log" >&2; exit 1
  fi
  touch "$FLUME/.fetched-$stamp"
}
fetch_flume

log "fresh env $ENV_NAME: clean, up, deploy (topics, the tables plus FlumeFile and FlumeMemory; no connectors)"
stack clean
stack up
mkdir -p "$H/bench-no-connectors" "$H/bench-tools" "$H/data/bench" "$H/data/flume"
STACK_HBASE_TABLES="DriverCarInfo:cf1 SmartCarStatusInfo:cf1 FlumeFile:cf1 FlumeMemory:cf1" \
  STACK_CONNECTOR_CONFIG_DIR=$H/bench-no-connectors stack deploy
HBASE_CP="$H/conf/hbase-site.jar:$ROOT/.stack/dist/hbase/*"
[[ -f $H/conf/hbase-site.jar ]] || { log "missing $H/conf/hbase-site.jar (written by stack.sh up)"; exit 1; }
javac -nowarn -d "$H/bench-tools" -cp "$ROOT/.stack/dist/kafka/*" bench/tools/ConnectBench.java
javac -nowarn -d "$H/bench-tools" -cp "$ROOT/.stack/dist/kafka/*" "$FCFG/KafkaEnds.java"
javac -nowarn -d "$H/bench-tools" -cp "$HBASE_CP" "$FCFG/FlumeBench.java"
mkdir -p "$H/bench-tools/flume"
javac -nowarn -d "$H/bench-tools/flume" -cp "$FLUME/lib/*" "$FCFG/FlumeFileMetrics.java"
cb() { java -Xmx512m -cp "$H/bench-tools:$ROOT/.stack/dist/kafka/*" ConnectBench "$@" 2>>"$RAW/tool.stderr"; }
ke() { java -Xmx256m -cp "$H/bench-tools:$ROOT/.stack/dist/kafka/*" KafkaEnds "$@" 2>>"$RAW/tool.stderr"; }
fb() { java -Xmx512m -cp "$H/bench-tools:$HBASE_CP" -Dlog4j2.configurationFile="$ROOT/stack/conf/templates/tools-log4j2.properties" \
  FlumeBench "$@" 2>>"$RAW/tool.stderr"; }
cb topics "$BOOT" flume.status.memory flume.status.file >/dev/null   # 1 partition, as smartcar.status.raw

# The agents' class paths. Kafka: Flume's lib (flume-ng-node, the Kafka sink, kafka-clients, log4j2). HBase: the
# HBase2 sink's jar, the env's hbase-site.xml, Flume's jars whose artifact HBase's folder does not also hold, then
# HBase's folder (the client of the HBase we run; for shared artifacts — Guava, Netty, ZooKeeper, Jackson, log4j2 —
# HBase's versions, which Flume's core also runs on).
KAFKA_AGENT_CP="$H/bench-tools/flume:$FLUME/lib/*"
HBASE_AGENT_CP="$H/bench-tools/flume:$H/conf/hbase-site.jar:$FLUME/hbase2/*"
for j in "$FLUME"/lib/*.jar; do
  a=$(basename "$j" | sed -E 's/-[0-9][0-9.]*[^/]*\.jar$//')
  compgen -G "$ROOT/.stack/dist/hbase/$a-[0-9]*.jar" >/dev/null || HBASE_AGENT_CP+=":$j"
done
HBASE_AGENT_CP+=":$ROOT/.stack/dist/hbase/*"

# ---------------------------------------------------------------- the day file, once
stage=$H/data/bench/staging; mkdir -p "$stage"
java -jar "$SIM" status --date 20200322 --cars "$CARS" --out "$stage" --seed 1 >"$RAW/status-day.txt" 2>>"$RAW/simulator.log"
DAY=$stage/SmartCarStatusInfo_20200322.txt
cat "$DAY" >/dev/null   # in the page cache for every collector alike
LINES_ALL=$(wc -l <"$DAY")
LINES_DATA=$(grep -c '^[0-9]\{14\}' "$DAY")   # what the pilot's regex_filter ^\d{14} lets through: all but the headers
head -n "$WARMUP_LINES" "$DAY" >"$stage/warmup.txt"
WARMUP_DATA=$(grep -c '^[0-9]\{14\}' "$stage/warmup.txt")
FIRST=$(grep -m1 '^[0-9]\{14\}' "$DAY")
OUR_KEY="$(rev <<<"${FIRST:0:14}")-${FIRST:15:5}"   # our row key of the first data line (docs/contract.md §HBase)
log "day file: $LINES_ALL lines, $LINES_DATA data lines ($(stat -c %s "$DAY") B)"

# A copy of FILE beside the spool folder (same file system, mtime kept: our connector waits for files older than
# spool.min.file.age.ms), renamed into it at the start of the clock.
DROP=$H/data/bench/drop
stage_copy() { mkdir -p "$DROP"; rm -f "$DROP"/*; cp -p "$1" "$DROP/$2"; }
drop_into() { mv "$DROP/$1" "$2/$1"; }

# CPU ticks of the collector, the broker and HBase every 200 ms (bash builtins only, no process per sample):
# "ms,collector,broker,hbase"; cpu_at CSV MS COLUMN: CPU seconds at the first sample at or after MS.
sampler_start() { # CSV COLLECTOR_PID
  local csv=$1 pids; pids="$2 $(pid_of broker) $(pid_of hbase)"
  ( trap 'exit 0' TERM
    local line p; local -a st
    while :; do
      line=${EPOCHREALTIME/./}; line=${line:0:13}
      for p in $pids; do
        if read -r -a st 2>/dev/null <"/proc/$p/stat"; then line+=",$((st[13] + st[14]))"; else line+=",0"; fi
      done
      echo "$line" >>"$csv"
      sleep 0.2
    done ) &
  SAMPLER_PID=$!
}
cpu_now() { # COLLECTOR_PID: "collector broker hbase" CPU seconds now
  local p out=; local -a st
  for p in "$1" "$(pid_of broker)" "$(pid_of hbase)"; do
    if read -r -a st 2>/dev/null <"/proc/$p/stat"; then out+="$(awk -v t="$TCK" -v c=$((st[13] + st[14])) 'BEGIN { printf "%.2f", c / t }') "
    else out+="0 "; fi
  done
  echo "${out% }"
}
cpu_at() { awk -F, -v ms="$2" -v t="$TCK" '{ v = $2 / t " " $3 / t " " $4 / t } $1 >= ms { print v; found = 1; exit }
  END { if (!found) print v }' "$1"; }

# Connectors (our part): PUT and wait for RUNNING, as connectors.sh.
put_connector() { # NAME JSON
  curl -sf -o /dev/null -X PUT -H 'Content-Type: application/json' --data "$2" "$CONNECT/connectors/$1/config" \
    || { log "PUT of connector $1 failed"; return 1; }
  local s
  for _ in $(seq 1 120); do
    s=$(curl -sf "$CONNECT/connectors/$1/status" || echo '{}')
    [[ $(jq -r 'if (.tasks | length) > 0 then [.connector.state, .tasks[].state] | unique | join(",") else "" end' <<<"$s") == RUNNING ]] \
      && return 0
    grep -q FAILED <<<"$s" && { log "connector $1 FAILED: $s"; return 1; }
    sleep 0.5
  done
  log "connector $1 not RUNNING after 60 s: $s"; return 1
}

# phase_end RAWFILE START_MS CSV: the load after, and the CPU at the finish the tool reported (finish_ms)
phase_end() {
  local f=$1 start=$2 csv=$3 fin
  sampler_stop
  fin=$(kv "$f" finish_ms); fin=${fin:-0}
  echo "cpu_after=\"$(cpu_at "$csv" $((start + fin)))\" load_after=\"$(load)\"" >>"$f"
}

# Every collector first takes a warm-up file (the day's first $WARMUP_LINES lines) in the same JVM and into the same
# topic or table, unreported, so neither it nor the broker / HBase is measured cold; then the day is timed. Counts
# are "after the day − the warm-up's expected lines"; a figure is valid when the total is exactly both.
# clock_start ID TOPIC TARGET: the end-offset clock (KafkaEnds) in the background, waits until it runs (CLOCK_PID)
clock_start() {
  local ready=$RAW/$1.ready
  rm -f "$ready"
  ke "$BOOT" "$2" "$3" "$ready" "$TIMEOUT" 3000 >"$RAW/$1-ends.txt" &
  CLOCK_PID=$!
  for _ in $(seq 1 240); do [[ -f $ready ]] && return 0; kill -0 "$CLOCK_PID" 2>/dev/null || break; sleep 0.5; done
  log "$1: the end-offset clock did not start"; kill "$CLOCK_PID" 2>/dev/null || true; CLOCK_PID=; return 1
}
# warm_kafka ID TOPIC EXPECTED SPOOL_DIR: the warm-up file through the collector, until its lines are in the topic
warm_kafka() {
  stage_copy "$stage/warmup.txt" SmartCarStatusInfo_20200321.txt
  clock_start "$1-warmup" "$2" "$3" || return 1
  drop_into SmartCarStatusInfo_20200321.txt "$4"
  wait "$CLOCK_PID" || true
  grep -q timeout=true "$RAW/$1-warmup-ends.txt" && { log "$1: the warm-up did not arrive within $TIMEOUT s"; return 1; }
  return 0
}
# day_kafka ID TOPIC EXPECTED WARM RAWFILE COLLECTOR_PID SPOOL_DIR: the timed day; sets START
day_kafka() {
  local id=$1 f=$5 e0 e1 total
  stage_copy "$DAY" SmartCarStatusInfo_20200322.txt
  sleep 2
  clock_start "$id" "$2" "$3" || { echo "failed=clock" >>"$f"; return 1; }
  echo "cpu_before=\"$(cpu_now "$6")\" load_before=\"$(load)\"" >>"$f"
  START=$(now_ms); sampler_start "$RAW/$id-cpu.csv" "$6"
  drop_into SmartCarStatusInfo_20200322.txt "$7"
  wait "$CLOCK_PID" || echo "failed=clock" >>"$f"
  e0=$(kv "$RAW/$id-ends.txt" first_change_epoch_ms); e1=$(kv "$RAW/$id-ends.txt" last_change_epoch_ms)
  echo "first_record_ms=$(( ${e0:-0} > 0 ? e0 - START : -1 )) finish_ms=$(( ${e1:-0} - START ))" >>"$f"
  grep -o 'timeout=true' "$RAW/$id-ends.txt" >>"$f" || true
  phase_end "$f" "$START" "$RAW/$id-cpu.csv"
  total=$(cb settle "$BOOT" "$2" 0 "$(now_ms)" 120 0 | grep -o 'records=[0-9]*' | cut -d= -f2)
  echo "records_total=${total:-0} records=$(( ${total:-0} - $4 ))" >>"$f"
}

# ---------------------------------------------------------------- a. ours
part_ours() {
  local f=$RAW/a-ours.txt
  log "a. our spool-dir source (pilot JSON) → smartcar.status.raw"
  : >"$f"
  put_connector bench-spooldir "$(jq '.' "$CFG/smartcar-status-spooldir.json")" || { echo "failed=connector" >>"$f"; return 0; }
  if warm_kafka a-ours smartcar.status.raw "$WARMUP_LINES" "$H/data/spool/incoming"; then
    day_kafka a-ours smartcar.status.raw "$LINES_ALL" "$WARMUP_LINES" "$f" "$(pid_of connect)" "$H/data/spool/incoming" || true
  else
    echo "failed=warm-up" >>"$f"
  fi
  curl -sf -o /dev/null -X DELETE "$CONNECT/connectors/bench-spooldir" || log "DELETE of connector bench-spooldir failed"
}

# ---------------------------------------------------------------- Flume parts
# flume_up ID TEMPLATE CLASSPATH TARGET(topic or table): renders the config, starts the agent, waits until its
# source, channel and sink report (the metrics file), at most 120 s.
flume_up() {
  local id=$1 d=$H/data/flume/$1 conf=$RAW/$1.properties
  rm -rf "$d"; mkdir -p "$d/spool" "$d/channel"
  sed -e "s|@SPOOL_DIR@|$d/spool|g" -e "s|@CHANNEL_DIR@|$d/channel|g" -e "s|@BOOTSTRAP@|$BOOT|g" -e "s|@ZK@|$ZK|g" \
      -e "s|@TOPIC@|$4|g" -e "s|@TABLE@|$4|g" "$FCFG/$2" >"$conf"
  rm -f "$d/metrics.json"
  # java.nio open, as for the Connect worker: HBase's client (the HBase 2 sink) then compares bytes through Unsafe
  # shellcheck disable=SC2086
  java $FLUME_HEAP --add-opens java.base/java.nio=ALL-UNNAMED -cp "$3" -Dlog4j2.configurationFile="$FCFG/log4j2.xml" -Dflume.log.file="$RAW/$id.log" \
    -Dflume.monitoring.type=FlumeFileMetrics -Dflume.monitoring.file="$d/metrics.json" \
    org.apache.flume.node.Application --no-reload-conf -f "$conf" -n agent >"$RAW/$id.out" 2>&1 &
  FLUME_PID=$!
  for _ in $(seq 1 240); do
    kill -0 "$FLUME_PID" 2>/dev/null || { log "Flume agent $id died at start: $(tail -5 "$RAW/$id.out" "$RAW/$id.log" 2>/dev/null)"; FLUME_PID=; return 1; }
    if [[ -f $d/metrics.json ]] && grep -q '"SOURCE.spool"' "$d/metrics.json" && grep -q '"CHANNEL.ch"' "$d/metrics.json" \
       && grep -q '"SINK\.[a-z]*":{[^}]*"StartTime":"[1-9]' "$d/metrics.json"; then
      return 0
    fi
    sleep 0.5
  done
  log "Flume agent $id not started after 120 s"; flume_stop; return 1
}

# flume_part ID TEMPLATE KIND(kafka|hbase) TARGET EXPECTED: warm-up, then one timed run of an agent on the day file
flume_part() {
  local id=$1 kind=$3 target=$4 expect=$5 f=$RAW/$1.txt d=$H/data/flume/$1 classpath watcher
  classpath=$([[ $kind == kafka ]] && echo "$KAFKA_AGENT_CP" || echo "$HBASE_AGENT_CP")
  log "$id: Flume $2 → $target"
  : >"$f"
  flume_up "$id" "$2" "$classpath" "$target" || { echo "failed=agent-start" >>"$f"; return 0; }
  if [[ $kind == kafka ]]; then
    if warm_kafka "$id" "$target" "$WARMUP_DATA" "$d/spool"; then
      # beside the clock, the sink's own count of events Kafka acknowledged (the progress curve in the raw folder)
      fb watch "$d/metrics.json" SINK.kafka.EventDrainSuccessCount $((WARMUP_DATA + expect)) "$(now_ms)" "$TIMEOUT" \
        "$RAW/$id-progress.csv" >"$RAW/$id-progress.txt" &
      watcher=$!
      day_kafka "$id" "$target" "$expect" "$WARMUP_DATA" "$f" "$FLUME_PID" "$d/spool" || true
      kill "$watcher" 2>/dev/null || true; wait "$watcher" 2>/dev/null || true
    else
      echo "failed=warm-up" >>"$f"
    fi
  else
    # the watcher reads the agent's own counter of events flushed to HBase from a file: it can start after the drop
    stage_copy "$stage/warmup.txt" SmartCarStatusInfo_20200321.txt
    drop_into SmartCarStatusInfo_20200321.txt "$d/spool"
    if fb watch "$d/metrics.json" SINK.hbase.EventDrainSuccessCount "$WARMUP_DATA" "$(now_ms)" "$TIMEOUT" \
         "$RAW/$id-warmup-progress.csv" >"$RAW/$id-warmup.txt" && ! grep -q timeout=true "$RAW/$id-warmup.txt"; then
      stage_copy "$DAY" SmartCarStatusInfo_20200322.txt
      sleep 2
      echo "cpu_before=\"$(cpu_now "$FLUME_PID")\" load_before=\"$(load)\"" >>"$f"
      START=$(now_ms); sampler_start "$RAW/$id-cpu.csv" "$FLUME_PID"
      drop_into SmartCarStatusInfo_20200322.txt "$d/spool"
      fb watch "$d/metrics.json" SINK.hbase.EventDrainSuccessCount $((WARMUP_DATA + expect)) "$START" "$TIMEOUT" \
        "$RAW/$id-progress.csv" | sed 's/^count=\([0-9]*\)/drained_total=\1/' >>"$f" || echo "failed=watch" >>"$f"
      echo "drained=$(( $(kv "$f" drained_total) - WARMUP_DATA ))" >>"$f"
      phase_end "$f" "$START" "$RAW/$id-cpu.csv"
    else
      log "$id: the warm-up did not reach HBase within $TIMEOUT s"; echo "failed=warm-up" >>"$f"
    fi
  fi
  kill -0 "$FLUME_PID" 2>/dev/null || echo "agent_died=true" >>"$f"
  cp "$d/metrics.json" "$RAW/$id-metrics.json" 2>/dev/null || true
  flume_stop
  if [[ $kind == hbase ]] && ! grep -q '^failed=' "$f"; then
    fb count "$ZK" "$target" | sed 's/\brows=\([0-9]*\)/rows_total=\1/' >>"$f" || echo "failed=count" >>"$f"
    echo "rows=$(( $(kv "$f" rows_total) - WARMUP_DATA ))" >>"$f"
  fi
  echo "spool_left=\"$(ls "$d/spool" | tr '\n' ' ')\"" >>"$f"
}

part() { [[ " $PARTS " == *" $1 "* ]]; }
part a && part_ours
part b && flume_part b-flume-memory-kafka status-kafka-memory.properties kafka flume.status.memory "$LINES_DATA"
part c && flume_part c-flume-file-kafka status-kafka-file.properties kafka flume.status.file "$LINES_DATA"
part d && flume_part d-flume-file-hbase status-hbase-file.properties hbase FlumeFile "$LINES_DATA"
part e && flume_part e-flume-memory-hbase status-hbase-memory.properties hbase FlumeMemory "$LINES_DATA"
END_LOAD=$(load)
if [[ ${BENCH_FLUME_STORAGE:-0} == 1 ]]; then   # bench/hbase.sh: Flume's tables after a major compaction
  log "storage: compact, then status"
  stack compact || true
  "$ROOT/stack/bin/stack.sh" --env "$ENV_NAME" status --only hbase >"$RAW/storage.txt" 2>&1 || true
  du -sb "$H/data/hbase/data/default"/* >>"$RAW/storage.txt" 2>/dev/null || true
fi

# ---------------------------------------------------------------- the report section
field() { sed -n "s/.*$2=\"\([^\"]*\)\".*/\1/p" "$1" 2>/dev/null | head -1 || true; }
# per-record CPU: us_of RAWFILE N COLUMN(1 collector, 2 broker, 3 hbase)
us_of() { awk -v a="$(field "$1" cpu_before)" -v b="$(field "$1" cpu_after)" -v n="$2" -v c="$3" \
  'BEGIN { split(a, x, " "); split(b, y, " "); if (n > 0 && b != "") printf "%.1f", (y[c] - x[c]) * 1e6 / n; else printf "-" }'; }
secs() { awk -v ms="$1" 'BEGIN { if (ms > 0) printf "%.1f", ms / 1000; else printf "-" }'; }
rate() { awk -v n="$1" -v ms="$2" 'BEGIN { if (ms > 0) printf "%.0f", n * 1000 / ms; else printf "-" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.1f×", a / b; else printf "-" }'; }
valid() { # RAWFILE COUNT EXPECTED WARM-UP_EXPECTED
  local why=
  [[ -f $1 ]] || { echo "not run"; return; }
  grep -q '^failed=' "$1" && why+="$(grep -o '^failed=.*' "$1" | head -1) "
  grep -q 'timeout=true' "$1" && why+="timed out after $TIMEOUT s "
  grep -q 'agent_died=true' "$1" && why+="agent died "
  [[ ${2:-0} == "$3" ]] || why+="count ${2:-0} ≠ $3 "
  [[ $(kv "$1" records_total)$(kv "$1" rows_total) == $(( $3 + $4 )) ]] || why+="total with the warm-up $(kv "$1" records_total)$(kv "$1" rows_total) ≠ $(( $3 + $4 )) "
  [[ -z $why ]] && echo "valid" || echo "**NOT VALID: ${why% }**"
}
declare -A N MS CU BU HU OK
for p in a-ours b-flume-memory-kafka c-flume-file-kafka; do
  f=$RAW/$p.txt
  N[$p]=$(kv "$f" records); MS[$p]=$(kv "$f" finish_ms)
  CU[$p]=$(us_of "$f" "${N[$p]:-0}" 1); BU[$p]=$(us_of "$f" "${N[$p]:-0}" 2)
done
OK[a-ours]=$(valid "$RAW/a-ours.txt" "${N[a-ours]:-0}" "$LINES_ALL" "$WARMUP_LINES")
for p in b-flume-memory-kafka c-flume-file-kafka; do OK[$p]=$(valid "$RAW/$p.txt" "${N[$p]:-0}" "$LINES_DATA" "$WARMUP_DATA"); done
for p in d-flume-file-hbase e-flume-memory-hbase; do
  f=$RAW/$p.txt
  N[$p]=$(kv "$f" rows); MS[$p]=$(kv "$f" finish_ms)
  CU[$p]=$(us_of "$f" "$(kv "$f" drained)" 1); HU[$p]=$(us_of "$f" "$(kv "$f" drained)" 3)
done
tot() { awk -v a="$1" -v b="$2" 'BEGIN { if (a != "-" && b != "-") printf "%.1f", a + b; else printf "-" }'; }
krow() { # PART LABEL EXPECTED WARM-UP
  local p=$1 f=$RAW/$1.txt
  echo "| $2 | ${N[$p]:-0} / $3 ($(valid "$f" "${N[$p]:-0}" "$3" "$4")) | $(secs "${MS[$p]:-0}") | **$(rate "${N[$p]:-0}" "${MS[$p]:-0}")** | ${CU[$p]} | ${BU[$p]} | $(tot "${CU[$p]}" "${BU[$p]}") | $(field "$f" load_before) → $(field "$f" load_after) |"
}
hrow() {
  local p=$1 f=$RAW/$1.txt
  echo "| $2 | ${N[$p]:-0} / $3 ($(valid "$f" "${N[$p]:-0}" "$3" "$WARMUP_DATA")) | $(secs "${MS[$p]:-0}") | **$(rate "$(kv "$f" drained)" "${MS[$p]:-0}")** | ${CU[$p]} | ${HU[$p]} | $(tot "${CU[$p]}" "${HU[$p]}") | $(field "$f" load_before) → $(field "$f" load_after) |"
}
{
  echo "## Apache Flume 1.11 beside ours (bench/flume.sh)"
  echo
  echo "The original generator's $CARS-car status day ($(stat -c %s "$DAY") B: $LINES_DATA data lines + $((LINES_ALL - LINES_DATA)) headers), generated"
  echo "once and dropped (renamed) into each collector's spool folder in turn, on one fresh env (\`$ENV_NAME\`, ports"
  echo "+$STACK_PORT_OFFSET: KRaft broker, Connect with exactly-once source support, standalone HBase). Flume 1.11.0 and its"
  echo "dependencies from Maven Central (\`bench/flume/pom.xml\`), run as \`java -cp … org.apache.flume.node.Application\`"
  echo "with Connect's heap (\`$FLUME_HEAP\`); its Kafka sink on kafka-clients 4.1.2 (the broker's version; Flume was"
  echo "built with 2.7.2), its HBase 2 sink on our HBase's own 2.6.4 client. Configs: \`bench/flume/*.properties\`."
  echo "Flume's source, interceptors (timestamp, static \`logType\`, \`regex_filter ^\\d{14}\`, which drops the headers) and"
  echo "batches of 1,000 are the pilot's (docs/pilot.md §2; its custom date-appending interceptor is not part of Flume and"
  echo "is left out); ours passes every line on, headers included (the streams app rejects them with a reason), so its"
  echo "expected count is all $LINES_ALL lines."
  echo
  echo "Each collector first takes a warm-up file (the day's first $WARMUP_LINES lines) in the same JVM into the same topic or"
  echo "table, not reported; the counts below are the totals minus the warm-up's lines, valid only when the totals are"
  echo "exact. Time: the rename → the topic's end offset stops moving (polled every 20 ms by a clock started before the"
  echo "rename), then the lines are counted with a \`read_committed\` consumer; for HBase, the rename → the sink's own"
  echo "count of events flushed (\`EventDrainSuccessCount\`, raised after each batch's flush), then the rows are counted"
  echo "with a key-only scan. CPU per line = user + system time of each process from the rename to the finish (sampled"
  echo "every 200 ms, so the counting afterwards is not in it) / lines. Each part was bounded by $TIMEOUT s. Load average"
  echo "(1/5/15 min) before → after each part: **2 cores shared with other sessions; compare the collectors with each"
  echo "other (same run), not with other reports.**"
  echo
  [[ -n ${BENCH_CONNECTOR_CONFIG_DIR:-}${STACK_PROJECT_PLUGIN_PATH:-} ]] && {
    echo "Ours from elsewhere than the working tree: connector config \`${BENCH_CONNECTOR_CONFIG_DIR:-connectors/config}\`, plugin"
    echo "\`${STACK_PROJECT_PLUGIN_PATH:-connectors/target/plugin}\`."; echo; }
  echo "| into Kafka | lines in Kafka / expected | s | lines/s | collector µs/line | broker µs/line | both µs/line | load |"
  echo "|---|---|---|---|---|---|---|---|"
  krow a-ours "a. ours: SpoolDirSourceConnector, pilot JSON (exactly-once, file finished after Kafka acked all its lines)" "$LINES_ALL" "$WARMUP_LINES"
  krow b-flume-memory-kafka "b. Flume spooldir → memory channel → Kafka sink, acks 1: the pilot's (lossy)" "$LINES_DATA" "$WARMUP_DATA"
  krow c-flume-file-kafka "c. Flume spooldir → file channel → Kafka sink, acks=all (durable)" "$LINES_DATA" "$WARMUP_DATA"
  echo
  cpu_all() { tot "${CU[$1]}" "${BU[$1]}"; }
  vs() { # FLUME_PART: Flume / ours on wall time, CPU of both processes and of the collector, if both figures are valid
    if [[ ${OK[a-ours]} != valid || ${OK[$1]} != valid ]]; then echo "| $2 | no ratio: a figure is not valid | | |"; return; fi
    echo "| $2 | **$(ratio "${MS[$1]}" "${MS[a-ours]}")** | $(ratio "$(cpu_all "$1")" "$(cpu_all a-ours)") | $(ratio "${CU[$1]}" "${CU[a-ours]}") |"
  }
  echo "Ratios Flume / ours (how many times ours is faster, and cheaper per line; goals of issue #14: > 1× against the"
  echo "pilot's lossy config, ≥ 5× against the durable one):"
  echo
  echo "| Flume config | wall time | CPU per line, collector + broker | CPU per line, collector |"
  echo "|---|---|---|---|"
  vs b-flume-memory-kafka "b. memory channel, acks 1 (goal > 1×)"
  vs c-flume-file-kafka "c. file channel, acks=all (goal ≥ 5×)"
  echo
  echo "| into HBase | rows in HBase / expected | s | rows/s | Flume µs/row | HBase µs/row | both µs/row | load |"
  echo "|---|---|---|---|---|---|---|---|"
  hrow d-flume-file-hbase "d. Flume spooldir → file channel → HBase 2 sink (durable) into FlumeFile" "$LINES_DATA"
  hrow e-flume-memory-hbase "e. Flume spooldir → memory channel → HBase 2 sink (the pilot's channel) into FlumeMemory" "$LINES_DATA"
  echo
  echo "Rows: Flume's shipped \`RegexHBase2EventSerializer\` splits a line into the same 13 cells of \`cf1\` as ours"
  echo "(first row of FlumeFile: \`$(kv "$RAW/d-flume-file-hbase.txt" first_row)\`, $(kv "$RAW/d-flume-file-hbase.txt" cells) cells), but its row key is"
  echo "\`<sink clock ms>-<random per agent>-<counter>\`: a new row for every event (a replayed batch is duplicated,"
  echo "never overwritten), in time order, so a run's rows all land in one region of the pre-split table; ours is the"
  echo "reversed timestamp, \`-\` and the car number (the file's first data line: \`$OUR_KEY\`): one row per line,"
  echo "idempotent, spread over the regions."
  if [[ -f $OUT/hbase/sink.txt && -f $OUT/hbase/sink.us ]]; then
    # bench/hbase.sh ran before in the same make bench (env benchh): its HBase sink connector's figures beside Flume's
    hs=$(kv "$OUT/hbase/sink.txt" rows_per_s); read -r sh sc _ _ <"$OUT/hbase/sink.us"
    su=$(tot "$sh" "$sc")
    echo
    echo "Beside our HBase sink connector in the same \`make bench\` (bench/hbase.sh, env benchh: from \`smartcar.status\`, so"
    echo "its rows/s start at Kafka, not at the file; CPU of Connect + HBase): ours / Flume."
    echo
    echo "| Flume into HBase | ours: $hs rows/s, $su µs/row | ours / Flume, rows/s | Flume / ours, µs per row |"
    echo "|---|---|---|---|"
    for p in d-flume-file-hbase e-flume-memory-hbase; do
      fr=$(rate "$(kv "$RAW/$p.txt" drained)" "${MS[$p]:-0}")
      echo "| ${p:0:1}. $([[ $p == d* ]] && echo 'file channel' || echo 'memory channel') | $fr rows/s, $(tot "${CU[$p]}" "${HU[$p]}") µs/row | **$(ratio "$hs" "$fr")** | $(ratio "$(tot "${CU[$p]}" "${HU[$p]}")" "$su") |"
    done
  fi
  echo
  echo "Whole run $((SECONDS - T0)) s (stack start and stop included); load at the end $END_LOAD. Raw outputs: \`flume/\`"
  echo "(tool outputs, the rendered agent configs, agent logs and final counters, CPU samples, stack log)."
} >"$OUT/flume.md"
log "report section: $OUT/flume.md"

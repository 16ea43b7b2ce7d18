#!/usr/bin/env bash
# bench/streams.sh OUT — the streams app alone on a real broker (issue 5):
#  1. throughput: N raw driving lines (simulator, --pace-ms 0, 100 cars) pre-produced into smartcar.driving.raw (keyed
#     by car, as the tail source keys them), then the app jar started with a fresh application.id; timed until its
#     group's lag is 0 on smartcar.driving.raw (parse + validate + Avro out) and on smartcar.driving (the over-speed
#     windows, `topic` mode), for 1 and 2 stream threads, after one unreported warm-up run (the broker's JIT); CPU
#     of the app and the broker per record from launch and in the steady span (BENCH_STREAMS_RUNS: which runs,
#     INPUT:THREADS[:KEY=VALUE,...]; BENCH_APP_JAR: another build of the app, for an A/B);
#  2. alert latency: live lines whose event time is the wall clock; latency = the alert's hash seen in Redis minus
#     the window's close (window end + grace, which on such a stream is a wall-clock instant).
# Writes OUT/streams.md and raw files OUT/streams-*. Uses its own stack env (benchs, ports +47000), stopped at the end.
# pipeline.sh sources this file for the shared parts (env, tool, app start/stop); main runs only when executed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD

ENV_NAME=benchs
STACK_PORT_OFFSET=$(awk -v e="$ENV_NAME" '$1 == e {print $2}' "$(dirname "$0")/../stack/conf/ports.conf")
export STACK_PORT_OFFSET STACK_APP=false   # the port plan's offset; the app is started here, with bench settings, not by the stack
STACK="stack/bin/stack.sh --env $ENV_NAME"
eval "$($STACK env --shell)"   # the env's addresses (STACK_BOOTSTRAP, ...), from stack.sh's component table
ENV_HOME=$STACK_ENV_HOME
BOOTSTRAP=$STACK_BOOTSTRAP
REDIS_PORT=$STACK_REDIS_PORT
CCOMPAT_URL=$STACK_CCOMPAT_URL
CONNECT_URL=$STACK_CONNECT_URL
APP_PORT=$STACK_APP_PORT
REDIS_PASSWORD_FILE=$STACK_REDIS_PASSWORD_FILE
APP_JAR=${BENCH_APP_JAR:-$ROOT/streams-app/target/smartcar-streams-app.jar}   # BENCH_APP_JAR: another build, for an A/B
SIM_JAR=$ROOT/simulator/target/smartcar-simulator.jar
APP_CONFIG=$ROOT/streams-app/config/streams-app.properties
APP_HEAP=${BENCH_APP_HEAP:--Xms128m -Xmx768m}      # the stack's own heap for the app (STACK_APP_HEAP)
WINDOW_MS=30000 GRACE_MS=60000                     # the app's defaults (config/streams-app.properties)
TOOLS=$ENV_HOME/data/tmp/bench-tools
WORK=$ENV_HOME/data/tmp/bench
APP_PID=

log() { printf '[bench %s %s] %s\n' "$(basename "$0" .sh)" "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

bench_prepare() { # the servers, the topics/connectors, the measuring tool compiled once (as stack/tools are)
  local f
  for f in "$APP_JAR" "$SIM_JAR"; do [[ -f $f ]] || die "$f is not built (mvn -B -q -pl streams-app,simulator -am install -DskipTests)"; done
  $STACK up >&2
  # deploy waits for every connector to be RUNNING: undo a pause left by an interrupted run (404 = not created yet)
  local c
  for c in smartcar-driving-tail smartcar-hbase-sink smartcar-status-spooldir; do
    curl -s -o /dev/null -X PUT "$CONNECT_URL/connectors/$c/resume" || true
  done
  $STACK deploy >&2
  mkdir -p "$TOOLS" "$WORK"
  if [[ ! -f $TOOLS/StreamsPipelineBench.class || bench/tools/StreamsPipelineBench.java -nt $TOOLS/StreamsPipelineBench.class ]]; then
    javac -d "$TOOLS" -cp "$APP_JAR" bench/tools/StreamsPipelineBench.java || die "bench/tools/StreamsPipelineBench.java does not compile"
  fi
}

# TOOL_OPTS: extra JVM flags for one call (drain's -Dbench.cpu.pids)
tool() { java -Xmx512m ${TOOL_OPTS:-} -cp "$TOOLS:$APP_JAR" StreamsPipelineBench "$@" 2> >(grep -v -e '^SLF4J' >&2); }

connectors() { # connectors pause|resume NAME...
  local action=$1 c; shift
  for c in "$@"; do
    curl -sf -o /dev/null -X PUT "$CONNECT_URL/connectors/$c/$action" || die "Connect ($CONNECT_URL): $action $c failed"
  done
}

# start_app APP_ID THREADS LOGFILE [VAR=VALUE...]: the jar with this env's addresses, as stack.sh's start_app does
start_app() {
  local id=$1 threads=$2 logfile=$3; shift 3
  rm -rf "$WORK/state/$id"; mkdir -p "$WORK/state/$id"
  (
    # shellcheck disable=SC2163  # the caller's VAR=VALUE pairs ("$@") are exported too
    export SMARTCAR_APPLICATION_ID=$id SMARTCAR_NUM_STREAM_THREADS=$threads SMARTCAR_BOOTSTRAP_SERVERS=$BOOTSTRAP \
      SMARTCAR_SCHEMA_REGISTRY_URL=$CCOMPAT_URL SMARTCAR_STATE_DIR=$WORK/state/$id SMARTCAR_REDIS_HOST=127.0.0.1 \
      SMARTCAR_REDIS_PORT=$REDIS_PORT SMARTCAR_REDIS_PASSWORD_FILE=$REDIS_PASSWORD_FILE \
      SMARTCAR_HTTP_HOST=127.0.0.1 SMARTCAR_HTTP_PORT=$APP_PORT "$@"
    # shellcheck disable=SC2086
    exec java $APP_HEAP -jar "$APP_JAR" --config "$APP_CONFIG"
  ) > "$logfile" 2>&1 &
  APP_PID=$!
}

wait_app_running() { # /health is 200 only in RUNNING
  local i
  for ((i = 0; i < 240; i++)); do
    curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:$APP_PORT/health" && return 0
    kill -0 "$APP_PID" 2>/dev/null || die "the streams app exited during start-up (see its log)"
    sleep 0.5
  done
  die "the streams app was not RUNNING after 120 s"
}

stop_app() { # SIGTERM to the PID recorded at launch (the app closes cleanly, exit 143)
  [[ -n $APP_PID ]] || return 0
  kill -TERM "$APP_PID" 2>/dev/null || true
  local i
  for ((i = 0; i < 60; i++)); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.5; done
  kill -0 "$APP_PID" 2>/dev/null && kill -KILL "$APP_PID" 2>/dev/null || true
  wait "$APP_PID" 2>/dev/null || true
  APP_PID=
}

bench_finish() { # leaves the env as deploy made it (connectors running), then stopped
  stop_app
  local c
  for c in smartcar-driving-tail smartcar-hbase-sink smartcar-status-spooldir; do
    curl -s -o /dev/null --max-time 5 -X PUT "$CONNECT_URL/connectors/$c/resume" || true
  done
  $STACK down >&2 || log "stack down failed"
}

cpu_seconds() { # cpu_seconds PID: user + system CPU time the process has used so far
  awk -v hz="$(getconf CLK_TCK)" '{ printf "%.1f", ($14 + $15) / hz }' "/proc/$1/stat"
}

field() { # field KEY TEXT: the value of key=value in TEXT
  grep -o "\b$1=[^ ]*" <<<"$2" | head -1 | cut -d= -f2
}

streams_main() {
  local out=${1:?usage: bench/streams.sh OUT}
  mkdir -p "$out"; out=$(cd "$out" && pwd)
  local lines=${BENCH_STREAMS_LINES:-1000000} latency_s=${BENCH_LATENCY_SECONDS:-150}
  # throughput runs as INPUT:THREADS, INPUT = where the windows read from (smartcar.overspeed.input): inline (the
  # app's default: the validated records in the same task) or topic (smartcar.driving read back)
  local runs=${BENCH_STREAMS_RUNS:-inline:1 inline:2 topic:1} run input stamp
  stamp=$(date -u +%Y%m%d%H%M%S)
  trap bench_finish EXIT
  log "stack env $ENV_NAME (offset $STACK_PORT_OFFSET): up + deploy"
  bench_prepare
  # the sink and the sources would share the 2 cores with the app: paused while the app is measured alone
  connectors pause smartcar-hbase-sink smartcar-driving-tail smartcar-status-spooldir

  local raw=$WORK/driving-$lines.log
  if [[ ! -s $raw ]]; then
    log "simulating $lines driving lines (100 cars, --pace-ms 0, seed 1)"
    java -jar "$SIM_JAR" driving --date 20200322 --cars 100 --pace-ms 0 --lines "$lines" --seed 1 --out "$raw.part" >&2
    mv "$raw.part" "$raw"
  fi
  local file_lines; file_lines=$(wc -l < "$raw")
  tool truncate "$BOOTSTRAP" smartcar.driving.raw smartcar.driving smartcar.overspeed smartcar.rejected >&2
  log "pre-producing $file_lines lines into smartcar.driving.raw"
  local produced; produced=$(tool produce "$BOOTSTRAP" smartcar.driving.raw "$raw")
  log "$produced"

  local rows=() runno=0 threads setting res steady t_raw t_drv first_raw rate_launch rate_steady rate_all metrics l0 l1 cpu_app cpu_broker
  BROKER_PID=$(cat "$ENV_HOME/run/broker.pid")
  if [[ ${BENCH_STREAMS_WARMUP:-true} == true ]]; then
    # The broker was just started: its first app run pays for its JIT and first transactions (0.3 against 0.65 of a
    # core in one A/B). One unreported run of the first kind warms it, so every reported run meets a warm broker.
    input=${runs%% *}; input=${input%%:*}
    log "warm-up run (not reported): smartcar.overspeed.input=$input, one thread"
    start_app "bench-streams-warmup-$stamp" 1 "$out/streams-app-warmup.log" SMARTCAR_OVERSPEED_INPUT="$input"
    tool drain "$BOOTSTRAP" "bench-streams-warmup-$stamp" "$(date +%s%3N)" 240 "$out/streams-lag-warmup.csv" \
      smartcar.driving.raw:0 >/dev/null
    stop_app
  fi
  for run in $runs; do
    # INPUT:THREADS[:KEY=VALUE,...]: app settings for this run only, as SMARTCAR_KEY (e.g. PRODUCER_BATCH_SIZE=262144)
    input=${run%%:*} threads=${run#*:} setting=
    [[ $threads == *:* ]] && setting=${threads#*:} threads=${threads%%:*}
    runno=$((runno + 1))
    local drain_topics=(smartcar.driving.raw:0) tag=$runno-$input-t$threads
    [[ $input == topic ]] && drain_topics+=(smartcar.driving:4)
    tool truncate "$BOOTSTRAP" smartcar.driving smartcar.overspeed smartcar.rejected >&2   # outputs of an earlier run
    l0=$(load)
    log "throughput, smartcar.overspeed.input=$input, num.stream.threads=$threads (load $l0)"
    local t0 b0; t0=$(date +%s%3N); b0=$(cpu_seconds "$BROKER_PID")
    local settings=() kv
    IFS=',' read -ra kvs <<<"$setting"
    for kv in "${kvs[@]}"; do settings+=("SMARTCAR_$kv"); done
    start_app "bench-streams-$tag-$stamp" "$threads" "$out/streams-app-$tag.log" SMARTCAR_OVERSPEED_INPUT="$input" \
      "${settings[@]}"
    res=$(TOOL_OPTS="-Dbench.cpu.pids=app:$APP_PID,broker:$BROKER_PID -Dbench.clock.ticks=$(getconf CLK_TCK)" tool drain "$BOOTSTRAP" "bench-streams-$tag-$stamp" "$t0" 240 "$out/streams-lag-$tag.csv" \
      "${drain_topics[@]}")
    l1=$(load)
    cpu_app=$(cpu_seconds "$APP_PID"); cpu_broker=$(awk -v a="$b0" -v b="$(cpu_seconds "$BROKER_PID")" 'BEGIN{printf "%.1f", b-a}')
    metrics=$(curl -sf --max-time 3 "http://127.0.0.1:$APP_PORT/metrics" || echo '{}')
    echo "$metrics" > "$out/streams-metrics-$tag.json"
    stop_app
    log "$(tr '\n' ' ' <<<"$res")"
    t_raw=$(field caught_up_s "$(grep 'topic=smartcar.driving.raw ' <<<"$res")")
    first_raw=$(field first_commit_s "$(grep 'topic=smartcar.driving.raw ' <<<"$res")")
    t_drv=$t_raw   # inline: the windows ran in the same task and transaction as the parse
    [[ $input == topic ]] && t_drv=$(field caught_up_s "$(grep 'topic=smartcar.driving ' <<<"$res")")
    rate_launch=$(awk -v n="$file_lines" -v t="$t_raw" 'BEGIN{ if (t+0 > 0) printf "%.0f", n/t; else print "n/a" }')
    rate_steady=$(awk -v n="$file_lines" -v t="$t_raw" -v f="$first_raw" 'BEGIN{ if (t+0 > f+0) printf "%.0f", n/(t-f); else print "n/a" }')
    rate_all=$(awk -v n="$file_lines" -v t="$t_drv" 'BEGIN{ if (t+0 > 0) printf "%.0f", n/t; else print "n/a" }')
    steady=$(grep '^steady ' <<<"$res" || true)
    rows+=("| $input${setting:+ ($setting)} | $threads | $file_lines | $t_raw | $rate_launch | $rate_steady | $t_drv | $rate_all | $cpu_app | $(awk -v c="$cpu_app" -v n="$file_lines" 'BEGIN{printf "%.1f", c*1e6/n}') | $cpu_broker | $(field cpu_us_per_record_app "$steady") | $(field cpu_us_per_record_broker "$steady") | $l0 → $l1 |")
  done

  tool truncate "$BOOTSTRAP" smartcar.driving.raw smartcar.driving smartcar.overspeed smartcar.rejected >&2
  l0=$(load)
  input=${BENCH_OVERSPEED_INPUT:-inline}
  log "alert latency: ${latency_s}s of live lines, 100 cars (50 over the limit), $input, num.stream.threads=1 (load $l0)"
  start_app "bench-latency-$stamp" 1 "$out/streams-app-latency.log" SMARTCAR_OVERSPEED_INPUT="$input"
  wait_app_running
  local lat; lat=$(tool latency "$BOOTSTRAP" smartcar.driving.raw "$REDIS_PORT" "$REDIS_PASSWORD_FILE" 100 50 "$latency_s" \
    "$WINDOW_MS" "$GRACE_MS" "$out/streams-latency.csv")
  l1=$(load)
  curl -sf --max-time 3 "http://127.0.0.1:$APP_PORT/metrics" > "$out/streams-metrics-latency.json" || true
  stop_app
  log "$(tr '\n' ' ' <<<"$lat")"

  {
    echo
    echo "## Streams app alone (bench/streams.sh)"
    echo
    echo "Stack env \`benchs\` (ports +47000), all servers on this machine; Connect's connectors paused so the app has"
    echo "the cores to itself (with the broker, registry, HBase and Redis idle beside it). App: the jar, \`$APP_HEAP\`,"
    echo "\`exactly_once_v2\`, default settings (window 30 s, grace 60 s), a fresh \`application.id\` per run."
    echo
    echo "**Throughput.** $file_lines lines of \`simulator driving --cars 100 --pace-ms 0 --lines $lines --seed 1\`"
    echo "(headers included, rejected as \`header-line\`) pre-produced into \`smartcar.driving.raw\` (4 partitions, keyed by car as the tail source keys them; $produced)."
    echo "Clock starts at the app's launch (JVM start, restore and rebalance included); \"steady\" starts at its first commit"
    echo "on the raw topic. Raw caught up = group lag 0 on \`smartcar.driving.raw\` (parse, validate, Avro to"
    echo "\`smartcar.driving\`); all caught up = also lag ≤ 1 per partition (the EOS commit marker) on \`smartcar.driving\`"
    echo "(the over-speed windows, alerts to \`smartcar.overspeed\` and Redis; with \`inline\` the windows run in the same task and"
    echo "transaction as the parse, so they are caught up with the raw topic). CPU = user + system seconds the app's JVM used"
    echo "from launch to caught up (JIT and start-up included), and the broker's over the same span: less sensitive to the other"
    echo "sessions' load than the rates. \"Steady\" CPU per record: from the first progress on the raw topic to the last"
    echo "catch-up, over the records left at the first progress (no start-up, JIT warm-up, restore or rebalance)."
    echo "Goal ≥ 100,000 records/s, ≤ 10 µs of CPU per record over the app and the broker."
    echo
    echo "| windows input | stream threads | lines | raw caught up (s from launch) | records/s from launch | records/s steady | all caught up (s) | records/s incl. windows | app CPU s | app CPU µs/record | broker CPU s | steady app CPU µs/record | steady broker CPU µs/record | load avg (1/5/15 min, before → after) |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
    printf '%s\n' "${rows[@]}"
    echo
    echo "**Alert latency after window close.** ${latency_s} s of live lines: 100 cars, one line per car every 100 ms"
    echo "(1,000 lines/s), 50 cars at 120 km/h (every window of theirs alerts), 50 at 40; each line's \`date\` is the wall clock"
    echo "(Asia/Seoul, whole seconds); windows input \`$input\`. A window [s, s+30 s) closes when the stream time reaches s + 30 s + 60 s grace; on this"
    echo "stream that instant is the wall-clock time s + 90 s (the first line carrying that second is sent then). Latency ="
    echo "the moment the alert's hash \`overspeed:<car>:<start>\` appears in Redis (keyspace notification, enabled on this"
    echo "env's Redis for the run) minus that instant. \"closed by record\": windows whose close fell while lines flowed;"
    echo "\"idle clock\": closed after the stream stopped (the app's wall-clock punctuation, 1 s period). Goal ≤ 1 s."
    echo "Load average $l0 → $l1."
    echo
    echo "| measure (ms) | count | min | p50 | p90 | p99 | max |"
    echo "|---|---|---|---|---|---|---|"
    local label key line
    for key in latency_by_record_ms detected_minus_close_ms latency_by_idle_clock_ms; do
      line=$(grep "^$key " <<<"$lat" || true)
      case $key in
        latency_by_record_ms) label="alert in Redis − close (closed by record)" ;;
        detected_minus_close_ms) label="app's detected_at_ms − close (same windows)" ;;
        *) label="alert in Redis − close (closed by idle clock)" ;;
      esac
      echo "| $label | $(field count "$line") | $(field min "$line") | $(field p50 "$line") | $(field p90 "$line") | $(field p99 "$line") | $(field max "$line") |"
    done
    echo
    echo "Raw files: \`streams-lag-<run>-<input>-t<threads>.csv\` (lag every 250 ms), \`streams-latency.csv\` (one row per alert),"
    echo "\`streams-metrics-*.json\` (the app's /metrics at the end of each run), \`streams-app-*.log\`."
  } > "$out/streams.md"
  log "wrote $out/streams.md"
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  streams_main "$@"
fi

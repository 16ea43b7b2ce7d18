#!/usr/bin/env bash
# bench/pipeline.sh OUT — the whole pipeline at rising load (issue 6): the simulator appends the driving log
# (more cars, shorter --pace-ms per step) → tail source (Connect) → smartcar.driving.raw → streams app →
# smartcar.driving → HBase sink, and smartcar.overspeed → Redis. Per step (~60 s of load, then up to 30 s to drain):
# offered rate (lines appearing in the log), collected rate (raw topic), validated rate (lines through the app),
# backlog and lags at the end of the load, alert latency after window close. Stops after the first step the
# pipeline cannot keep up with. Writes OUT/pipeline.md, OUT/pipeline.csv, OUT/pipeline.png and raw files.
# Shares the env, the measuring tool and the app start/stop with bench/streams.sh (sourced).
set -euo pipefail
# shellcheck source=bench/streams.sh
source "$(dirname "${BASH_SOURCE[0]}")/streams.sh"

DRIVING_LOG=$ENV_HOME/data/driving/SmartCarDriverInfo.log   # what the tail source follows (SMARTCAR_DRIVING_LOG)

pipeline_main() {
  local out=${1:?usage: bench/pipeline.sh OUT}
  mkdir -p "$out"; out=$(cd "$out" && pwd)
  # offered lines/s : cars : pace ms (cars × 1000 / pace = lines/s; each car writes a line per 2 simulated s)
  local steps=${BENCH_PIPELINE_STEPS:-1000:100:100 5000:250:50 10000:500:50 20000:1000:50 40000:2000:50}
  local seconds=${BENCH_STEP_SECONDS:-60} drain=${BENCH_DRAIN_SECONDS:-30} stamp
  stamp=$(date -u +%Y%m%d%H%M%S)
  command -v gnuplot >/dev/null || die "gnuplot is missing (apt-get install -y gnuplot-nox)"
  trap bench_finish EXIT
  log "stack env $ENV_NAME (offset $STACK_PORT_OFFSET): up + deploy"
  bench_prepare
  connectors resume smartcar-driving-tail smartcar-hbase-sink smartcar-status-spooldir   # streams.sh pauses them
  # start from empty topics: the app (fresh application.id) and the sink see only this run's lines
  tool truncate "$BOOTSTRAP" smartcar.driving.raw smartcar.driving smartcar.overspeed smartcar.rejected >&2
  start_app "bench-pipeline-$stamp" 1 "$out/pipeline-app.log"
  wait_app_running
  log "app RUNNING (pid $APP_PID); warm-up: 10 s at 1,000 lines/s, not reported"
  tool step "$BOOTSTRAP" "$REDIS_PORT" "$REDIS_PASSWORD_FILE" "$DRIVING_LOG" "http://127.0.0.1:$APP_PORT/metrics" \
    "bench-pipeline-$stamp" connect-smartcar-hbase-sink 20 "$WINDOW_MS" "$GRACE_MS" warmup \
    "$WORK/pipeline-warmup-series.csv" "$WORK/pipeline-warmup-alerts.csv" -- \
    java -Xmx256m -jar "$SIM_JAR" driving --date 20200301 --cars 100 --pace-ms 100 --duration 10s --seed 99 \
    --out "$DRIVING_LOG" --rotate-bytes 100000000 --rotate-keep 2 > "$out/pipeline-warmup.txt"

  local csv=$out/pipeline.csv i=0 step target cars pace date res load1 verdict
  echo "target_lps,cars,pace_ms,offered_lps,collected_lps,validated_lps,backlog_at_load_end,raw_lag_at_load_end,sink_lag_at_load_end,drain_s,alerts,alert_latency_p50_ms,alert_latency_p90_ms,alert_latency_max_ms,load1_before,load1_after,kept_up" > "$csv"
  for step in $steps; do
    IFS=: read -r target cars pace <<<"$step"
    date=$(date -u -d "2020-03-22 + $i days" +%Y%m%d)   # a later simulated day per step: event time only moves on
    load1=$(cut -d' ' -f1 /proc/loadavg)
    log "step $((i + 1)): $target lines/s offered ($cars cars, --pace-ms $pace, day $date, ${seconds}s), load $(load)"
    res=$(tool step "$BOOTSTRAP" "$REDIS_PORT" "$REDIS_PASSWORD_FILE" "$DRIVING_LOG" "http://127.0.0.1:$APP_PORT/metrics" \
      "bench-pipeline-$stamp" connect-smartcar-hbase-sink "$drain" "$WINDOW_MS" "$GRACE_MS" "$target" \
      "$out/pipeline-series-$target.csv" "$out/pipeline-alerts-$target.csv" -- \
      java -Xmx256m -jar "$SIM_JAR" driving --date "$date" --cars "$cars" --pace-ms "$pace" --duration "${seconds}s" \
      --seed "$((i + 1))" --out "$DRIVING_LOG" --rotate-bytes 100000000 --rotate-keep 2)
    log "$(tr '\n' ' ' <<<"$res")"
    local main lat_line offered validated drained
    main=$(grep '^label=' <<<"$res"); lat_line=$(grep '^alert_latency_ms' <<<"$res")
    offered=$(field offered_lps "$main"); validated=$(field validated_lps "$main")
    drained=$(field drain_seconds "$main")
    # kept up: the app validated >= 90 % of the offered rate during the load and the backlog cleared in the drain time
    verdict=$(awk -v o="$offered" -v v="$validated" -v d="$drained" 'BEGIN{ print (v >= 0.9 * o && d != "timeout") ? "yes" : "no" }')
    echo "$target,$cars,$pace,$offered,$(field collected_lps "$main"),$validated,$(field backlog_at_load_end "$main"),$(field raw_lag_at_load_end "$main"),$(field sink_lag_at_load_end "$main"),$drained,$(field alerts "$main"),$(field p50 "$lat_line"),$(field p90 "$lat_line"),$(field max "$lat_line"),$load1,$(cut -d' ' -f1 /proc/loadavg),$verdict" >> "$csv"
    i=$((i + 1))
    if [[ $verdict == no ]]; then
      log "the pipeline did not keep up with $target lines/s: stopping the ramp"
      break
    fi
  done
  curl -sf --max-time 3 "http://127.0.0.1:$APP_PORT/metrics" > "$out/pipeline-metrics.json" || true
  stop_app

  gnuplot <<EOF || die "gnuplot failed"
set terminal pngcairo size 1000,620 font ",11"
set output "$out/pipeline.png"
set datafile separator ","
set title "Whole pipeline (simulator → tail source → streams app → Redis + HBase), 2 shared cores"
set key top left
set grid
set xlabel "offered load (lines/s in the driving log)"
set ylabel "lines/s"
set y2label "alert latency after window close (ms)"
set ytics nomirror
set y2tics
set xrange [0:*]
set yrange [0:*]
set y2range [0:*]
plot "$csv" using 4:4 every ::1 with lines dt 2 lc rgb "gray" title "offered (ideal)", \
     "$csv" using 4:5 every ::1 with linespoints pt 7 lc rgb "#1f77b4" title "collected (raw topic)", \
     "$csv" using 4:6 every ::1 with linespoints pt 5 lc rgb "#2ca02c" title "validated (through the app)", \
     "$csv" using 4:12 every ::1 axes x1y2 with linespoints pt 9 lc rgb "#d62728" title "alert latency p50 (right)", \
     "$csv" using 4:13 every ::1 axes x1y2 with linespoints pt 11 dt 3 lc rgb "#ff7f0e" title "alert latency p90 (right)"
EOF

  # the tool's "sink settled" bound: one batch of the deployed sink config (StreamsPipelineBench.sinkBatchSize)
  local sink_batch
  sink_batch=$(sed -n 's/.*"hbase\.batch\.size"[[:space:]]*:[[:space:]]*"\([0-9]*\)".*/\1/p' connectors/config/smartcar-hbase-sink.json)
  {
    echo
    echo "## Whole pipeline at rising load (bench/pipeline.sh)"
    echo
    echo "Stack env \`benchs\` (ports +47000): broker, registry, Connect (tail source, HBase sink), HBase, Redis and the"
    echo "streams app (jar, \`$APP_HEAP\`, 1 stream thread, exactly_once_v2, defaults: window 30 s, grace 60 s) on the"
    echo "same 2 cores, plus the simulator and the measuring tool. Per step the simulator appends"
    echo "\`driving --cars C --pace-ms P --duration ${seconds}s\` (a new simulated day per step, 30 s disorder) to the log the tail"
    echo "source follows. **offered** = lines appearing in the log per second of load; **collected** = records added to"
    echo "\`smartcar.driving.raw\` (Kafka offsets, so a few transaction markers of the exactly-once source are counted too);"
    echo "**validated** = lines the app consumed (its /metrics \`lines_in\`) per second of load; **backlog** = log lines not"
    echo "yet through the app when the load stopped; **sink lag** = the HBase sink's lag on \`smartcar.driving\`; **drain** ="
    echo "seconds after the load until the backlog was 0 and the sink within one batch (${sink_batch:-2000} rows). **Alert latency**: a"
    echo "window closes when a line with event time ≥ end + grace exists; its wall-clock close = the moment the log first"
    echo "held such a line (the tool follows the log every 20 ms); latency = the alert's hash seen in Redis (keyspace"
    echo "notification) minus that. A step is kept up with when validated ≥ 90 % of offered and the backlog drained."
    echo "Before the first step: 10 s at 1,000 lines/s (an earlier simulated day) to warm the JVMs up, not reported."
    echo "Goal: ≥ 20,000 lines/s sustained, alerts within 2 s of window close."
    echo
    echo "| offered target | cars × pace | offered lines/s | collected/s | validated/s | backlog at load end | sink lag at load end | drain (s) | alerts | latency p50 / p90 / max (ms) | load avg 1 min (before → after) | kept up |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
    tail -n +2 "$csv" | while IFS=, read -r t c p o col v b _ s d a l50 l90 lmax lb la k; do
      echo "| $t | $c × $p ms | $o | $col | $v | $b | $s | $d | $a | $l50 / $l90 / $lmax | $lb → $la | $k |"
    done
    echo
    echo "![throughput and alert latency vs offered load](pipeline.png)"
    echo
    echo "Raw files: \`pipeline.csv\`, \`pipeline-series-<target>.csv\` (every second: log lines, app lines, backlog, lags,"
    echo "alerts), \`pipeline-alerts-<target>.csv\` (one row per timed alert), \`pipeline-metrics.json\`, \`pipeline-app.log\`."
  } > "$out/pipeline.md"
  log "wrote $out/pipeline.md, $out/pipeline.csv, $out/pipeline.png"
}

pipeline_main "$@"

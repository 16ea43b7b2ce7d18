#!/usr/bin/env bash
# bench/scale.sh OUT — how the cost grows with the fleet (issue #26): one fresh env (benchk, ports +8000) deployed as
# `make run` deploys it, then the pilot (bin/smartcar pilot: its whole verdict) once per fleet size, one after the
# other: BENCH_SCALE_CARS (default "100 1000 10000 20000"; the last is past what 2 cores sustain, to find the bound)
# drivers at BENCH_SCALE_PACE_MS (default 1000: one line per car and second, so 10,000 cars write about 10,000 lines/s;
# the original's 100 ms would be 100,000 lines/s) for BENCH_SCALE_DURATION (default 3m), with a status day of
# BENCH_SCALE_STATUS_CARS cars (default 1: the driving path's cost per line; the status day's is bench/day.sh's).
# For each size: lines/s, CPU µs per line of each process (the env's
# servers, and the pilot with its simulator), the app's RSS and its state (bytes per car, from /metrics), the alert
# delay p50/p99 after window end + grace and the HBase sink's lag (both printed by the pilot), the verdict.
# Writes OUT/scale.md, OUT/scale/scale.csv and OUT/scale.png (gnuplot), and the pilots' output in OUT/scale/.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:?usage: bench/scale.sh OUT_FOLDER}
ROOT=$PWD
# shellcheck source=bench/lib.sh
source bench/lib.sh
bench_env benchk true
RAW=$OUT/scale
SIZES=${BENCH_SCALE_CARS:-100 1000 10000 20000}
PACE=${BENCH_SCALE_PACE_MS:-1000}
DURATION=${BENCH_SCALE_DURATION:-3m}
STATUS_CARS=${BENCH_SCALE_STATUS_CARS:-1}
mkdir -p "$RAW"
RAW=$(cd "$RAW" && pwd)

PROCS=(connect broker app hbase redis registry)
cpu_now() { local p out=(); for p in "${PROCS[@]}"; do out+=("$(cpu_of "$p")"); done; echo "${out[*]}"; }
# this shell's waited-for children (the pilot, and through it the simulator): user + system seconds. `times` runs in
# this shell, not in a $(...) subshell, whose children's times start at 0.
children_cpu() { times >"$RAW/.times"; awk 'NR == 2 { s = 0; for (i = 1; i <= 2; i++) { split($i, a, /[ms]/); s += a[1] * 60 + a[2] }; printf "%.2f", s }' "$RAW/.times"; }
rss_mb() { awk '/^VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$(cat "$H/run/$1.pid")/status" 2>/dev/null || echo 0; }

bench_require simulator/target/smartcar-simulator.jar cli/target/smartcar.jar \
  streams-app/target/smartcar-streams-app.jar connectors/target/plugin/smartcar-connectors
bench_stop_env_on_exit

log "fresh env $ENV_NAME: clean, up, deploy (as make run: connectors and the streams app)"
stack clean
stack up
stack deploy
echo "cars,lines,seconds,lines_per_s,$(IFS=,; echo "${PROCS[*]}"),pilot,all_us,app_rss_mb,state_bytes_per_car,alert_p50_s,alert_p99_s,sink_lag_last_quarter,sink_lag_max,verdict,load_before,load_after" \
  >"$RAW/scale.csv"
for n in $SIZES; do
  log "$n cars at $PACE ms for $DURATION (status day: $STATUS_CARS cars)"
  L0=$(load); C0=$(cpu_now); children_cpu >"$RAW/.p0"; P0=$(cat "$RAW/.p0"); t0=$(date +%s%3N)
  SMARTCAR_ENV=$ENV_NAME SMARTCAR_JAVA_OPTS=${BENCH_SCALE_PILOT_OPTS:--Xmx2g} bin/smartcar pilot --cars "$n" \
    --status-cars "$STATUS_CARS" --pace-ms "$PACE" --duration "$DURATION" --drain-timeout 20m \
    --timeline "$RAW/pilot-$n.timeline.csv" >"$RAW/pilot-$n.log" 2>&1 & pilot=$!
  wait "$pilot" && verdict=PASS || verdict=FAIL
  t1=$(date +%s%3N); C1=$(cpu_now); children_cpu >"$RAW/.p1"; P1=$(cat "$RAW/.p1"); L1=$(load)
  rss=$(rss_mb app)
  state=$(curl -sf --max-time 10 "$STACK_APP_URL/metrics" | jq -r '.state.bytes_per_car // "-"' 2>/dev/null || echo -)
  # the drivers' lines of this run (the pilot's "writers done" line)
  lines=$(grep -o 'writers done: driving: .* lines=[0-9]*' "$RAW/pilot-$n.log" | grep -o 'lines=[0-9]*' | head -1 | cut -d= -f2)
  alert=$(grep -m1 '^alert delay' "$RAW/pilot-$n.log" || true)
  p50=$(sed -n 's/.*p50 \([0-9.]*\) s.*/\1/p' <<<"$alert"); p99=$(sed -n 's/.*p99 \([0-9.]*\) s.*/\1/p' <<<"$alert")
  lag=$(grep -m1 '^sink lag during' "$RAW/pilot-$n.log" || true)
  lagq=$(sed -n 's/.*quarter: [0-9,]* | [0-9,]* | [0-9,]* | \([0-9,]*\);.*/\1/p' <<<"$lag" | tr -d ,)
  lagmax=$(sed -n 's/.*highest \([0-9,]*\).*/\1/p' <<<"$lag" | tr -d ,)
  awk -v n="$n" -v lines="${lines:-0}" -v ms="$((t1 - t0))" -v a="$C0" -v b="$C1"  -v pc="$(awk -v a="$P0" -v b="$P1" 'BEGIN { print b - a }')" \
      -v rss="$rss" -v state="$state" -v p50="${p50:--}" -v p99="${p99:--}" -v lq="${lagq:--}" -v lm="${lagmax:--}" \
      -v verdict="$verdict" -v l0="$L0" -v l1="$L1" 'BEGIN {
    split(a, x, " "); split(b, y, " "); line = n "," lines "," ms / 1000 "," (ms > 0 ? lines * 1000 / ms : 0); t = 0
    for (i = 1; i <= length(x); i++) { u = lines > 0 ? (y[i] - x[i]) * 1e6 / lines : 0; t += u; line = line sprintf(",%.1f", u) }
    up = lines > 0 ? pc * 1e6 / lines : 0
    line = line sprintf(",%.1f,%.1f", up, t) "," rss "," state "," p50 "," p99 "," lq "," lm "," verdict "," l0 "," l1
    print line }' >>"$RAW/scale.csv"
  log "$n cars: $verdict; $(tail -1 "$RAW/scale.csv")"
done

# ---------------------------------------------------------------- the report section
{
  echo "## The fleet's size against the cost (bench/scale.sh, issue #26)"
  echo
  echo "One env (\`$ENV_NAME\`) deployed as \`make run\` deploys it; the pilot once per fleet size, one after the other,"
  echo "drivers at one line per $PACE ms for $DURATION, a status day of $STATUS_CARS cars each time. CPU = user + system"
  echo "seconds of each server over the pilot's run (status day included) / the driving lines: at low rates the"
  echo "servers' fixed cost (heartbeats, polls) dominates, so compare sizes by their difference. The alert delay is"
  echo "from the moment the line that lets a window close (window end + grace on the car's clock) is written to the"
  echo "alert's first write in Redis (\`stored_at_ms\`); the sink's lag is the Avro records not yet in HBase, at the"
  echo "end of the drive's last quarter and at its highest. 2 shared cores: the load is beside each row."
  echo
  echo "| cars | driving lines | s | lines/s | $(printf '%s µs | ' "${PROCS[@]}")servers µs/line | pilot + simulator µs | app RSS MB | state B/car | alert p50 / p99 s | sink lag end / max | verdict | load |"
  echo "|$(printf -- '---|%.0s' $(seq 1 $((${#PROCS[@]} + 12))))"
  awk -F, -v np="${#PROCS[@]}" 'NR > 1 { line = "| " $1 " | " $2 " | " $3 " | " sprintf("%.0f", $4) " |"
    for (i = 5; i < 5 + np; i++) line = line " " $i " |"
    k = 5 + np + 1
    line = line " **" $k "** | " $(k - 1) " | " $(k + 1) " | " ($(k + 2) == "-" ? "-" : sprintf("%.0f", $(k + 2))) " | " $(k + 3) " / " $(k + 4) " | " $(k + 5) " / " $(k + 6) " | " $(k + 7) " | " $(k + 8) " → " $(k + 9) " |"
    print line }' "$RAW/scale.csv"
  echo
  echo "![CPU per line, alert delay, state and lag against the fleet's size](scale.png)"
} >"$OUT/scale.md"
if command -v gnuplot >/dev/null; then
  np=${#PROCS[@]}
  gnuplot <<EOF || log "gnuplot failed"
set terminal pngcairo size 1000,620 font ",11"
set output "$OUT/scale.png"
set datafile separator ","
set title "Cost against the fleet's size ($PACE ms per line and car; 2 shared cores)"
set logscale x
set key top left
set grid
set xlabel "cars"
set ylabel "CPU µs per driving line (all servers)"
set y2label "alert delay p99 (s)"
set ytics nomirror
set y2tics
set logscale y
plot "$RAW/scale.csv" every ::1 using 1:$((5 + np + 1)) with linespoints title "servers: CPU µs per line", \
     "" every ::1 using 1:$((5 + np)) with linespoints title "pilot + simulator: CPU µs per line", \
     "" every ::1 using 1:$((5 + np + 5)) axes x1y2 with linespoints title "alert delay p99 (s)"
EOF
fi
log "report section: $OUT/scale.md"

#!/usr/bin/env bash
# bench/day.sh OUT — the status day through the whole pipeline (issues #13 and #14): one fresh env (benchd, ports
# +39000) deployed as `make run` deploys it (the three connectors, the streams app), then the original generator's
# 100-car status day (2,160,200 lines, 104 MB) renamed into the spool folder, timed from that rename to
#   1. its last line in smartcar.status.raw (the spool source),
#   2. its last record in smartcar.status (the streams app: parse, validate, Avro),
#   3. its last row in HBase (the sink's committed offsets on smartcar.status; Connect commits after the flush),
# all three watched at once. CPU per line of each process (Connect, broker, app, HBase, registry) over the whole
# span, the load beside it. Goals: raw + app ≤ 30 s (#14), drop → last HBase row ≤ 60 s (#13, stretch).
# Writes OUT/day.md and raw outputs in OUT/day/; leaves the env stopped.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:?usage: bench/day.sh OUT_FOLDER}
ROOT=$PWD
# shellcheck source=bench/lib.sh
source bench/lib.sh
bench_env benchd true
BOOT=$STACK_BOOTSTRAP
RAW=$OUT/day
SIM=$ROOT/simulator/target/smartcar-simulator.jar
TIMEOUT=${BENCH_DAY_TIMEOUT:-900}
mkdir -p "$RAW"
RAW=$(cd "$RAW" && pwd)
kv() { grep -o "\b$2=[^ ]*" "$1" | head -1 | cut -d= -f2; }
PROCS=(connect broker app hbase registry)
cpu_now() { local p out=(); for p in "${PROCS[@]}"; do out+=("$(cpu_of "$p")"); done; echo "${out[*]}"; }
cb() { java -Xmx512m -cp "$H/bench-tools:$ROOT/.stack/dist/kafka/*" ConnectBench "$@" 2>>"$RAW/tool.stderr"; }

bench_require "$SIM" "$ROOT/streams-app/target/smartcar-streams-app.jar" "$ROOT/connectors/target/plugin/smartcar-connectors"
bench_stop_env_on_exit

log "fresh env $ENV_NAME: clean, up, deploy (as make run: connectors and the streams app)"
stack clean
stack up
stack deploy
mkdir -p "$H/bench-tools" "$H/data/bench/staging"
javac -nowarn -d "$H/bench-tools" -cp "$ROOT/.stack/dist/kafka/*" bench/tools/ConnectBench.java
day=$H/data/bench/staging
java -jar "$SIM" status --date 20200322 --cars 100 --out "$day" --seed 1 >"$RAW/status-day.txt" 2>>"$RAW/simulator.log"
file=$day/SmartCarStatusInfo_20200322.txt
cat "$file" >/dev/null
LINES=$(wc -l <"$file"); RECORDS=$((LINES - 100))   # each car's file part starts with a header line
incoming=$H/data/spool/incoming   # the env's spool folder (SMARTCAR_SPOOL_DIR of its worker)
[[ -d $incoming ]] || { log "spool folder $incoming not found"; exit 1; }
sleep 10   # the connectors and the app have just started: let their first rebalances settle

log "drop: $LINES lines into $incoming"
L0=$(load); C0=$(cpu_now); start=$(now_ms)
mv "$file" "$incoming/"
cb settle "$BOOT" smartcar.status.raw "$LINES" "$start" "$TIMEOUT" 3000 >"$RAW/raw.txt" & raw_pid=$!
cb settle "$BOOT" smartcar.status "$RECORDS" "$start" "$TIMEOUT" 5000 >"$RAW/status.txt" & status_pid=$!
wait "$raw_pid" || true
L1=$(load)
wait "$status_pid" || true
L2=$(load)
# The sink's progress: its group's committed offsets, from the drop; smartcar.status ends with commit markers.
cb group "$BOOT" connect-smartcar-hbase-sink smartcar.status "$start" "$TIMEOUT" "$RAW/sink-progress.csv" 1 >"$RAW/hbase.txt" || true
L3=$(load); C3=$(cpu_now)

# ---------------------------------------------------------------- the report section
sec() { awk -v ms="$1" 'BEGIN { if (ms == "") print "-"; else printf "%.1f", ms / 1000 }'; }
per_line() { awk -v a="$1" -v b="$2" -v n="$LINES" -v names="${PROCS[*]}" 'BEGIN { split(a, x, " "); split(b, y, " ");
  split(names, p, " "); t = 0; for (i = 1; i <= length(p); i++) { u = (y[i] - x[i]) * 1e6 / n; t += u; printf "%s %.1f, ", p[i], u }
  printf "all %.1f", t }'; }
raw_ms=$(kv "$RAW/raw.txt" finish_ms); status_ms=$(kv "$RAW/status.txt" finish_ms); hbase_ms=$(kv "$RAW/hbase.txt" finish_ms)
{
  echo "## The status day through the whole pipeline (bench/day.sh)"
  echo
  echo "One fresh env (\`$ENV_NAME\`, ports +$STACK_PORT_OFFSET) deployed as \`make run\` deploys it: the spool, tail and HBase sink"
  echo "connectors with the pilot's JSON and the streams app. The original generator's 100-car status day"
  echo "($(kv "$RAW/status-day.txt" bytes) B, $LINES lines, $RECORDS records) renamed into the spool folder; every figure is"
  echo "from that rename. Watched at once: the end offset of \`smartcar.status.raw\` and of \`smartcar.status\` (last change,"
  echo "then read back with \`read_committed\`), and the sink's committed offsets on \`smartcar.status\` (Connect commits"
  echo "them after the rows are flushed to HBase). CPU = user + system seconds of each process from the rename to the"
  echo "last HBase row, per line of the day. 2 cores shared with other work: the load is beside each figure."
  echo
  echo "| stage | reached after (s) | lines or records | load (1/5/15 min) at the end | goal |"
  echo "|---|---|---|---|---|"
  echo "| spool source: last line in \`smartcar.status.raw\` | **$(sec "$raw_ms")** | $(kv "$RAW/raw.txt" records)$(grep -q timeout=true "$RAW/raw.txt" && echo ' (TIMED OUT)') | $L1 | ≤ 10 s standalone (#14; here beside the rest) |"
  echo "| streams app: last record in \`smartcar.status\` | **$(sec "$status_ms")** | $(kv "$RAW/status.txt" records)$(grep -q timeout=true "$RAW/status.txt" && echo ' (TIMED OUT)') | $L2 | ≤ 30 s (#14) |"
  echo "| HBase sink: last row committed | **$(sec "$hbase_ms")** | $(kv "$RAW/hbase.txt" committed) of $(kv "$RAW/hbase.txt" target_offsets) offsets$(grep -q timeout=true "$RAW/hbase.txt" && echo ' (TIMED OUT)') | $L3 | ≤ 60 s (#13, stretch) |"
  echo
  echo "Load before the drop: $L0. CPU µs per line of the day, rename → last HBase row: $(per_line "$C0" "$C3")."
  echo "The sink's progress (committed offsets every 250 ms): \`day/sink-progress.csv\`."
} >"$OUT/day.md"
log "report section: $OUT/day.md"

#!/usr/bin/env bash
# bench/hbase.sh OUT — the HBase write path (issues #13, #23), in one run on one fresh env (benchh, ports +41000) and
# on the same rows: the original generator's 100-car status day (2,160,100 rows) written into tables with the deploy's
# family settings by
#   1. a plain loader: one process, one BufferedMutator, 16 MB buffer, 13 cells a row: the ceiling of the Put path;
#   2. the same loader with the compact layout (#23 item 2): one cell holding the line instead of 13;
#   3. the original pilot's pattern: one Table.put per row (time-bounded): the floor;
#   4. the HBase sink connector from smartcar.status (Avro, filled by the streams app first) with puts, 13 cells
#      (hbase.bulk.topics and hbase.line.topics empty) into BenchPutSink;
#   5. the same with puts and the compact layout (hbase.line.topics) into BenchPutLine;
#   6. the same bulk-loaded (hbase.bulk.topics), 13 cells, into BenchBulkSink;
#   7. the connector as deployed (the pilot's JSON: smartcar.status bulk-loaded in the compact layout) into
#      SmartCarStatusInfo;
#   8. the same read by Apicurio's AvroConverter instead of the project's RegistryAvroConverter (the pilot's since
#      #23), into BenchBulkLineApicurio: the converters' A/B;
# then the storage figures after a major compaction (`stack.sh compact`, `status`), and, once this env is down, Flume
# 1.11's HBase 2 sink on the same day (bench/flume.sh part d, env benchf; BENCH_HBASE_FLUME=0 leaves it out). Rates and
# CPU µs per row of each process (the writer's own JVM, HBase, Connect, the broker) with the load beside them; compare
# the writers with each other. BENCH_HBASE_JFR=1 records a JFR profile of Connect during each sink phase
# (OUT/hbase/<phase>.jfr). Writes OUT/hbase.md and raw outputs in OUT/hbase/. Leaves the env stopped.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:?usage: bench/hbase.sh OUT_FOLDER}
ROOT=$PWD
ENV_NAME=benchh
STACK_PORT_OFFSET=$(awk -v e="$ENV_NAME" '$1 == e {print $2}' "$(dirname "$0")/../stack/conf/ports.conf")
export STACK_PORT_OFFSET STACK_APP=false   # the env's offset in the port plan
eval "$(stack/bin/stack.sh --env "$ENV_NAME" env --shell)"   # the env's addresses (STACK_BOOTSTRAP, ...)
BOOT=$STACK_BOOTSTRAP
CONNECT=$STACK_CONNECT_URL
ZK=$STACK_ZK
H=$STACK_ENV_HOME
RAW=$OUT/hbase
SIM=$ROOT/simulator/target/smartcar-simulator.jar
CFG=$ROOT/connectors/config
ONEPUT_SECONDS=${BENCH_ONEPUT_SECONDS:-60}
CARS=${BENCH_HBASE_CARS:-100}   # 100: the original's day; fewer for a quick check of the script
mkdir -p "$RAW"
RAW=$(cd "$RAW" && pwd)

log() { echo "[hbase-bench $(date -u +%H:%M:%S)] $*" | tee -a "$RAW/run.log" >&2; }
stack() { "$ROOT/stack/bin/stack.sh" --env "$ENV_NAME" "$@" >>"$RAW/stack.log" 2>&1; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
now_ms() { date +%s%3N; }
kv() { grep -o "\b$2=[^ ]*" "$1" | head -1 | cut -d= -f2; }
cpu_of() { local p; p=$(cat "$H/run/$1.pid" 2>/dev/null) && awk -v t="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / t }' "/proc/$p/stat" 2>/dev/null || echo 0; }
cpu_now() { echo "$(cpu_of hbase) $(cpu_of connect) $(cpu_of broker)"; }
us() { awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN { printf "%.1f", (n > 0 ? (b - a) * 1e6 / n : 0) }'; }

for f in "$SIM" "$ROOT/streams-app/target/smartcar-streams-app.jar" "$ROOT/connectors/target/plugin/smartcar-connectors" \
         "$ROOT/schemas/target/smartcar-schemas-0.1.0-SNAPSHOT.jar"; do
  [[ -e $f ]] || { echo "bench/hbase.sh: ${f#"$ROOT"/} is missing: build it first (mvn install -DskipTests)" >&2; exit 1; }
done
finish() {
  local rc=$?
  log "stopping env $ENV_NAME (down)"
  STACK_APP=true stack down || log "'stack.sh --env $ENV_NAME down' failed: see $RAW/stack.log"
  exit $rc
}
trap finish EXIT

log "fresh env $ENV_NAME: clean, up, deploy (topics, the tables plus BenchLoader and BenchOnePut; no connectors)"
stack clean
stack up
mkdir -p "$H/bench-no-connectors" "$H/bench-tools" "$H/data/bench"
STACK_HBASE_TABLES="DriverCarInfo:cf1 SmartCarStatusInfo:cf1 BenchWarmup:cf1 BenchLoader:cf1 BenchOnePut:cf1 BenchCompact:cf1 BenchPutSink:cf1 BenchPutLine:cf1 BenchBulkSink:cf1 BenchBulkLineApicurio:cf1" \
  STACK_CONNECTOR_CONFIG_DIR=$H/bench-no-connectors stack deploy
HCP="$ROOT/schemas/target/smartcar-schemas-0.1.0-SNAPSHOT.jar:$H/conf/hbase-site.jar:$ROOT/.stack/dist/hbase/*"
javac -nowarn -d "$H/bench-tools" -cp "$HCP" bench/tools/HBaseWriteBench.java
javac -nowarn -d "$H/bench-tools" -cp "$ROOT/.stack/dist/kafka/*" bench/tools/ConnectBench.java
# The loader runs HBase's client with java.nio open, as the Connect worker does (stack.sh): the same byte comparer.
hwb() { java -Xmx1g --add-opens java.base/java.nio=ALL-UNNAMED -cp "$H/bench-tools:$HCP" -Dlog4j2.configurationFile="$ROOT/stack/conf/templates/tools-log4j2.properties" HBaseWriteBench "$@" 2>>"$RAW/tool.stderr"; }
cb() { java -Xmx512m -cp "$H/bench-tools:$ROOT/.stack/dist/kafka/*" ConnectBench "$@" 2>>"$RAW/tool.stderr"; }

day=$H/data/bench/staging; mkdir -p "$day"
java -jar "$SIM" status --date 20200322 --cars "$CARS" --out "$day" --seed 1 >"$RAW/status-day.txt" 2>>"$RAW/simulator.log"
file=$day/SmartCarStatusInfo_20200322.txt
cat "$file" >/dev/null   # in the page cache for every writer alike
ROWS=$(($(wc -l <"$file") - CARS))   # every line but the header each car starts with is a row

hbase_quiet() { # waits (60 s at most) until HBase used under 0.2 s of CPU in 2 s: the last phase's compactions are over
  local a b
  for _ in $(seq 30); do
    a=$(cpu_of hbase); sleep 2; b=$(cpu_of hbase)
    awk -v a="$a" -v b="$b" 'BEGIN { exit !(b - a < 0.2) }' && return 0
  done
  log "HBase still busy after 60 s: the next phase pays for some of the last one's compactions"
}
phase() { # phase NAME COMMAND...: runs it with the load and the servers' CPU before and after
  local name=$1; shift
  hbase_quiet
  log "$name"
  local la c0; la=$(load); c0=$(cpu_now)
  "$@" >"$RAW/$name.txt"
  echo "cpu_before=\"$c0\" cpu_after=\"$(cpu_now)\" load_before=\"$la\" load_after=\"$(load)\"" >>"$RAW/$name.txt"
}
# A fresh region server spends its first minute compiling (JIT) and warming its caches: a load into a scratch table
# first, not reported, so the first measured writer does not pay for it (seen: 101 µs/row of HBase CPU for the
# first writer against 56 for the sink after it).
log "warm-up: the loader into BenchWarmup (not reported)"
hwb loader "$ZK" BenchWarmup "$file" >"$RAW/warmup.txt"
phase loader hwb loader "$ZK" BenchLoader "$file"
phase compact hwb compact "$ZK" BenchCompact "$file"
phase oneput hwb oneput "$ZK" BenchOnePut "$file" "$ONEPUT_SECONDS"

# The sink reads smartcar.status (Avro): the spool source and the streams app fill it first (not timed here).
log "filling smartcar.status: spool source + streams app"
curl -sf -o /dev/null -X PUT -H 'Content-Type: application/json' --data "$(jq '.' "$CFG/smartcar-status-spooldir.json")" \
  "$CONNECT/connectors/bench-spooldir/config"
cp "$file" "$H/data/spool/incoming/.staging" && mv "$H/data/spool/incoming/.staging" "$H/data/spool/incoming/SmartCarStatusInfo_20200322.txt"
STACK_APP=true stack --only app up
cb settle "$BOOT" smartcar.status "$ROWS" "$(now_ms)" 600 5000 >"$RAW/fill.txt"
STACK_APP=true stack --only app down
curl -sf -o /dev/null -X DELETE "$CONNECT/connectors/bench-spooldir" || true
sink() { # sink NAME JQ_FILTER: the pilot's sink config changed by the filter, until its group committed the topic's end
  local conf; conf=$(jq ".topics = \"smartcar.status\" | $2" "$CFG/smartcar-hbase-sink.json")
  local s; s=$(now_ms)
  [[ ${BENCH_HBASE_JFR:-0} == 1 ]] && jcmd "$(cat "$H/run/connect.pid")" JFR.start name="$1" settings=profile \
    filename="$RAW/$1.jfr" >>"$RAW/jfr.log" 2>&1
  curl -sf -o /dev/null -X PUT -H 'Content-Type: application/json' --data "$conf" "$CONNECT/connectors/$1/config"
  # smartcar.status is written by the app with exactly-once: each partition ends with a commit marker.
  cb group "$BOOT" "connect-$1" smartcar.status "$s" "${BENCH_SINK_TIMEOUT:-900}" "$RAW/$1-progress.csv" 1
  [[ ${BENCH_HBASE_JFR:-0} == 1 ]] && jcmd "$(cat "$H/run/connect.pid")" JFR.stop name="$1" >>"$RAW/jfr.log" 2>&1
  curl -sf -o /dev/null -X DELETE "$CONNECT/connectors/$1" || true
}
phase sink sink bench-hbase-sink \
  '.["hbase.bulk.topics"] = "" | .["hbase.line.topics"] = "" | .["hbase.table.map"] = "smartcar.status:BenchPutSink"'
phase sinkline sink bench-hbase-putline \
  '.["hbase.bulk.topics"] = "" | .["hbase.table.map"] = "smartcar.status:BenchPutLine"'
phase bulk sink bench-hbase-bulk \
  '.["hbase.line.topics"] = "" | .["hbase.table.map"] = "smartcar.status:BenchBulkSink"'
grep -h "Bulk-loaded" "$H/logs/connect.log" >"$RAW/bulk-loads-13.log" 2>/dev/null || true
phase bulkline sink bench-hbase-bulkline '.'
grep -h "Bulk-loaded" "$H/logs/connect.log" | grep -vxFf "$RAW/bulk-loads-13.log" >"$RAW/bulk-loads.log" 2>/dev/null || true
# The same, read by Apicurio's AvroConverter (the pilot's before #23, when it was a quarter of the worker's CPU in this
# phase's profile) instead of the project's: the A/B of the two converters, one after the other on the same rows.
phase bulklineapicurio sink bench-hbase-bulklineapicurio '.["value.converter"] = "io.apicurio.registry.utils.converter.AvroConverter"
  | del(.["value.converter.schema.registry.url"])
  | .["value.converter.apicurio.registry.url"] = "${env:SMARTCAR_REGISTRY_URL}"
  | .["value.converter.apicurio.registry.as-confluent"] = "true"
  | .["value.converter.apicurio.registry.use-id"] = "contentId"
  | .["value.converter.apicurio.registry.headers.enabled"] = "false"
  | .["hbase.table.map"] = "smartcar.status:BenchBulkLineApicurio"'

log "storage: compact, then status"
stack compact
"$ROOT/stack/bin/stack.sh" --env "$ENV_NAME" status --only hbase >"$RAW/storage.txt" 2>&1 || true
du -sb "$H/data/hbase"/* >>"$RAW/storage.txt" 2>/dev/null || true
du -sb "$H/data/hbase/data/default"/* >>"$RAW/storage.txt" 2>/dev/null || true

# ---------------------------------------------------------------- the report section
cpu_field() { sed -n "s/.*$2=\"\([^\"]*\)\".*/\1/p" "$1"; }
row_of() { # row_of NAME ROWS WRITER_CPU_S: | writer | rows | s | rows/s | writer µs | HBase µs | Connect µs | broker µs | total | load |
  local f=$RAW/$1.txt n=$2 a b; a=$(cpu_field "$f" cpu_before); b=$(cpu_field "$f" cpu_after)
  read -r h0 c0 k0 <<<"$a"; read -r h1 c1 k1 <<<"$b"
  local w=${3:-0} hu cu ku wu
  hu=$(us "$h0" "$h1" "$n"); cu=$(us "$c0" "$c1" "$n"); ku=$(us "$k0" "$k1" "$n"); wu=$(us 0 "$w" "$n")
  echo "$hu $cu $ku $wu" >"$RAW/$1.us"
  awk -v h="$hu" -v c="$cu" -v k="$ku" -v w="$wu" 'BEGIN { printf "%.1f", h + c + k + w }'
}
lr=$(kv "$RAW/loader.txt" rows); or=$(kv "$RAW/oneput.txt" rows); sr=$(kv "$RAW/sink.txt" committed)
cr=$(kv "$RAW/compact.txt" rows); br=$(kv "$RAW/bulk.txt" committed)
plr=$(kv "$RAW/sinkline.txt" committed); blr=$(kv "$RAW/bulkline.txt" committed)
bar=$(kv "$RAW/bulklineapicurio.txt" committed)
lt=$(row_of loader "$lr" "$(kv "$RAW/loader.txt" cpu_seconds)")
ct=$(row_of compact "$cr" "$(kv "$RAW/compact.txt" cpu_seconds)")
ot=$(row_of oneput "$or" "$(kv "$RAW/oneput.txt" cpu_seconds)")
st=$(row_of sink "$sr" 0)
bt=$(row_of bulk "$br" 0)
plt=$(row_of sinkline "$plr" 0)
blt=$(row_of bulkline "$blr" 0)
bat=$(row_of bulklineapicurio "$bar" 0)
lrate=$(kv "$RAW/loader.txt" rows_per_second); orate=$(kv "$RAW/oneput.txt" rows_per_second); srate=$(kv "$RAW/sink.txt" rows_per_s)
crate=$(kv "$RAW/compact.txt" rows_per_second); brate=$(kv "$RAW/bulk.txt" rows_per_s)
plrate=$(kv "$RAW/sinkline.txt" rows_per_s); blrate=$(kv "$RAW/bulkline.txt" rows_per_s)
barate=$(kv "$RAW/bulklineapicurio.txt" rows_per_s)
hs() { read -r h c k w <"$RAW/$1.us"; awk -v h="$h" -v c="$c" 'BEGIN { printf "%.1f", h + c }'; }
cells() { read -r h c k w <"$RAW/$1.us"; echo "$w | $h | $c | $k"; }
{
  echo "## HBase write path (bench/hbase.sh)"
  echo
  echo "The original generator's $CARS-car status day ($(kv "$RAW/status-day.txt" bytes) B, $ROWS rows of 13 cells) into"
  echo "tables with the deploy's family (\`$(grep -o 'COMPRESSION=[^ ]* DATA_BLOCK_ENCODING=[^ ]* BLOOMFILTER=[^ ]* BLOCKSIZE=[^ ]* VERSIONS=[^ ]*' "$RAW/storage.txt" | head -1)\`), one writer after"
  echo "the other on one fresh env. CPU per row = user + system time of each process over the phase / rows. The"
  echo "one-put writer ran ${ONEPUT_SECONDS} s at most. Load average (1/5/15 min) before → after each phase: the machine is shared,"
  echo "so compare the writers with each other (same run), not with other reports."
  echo
  echo "| writer | rows | rows/s | writer µs/row | HBase µs/row | Connect µs/row | broker µs/row | all µs/row | load |"
  echo "|---|---|---|---|---|---|---|---|---|"
  echo "| plain loader (BufferedMutator, 16 MB): the ceiling | $lr | **$lrate** | $(cells loader) | $lt | $(cpu_field "$RAW/loader.txt" load_before) → $(cpu_field "$RAW/loader.txt" load_after) |"
  echo "| one put at a time (the original's bolt): the floor | $or | **$orate** | $(cells oneput) | $ot | $(cpu_field "$RAW/oneput.txt" load_before) → $(cpu_field "$RAW/oneput.txt" load_after) |"
  echo "| plain loader, compact layout (one cell: the line) | $cr | **$crate** | $(cells compact) | $ct | $(cpu_field "$RAW/compact.txt" load_before) → $(cpu_field "$RAW/compact.txt" load_after) |"
  echo "| HBase sink connector, puts (offsets committed after the rows are in HBase) | $sr | **$srate** | (in Connect) | $(read -r h c k w <"$RAW/sink.us"; echo "$h | $c | $k") | $st | $(cpu_field "$RAW/sink.txt" load_before) → $(cpu_field "$RAW/sink.txt" load_after) |"
  echo "| HBase sink connector, puts, compact layout (one cell: the line) | $plr | **$plrate** | (in Connect) | $(read -r h c k w <"$RAW/sinkline.us"; echo "$h | $c | $k") | $plt | $(cpu_field "$RAW/sinkline.txt" load_before) → $(cpu_field "$RAW/sinkline.txt" load_after) |"
  echo "| HBase sink connector, bulk load, 13 cells (offsets committed after the HFiles are loaded) | $br | **$brate** | (in Connect) | $(read -r h c k w <"$RAW/bulk.us"; echo "$h | $c | $k") | $bt | $(cpu_field "$RAW/bulk.txt" load_before) → $(cpu_field "$RAW/bulk.txt" load_after) |"
  echo "| HBase sink connector, bulk load, compact layout (the pilot config) | $blr | **$blrate** | (in Connect) | $(read -r h c k w <"$RAW/bulkline.us"; echo "$h | $c | $k") | $blt | $(cpu_field "$RAW/bulkline.txt" load_before) → $(cpu_field "$RAW/bulkline.txt" load_after) |"
  echo "| the same, read by Apicurio's AvroConverter instead of the project's RegistryAvroConverter | $bar | **$barate** | (in Connect) | $(read -r h c k w <"$RAW/bulklineapicurio.us"; echo "$h | $c | $k") | $bat | $(cpu_field "$RAW/bulklineapicurio.txt" load_before) → $(cpu_field "$RAW/bulklineapicurio.txt" load_after) |"
  echo
  awk -v s="$srate" -v l="$lrate" -v o="$orate" 'BEGIN { if (l > 0) printf "Ratio put sink / ceiling: **%.2f** (goal ≥ 0.9); sink / floor: %.1f×.\n", s / l, (o > 0 ? s / o : 0) }'
  awk -v b="$brate" -v s="$srate" -v l="$lrate" 'BEGIN { if (s > 0 && l > 0) printf "Bulk sink / put sink: **%.2f×** rows/s; bulk sink / the Put ceiling: %.2f×.\n", b / s, b / l }'
  echo "HBase + sink CPU per row (goal ≤ 20 µs): put sink $(hs sink) µs, put sink compact $(hs sinkline) µs, bulk sink $(hs bulk) µs,"
  echo "bulk sink compact (the pilot) **$(hs bulkline) µs**, the same with Apicurio's converter $(hs bulklineapicurio) µs (HBase's"
  echo "share includes the compactions that ran inside the phase)."
  echo "The pilot's bulk loads, from the worker's log:"
  echo '```'
  awk '{ n++; if (n <= 3) print } END { print "... " n " loads in all" }' "$RAW/bulk-loads.log" | cut -c1-220
  echo '```'
  echo
  echo "Storage after \`stack.sh compact\` (BenchWarmup, BenchLoader, BenchPutSink and BenchBulkSink hold the same day in 13"
  echo "cells a row; BenchCompact, BenchPutLine and SmartCarStatusInfo (bulk-loaded) in one cell, the line; BenchOnePut its first"
  echo "rows; \`xLINE\` = store bytes / the lines' bytes; \`du\` of each table's folder below):"
  echo '```'
  cat "$RAW/storage.txt"
  echo '```'
} >"$OUT/hbase.md"
log "report section: $OUT/hbase.md"

# ---------------------------------------------------------------- Flume's HBase 2 sink on the same day, after this env
if [[ ${BENCH_HBASE_FLUME:-1} == 1 ]]; then
  log "stopping env $ENV_NAME, then Flume 1.11's HBase 2 sink on the same day (bench/flume.sh part d, env benchf)"
  STACK_APP=true stack down
  # flume.sh sets up its own env: none of this env's exported addresses may reach it
  # shellcheck disable=SC2046
  env $(compgen -e | grep '^STACK_' | sed 's/^/-u /') BENCH_FLUME_PARTS=d BENCH_FLUME_CARS="$CARS" BENCH_FLUME_STORAGE=1 \
    bench/flume.sh "$OUT" >>"$RAW/flume.log" 2>&1 || log "bench/flume.sh part d failed: see $RAW/flume.log"
  {
    echo
    echo "Flume 1.11's HBase 2 sink on the same day, right after (bench/flume.sh part d: spooldir → file channel → HBase 2"
    echo "sink, 13 cells of cf1, on env benchf; its figures run from the file's rename, so they include reading the file;"
    echo "rows / expected, s, rows/s, Flume µs/row, HBase µs/row, both, load; the whole report in flume.md):"
    echo
    echo "| writer | rows / expected | s | rows/s | Flume µs/row | HBase µs/row | all µs/row | load |"
    echo "|---|---|---|---|---|---|---|---|"
    grep -m1 '^| d\. Flume' "$OUT/flume.md" 2>/dev/null || echo "| d. Flume | not measured: see hbase/flume.log |"
    echo
    echo "Its table after a major compaction:"
    echo '```'
    cat "$OUT/flume/storage.txt" 2>/dev/null || echo "(none)"
    echo '```'
  } >>"$OUT/hbase.md"
fi

#!/usr/bin/env bash
# bench/connectors.sh OUT — the connectors on a real stack (env benchc, ports +45000, no streams app except to
# fill smartcar.status): spool-dir source, tail source (throughput and append-to-Kafka latency), HBase sink, and
# Apache's FileStreamSource beside the tail source (throughput, latency, rename and copy-truncate rotation).
# Writes OUT/connectors.md (the report section) and raw outputs in OUT/connectors/. Starts from a clean env and
# leaves it stopped ('down'). Every wait is bounded; the whole run takes about 10 minutes on 2 shared cores.
# BENCH_TAIL=false skips the tail-source and FileStreamSource parts (2 and 4) when only the spool source and the
# HBase sink are being worked on. The sink runs with the pilot JSON's tasks.max unless BENCH_SINK_TASKS says.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:?usage: bench/connectors.sh OUT_FOLDER}
ROOT=$PWD
ENV_NAME=benchc
STACK_PORT_OFFSET=$(awk -v e="$ENV_NAME" '$1 == e {print $2}' "$(dirname "$0")/../stack/conf/ports.conf")
export STACK_PORT_OFFSET STACK_APP=false   # the env's offset in the port plan
eval "$(stack/bin/stack.sh --env "$ENV_NAME" env --shell)"   # the env's addresses (STACK_BOOTSTRAP, ...)
BOOT=$STACK_BOOTSTRAP
CONNECT=$STACK_CONNECT_URL
H=$STACK_ENV_HOME
RAW=$OUT/connectors
SIM=$ROOT/simulator/target/smartcar-simulator.jar
CFG=$ROOT/connectors/config
TAIL_LINES=${BENCH_TAIL_LINES:-1000000}
mkdir -p "$RAW"
RAW=$(cd "$RAW" && pwd)
T0=$SECONDS

log() { echo "[connectors-bench $(date -u +%H:%M:%S)] $*" | tee -a "$RAW/run.log" >&2; }
stack() { "$ROOT/stack/bin/stack.sh" --env "$ENV_NAME" "$@" >>"$RAW/stack.log" 2>&1; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
now_ms() { date +%s%3N; }
cb() { java -Xmx512m -cp "$H/bench-tools:$ROOT/.stack/dist/kafka/*" ConnectBench "$@" 2>>"$RAW/tool.stderr"; }
kv() { grep -o "\b$2=[^ ]*" "$1" | head -1 | cut -d= -f2; }   # kv FILE KEY: first value of KEY=... in FILE
# CPU seconds (user + system) used so far by the env's recorded server processes: divided by the records of a
# phase, a cost per record that the shared machine's load does not change the way it changes wall-clock rates.
cpu_of() { local p; p=$(cat "$H/run/$1.pid" 2>/dev/null) && awk -v t="$(getconf CLK_TCK)" '{ printf "%.1f", ($14 + $15) / t }' "/proc/$p/stat" 2>/dev/null || echo 0; }
cpu_now() { echo "$(cpu_of connect) $(cpu_of broker) $(cpu_of hbase)"; }
# cpu_cost "BEFORE" "AFTER" RECORDS: microseconds of CPU per record in Connect, the broker and HBase
cpu_cost() { awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN { split(a, x, " "); split(b, y, " "); if (n <= 0) { print "-"; exit }
  printf "Connect %.0f µs, broker %.0f µs, HBase %.0f µs", (y[1] - x[1]) * 1e6 / n, (y[2] - x[2]) * 1e6 / n, (y[3] - x[3]) * 1e6 / n }'; }

for f in "$SIM" "$ROOT/streams-app/target/smartcar-streams-app.jar" "$ROOT/connectors/target/plugin/smartcar-connectors"; do
  [[ -e $f ]] || { echo "bench/connectors.sh: ${f#"$ROOT"/} is missing: build it first (see its module README)" >&2; exit 1; }
done

# Connectors: PUT a config built from the pilot's JSON with jq edits (so the bench follows config changes).
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
del_connector() { curl -sf -o /dev/null -X DELETE "$CONNECT/connectors/$1" || log "DELETE of connector $1 failed"; }

finish() {
  local rc=$?
  log "stopping env $ENV_NAME (down)"
  STACK_APP=true stack down || log "'stack.sh --env $ENV_NAME down' failed: see $RAW/stack.log"
  exit $rc
}
trap finish EXIT

log "fresh env $ENV_NAME: clean, up, deploy (topics, tables, schemas; no connectors, no app)"
stack clean
stack up
mkdir -p "$H/bench-no-connectors"
STACK_CONNECTOR_CONFIG_DIR=$H/bench-no-connectors stack deploy
mkdir -p "$H/bench-tools" "$H/data/bench"
javac -nowarn -d "$H/bench-tools" -cp "$ROOT/.stack/dist/kafka/*" bench/tools/ConnectBench.java
cb topics "$BOOT" bench.tail.live bench.tail.full bench.fs.full bench.tail.lat bench.fs.lat \
  bench.tail.rename bench.fs.rename bench.tail.copytruncate bench.fs.copytruncate >/dev/null

# 1. Spool-dir source: the 100-car status day, from its rename into the spool dir to the last record in Kafka.
log "1. spool-dir source"
stage=$H/data/bench/staging; mkdir -p "$stage"
java -jar "$SIM" status --date 20200322 --cars 100 --out "$stage" --seed 1 >"$RAW/status-day.txt" 2>>"$RAW/simulator.log"
put_connector bench-spooldir "$(jq '.' "$CFG/smartcar-status-spooldir.json")"
sleep 2
L1a=$(load); C1a=$(cpu_now); start=$(now_ms)
mv "$stage/SmartCarStatusInfo_20200322.txt" "$H/data/spool/incoming/"
cb settle "$BOOT" smartcar.status.raw 2160200 "$start" 240 3000 >"$RAW/spooldir.txt"
L1b=$(load); C1b=$(cpu_now)
echo "cpu_before=\"$C1a\" cpu_after=\"$C1b\"" >>"$RAW/spooldir.txt"
sleep 2; ls "$H/data/spool/finished" >>"$RAW/spooldir.txt" 2>&1 || true
del_connector bench-spooldir

# Fill smartcar.status (Avro, 4 partitions) for the sink: the streams app validates the raw day, then stops.
log "   streams app: smartcar.status.raw -> smartcar.status"
L2a=$(load); start=$(now_ms)
STACK_APP=true stack --only app up
cb settle "$BOOT" smartcar.status 2160100 "$start" 360 5000 >"$RAW/streams-fill.txt"
L2b=$(load)
STACK_APP=true stack --only app down

# 3. HBase sink: the pilot's sink config on smartcar.status only, until its group's offsets reach the end.
run_sink() { # NAME TASKS
  log "3. HBase sink $1 (tasks.max $2)"
  local conf; conf=$(jq --arg t "$2" '.topics = "smartcar.status" | .["tasks.max"] = $t' "$CFG/smartcar-hbase-sink.json")
  local a b s c; a=$(load); c=$(cpu_now); s=$(now_ms)
  curl -sf -o /dev/null -X PUT -H 'Content-Type: application/json' --data "$conf" "$CONNECT/connectors/$1/config"
  cb group "$BOOT" "connect-$1" smartcar.status "$s" "${BENCH_SINK_TIMEOUT:-240}" "$RAW/$1-progress.csv" 1 >"$RAW/$1.txt"   # 1: the commit marker ending each partition (written with exactly-once)
  b=$(load)
  echo "cpu_before=\"$c\" cpu_after=\"$(cpu_now)\"" >>"$RAW/$1.txt"
  curl -sf "$CONNECT/connectors/$1/status" >>"$RAW/$1.txt" || true
  echo "load_before=\"$a\" load_after=\"$b\" tasks=$2" >>"$RAW/$1.txt"
  del_connector "$1"
}
run_sink bench-hbase-sink "${BENCH_SINK_TASKS:-$(jq -r '.["tasks.max"]' "$CFG/smartcar-hbase-sink.json")}"
for n in ${BENCH_SINK_MORE_TASKS:-}; do run_sink "bench-hbase-sink-t$n" "$n"; done

if [[ ${BENCH_TAIL:-true} == true ]]; then
# 2. Tail source, live: the connector follows a file the simulator appends at pace 0.
tail_conf() { jq --arg t "$1" --arg f "$2" '.topic = $t | .["tail.files"] = $f' "$CFG/smartcar-driving-tail.json"; }
fs_conf() { jq --arg t "$1" --arg f "$2" '.topic = $t | .file = $f' "$CFG/optional/smartcar-driving-filestream.json"; }
log "2. tail source, $TAIL_LINES lines appended at pace 0"
tp=$H/data/bench/throughput; mkdir -p "$tp"; big=$tp/SmartCarDriverInfo.log
put_connector bench-tail-live "$(tail_conf bench.tail.live "$big")"
L3a=$(load); C3a=$(cpu_now); start=$(now_ms)
java -jar "$SIM" driving --date 20200322 --cars 100 --pace-ms 0 --lines "$TAIL_LINES" --out "$big" --seed 7 >"$RAW/driving-big.txt" 2>>"$RAW/simulator.log"
echo "writer_done_ms=$(($(now_ms) - start))" >>"$RAW/driving-big.txt"
lines=$(kv "$RAW/driving-big.txt" lines)
cb settle "$BOOT" bench.tail.live "$lines" "$start" 180 3000 >"$RAW/tail-live.txt"
L3b=$(load); C3b=$(cpu_now)
del_connector bench-tail-live

# 4a. Same complete file: tail source vs FileStreamSource, each alone, from the PUT to the last record.
for kind in tail fs; do
  log "4. $kind on the complete file"
  conf=$([[ $kind == tail ]] && tail_conf bench.tail.full "$big" || fs_conf bench.fs.full "$big")
  a=$(load); c=$(cpu_now); start=$(now_ms)
  put_connector "bench-$kind-full" "$conf"
  cb settle "$BOOT" "bench.$kind.full" "$lines" "$start" 180 3000 >"$RAW/$kind-full.txt"
  echo "load_before=\"$a\" load_after=\"$(load)\"" >>"$RAW/$kind-full.txt"
  echo "cpu_before=\"$c\" cpu_after=\"$(cpu_now)\"" >>"$RAW/$kind-full.txt"
  del_connector "bench-$kind-full"
done

# 4b. Latency: both connectors follow one file; timestamped lines appended at a fixed modest rate.
log "4. latency, both connectors on one file"
lat=$H/data/bench/latency; mkdir -p "$lat"; : >"$lat/lat.log"
put_connector bench-tail-lat "$(tail_conf bench.tail.lat "$lat/lat.log")"
put_connector bench-fs-lat "$(fs_conf bench.fs.lat "$lat/lat.log")"
sleep 3
L4a=$(load)
cb latency "$BOOT" "$lat/lat.log" "${BENCH_LAT_RATE:-100}" "${BENCH_LAT_LINES:-2000}" 100 bench.tail.lat bench.fs.lat >"$RAW/latency.txt"
L4b=$(load)
del_connector bench-tail-lat; del_connector bench-fs-lat

# 4c. Rotation: both connectors on the pilot's paths (tail: FILE*, FileStream: FILE) while the simulator writes
# at 1,000 lines/s and rotates by size; then the topics are compared with every generation of the file.
for mode in rename copytruncate; do
  log "4. rotation by $mode"
  d=$H/data/bench/rot-$mode; mkdir -p "$d"; f=$d/SmartCarDriverInfo.log
  put_connector "bench-tail-$mode" "$(tail_conf "bench.tail.$mode" "$f*")"
  put_connector "bench-fs-$mode" "$(fs_conf "bench.fs.$mode" "$f")"
  sleep 2
  java -jar "$SIM" driving --date 20200322 --cars 100 --pace-ms 100 --lines "${BENCH_ROT_LINES:-20000}" --out "$f" \
    --rotate-bytes 150000 --rotate-mode "$mode" --rotate-keep 100 --seed 11 >"$RAW/rotation-$mode-writer.txt" 2>>"$RAW/simulator.log"
  e=$(now_ms)
  for kind in tail fs; do cb settle "$BOOT" "bench.$kind.$mode" 0 "$e" 60 6000 >/dev/null; done
  shopt -s nullglob; files=("$f" "$f".[0-9]*); shopt -u nullglob
  for kind in tail fs; do cb compare "$BOOT" "bench.$kind.$mode" "${files[@]}"; done >"$RAW/rotation-$mode.txt"
  ls -l "$d" >>"$RAW/rotation-$mode-writer.txt"
  del_connector "bench-tail-$mode"; del_connector "bench-fs-$mode"
done
fi
END_LOAD=$(load)

# ------------------------------------------------------------------ report section
row() { printf '| %s | %s | %s | %s |\n' "$@"; }
rate() { awk -v n="$1" -v ms="$2" 'BEGIN { if (ms > 0) printf "%.0f", n * 1000 / ms; else print "-" }'; }
# best rate over any >= 10 s stretch of a progress CSV (ms_since_start,committed)
peak() { awk -F, 'NR > 1 { t[n] = $1; c[n] = $2; n++ }
  END { j = 0; best = 0
        for (i = 0; i < n; i++) { while (j < n && t[j] - t[i] < 10000) j++; if (j >= n) break
          r = (c[j] - c[i]) * 1000 / (t[j] - t[i]); if (r > best) best = r }
        printf "%.0f", best }' "$1"; }
sec() { awk -v ms="$1" 'BEGIN { printf "%.1f s", ms / 1000 }'; }
{
  echo "## Connectors (bench/connectors.sh)"
  echo
  echo "Real single-node stack (env \`$ENV_NAME\`, ports +$STACK_PORT_OFFSET: KRaft broker, Connect distributed worker with"
  echo "exactly-once source support, standalone HBase, Apicurio registry), fresh (\`clean\`, \`up\`, \`deploy\` without"
  echo "connectors) at every run. Connectors are PUT under bench names with the pilot's JSON (\`connectors/config\`),"
  echo "changed only in topic / file / \`tasks.max\`. Sources are timed with the topic's end offset (polled every 20 ms; the"
  echo "finish is its last change, since an exactly-once source also writes transaction markers), and the records are"
  echo "then counted by a \`read_committed\` consumer. The sink is timed with its consumer group's committed offsets"
  echo "(sampled every 250 ms; Connect commits them after the rows are flushed to HBase). Load average (1/5/15 min) is"
  echo "shown beside each figure: **2 cores shared with other sessions, so these figures are pessimistic.** The CPU"
  echo "cost per record (user + system time of each server process over the phase, divided by its records) does not"
  echo "depend on the load the way the rates do."
  echo
  echo "| what | result | time | load before → after |"
  echo "|---|---|---|---|"
  f=$RAW/spooldir.txt
  row "1. spool-dir source: $(kv "$RAW/status-day.txt" bytes) B status day, $(kv "$f" records) lines (rename → last record; goal < 10 s)" \
      "**$(kv "$f" lines_per_s) lines/s**; $(kv "$f" steady_lines_per_s) lines/s after the first record" \
      "$(sec "$(kv "$f" finish_ms)") (first record after $(sec "$(kv "$f" first_record_ms)")); CPU per line: $(cpu_cost "$C1a" "$C1b" "$(kv "$f" records)")" "$L1a → $L1b"
  f=$RAW/streams-fill.txt
  row "(setup) streams app: status day → \`smartcar.status\` Avro, $(kv "$f" records) records (app start included)" \
      "$(kv "$f" lines_per_s) records/s" "$(sec "$(kv "$f" finish_ms)")" "$L2a → $L2b"
  for f in "$RAW"/bench-hbase-sink*.txt; do
    n=$(basename "$f" .txt)
    row "3. HBase sink \`$n\` (pilot config, topic smartcar.status, tasks.max $(kv "$f" tasks)), PUT → offsets at end (goal ≥ 30,000 rows/s)" \
        "**$(kv "$f" rows_per_s) rows/s** of $(kv "$f" committed)/$(kv "$f" target_offsets) offsets; $(kv "$f" steady_rows_per_s) rows/s after the first commit, best 10 s $(peak "$RAW/$n-progress.csv") rows/s$(grep -q timeout=true "$f" && echo ' (TIMED OUT)')" \
        "$(sec "$(kv "$f" finish_ms)") (first commit $(sec "$(kv "$f" first_commit_ms)")); CPU per row: $(cpu_cost "$(sed -n 's/^cpu_before="\([^"]*\)".*/\1/p' "$f")" "$(sed -n 's/.*cpu_after="\([^"]*\)".*/\1/p' "$f")" "$(kv "$f" committed)")" \
        "$(sed -n 's/.*load_before="\([^"]*\)" load_after="\([^"]*\)".*/\1 → \2/p' "$f")"
  done
  if [[ -f $RAW/tail-live.txt ]]; then
  f=$RAW/tail-live.txt
  row "2. tail source, live: simulator appends $(kv "$RAW/driving-big.txt" lines) lines ($(kv "$RAW/driving-big.txt" bytes) B) at pace 0 (the writer JVM finished after $(sec "$(kv "$RAW/driving-big.txt" writer_done_ms)"))" \
      "**$(kv "$f" lines_per_s) lines/s**, $(kv "$f" records) records" \
      "$(sec "$(kv "$f" finish_ms)") from the writer's start; CPU per line: $(cpu_cost "$C3a" "$C3b" "$(kv "$f" records)") (the writer's load included)" "$L3a → $L3b"
  for kind in tail fs; do
    f=$RAW/$kind-full.txt
    row "4. $([[ $kind == tail ]] && echo 'tail source' || echo 'FileStreamSource') on the complete file (PUT → last record)" \
        "**$(kv "$f" lines_per_s) lines/s**, $(kv "$f" records) records; $(kv "$f" steady_lines_per_s) lines/s after the first record" \
        "$(sec "$(kv "$f" finish_ms)") (first record $(sec "$(kv "$f" first_record_ms)")); CPU per line: $(cpu_cost "$(sed -n 's/^cpu_before="\([^"]*\)".*/\1/p' "$f")" "$(sed -n 's/.*cpu_after="\([^"]*\)".*/\1/p' "$f")" "$(kv "$f" records)")" \
        "$(sed -n 's/.*load_before="\([^"]*\)" load_after="\([^"]*\)".*/\1 → \2/p' "$f")"
  done
  echo
  echo "**Append → Kafka latency** (${BENCH_LAT_LINES:-2000} lines at ${BENCH_LAT_RATE:-100} lines/s after 100 warm-up lines, one \`write\` per"
  echo "line, both connectors following the same file at once; \"Kafka timestamp\" = the record's CreateTime set by the"
  echo "worker's producer; \"consumed\" = seen by a \`read_committed\` consumer, i.e. after the connector's transaction"
  echo "commit — what the streams app sees). Load $L4a → $L4b."
  echo
  echo "| connector | received | write → Kafka timestamp (ms) | write → consumed (ms) |"
  echo "|---|---|---|---|"
  while read -r line; do
    t=$(sed -n 's/^topic=\([^ ]*\).*/\1/p' <<<"$line")
    ts=$(sed -n 's/.*write->kafka_ts_ms \(.*\)  write->consumed_ms.*/\1/p' <<<"$line")
    rd=$(sed -n 's/.*write->consumed_ms \(.*\)$/\1/p' <<<"$line")
    row "$([[ $t == bench.tail.lat ]] && echo 'tail source (pilot: poll max wait 200 ms)' || echo 'FileStreamSource (pilot batch.size 2000)')" \
        "$(sed -n 's/.*received=\([^ ]*\).*/\1/p' <<<"$line")" "$ts" "$rd"
  done <"$RAW/latency.txt"
  echo
  echo "**Rotation** (simulator: 100 cars at 1,000 lines/s, ${BENCH_ROT_LINES:-20000} records, rotated every 150,000 bytes, all"
  echo "generations kept; tail source on \`FILE*\` as in the pilot, FileStreamSource on \`FILE\`; topic lines compared as a"
  echo "multiset with the lines of every generation; *foreign* = records that are no line of any file, e.g. half lines)."
  echo
  echo "| rotation | connector | lines in the files | records | lost | duplicated | foreign |"
  echo "|---|---|---|---|---|---|---|"
  for mode in rename copytruncate; do
    rot=$(kv "$RAW/rotation-$mode-writer.txt" rotations)
    while read -r line; do
      t=$(sed -n 's/^topic=\([^ ]*\).*/\1/p' <<<"$line")
      g() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$line"; }
      printf '| %s (%s rotations) | %s | %s | %s | %s | %s | %s |\n' "$mode" "$rot" \
        "$([[ $t == bench.tail.* ]] && echo 'tail source' || echo FileStreamSource)" \
        "$(g file_lines)" "$(g records)" "$(g lost)" "$(g duplicated)" "$(g foreign)"
    done <"$RAW/rotation-$mode.txt"
  done
  echo
  fi
  echo "Whole run $((SECONDS - T0)) s (stack start and stop included); load at the end $END_LOAD. Raw outputs:"
  echo "\`connectors/\` (tool outputs, sink progress CSVs, stack log)."
} >"$OUT/connectors.md"
log "done: $OUT/connectors.md"

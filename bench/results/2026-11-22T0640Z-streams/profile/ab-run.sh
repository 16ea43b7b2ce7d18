#!/usr/bin/env bash
# /tmp/sp/prof.sh TAG THREADS [VAR=VALUE...]: one throughput run of the app on env benchs (already up, raw topic filled).
set -euo pipefail
source /work/main/bench/streams.sh
tag=$1 threads=$2; shift 2
out=/tmp/sp/$tag; mkdir -p $out
cpu() { awk '{print $14+$15}' /proc/$1/stat; }   # utime+stime in clock ticks
BROKER=$(cat $ENV_HOME/run/broker.pid)
tool truncate "$BOOTSTRAP" smartcar.driving smartcar.overspeed smartcar.rejected >&2
l0=$(load)
b0=$(cpu $BROKER)
t0=$(date +%s%3N)
start_app "prof-$tag-$(date +%s)" "$threads" "$out/app.log" "$@"
( while kill -0 $APP_PID 2>/dev/null; do echo "$(date +%s%3N) $(cpu $APP_PID) $(cpu $BROKER)"; sleep 0.5; done ) > $out/cpu.txt 2>/dev/null &
sleep 0.5
id=$(tr '\0' '\n' < /proc/$APP_PID/environ | grep '^SMARTCAR_APPLICATION_ID=' | cut -d= -f2)
if [[ " $* " == *"INPUT=topic"* ]]; then topics="smartcar.driving.raw:0 smartcar.driving:4"; else topics="smartcar.driving.raw:0"; fi
res=$(tool drain "$BOOTSTRAP" "$id" "$t0" 300 "$out/lag.csv" $topics)
l1=$(load)
a1=$(cpu $APP_PID); b1=$(cpu $BROKER)
curl -sf --max-time 3 "http://127.0.0.1:$APP_PORT/metrics" > $out/metrics.json || true
stop_app
t_raw=$(field caught_up_s "$(grep 'topic=smartcar.driving.raw ' <<<"$res")")
first_raw=$(field first_commit_s "$(grep 'topic=smartcar.driving.raw ' <<<"$res")")
t_drv=$(field caught_up_s "$(grep "topic=smartcar.driving " <<<"$res" || true)" || true); t_drv=${t_drv:-$t_raw}
n=1000100
# steady CPU: between first progress and caught up, from the 0.5 s samples
steady=$(awk -v t0=$t0 -v f=$first_raw -v e=$t_raw 'BEGIN{a=-1} { s=($1-t0)/1000; if (s>=f && a<0) {a=$2; ab=$3; as=s} if (s<=e) {z=$2; zb=$3; zs=s} } END{ printf "steadycpu=%.1fs(%.1fus/rec) steadybroker=%.1fs span=%.1fs", (z-a)/100, (z-a)/100*1e6/1000100/((zs-as)/(e-f)), (zb-ab)/100, zs-as }' $out/cpu.txt)
echo "$steady"
echo "$tag thr=$threads raw=$t_raw first=$first_raw drv=$t_drv steady=$(awk -v n=$n -v t=$t_raw -v f=$first_raw 'BEGIN{printf "%.0f", n/(t-f)}') all=$(awk -v n=$n -v t=$t_drv 'BEGIN{printf "%.0f", n/t}') appcpu=$(awk -v a=$a1 'BEGIN{printf "%.1f", a/100}')s brokercpu=$(awk -v a=$b0 -v b=$b1 'BEGIN{printf "%.1f", (b-a)/100}')s $steady load=[$l0 -> $l1] $*" | tee -a /tmp/sp/results.txt

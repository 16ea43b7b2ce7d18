#!/usr/bin/env bash
# ad-hoc A/B: old plugin (base, String converters) vs new plugin (bytes), alternating, on env prof; no JFR
set -uo pipefail
cd /work/main
export STACK_PORT_OFFSET=39000 STACK_APP=false
E=prof; H=.stack/$E; OUT=/tmp/prof/ab; mkdir -p $OUT
BOOT=127.0.0.1:$((9092+39000)); CONNECT=http://127.0.0.1:$((8083+39000))
st() { stack/bin/stack.sh --env $E "$@" >>$OUT/stack.log 2>&1; }
for c in $(curl -sf $CONNECT/connectors | jq -r '.[]'); do curl -sf -X DELETE $CONNECT/connectors/$c; done
cpu() { awk '{ printf "%.2f", ($14+$15)/100 }' /proc/$1/stat; }
n=0
for round in ${ROUNDS:-1 2}; do for v in ${VARIANTS:-base new}; do
  n=$((n+1))
  if [[ $v == base ]]; then pp=/tmp/prof/basewt/connectors/target/plugin; cfgf=/tmp/prof/basewt/connectors/config/smartcar-status-spooldir.json
  else pp=/work/main/connectors/target/plugin; cfgf=/work/main/connectors/config/smartcar-status-spooldir.json; fi
  comp=lz4; case $v in zstd) comp=zstd;; none) comp=none;; esac
  [[ $pp == ${lastpp:-} ]] || { STACK_PROJECT_PLUGIN_PATH=$pp st --only connect down; STACK_PROJECT_PLUGIN_PATH=$pp st --only connect up; }; lastpp=$pp
  t=prof.ab.$v.$round.$RANDOM
  java -cp "$H/bench-tools:.stack/dist/kafka/*" ConnectBench topics $BOOT $t >/dev/null 2>&1
  curl -sf -o /dev/null -X PUT -H 'Content-Type: application/json' --data "$(jq --arg t $t --arg c $comp '.topic=$t | if .["producer.override.compression.type"] then .["producer.override.compression.type"]=$c else . end' $cfgf)" $CONNECT/connectors/ab-$n/config
  for i in $(seq 1 60); do curl -sf $CONNECT/connectors/ab-$n/status | grep -q '"tasks":\[{"id":0,"state":"RUNNING"' && break; sleep 1; done
  cp /tmp/prof/SmartCarStatusInfo_20200322.txt $H/data/bench/staging/
  CP=$(cat $H/run/connect.pid); BP=$(cat $H/run/broker.pid)
  c0=$(cpu $CP); b0=$(cpu $BP); l0=$(cut -d' ' -f1 /proc/loadavg); s=$(date +%s%3N)
  mv $H/data/bench/staging/SmartCarStatusInfo_20200322.txt $H/data/spool/incoming/
  java -cp "$H/bench-tools:.stack/dist/kafka/*" ConnectBench settle $BOOT $t 2160200 $s 300 3000 > $OUT/$v.$round.txt 2>>$OUT/tool.err
  c1=$(cpu $CP); b1=$(cpu $BP); l1=$(cut -d' ' -f1 /proc/loadavg)
  echo "$v round $round: $(head -1 $OUT/$v.$round.txt | grep -o 'records=[0-9]* .*') | $(awk -v c0=$c0 -v c1=$c1 -v b0=$b0 -v b1=$b1 'BEGIN{printf "connect %.2f us/line broker %.2f us/line",(c1-c0)*1e6/2160200,(b1-b0)*1e6/2160200}') | load $l0 -> $l1" | tee -a $OUT/summary.txt
  curl -sf -o /dev/null -X DELETE $CONNECT/connectors/ab-$n
  sleep 3
done; done

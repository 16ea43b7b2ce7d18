#!/usr/bin/env bash
# quota.sh CLONE_DIR BYTES: once the clone's broker answers, sets the spool source's producer quota (experiment)
dir=$1; rate=$2; cp=$(ls -d ~/.cache/smartcar/stack-dist/*/kafka)/'*'
for i in $(seq 1 300); do
  if [[ -f $dir/.stack/dev/run/broker.pid ]] && java -Xmx128m -cp "$cp" /work/probe/quota/Quota.java 127.0.0.1:9092 connector-producer-smartcar-status-spooldir-0 "$rate" >"$dir.quota.log" 2>&1; then
    echo "quota set $(date +%T)" >>"$dir.quota.log"; exit 0
  fi
  sleep 2
done

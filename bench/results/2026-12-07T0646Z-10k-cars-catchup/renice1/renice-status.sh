#!/usr/bin/env bash
# Experiment only: renice the status path's threads (app status instance, spool source task) to 19, for 300 s.
home=$1; log=$2; end=$((SECONDS+400)); declare -A done_
while ((SECONDS < end)); do
  for part in app connect; do
    pid=$(cat "$home/.stack/dev/run/$part.pid" 2>/dev/null) || continue
    [[ -d /proc/$pid ]] || continue
    case $part in app) pat='status';; connect) pat='status-spooldir';; esac
    jcmd "$pid" Thread.print 2>/dev/null | grep -E '^"' | grep -i -- "$pat" | while read -r line; do
      nid=$(grep -o 'nid=0x[0-9a-f]*' <<<"$line" | cut -d= -f2); [[ -n $nid ]] || continue
      tid=$((nid)); name=$(cut -d'"' -f2 <<<"$line")
      if [[ $(awk '{print $19}' /proc/$pid/task/$tid/stat 2>/dev/null) == 0 ]]; then
        renice -n 19 -p "$tid" >/dev/null 2>&1 && echo "$(date +%T) $part $tid $name" >>"$log"
      fi
    done
  done
  sleep 2
done

# shellcheck shell=bash
# bench/lib.sh — sourced by the server benchmarks (bench/day.sh, bench/scale.sh): the env a benchmark runs on, from
# the port plan; its log and stack.sh; the CPU of the env's servers; and the env stopped however the script ends.
# The caller sets RAW (its raw-output folder) before calling these, and runs from the checkout's root.

bench_env() { # bench_env NAME APP: env NAME at its offset in stack/conf/ports.conf (STACK_APP=APP); its addresses as STACK_*
  ENV_NAME=$1
  STACK_PORT_OFFSET=$(awk -v e="$ENV_NAME" '$1 == e {print $2}' stack/conf/ports.conf)
  export STACK_PORT_OFFSET STACK_APP=$2
  eval "$(stack/bin/stack.sh --env "$ENV_NAME" env --shell)"
  H=$STACK_ENV_HOME
}
bench_require() { # bench_require FILE...: each built, or the script stops saying which to build
  local f
  for f in "$@"; do
    [[ -e $f ]] || { echo "$0: $f is missing: build it first (mvn install -DskipTests)" >&2; exit 1; }
  done
}
log() { echo "[$(basename "$0" .sh)-bench $(date -u +%H:%M:%S)] $*" | tee -a "$RAW/run.log" >&2; }
stack() { "$ROOT/stack/bin/stack.sh" --env "$ENV_NAME" "$@" >>"$RAW/stack.log" 2>&1; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
now_ms() { date +%s%3N; }
cpu_of() { # cpu_of COMPONENT: user + system seconds of the env's process (its recorded PID), 0 when it is not up
  local p
  p=$(cat "$H/run/$1.pid" 2>/dev/null) && awk -v t="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / t }' \
    "/proc/$p/stat" 2>/dev/null || echo 0
}
bench_stop_env() {
  local rc=$?
  log "stopping env $ENV_NAME (down)"
  stack down || log "'stack.sh --env $ENV_NAME down' failed: see $RAW/stack.log"
  exit $rc
}
bench_stop_env_on_exit() { trap bench_stop_env EXIT; }   # the env goes down when the script ends, whatever the exit

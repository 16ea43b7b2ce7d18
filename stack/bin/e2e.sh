#!/usr/bin/env bash
# make run's path, small, as a test: a fresh env 'e2e' (ports +20000), deploy (streams app included), then the
# pilot runner with garbage lines, whose verdict checks HBase, smartcar.rejected, Redis and smartcar.overspeed
# against an independent recount. Exit code = the pilot's (0 = every check passed). The env is always stopped.
#   stack/bin/e2e.sh [pilot options...]     default: --cars 10 --duration 40s --garbage-rate 0.05
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
STACK=stack/bin/stack.sh
export STACK_PORT_OFFSET=${E2E_PORT_OFFSET:-20000} STACK_APP=true
o=$STACK_PORT_OFFSET
say() { printf '[e2e %s] %s\n' "$(date +%H:%M:%S)" "$*"; }

stop() { say "stopping env e2e"; $STACK --env e2e down >/dev/null 2>&1 || $STACK --env e2e down; }
trap stop EXIT
trap 'exit 130' INT TERM

$STACK --env e2e clean >/dev/null 2>&1
$STACK --env e2e up || { say "env e2e did not start"; exit 1; }
$STACK --env e2e deploy || { say "deploy on env e2e failed"; exit 1; }

args=("$@"); ((${#args[@]})) || args=(--cars 10 --duration 40s --garbage-rate 0.05)
say "pilot ${args[*]}"
SMARTCAR_ENV=e2e SMARTCAR_BOOTSTRAP=127.0.0.1:$((9092 + o)) SMARTCAR_REDIS=127.0.0.1:$((6379 + o)) \
  SMARTCAR_ZOOKEEPER=127.0.0.1:$((2181 + o)) SMARTCAR_REGISTRY=http://127.0.0.1:$((8081 + o))/apis/ccompat/v7 \
  bin/smartcar pilot "${args[@]}"
rc=$?
say "pilot exit code $rc"
exit $rc

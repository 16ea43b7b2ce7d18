#!/usr/bin/env bash
# `make test` (and .ci/run through it): the test gate, on ONE test stack (env 'test', ports +10000, so a running
# `make up` stack is not disturbed; a three-node Kafka cluster):
#   1. build the reactor once, with the unit and TopologyTestDriver tests (the JMH module stays out: -Pbench);
#   2. a fresh test stack;  3. the self-test of a fresh stack;
#   4. every integration test (*IT, failsafe) against it, on what step 1 built (no second build). The connectors'
#      ITs (which kill Connect and stop HBase) and the streams app's (which stop Redis) touch different servers,
#      so they run side by side; the CLI's, which reads HBase and Redis, after both;
#   5. make run's path end to end on the same stack: deploy, the streams app, the pilot with garbage lines and
#      every check of its verdict, with the leading Kafka node SIGKILLed mid-run and restarted 10 s later
#      (stack/bin/chaos.sh leader-hard-kill),
#      then the security checks of the running stack (chaos.sh security);
#   6. the self-test of the used stack: a second deploy finds everything, down + up keeps every object.
# Each fault has one home in the gate (stack/README.md › Tests); `make chaos` runs the whole fault matrix end to
# end. Everything the gate writes goes under target/test-gate/ (ignored). The test stack is always stopped at the
# end (trap); the exit code is the first failure's.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT" || exit 2
STACK="stack/bin/stack.sh --env test"
MVN=${MVN:-mvn -B}
OUT=${TEST_GATE_DIR:-$ROOT/target/test-gate}
# The integration tests start their own streams-app instances on topics of their own: the stack runs none until
# step 5 deploys it.
export STACK_APP=false
# The test env is a replicated cluster of three KRaft nodes (3 replicas, min.insync.replicas=2), as users deploy
# Kafka: every integration test runs on it, and step 5 hard-kills the node that leads the most partitions and
# coordinates transactions, under the exactly-once sources and app. TEST_BROKERS=1: one node, and step 5 stops it.
export STACK_BROKERS=${TEST_BROKERS:-3}
# One worker in the test env: a restarted worker gets its tasks back at once instead of after the group's delay for
# a worker that may come back (WorkerCrashIT restarts it; make chaos's scale-out keeps the stack's default).
export STACK_CONNECT_REBALANCE_DELAY_MS=${STACK_CONNECT_REBALANCE_DELAY_MS:-0}
t0=$SECONDS
say() { printf '[test %s +%ss] %s\n' "$(date +%H:%M:%S)" "$((SECONDS - t0))" "$*"; }
rm -rf "$OUT" && mkdir -p "$OUT"
declare -A took

step() { took[$1]=$((SECONDS - ${step_t0:-$SECONDS})); }

step_t0=$SECONDS
say "1/6 shellcheck (make lint), build + unit tests + Checkstyle: $MVN install"
make -s lint || { say "shellcheck found warnings in stack/bin, bench/ or .ci/run (make lint)"; exit 1; }
$MVN install || { say "unit tests FAILED"; exit 1; }
step build

stopped=
stop_stack() { [[ -n $stopped ]] && return; stopped=1; say "stopping the test stack"; $STACK down >"$OUT/stack-down.log" 2>&1 || true; }
trap stop_stack EXIT
trap 'exit 130' INT TERM

step_t0=$SECONDS
say "2/6 fresh test stack: $STACK clean && $STACK up"
$STACK clean >"$OUT/stack-clean.log" 2>&1 || { say "could not clean the test stack"; exit 1; }
$STACK up || { say "the test stack did not start"; exit 1; }
step stack

step_t0=$SECONDS
say "3/6 self-test of the fresh stack"
stack/bin/stack-selftest.sh --phase fresh
selftest_rc=$?
step selftest

# Failsafe's goals alone, not a lifecycle phase: the ITs run on what step 1 compiled, packaged and installed.
mapfile -t it_props < <($STACK env)
its() { # its NAME MODULES: one failsafe run over those modules, its output in $OUT/its-NAME.log
  $MVN -pl "$2" failsafe:integration-test failsafe:verify -DskipITs=false "${it_props[@]}" \
    -Dsmartcar.report.dir="$OUT/fragments" >"$OUT/its-$1.log" 2>&1
  local rc=$?
  grep -h 'Tests run:.* in ' "$OUT/its-$1.log" | sed "s/^\[[A-Z]*\] /  [$1] /"
  ((rc == 0)) || { say "integration tests of $2 FAILED (exit $rc); the end of its-$1.log:"; tail -60 "$OUT/its-$1.log"; }
  return $rc
}
step_t0=$SECONDS
say "4/6 integration tests: $MVN -pl MODULES failsafe:integration-test failsafe:verify \$($STACK env) (logs: ${OUT#"$ROOT"/}/its-*.log)"
its connectors connectors & connectors_pid=$!
its streams schemas,simulator,streams-app & streams_pid=$!
wait "$connectors_pid"; it_rc=$?
wait "$streams_pid"; rc=$?; ((it_rc)) || it_rc=$rc
its cli cli; rc=$?; ((it_rc)) || it_rc=$rc
step its

# One pilot run with garbage lines and one fault no IT covers (the leading Kafka node SIGKILLed, back 10 s later;
# on one node, that node stopped for 10 s). A car whose records stop for longer than the grace on the wall clock
# has its windows closed (README › Guarantees); a broker's stop and start plus the catch-up after it took 60+ s on
# a loaded machine, so the app runs with a grace of 90 s here (the
# last windows close 90 s after the drivers stop; make chaos, whose collectors are down for a minute, uses 120 s).
step_t0=$SECONDS
fault=leader-hard-kill; ((STACK_BROKERS == 1)) && fault=broker-stop
say "5/6 end to end: stack/bin/chaos.sh $fault security on env test (report: ${OUT#"$ROOT"/}/e2e/REPORT.md)"
CHAOS_ENV=test CHAOS_REUSE_ENV=true CHAOS_REPORT_DIR="$OUT/e2e" CHAOS_GRACE_MS=${TEST_GRACE_MS:-90000} \
  CHAOS_OUTAGE_S=${TEST_OUTAGE_S:-10} CHAOS_DURATION=${TEST_DURATION:-60s} \
  stack/bin/chaos.sh "$fault" security
e2e_rc=$?
step e2e

step_t0=$SECONDS
say "6/6 self-test of the used stack"
stack/bin/stack-selftest.sh --phase used
rc=$?; ((selftest_rc)) || selftest_rc=$rc
step used

say "took: build ${took[build]} s, stack ${took[stack]} s, self-test ${took[selftest]} s, ITs ${took[its]} s, end to end ${took[e2e]} s, used-stack checks ${took[used]} s"
say "self-test rc=$selftest_rc, integration tests rc=$it_rc, end to end rc=$e2e_rc"
for rc in "$it_rc" "$selftest_rc" "$e2e_rc"; do ((rc == 0)) || exit "$rc"; done
exit 0

#!/usr/bin/env bash
# `make test` (and .ci/run through it): unit tests, then the stack self-test and every integration test (*IT)
# against a real test stack (env 'test', ports +10000, so a running `make up` stack is not disturbed), then
# the reliability suite's whole-pipeline scenarios (stack/bin/chaos.sh, env 'chaos', ports +30000): make run's
# path without a fault, then with each fault. Its bad-input and bad-configuration pieces are ITs of step 4.
# The test stack is always stopped at the end (trap); the exit code is the first failure's.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
STACK=stack/bin/stack.sh
MVN=${MVN:-mvn -B}
# The integration tests start their own streams-app instances on the test topics: the stack must not run one.
export STACK_APP=false
t0=$SECONDS
# The reliability suite's scenarios run here: all but the rotations (TailSourceIT covers them in step 4; `make
# chaos` runs them end to end) and bad-input and bad-config, which step 4 runs as ITs.
CHAOS_SCENARIOS=${CHAOS_SCENARIOS:-baseline connect-kill app-kill broker-stop hbase-redis-stop scale-out security}
say() { printf '[test %s +%ss] %s\n' "$(date +%H:%M:%S)" "$((SECONDS - t0))" "$*"; }

say "1/5 build + unit tests: $MVN install"
$MVN install || { say "unit tests FAILED"; exit 1; }

stopped=
stop_stack() { [[ -n $stopped ]] && return; stopped=1; say "stopping the test stack"; $STACK --env test down || true; }
trap stop_stack EXIT
trap 'exit 130' INT TERM

say "2/5 fresh test stack: $STACK --env test clean && $STACK --env test up"
$STACK --env test clean || { say "could not clean the test stack"; exit 1; }
$STACK --env test up || { say "the test stack did not start"; exit 1; }

say "3/5 stack self-test"
stack/bin/stack-selftest.sh
selftest_rc=$?

# Unit tests ran in step 1: -Dtest=none skips them in surefire only (failsafe selects ITs by it.test).
say "4/5 integration tests: $MVN verify -DskipITs=false -Dtest=none \$($STACK --env test env)"
mapfile -t it_props < <($STACK --env test env)
# the ITs that are pieces of the reliability suite (bad input, bad configuration) write into its report
export CHAOS_REPORT_DIR=${CHAOS_REPORT_DIR:-$ROOT/bench/results/$(date -u +%Y-%m-%dT%H%MZ)-chaos}
mkdir -p "$CHAOS_REPORT_DIR/fragments"
$MVN verify -DskipITs=false -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false "${it_props[@]}" \
  -Dsmartcar.report.dir="$CHAOS_REPORT_DIR/fragments"
mvn_rc=$?

stop_stack   # free the cores and memory for the end-to-end run

say "5/5 end to end under faults: stack/bin/chaos.sh ${CHAOS_SCENARIOS} (fresh env chaos, pilot runs with garbage lines)"
# shellcheck disable=SC2086
stack/bin/chaos.sh $CHAOS_SCENARIOS
e2e_rc=$?

say "self-test rc=$selftest_rc, integration tests rc=$mvn_rc, end to end under faults rc=$e2e_rc"
for rc in "$mvn_rc" "$selftest_rc" "$e2e_rc"; do ((rc == 0)) || exit "$rc"; done
exit 0

#!/usr/bin/env bash
# Checks of the local stack itself, run by stack/bin/test.sh (and alone: stack/bin/stack-selftest.sh).
# Uses the running (or started here) env 'test' and a throw-away env 'selftest' (its offset in stack/conf/ports.conf). Every address
# comes from `stack.sh env --shell` (the component table), every check goes through stack.sh's commands.
# Prints one line per check and a closing "N passed, N failed"; exits non-zero on any failure.
#
#   stack/bin/stack-selftest.sh [--phase all|fresh|used]
# fresh: the checks of a stack that was just started; used: `deploy` twice finds everything, and `down` + `up`
# keeps every object — make test runs these after its end-to-end step, on the stack the pilot has just used, so
# they cost one extra `up` instead of a deploy and a restart of their own. all (the default) runs both.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PHASE=all
case ${1:-} in
  --phase) PHASE=${2:-}; shift 2 ;;
  --phase=*) PHASE=${1#--phase=}; shift ;;
  "") ;;
  *) echo "stack-selftest.sh: unknown argument '$1' (expected --phase all|fresh|used)" >&2; exit 2 ;;
esac
[[ $PHASE =~ ^(all|fresh|used)$ ]] || { echo "stack-selftest.sh: --phase '$PHASE': expected all, fresh or used" >&2; exit 2; }
# The test env never runs the streams app: the integration tests start their own instances on its topics.
export STACK_APP=${STACK_APP:-false}
# Every env at its recorded size (the test env's, from make test's first `up`); a new one (dev, scratch) at one node.
unset STACK_BROKERS
cd "$ROOT" || exit 2
STACK=stack/bin/stack.sh
ENV='test'
SCRATCH=selftest
# shellcheck source=listeners.sh
source "$ROOT/stack/bin/listeners.sh"
SCRATCH_OFFSET=$(awk -v e=$SCRATCH '$1 == e {print $2}' stack/conf/ports.conf)
# the test env's addresses: STACK_BOOTSTRAP, STACK_CCOMPAT_URL, STACK_CONNECT_URL, STACK_ZK, STACK_PORTS, STACK_ENV_HOME...
ADDRESSES=$($STACK --env $ENV env --shell) || exit 2
eval "$ADDRESSES"
H=$STACK_ENV_HOME
# scratch VAR: one STACK_* value of the scratch env
scratch() { (eval "$(STACK_PORT_OFFSET=$SCRATCH_OFFSET $STACK --env $SCRATCH env --shell)" && echo "${!1}"); }
# port_list ENV [OFFSET]: the env's "component:port:role ..." list
port_list() { (eval "$(STACK_PORT_OFFSET=${2:-} $STACK --env "$1" env --shell)" && echo "$STACK_PORTS"); }
PASSED=0 FAILED=0
OWN_PIDS=()

say() { printf '[selftest %s] %s\n' "$(date +%H:%M:%S)" "$*"; }

# run_check NAME FUNCTION: a check passes when its function returns 0; its output is shown only on failure
run_check() {
  local name=$1 out rc t0=$SECONDS; shift
  out=$("$@" 2>&1); rc=$?
  if ((rc == 0)); then
    PASSED=$((PASSED + 1)); say "PASS $name ($((SECONDS - t0))s)${out:+ — ${out##*$'\n'}}"
  else
    FAILED=$((FAILED + 1)); say "FAIL $name ($((SECONDS - t0))s)"
    printf '%s\n' "$out" | tail -40 | sed 's/^/    /'
  fi
}
expect() { # expect DESCRIPTION COMMAND...: print the description when the command fails
  local what=$1; shift
  "$@" || { echo "expected: $what"; return 1; }
}

cleanup() {
  local p; for p in "${OWN_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  STACK_PORT_OFFSET=$SCRATCH_OFFSET $STACK --env $SCRATCH clean >/dev/null 2>&1 || true
}
trap cleanup EXIT

pid_list() { local f; for f in "$H"/run/*.pid; do [[ -f $f ]] && printf '%s=%s ' "$(basename "$f" .pid)" "$(cat "$f")"; done; }
hbase_tool() { java -Dlog4j2.configurationFile="$ROOT/stack/conf/templates/tools-log4j2.properties" \
  --add-opens java.base/java.nio=ALL-UNNAMED -Dstack.zookeeper="$STACK_ZK" \
  -cp "$H/conf/hbase-site.jar:$ROOT/.stack/dist/hbase/*" stack/tools/HBaseTables.java "$@"; }

# ---------------------------------------------------------------- checks
check_versions() {
  local k want got
  for k in kafka.version hbase.version; do
    want=$(grep -m1 -o "<$k>[^<]*</$k>" pom.xml); got=$(grep -m1 -o "<$k>[^<]*</$k>" stack/runtime/pom.xml)
    expect "stack/runtime/pom.xml $got equal to the parent pom's $want" test "$want" == "$got" || return 1
  done
  echo "runtime pom matches the parent pom: $want"
}

check_env_props() {
  local out; out=$($STACK --env test env) || return 1
  expect "8 properties" test "$(wc -l <<<"$out")" -eq 8 || return 1
  # the bootstrap: node 1 first, then the others of a three-node cluster (19192, 19292)
  local boot="-Dsmartcar.it.bootstrap=127.0.0.1:19092"
  [[ $STACK_BROKERS == 3 ]] && boot+=",127.0.0.1:19192,127.0.0.1:19292"
  # the JMX exporter of every node (19401, and 19402, 19403 on three) and of the Connect worker (19404)
  local metrics="-Dsmartcar.it.metricsUrls=http://127.0.0.1:19401/metrics"
  [[ $STACK_BROKERS == 3 ]] && metrics+=",http://127.0.0.1:19402/metrics,http://127.0.0.1:19403/metrics"
  metrics+=",http://127.0.0.1:19404/metrics"
  for want in "$boot" "-Dsmartcar.it.registry=http://127.0.0.1:18081/apis/ccompat/v7" \
    "-Dsmartcar.it.connect=http://127.0.0.1:18083" "-Dsmartcar.it.zookeeper=127.0.0.1:12181" "-Dsmartcar.it.redis=127.0.0.1:16379" \
    "-Dsmartcar.it.redisPasswordFile=$H/secrets/redis.password" "-Dsmartcar.it.stackHome=$H" "$metrics"; do
    expect "line '$want' in: $out" grep -qxF -- "$want" <<<"$out" || return 1
  done
  # every port of the table: test = dev + 10000, a custom env = dev + its offset; the properties = the shell form
  expect "env's bootstrap = env --shell's STACK_BOOTSTRAP" grep -qxF -- "-Dsmartcar.it.bootstrap=$STACK_BOOTSTRAP" <<<"$out" || return 1
  # (each env lists the Kafka nodes it has: the test env may be a three-node cluster, dev and scratch one node)
  local dev e c d r t x
  local -A test=() scratch=()
  read -r -a dev <<<"$(port_list dev)"
  for e in $(port_list test); do IFS=: read -r c t r <<<"$e"; test[$c:$r]=$t; done
  for e in $(port_list $SCRATCH "$SCRATCH_OFFSET"); do IFS=: read -r c x r <<<"$e"; scratch[$c:$r]=$x; done
  expect "ports in every env (dev ${#dev[@]}, test ${#test[@]}, scratch ${#scratch[@]})" test ${#dev[@]} -gt 0 -a ${#test[@]} -ge ${#dev[@]} -a ${#scratch[@]} -ge ${#dev[@]} || return 1
  for e in "${dev[@]}"; do
    IFS=: read -r c d r <<<"$e"
    expect "$e: test ${test[$c:$r]:-none}, scratch ${scratch[$c:$r]:-none}" \
      test "${test[$c:$r]:-0}" -eq $((d + 10000)) -a "${scratch[$c:$r]:-0}" -eq $((d + SCRATCH_OFFSET)) || return 1
  done
  out=$($STACK --env never-started env 2>&1) && { echo "a new env without STACK_PORT_OFFSET must be refused"; return 1; }
  expect "the refusal names STACK_PORT_OFFSET" grep -q STACK_PORT_OFFSET <<<"$out" || return 1
  echo "env prints the 8 -D properties; env --shell: ${#dev[@]} ports, test = dev + 10000, a custom env = dev + its offset"
}

check_up_idempotent() {
  local before after out conf_sum
  before=$(pid_list); conf_sum=$(cat "$H"/conf/*.* "$H"/conf/hbase/* | sha256sum)
  out=$($STACK --env $ENV up 2>&1) || { echo "$out"; return 1; }
  after=$(pid_list)
  expect "same PIDs after a second up ($before / $after)" test "$before" == "$after" || return 1
  expect "'nothing to start' in: $out" grep -q "nothing to start" <<<"$out" || return 1
  expect "config files unchanged" test "$conf_sum" == "$(cat "$H"/conf/*.* "$H"/conf/hbase/* | sha256sum)" || return 1
  echo "second up changed nothing: $after"
}

# the components with a recorded PID in the test env (the streams app is not one: the env runs none)
recorded() { local c; for c in $STACK_COMPONENTS; do [[ -f $H/run/$c.pid ]] && echo "$c"; done; }
# first_port COMPONENT: its first port in the test env
first_port() { local e; for e in $STACK_PORTS; do [[ $e == "$1":* ]] && { e=${e#*:}; echo "${e%%:*}"; return; }; done; }

check_listeners_loopback() {
  local c pid lines port n=0 m=0
  for c in $(recorded); do
    pid=$(cat "$H/run/$c.pid"); m=$((m + 1))
    lines=$(listening_sockets "$pid") && [[ -n $lines ]] || { echo "$c (pid $pid) has no listening socket"; return 1; }
    while read -r _ local; do
      n=$((n + 1))
      on_loopback "$local" || { echo "$c (pid $pid) listens on $local, not 127.0.0.1"; return 1; }
    done <<<"$lines"
    port=$(first_port "$c")
    expect "$c listening on 127.0.0.1:$port" grep -q "127.0.0.1\]*:$port$" <<<"$lines" || return 1
  done
  expect "at least the 5 servers recorded (have: $(recorded | tr '\n' ' '))" test "$m" -ge 5 || return 1
  echo "$n listening sockets of the $m recorded PIDs, all on 127.0.0.1"
}

check_secrets() {
  local pw f c
  pw=$(<"$H/secrets/redis.password")
  expect "password of >= 24 chars" test "${#pw}" -ge 24 || return 1
  expect "secrets/ mode 700" test "$(stat -c %a "$H/secrets")" == 700 || return 1
  for f in "$H"/secrets/*; do expect "$f mode 600" test "$(stat -c %a "$f")" == 600 || return 1; done
  if grep -rqF -- "$pw" "$H/logs" "$H/conf" "$H/stack.properties"; then echo "the Redis password appears in a log or config file"; return 1; fi
  for c in $(recorded); do
    if grep -qF -- "$pw" <<<"$(tr '\0' ' ' <"/proc/$(cat "$H/run/$c.pid")/cmdline")"; then echo "the Redis password is on $c's command line"; return 1; fi
  done
  expect "Redis refuses commands without the password" grep -q '^-NOAUTH' <<<"$($STACK --env $ENV redis --no-auth PING)" || return 1
  expect "Redis answers with the password" test "$($STACK --env $ENV redis PING)" == PONG || return 1
  echo "password only in secrets/ (600), not in logs, configs or command lines; AUTH enforced"
}

release_ports() { local p; for p in "${OWN_PIDS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; OWN_PIDS=(); }
hold_port() { # hold_port PORT: a listener we own, until release_ports / cleanup
  java stack/test/PortHolder.java "$1" >/tmp/selftest-holder-$1.log 2>&1 &
  OWN_PIDS+=($!)
  local _; for _ in $(seq 1 300); do [[ -n $(ss -Hltn "sport = :$1") ]] && return 0; sleep 0.2; done   # 60 s: java compiles it first
  echo "could not hold port $1"; return 1
}

check_port_taken() { check_port_taken_steps; local rc=$?; release_ports; return $rc; }
check_port_taken_steps() {
  local port rport out rc t0
  port=$(scratch STACK_KAFKA_PORT) && rport=$(scratch STACK_REDIS_PORT) || return 1
  hold_port "$port" || return 1
  t0=$SECONDS
  out=$(STACK_PORT_OFFSET=$SCRATCH_OFFSET timeout 120 $STACK --env $SCRATCH up 2>&1); rc=$?
  echo "$out" | tail -3
  expect "up fails (rc $rc)" test "$rc" -ne 0 -a "$rc" -ne 124 || return 1
  expect "fails within 20 s (took $((SECONDS - t0)) s)" test $((SECONDS - t0)) -le 20 || return 1
  expect "the message names the broker and port $port" grep -q "cannot start broker: port $port" <<<"$out" || return 1
  expect "nothing was started" test -z "$(ls "$ROOT/.stack/$SCRATCH/run/" 2>/dev/null)" || return 1
  hold_port "$rport" || return 1
  out=$(STACK_PORT_OFFSET=$SCRATCH_OFFSET timeout 120 $STACK --env $SCRATCH up --only redis 2>&1); rc=$?
  expect "up --only redis fails naming redis and port $rport: $out" grep -q "cannot start redis: port $rport" <<<"$out" || return 1
  echo "a taken port fails 'up' in $((SECONDS - t0))s, naming the component and the port"
}

check_port_plan() {
  local out rc lo hi
  out=$($STACK plan --range 32768-60999 2>&1) || { echo "$out"; return 1; }
  expect "the plan lists the test and chaos envs: $out" grep -qE "^test .*^chaos |^chaos " <<<"$out" || return 1
  out=$($STACK plan --range 14000-20000 2>&1) && { echo "a range the plan's ports fall in must be refused: $out"; return 1; }
  expect "the refusal names a port and the range" grep -q "lies in the kernel's ephemeral port range 14000-20000" <<<"$out" || return 1
  # up: an offset that puts a port in this kernel's ephemeral range, or one shared with another env, starts nothing
  read -r lo hi </proc/sys/net/ipv4/ip_local_port_range
  out=$(STACK_PORT_OFFSET=$((lo - 2000)) $STACK --env planbad up 2>&1); rc=$?
  expect "up refuses offset $((lo - 2000)) (rc $rc): $out" test "$rc" -ne 0 || return 1
  expect "naming the port and the range $lo-$hi" grep -q "lies in the kernel's ephemeral port range $lo-$hi" <<<"$out" || return 1
  out=$(STACK_PORT_OFFSET=10000 $STACK --env planbad up 2>&1); rc=$?
  expect "up refuses env test's offset for another env (rc $rc): $out" grep -q "of env test (offset 10000): two envs must never share a port" <<<"$out" || return 1
  expect "nothing was started" test ! -e "$ROOT/.stack/planbad/run" || return 1
  rm -rf "$ROOT/.stack/planbad" "$ROOT/.stack/planbad.lock"
  echo "port plan: no env's port in the ephemeral range $lo-$hi or shared; up refuses either, naming the port"
}

check_dies_fast() {
  local out rc t0=$SECONDS
  # an impossible heap makes the broker JVM exit at once: up must notice, name it, show its log, and stop
  out=$(STACK_PORT_OFFSET=$SCRATCH_OFFSET STACK_BROKER_HEAP=-Xmx1z timeout 120 $STACK --env $SCRATCH up --only broker 2>&1); rc=$?
  expect "up fails (rc $rc)" test "$rc" -ne 0 -a "$rc" -ne 124 || { echo "$out"; return 1; }
  expect "fails within 30 s (took $((SECONDS - t0)) s)" test $((SECONDS - t0)) -le 30 || return 1
  expect "names the broker: $out" grep -q "broker FAILED" <<<"$out" || return 1
  expect "shows the end of its log" grep -q "Invalid maximum heap size" <<<"$out" || return 1
  echo "a component that dies during start-up is named with its log tail in $((SECONDS - t0))s"
}

check_deploy_idempotent() {
  local out
  # in phase 'used' the end-to-end step has deployed already: this is the second deploy
  [[ $PHASE == used ]] || { out=$($STACK --env $ENV deploy 2>&1) || { echo "$out"; return 1; }; }
  out=$($STACK --env $ENV deploy 2>&1) || { echo "$out"; return 1; }
  expect "second deploy finds the topics: $out" grep -q "topic smartcar.status .*exists" <<<"$out" || return 1
  expect "second deploy finds the tables" grep -q "table DriverCarInfo .*exists" <<<"$out" || return 1
  echo "deploy ran twice, second time: everything exists"
}

PERSIST_TOPIC=selftest.persist
check_persistence() {
  local out before_subjects after_subjects before_conn after_conn t0 restart base want
  # the test env may keep data from an earlier run: count from where the topic stands now
  base=$($STACK --env $ENV status 2>/dev/null | awk -v t=$PERSIST_TOPIC '$1 == t {print $3}')
  want=$(( ${base:-0} + 3 ))
  # state before: 3 records, 1 HBase row in a table of our own, a Redis key, the registry's subjects, connectors
  printf 'one\ntwo\nthree\n' | java -Dlog4j2.configurationFile="$ROOT/stack/conf/templates/tools-log4j2.properties" \
    -cp "$ROOT/.stack/dist/kafka/*" org.apache.kafka.tools.ConsoleProducer --bootstrap-server "$STACK_BOOTSTRAP" \
    --topic $PERSIST_TOPIC || { echo "producing to $PERSIST_TOPIC failed"; return 1; }
  hbase_tool create "" SelftestPersist:cf1 >/dev/null && hbase_tool put SelftestPersist row-1 cf1:q v1 \
    || { echo "HBase put failed"; return 1; }
  $STACK --env $ENV redis SET selftest:persist kept >/dev/null || return 1
  before_subjects=$(curl -sf "$STACK_CCOMPAT_URL/subjects") || { echo "registry unreachable"; return 1; }
  before_conn=$(curl -sf "$STACK_CONNECT_URL/connectors") || { echo "connect unreachable"; return 1; }
  out=$($STACK --env $ENV status 2>&1)
  expect "status shows $PERSIST_TOPIC with end offset $want: $out" grep -Eq "^$PERSIST_TOPIC +1 +$want " <<<"$out" || return 1

  $STACK --env $ENV down 2>&1 | tail -1 || return 1
  expect "no PID file left after down" test -z "$(ls "$H/run/")" || return 1
  local ports; ports=$(for e in $STACK_PORTS; do e=${e#*:}; echo "${e%%:*}"; done | paste -sd'|' -)
  expect "no listener left on the test ports ($ports)" bash -c "! ss -Hltn | grep -Eq ':($ports) '" || return 1
  t0=$SECONDS
  $STACK --env $ENV up 2>&1 | tail -1 || return 1
  restart=$((SECONDS - t0))

  out=$($STACK --env $ENV status 2>&1)
  expect "records kept: $out" grep -Eq "^$PERSIST_TOPIC +1 +$want " <<<"$out" || return 1
  for t in $(awk '!/^#/ && NF {print $1}' stack/conf/topics.conf); do
    expect "topic $t kept" grep -Eq "^$t " <<<"$out" || return 1
  done
  expect "HBase row kept: $(grep -E '^SelftestPersist ' <<<"$out")" grep -Eq "^SelftestPersist +cf1 +1 +1 " <<<"$out" || return 1
  expect "HBase tables kept with their 5 regions: $(grep -E '^(DriverCarInfo|SmartCarStatusInfo) ' <<<"$out")" \
    grep -Eq "^DriverCarInfo +cf1 +5 " <<<"$out" || return 1
  expect "Redis key kept" test "$($STACK --env $ENV redis GET selftest:persist)" == kept || return 1
  after_subjects=$(curl -sf "$STACK_CCOMPAT_URL/subjects")
  expect "subjects kept ($before_subjects / $after_subjects)" test "$before_subjects" == "$after_subjects" || return 1
  expect "global compatibility BACKWARD" grep -q BACKWARD <<<"$(curl -sf "$STACK_CCOMPAT_URL/config")" || return 1
  after_conn=$(curl -sf "$STACK_CONNECT_URL/connectors")
  expect "connectors kept ($before_conn / $after_conn)" test "$before_conn" == "$after_conn" || return 1
  echo "down + up (restart ready in ${restart}s) kept records, topics, table rows, Redis keys, subjects $after_subjects, connectors $after_conn"
}

ensure_docker_compose() {
  command -v docker-compose >/dev/null && return 0
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    say "installing docker-compose (Debian package, no engine) to validate compose/docker-compose.yml"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends docker-compose >/dev/null 2>&1 \
      || { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends docker-compose >/dev/null 2>&1; }
  fi
  command -v docker-compose >/dev/null
}

check_compose() {
  ensure_docker_compose || { echo "docker-compose is not installed and cannot be (needs root + apt)"; return 1; }
  local cfg=/tmp/selftest-compose-config.yml
  (cd compose && docker-compose -f docker-compose.yml config >"$cfg" 2>&1) || { cat "$cfg"; return 1; }
  # the same services, host ports (127.0.0.1 only) and Connect environment as the embedded stack: the ports of
  # env dev (stack.sh env --shell), the SMARTCAR_* variables the test env's running Connect worker got from stack.sh
  # (those not inherited from this shell); docker-compose is Python, so its interpreter and PyYAML read the file
  local dev up pid names
  dev=$(port_list dev) && up=$( (eval "$($STACK --env dev env --shell)" && echo "$STACK_UP_COMPONENTS") ) || return 1
  pid=$(cat "$H/run/connect.pid" 2>/dev/null) && [[ -r /proc/$pid/environ ]] || { echo "the test env's Connect worker is not running"; return 1; }
  names=$(tr '\0' '\n' <"/proc/$pid/environ" | grep -o '^SMARTCAR_[A-Z0-9_]*' | grep -vxF -f <(compgen -e) | sort -u | paste -sd' ' -)
  /usr/bin/python3 - "$cfg" "$dev" "$up" "$names" <<'EOF' || return 1
import sys, yaml
doc = yaml.safe_load(open(sys.argv[1]).read())
svc = doc["services"]
want_ports, first_port = {}, {}
for entry in sys.argv[2].split():
    component, port, _ = entry.split(":", 2)
    want_ports.setdefault(component, set()).add(int(port))
    first_port.setdefault(component, int(port))
service_of = lambda c: "streams-app" if c == "app" else c   # the compose file's name for the streams app
bad = []
for name in sys.argv[3].split():
    ports = want_ports.get(name, set())
    if service_of(name) not in svc:
        bad.append("service %s missing" % service_of(name)); continue
    got = set()
    for p in svc[service_of(name)].get("ports", []):
        if isinstance(p, dict):   # long syntax
            ip, published = p.get("host_ip"), p.get("published")
        else:                     # docker-compose 1.29 prints "127.0.0.1:9092:9092/tcp"
            parts = str(p).split("/")[0].split(":")
            ip, published = (parts[0], parts[1]) if len(parts) == 3 else (None, parts[0])
        if ip != "127.0.0.1":
            bad.append("%s publishes %s on %s, not 127.0.0.1" % (name, published, ip))
        got.add(int(published))
    # its address port at least (the KRaft controller, for one, stays inside compose's network)
    if first_port.get(name) not in got or not got <= ports:
        bad.append("%s publishes %s, embedded stack uses %s (address port %s)" % (name, sorted(got), sorted(ports), first_port.get(name)))
env_names = set(sys.argv[4].split())
if not env_names:
    bad.append("the Connect worker has no SMARTCAR_* variable")
connect_env = set(svc.get("connect", {}).get("environment", {}).keys())
missing = sorted(env_names - connect_env)
if missing:
    bad.append("compose connect lacks env %s (the embedded worker has them)" % missing)
if "deploy" not in svc:
    bad.append("no deploy service")
if bad:
    print("\n".join(bad)); sys.exit(1)
print("compose valid: services %s, ports and %d Connect env vars match the embedded stack" % (sys.argv[3].split(), len(env_names)))
EOF
}

# ---------------------------------------------------------------- main
say "stack self-test (env $ENV, scratch env $SCRATCH at port offset $SCRATCH_OFFSET)"
started_here=
# (status output captured first: with pipefail, grep -q closing the pipe early would read as "not up")
status_now=$($STACK --env $ENV status 2>/dev/null || true)
if ! grep -Eq '^broker +up' <<<"$status_now"; then
  say "env $ENV is not up: starting it (and stopping it at the end)"
  $STACK --env $ENV up || { say "FAIL could not start env $ENV"; echo "0 passed, 1 failed"; exit 1; }
  started_here=1
fi
if [[ $PHASE == all || $PHASE == fresh ]]; then
  run_check "runtime versions = parent pom" check_versions
  run_check "env prints the IT properties" check_env_props
  run_check "second up is a no-op" check_up_idempotent
  run_check "every listener on 127.0.0.1" check_listeners_loopback
  run_check "Redis password kept secret" check_secrets
  run_check "port plan: no ephemeral, no shared port" check_port_plan
  run_check "taken port fails up fast, named" check_port_taken
  run_check "dying component fails up fast, named" check_dies_fast
  run_check "compose file valid and matching" check_compose
fi
if [[ $PHASE == all || $PHASE == used ]]; then
  run_check "deploy is idempotent" check_deploy_idempotent
  run_check "down + up keeps every object" check_persistence
  if [[ $PHASE == all ]]; then
    # leave the test env neutral for the ITs: the pilot connectors deployed above would consume the contract topics
    for f in connectors/config/*.json; do
      [[ -f $f ]] && curl -sf -o /dev/null -X DELETE "$STACK_CONNECT_URL/connectors/$(basename "$f" .json)" || true
    done
  fi
  $STACK --env $ENV redis DEL selftest:persist >/dev/null 2>&1 || true
fi
[[ -n $started_here ]] && $STACK --env $ENV down
echo "$PASSED passed, $FAILED failed"
((FAILED == 0))

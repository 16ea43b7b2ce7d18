#!/usr/bin/env bash
# Scenario 9 of the reliability suite (make chaos): security of the embedded default, on a RUNNING env.
#
#   stack/bin/chaos-security.sh [--env NAME]        (default env: dev; the env must be up)
#
# Checks: (a) every listening socket of the env's recorded PIDs is on 127.0.0.1; (b) Connect REST, the registry,
# the app's HTTP port, Redis, Kafka (and the other server ports) refuse connections on the machine's non-loopback
# IPv4 addresses (N/A when it has none); (c) Redis refuses commands without AUTH and with a wrong password;
# (d) the Redis password is in no connector config, no file under logs/ or conf/, no process command line;
# (e) a secret reaches a throw-away connector through Connect's file config provider: the connector works, the
# REST API shows the placeholder, and the value is not in the worker log. The throw-away connector, its topic's
# output file and its secrets file are removed at the end.
# On an env of the secured profile (STACK_SECURITY=sasl_ssl, issue #22) its own calls authenticate as admin from
# files, every generated password counts as a secret for (d), and (f) checks every denial: Kafka ACLs as each
# principal and clients without credentials (stack/tools/SecurityProbe.java), Connect REST and the registry without
# credentials, the Redis ACL users, and no password in _connect-configs.
# Prints one PASS/FAIL/N/A line per check and "N passed, N failed"; exits non-zero on any failure. With
# SMARTCAR_REPORT_DIR set, also writes the fragment security.md (secured-security.md on a secured env) there.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT" || exit 2
# shellcheck source=listeners.sh
source "$ROOT/stack/bin/listeners.sh"
ENV=dev
while (($#)); do
  case $1 in
    --env) ENV=${2:?--env needs a name}; shift 2 ;;
    --env=*) ENV=${1#--env=}; shift ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "chaos-security.sh: unknown argument '$1' (expected --env NAME)" >&2; exit 2 ;;
  esac
done
H=$ROOT/.stack/$ENV
[[ -f $H/stack.properties ]] || { echo "chaos-security.sh: env '$ENV' has never been started ($H/stack.properties missing)" >&2; exit 2; }
STACK="stack/bin/stack.sh --env $ENV"
# the env's addresses and ports (STACK_CONNECT_URL, STACK_PORTS, ...): stack.sh's component table
ADDRESSES=$($STACK env --shell) || exit 2
eval "$ADDRESSES"
OFFSET=$STACK_ENV_OFFSET
CONNECT=$STACK_CONNECT_URL
PASSWORD_FILE=$STACK_REDIS_PASSWORD_FILE
# The secured profile (STACK_SECURITY=sasl_ssl): the checks' own calls authenticate as admin (curl's netrc file, Kafka
# client settings files: nothing secret on a command line), and the (f) checks run: every denial of issue #22.
SECURITY=${STACK_SECURITY:-none}
CURL_AUTH=() ADMIN_CONFIG=() PRODUCER_CONFIG=() CONSUMER_CONFIG=()
if [[ $SECURITY == sasl_ssl ]]; then
  CURL_AUTH=(--netrc-file "$H/secrets/netrc")
  ADMIN_CONFIG=(--command-config "$H/secrets/client-admin.properties")
  PRODUCER_CONFIG=(--producer.config "$H/secrets/client-admin.properties")
  CONSUMER_CONFIG=(--consumer.config "$H/secrets/client-admin.properties")
fi
# component:port:role of every port of the env
read -r -a PORTS <<<"$STACK_PORTS"

PASSED=0 FAILED=0 NA=0
ROWS=()
say() { printf '[security %s %s] %s\n' "$ENV" "$(date +%H:%M:%S)" "$*"; }

# run_check NAME FUNCTION: 0 = PASS, 2 = N/A (not counted as passed), else FAIL; the last output line is the detail
run_check() {
  local name=$1 out rc detail; shift
  out=$("$@" 2>&1); rc=$?
  detail=${out##*$'\n'}
  case $rc in
    0) PASSED=$((PASSED + 1)); say "PASS $name — $detail"; ROWS+=("| $name | PASS | ${detail//|/\\|} |") ;;
    2) NA=$((NA + 1)); say "N/A  $name — $detail"; ROWS+=("| $name | N/A | ${detail//|/\\|} |") ;;
    *) FAILED=$((FAILED + 1)); say "FAIL $name"; printf '%s\n' "$out" | tail -20 | sed 's/^/    /'
       ROWS+=("| $name | FAIL | ${detail//|/\\|} |") ;;
  esac
}

# Secrets never go on a command line (ours included): grep reads the pattern from a file descriptor.
contains_password() { grep -qF -f <(printf '%s\n' "$PASSWORD"); }   # reads stdin

recorded_pids() { local f; for f in "$H"/run/*.pid; do [[ -f $f ]] && printf '%s %s\n' "$(basename "$f" .pid)" "$(cat "$f")"; done; }
alive() { [[ -n $1 && -d /proc/$1 ]]; }
# can_connect IP PORT: a TCP connection is accepted (3 s at most)
can_connect() { timeout 3 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null; }

# ---------------------------------------------------------------- (a)
check_listeners() {
  local component pid lines local_addr n=0 bad=0
  while read -r component pid; do
    alive "$pid" || { echo "$component: recorded PID $pid is not running"; bad=1; continue; }
    lines=$(listening_sockets "$pid")
    [[ -n $lines ]] || { echo "$component (pid $pid) has no listening socket"; bad=1; continue; }
    while read -r proto local_addr; do
      n=$((n + 1))
      on_loopback "$local_addr" || { echo "$component (pid $pid) $proto socket on $local_addr, not 127.0.0.1"; bad=1; }
    done <<<"$lines"
  done < <(recorded_pids)
  ((bad == 0)) || return 1
  ((n > 0)) || { echo "no recorded PID has a listening socket (is env $ENV up?)"; return 1; }
  echo "$n listening sockets of $(recorded_pids | wc -l) recorded PIDs ($(recorded_pids | cut -d' ' -f1 | tr '\n' ' '| sed 's/ $//')), all on 127.0.0.1"
}

# ---------------------------------------------------------------- (b)
check_not_reachable() {
  local addresses entry component port role ip checked=0 bad=0 running=() skipped=()
  addresses=$(ip -4 -o addr show 2>/dev/null | awk '{split($4, a, "/"); if (a[1] !~ /^127\./) print a[1]}')
  if [[ -z $addresses ]]; then
    echo "this machine has no non-loopback IPv4 address: nothing to connect from"; return 2
  fi
  for entry in "${PORTS[@]}"; do
    IFS=: read -r component port role <<<"$entry"
    if ! can_connect 127.0.0.1 "$port"; then
      skipped+=("$role:$port"); continue   # not running: a refusal elsewhere would prove nothing
    fi
    running+=("$role:$port")
    for ip in $addresses; do
      checked=$((checked + 1))
      if can_connect "$ip" "$port"; then echo "$role port $port ACCEPTS connections on $ip"; bad=1; fi
    done
  done
  ((${#running[@]} > 0)) || { echo "no port of env $ENV accepts on 127.0.0.1 (is it up?)"; return 1; }
  ((bad == 0)) || return 1
  echo "$checked connection attempts to ${#running[@]} listening ports (${running[*]}) on $(tr '\n' ' ' <<<"$addresses" | sed 's/ $//'): all refused${skipped:+; not running, so not checked: ${skipped[*]}}"
}

# ---------------------------------------------------------------- (c)
# redis_exchange [--no-auth] COMMAND ARGS... [-- COMMAND ARGS...]: the commands on one connection, their replies
# (stack/tools/RedisCall.java through `stack.sh redis`); exit 3 when Redis cannot be reached
redis_exchange() { $STACK redis --no-auth "$@"; local rc=$?; ((rc != 3)); }
check_redis_auth() {
  local reply wrong
  reply=$(redis_exchange PING -- SET chaos:security x) || { echo "cannot reach Redis on $STACK_REDIS"; return 1; }
  [[ $(sed -n 1p <<<"$reply") == -NOAUTH* && $(sed -n 2p <<<"$reply") == -NOAUTH* ]] \
    || { echo "without AUTH, PING/SET answered: $(tr '\n' ' ' <<<"$reply")"; return 1; }
  wrong="wrong-$RANDOM$RANDOM"
  reply=$(redis_exchange AUTH "$wrong" -- PING) || { echo "cannot reach Redis"; return 1; }
  [[ $(sed -n 1p <<<"$reply") == -WRONGPASS* || $(sed -n 1p <<<"$reply") == "-ERR invalid password"* ]] \
    || { echo "AUTH with a wrong password answered: $(sed -n 1p <<<"$reply")"; return 1; }
  [[ $(sed -n 2p <<<"$reply") == -NOAUTH* ]] || { echo "after a wrong AUTH, PING answered: $(sed -n 2p <<<"$reply")"; return 1; }
  echo "no AUTH: $(sed -n 1p <<<"$(redis_exchange PING)" | cut -c1-40)…; wrong password: $(sed -n 1p <<<"$reply" | cut -c1-40)…, then still NOAUTH"
}

# ---------------------------------------------------------------- (d)
check_password_not_in_connector_configs() {
  local names name n=0 body
  names=$(curl -sf "${CURL_AUTH[@]}" "$CONNECT/connectors") || { echo "Connect REST $CONNECT unreachable"; return 1; }
  for name in $(tr -d '[]"' <<<"$names" | tr ',' ' '); do
    for path in config tasks; do
      body=$(curl -sf "${CURL_AUTH[@]}" "$CONNECT/connectors/$name/$path") || { echo "GET /connectors/$name/$path failed"; return 1; }
      n=$((n + 1))
      if contains_password <<<"$body"; then echo "the Redis password is in GET /connectors/$name/$path"; return 1; fi
    done
  done
  echo "not in $n responses (GET /connectors/*/config and /tasks of $(wc -w <<<"$(tr -d '[]"' <<<"$names" | tr ',' ' ')") connectors)"
}
check_password_not_in_files() {
  local hits count
  count=$(find "$H/logs" "$H/conf" -type f | wc -l)
  hits=$(grep -rlF -f <(printf '%s\n' "$PASSWORD") "$H/logs" "$H/conf" 2>/dev/null)
  [[ -z $hits ]] || { echo "the Redis password is in: $(tr '\n' ' ' <<<"$hits")"; return 1; }
  echo "not in any of the $count files under $H/logs and $H/conf"
}
check_password_not_in_cmdlines() {
  local f n=0 hits
  hits=$(for f in /proc/[0-9]*/cmdline; do
    n=$((n + 1)); printf '%s ' "${f%/cmdline}"; tr '\0' ' ' <"$f" 2>/dev/null; echo
  done | grep -F -f <(printf '%s\n' "$PASSWORD") | cut -d' ' -f1)
  [[ -z $hits ]] || { echo "the Redis password is on the command line of $(tr '\n' ' ' <<<"$hits")"; return 1; }
  echo "not on the command line of any of the $(ls -d /proc/[0-9]* | wc -l) processes of this machine"
}

# ---------------------------------------------------------------- (e)
TOKEN=sec$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
PROBE=chaos-security-$TOKEN
PROBE_SECRET=$H/secrets/$PROBE.properties
PROBE_OUT=$H/data/tmp/$PROBE.out      # the secret value: where the sink writes (the path carries the token)
PROBE_TOPIC=chaos.security.$TOKEN
PROBE_PASSWORD=pw$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')   # a password-typed setting's secret
PROBE_TOPIC_MADE=$H/data/tmp/$PROBE.topic   # marker: the probe's topic exists (checks run in subshells)
PROBE_LOG_START=$H/data/tmp/$PROBE.logstart
# probe_acl --add|--remove: User:connect may read the probe's topic in its own group (secured env; AclCommand as admin)
probe_acl() {
  java -Xmx128m -Dlog4j2.configurationFile="$ROOT/stack/conf/templates/tools-log4j2.properties" -cp "$ROOT/.stack/dist/kafka/*" \
    org.apache.kafka.tools.AclCommand --bootstrap-server "$STACK_BOOTSTRAP" "${ADMIN_CONFIG[@]}" "$1" ${2:+"$2"} \
    --allow-principal User:connect --operation Read --operation Describe --operation Create --topic "$PROBE_TOPIC" --group "connect-$PROBE"
}
probe_cleanup() {
  [[ $SECURITY == sasl_ssl && -f $PROBE_TOPIC_MADE ]] && probe_acl --remove --force >/dev/null 2>&1
  curl -s -o /dev/null "${CURL_AUTH[@]}" -X DELETE "$CONNECT/connectors/$PROBE" || true
  rm -f "$PROBE_SECRET" "$PROBE_OUT" "$PROBE_LOG_START"
  if [[ -f $PROBE_TOPIC_MADE ]]; then
    rm -f "$PROBE_TOPIC_MADE"
    java -Xmx128m -Dlog4j2.configurationFile="$ROOT/stack/conf/templates/tools-log4j2.properties" -cp "$ROOT/.stack/dist/kafka/*" \
      org.apache.kafka.tools.TopicCommand --bootstrap-server "$STACK_BOOTSTRAP" "${ADMIN_CONFIG[@]}" --delete --topic "$PROBE_TOPIC" \
      >/dev/null 2>&1 || true
  fi
}
check_config_provider() {
  local status config tasks line_count
  if [[ $SECURITY == sasl_ssl ]]; then   # the probe's sink reads its own topic as user connect: allowed for this check only
    probe_acl --add >/dev/null || { echo "could not allow User:connect to read $PROBE_TOPIC (AclCommand as admin)"; return 1; }
  fi
  wc -l <"$H/logs/connect.log" >"$PROBE_LOG_START"   # the worker log lines written from here on are the probe's
  (umask 077; printf 'file=%s\npassword=%s\n' "$PROBE_OUT" "$PROBE_PASSWORD" >"$PROBE_SECRET")
  # A FileStream sink (Apache's, in the stack's plugin folder) whose output file - behaviour-changing - comes
  # from the secrets file through Connect's file config provider.
  curl -sf "${CURL_AUTH[@]}" -o /dev/null -X PUT -H 'Content-Type: application/json' "$CONNECT/connectors/$PROBE/config" -d "{
    \"connector.class\": \"org.apache.kafka.connect.file.FileStreamSinkConnector\", \"tasks.max\": \"1\",
    \"topics\": \"$PROBE_TOPIC\", \"file\": \"\${file:$PROBE_SECRET:file}\",
    \"consumer.override.ssl.key.password\": \"\${file:$PROBE_SECRET:password}\",
    \"key.converter\": \"org.apache.kafka.connect.storage.StringConverter\",
    \"value.converter\": \"org.apache.kafka.connect.storage.StringConverter\"}" \
    || { echo "PUT /connectors/$PROBE/config failed"; return 1; }
  for _ in $(seq 1 120); do
    status=$(curl -sf "${CURL_AUTH[@]}" "$CONNECT/connectors/$PROBE/status")
    [[ $status == *'"tasks":[{'*'"state":"RUNNING"'* ]] && break
    [[ $status == *FAILED* ]] && { echo "the probe connector FAILED: $status"; return 1; }
    sleep 0.5
  done
  [[ $status == *'"tasks":[{'*'"state":"RUNNING"'* ]] || { echo "the probe connector's task is not RUNNING: $status"; return 1; }
  touch "$PROBE_TOPIC_MADE"
  printf 'one\ntwo\nthree\n' | java -Xmx128m -Dlog4j2.configurationFile="$ROOT/stack/conf/templates/tools-log4j2.properties" \
    -cp "$ROOT/.stack/dist/kafka/*" org.apache.kafka.tools.ConsoleProducer --bootstrap-server "$STACK_BOOTSTRAP" "${PRODUCER_CONFIG[@]}" \
    --topic "$PROBE_TOPIC" >/dev/null 2>&1 || { echo "producing to $PROBE_TOPIC failed"; return 1; }
  for _ in $(seq 1 120); do
    line_count=$( [[ -f $PROBE_OUT ]] && wc -l <"$PROBE_OUT" || echo 0)
    ((line_count >= 3)) && break
    sleep 0.5
  done
  [[ $(cat "$PROBE_OUT" 2>/dev/null) == $'one\ntwo\nthree' ]] \
    || { echo "the sink did not write the 3 records to the file named by the secret (has: $(cat "$PROBE_OUT" 2>/dev/null | head -3 | tr '\n' ' '))"; return 1; }
  config=$(curl -sf "${CURL_AUTH[@]}" "$CONNECT/connectors/$PROBE/config")
  tasks=$(curl -sf "${CURL_AUTH[@]}" "$CONNECT/connectors/$PROBE/tasks")
  [[ $config == *"\${file:$PROBE_SECRET:file}"* ]] || { echo "GET config does not show the placeholder: $config"; return 1; }
  [[ $config != *"$TOKEN.out"* && $tasks != *"$TOKEN.out"* ]] || { echo "GET config/tasks shows the resolved value"; return 1; }
  echo "task RUNNING, wrote the 3 records to the file the secret names; GET config and tasks show \${file:…:file}, not the value"
}
# Connect stores a connector's config with the placeholder, resolving it only in the worker's memory: the secret
# never reaches the config topic. (Kafka's INFO config dumps print resolved values of non-password settings, so a
# secret belongs in a PASSWORD-typed setting: (e3).)
check_provider_value_not_in_config_topic() {
  local dump
  dump=$(java -Xmx128m -Dlog4j2.configurationFile="$ROOT/stack/conf/templates/tools-log4j2.properties" \
    -cp "$ROOT/.stack/dist/kafka/*" org.apache.kafka.tools.consumer.ConsoleConsumer \
    --bootstrap-server "$STACK_BOOTSTRAP" "${CONSUMER_CONFIG[@]}" --topic _connect-configs --from-beginning --timeout-ms 8000 2>/dev/null)
  grep -qF "$PROBE.properties" <<<"$dump" || { echo "the probe connector's config is not in _connect-configs: nothing to check"; return 1; }
  if grep -qF "$TOKEN.out" <<<"$dump" || grep -qF "$PROBE_PASSWORD" <<<"$dump"; then
    echo "a resolved secret value is stored in _connect-configs"; return 1
  fi
  echo "_connect-configs ($(wc -l <<<"$dump") records) holds the \${file:…} placeholders, never the values"
}
check_provider_password_not_logged() {
  local hidden
  grep -rqF "$PROBE_PASSWORD" "$H/logs" && { echo "the password-typed setting's value is in a log under $H/logs"; return 1; }
  hidden=$(tail -n +"$(( $(cat "$PROBE_LOG_START" 2>/dev/null || echo 0) + 1 ))" "$H/logs/connect.log" | grep -c 'ssl.key.password = \[hidden\]')
  ((hidden > 0)) || { echo "no '[hidden]' ssl.key.password in the worker log: was the override applied?"; return 1; }
  echo "consumer.override.ssl.key.password from \${file:…}: its value is in no log; the consumer's config dump shows [hidden]"
}


# ---------------------------------------------------------------- (f) the secured profile's denials (issue #22)
tool() { # tool NAME ARGS...: a stack/tools program, compiled once into .stack/dist/tools (as stack.sh does)
  local name=$1 out=$ROOT/.stack/dist/tools/$1; shift
  if [[ ! -f $out/$name.class || $ROOT/stack/tools/$name.java -nt $out/$name.class ]]; then
    mkdir -p "$out"; javac -nowarn -d "$out" -cp "$ROOT/.stack/dist/kafka/*" "$ROOT/stack/tools/$name.java" >"$out/javac.log" 2>&1 \
      || { cat "$out/javac.log"; return 1; }
  fi
  java -Xmx192m -Dlog4j2.configurationFile="$ROOT/stack/conf/templates/tools-log4j2.properties" -cp "$out:$ROOT/.stack/dist/kafka/*" "$name" "$@"
}
check_kafka_denials() {
  local out rc denied
  out=$(tool SecurityProbe "$STACK_BOOTSTRAP" "$H/secrets" 2>&1); rc=$?
  printf '%s\n' "$out" | grep -E '^  (ok|UNEXPECTED)' | sed 's/^  //'
  ((rc == 0)) || { echo "$(grep -c UNEXPECTED <<<"$out") probe(s) not as expected (above)"; return 1; }
  # the broker's authorizer log names the principal and the resource of each denial
  denied=$(grep -c 'Principal = User:app is Denied operation = WRITE .*resource = Topic:LITERAL:smartcar.driving.raw' "$H/logs/broker.log")
  ((denied > 0)) || { echo "the broker log has no 'Principal = User:app is Denied operation = WRITE … Topic:LITERAL:smartcar.driving.raw'"; return 1; }
  echo "$(grep -c '^  ok' <<<"$out") probes as expected: app writing a raw topic, cli writing any topic or creating one, connect reading a raw topic and clients without (or with wrong) SASL credentials are refused; app reads the raw topics and writes its own topics, cli reads; the broker logs 'Principal = User:… is Denied operation = … on resource = Topic:…' for each"
}
check_connect_rest_auth() {
  local code body
  body=$(curl -s -w '\n%{http_code}' -X PUT -H 'Content-Type: application/json' \
    "$CONNECT/connectors/smartcar-driving-tail/config" -d '{"connector.class":"x"}')
  code=${body##*$'\n'} body=${body%$'\n'*}
  [[ $code == 401 ]] || { echo "PUT /connectors/smartcar-driving-tail/config without credentials answered $code: $body"; return 1; }
  echo "DENIED (anonymous) PUT $CONNECT/connectors/smartcar-driving-tail/config: HTTP 401 $body"
  code=$(curl -s -o /dev/null -w '%{http_code}' --netrc-file <(printf 'machine 127.0.0.1 login cli password %s\n' "$(<"$H/secrets/passwords/cli")") "$CONNECT/connectors")
  [[ $code == 401 ]] || { echo "GET /connectors as user cli (not in Connect's realm) answered $code"; return 1; }
  echo "anonymous PUT /connectors/smartcar-driving-tail/config: HTTP 401 ($body); user cli (not in Connect REST's realm): 401; admin: 200"
}
check_registry_auth() {
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' "$STACK_CCOMPAT_URL/subjects")
  [[ $code == 401 ]] || { echo "GET $STACK_CCOMPAT_URL/subjects without credentials answered $code"; return 1; }
  code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/vnd.schemaregistry.v1+json' \
    -d '{"schema":"\"string\""}' "$STACK_CCOMPAT_URL/subjects/chaos-security-value/versions")
  [[ $code == 401 ]] || { echo "POST a schema without credentials answered $code"; return 1; }
  code=$(curl -s -o /dev/null -w '%{http_code}' "${CURL_AUTH[@]}" "$STACK_CCOMPAT_URL/subjects")
  [[ $code == 200 ]] || { echo "GET /subjects as admin answered $code"; return 1; }
  echo "anonymous GET /subjects and POST a schema: HTTP 401; admin: 200"
}
redis_as() { # redis_as USER COMMAND ARGS... [-- ...]: as that Redis ACL user (password from its file)
  local user=$1; shift
  TOOL_JVM_OPTS= tool_redis --password-file "$H/secrets/passwords/$user" --user "$user" "$@"
}
tool_redis() {
  local out=$ROOT/.stack/dist/tools/RedisCall
  if [[ ! -f $out/RedisCall.class || $ROOT/stack/tools/RedisCall.java -nt $out/RedisCall.class ]]; then
    mkdir -p "$out"; javac -nowarn -d "$out" "$ROOT/stack/tools/RedisCall.java" >"$out/javac.log" 2>&1 || { cat "$out/javac.log"; return 1; }
  fi
  java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx32m -cp "$out" RedisCall "$STACK_REDIS" "$@"
}
check_redis_users() {
  local reply key=19990101
  reply=$(redis_as cli SET chaos:security x -- SADD "$key" probe -- SMEMBERS 20200322)
  [[ $(sed -n 1p <<<"$reply") == -NOPERM* && $(sed -n 2p <<<"$reply") == -NOPERM* ]] \
    || { echo "as user cli, SET/SADD answered: $(tr '\n' ' ' <<<"$reply")"; return 1; }
  echo "DENIED User:cli SET chaos:security: $(sed -n 1p <<<"$reply")"
  local cli_set; cli_set=$(sed -n 1p <<<"$reply")
  reply=$(redis_as app SET chaos:security x -- SADD "$key" chaos-security-probe -- SMEMBERS "$key")
  [[ $(sed -n 1p <<<"$reply") == -NOPERM* ]] || { echo "as user app, SET chaos:security answered: $(sed -n 1p <<<"$reply")"; return 1; }
  [[ $(sed -n 2p <<<"$reply") == 1 || $(sed -n 2p <<<"$reply") == 0 ]] || { echo "as user app, SADD $key (an alert key) answered: $(sed -n 2p <<<"$reply")"; return 1; }
  [[ $(sed -n 3p <<<"$reply") == -NOPERM* ]] || { echo "as user app, SMEMBERS $key answered: $(sed -n 3p <<<"$reply")"; return 1; }
  $STACK redis DEL "$key" >/dev/null
  echo "cli: SET and SADD refused ($cli_set), reads allowed; app: SADD on an alert key allowed, SET chaos:security and SMEMBERS refused ($(sed -n 1p <<<"$reply"))"
}
check_secrets_not_in_config_topic() {
  local dump
  dump=$(tool SecurityProbe "$STACK_BOOTSTRAP" "$H/secrets" --dump _connect-configs 2>/dev/null) || { echo "could not read _connect-configs as admin"; return 1; }
  [[ -n $dump ]] || { echo "_connect-configs is empty: nothing to check"; return 1; }
  if contains_password <<<"$dump"; then echo "a password of secrets/ is in _connect-configs"; return 1; fi
  grep -qF '${dir:' <<<"$dump" || { echo "no \${dir:…} reference in _connect-configs (the sink's registry password?)"; return 1; }
  echo "$(wc -l <<<"$dump") records of _connect-configs: none holds a password of secrets/, the sink's registry password is a \${dir:…} reference"
}

# ---------------------------------------------------------------- main
[[ -r $PASSWORD_FILE ]] || { echo "chaos-security.sh: $PASSWORD_FILE is missing: is env $ENV set up?" >&2; exit 2; }
PASSWORD=$(<"$PASSWORD_FILE")
# in a secured env every generated password counts as the secret to look for (d, f5)
if [[ $SECURITY == sasl_ssl ]]; then PASSWORD=$(cat "$PASSWORD_FILE" "$H"/secrets/passwords/*); fi
trap probe_cleanup EXIT
say "security checks of env $ENV (port offset $OFFSET, home $H)"
run_check "(a) every listener of the recorded PIDs on 127.0.0.1" check_listeners
run_check "(b) server ports refuse non-loopback addresses" check_not_reachable
run_check "(c) Redis refuses commands without AUTH and with a wrong password" check_redis_auth
run_check "(d1) Redis password not in connector configs" check_password_not_in_connector_configs
run_check "(d2) Redis password not in logs/ or conf/" check_password_not_in_files
run_check "(d3) Redis password not on any command line" check_password_not_in_cmdlines
run_check "(e1) secret via \${file:…} config provider works, REST shows the placeholder" check_config_provider
run_check "(e2) the provider's values are not in the config topic" check_provider_value_not_in_config_topic
run_check "(e3) a password-typed setting's provider value is not in the worker log" check_provider_password_not_logged
if [[ $SECURITY == sasl_ssl ]]; then
  run_check "(f1) Kafka: each principal only what the ACLs allow; unauthenticated clients refused" check_kafka_denials
  run_check "(f2) Connect REST: a PUT without credentials is refused" check_connect_rest_auth
  run_check "(f3) registry: calls without credentials are refused" check_registry_auth
  run_check "(f4) Redis users: cli only reads, app writes alert keys only" check_redis_users
  run_check "(f5) no password of secrets/ in _connect-configs" check_secrets_not_in_config_topic
fi
probe_cleanup
summary="$PASSED passed, $FAILED failed${NA:+, $NA not applicable}"
[[ $NA == 0 ]] && summary="$PASSED passed, $FAILED failed"
echo "$summary"

if [[ -n ${SMARTCAR_REPORT_DIR:-} ]]; then
  mkdir -p "$SMARTCAR_REPORT_DIR"
  {
    if [[ $SECURITY == sasl_ssl ]]; then printf '## Security of the secured profile (STACK_SECURITY=sasl_ssl)\n\n'
    else printf '## 9. Security of the embedded default\n\n'; fi
    printf '`stack/bin/chaos-security.sh --env %s` on the running env (port offset %s), %s, load average %s: %s.\n\n' \
      "$ENV" "$OFFSET" "$(date -u +%FT%TZ)" "$(cut -d' ' -f1-3 /proc/loadavg)" "$summary"
    printf '| check | result | detail |\n|---|---|---|\n'
    printf '%s\n' "${ROWS[@]}"
    printf '\n'
  } >"$SMARTCAR_REPORT_DIR/$([[ $SECURITY == sasl_ssl ]] && echo secured-security || echo security).md"
fi
((FAILED == 0))

#!/usr/bin/env bash
# The local stack without Docker: KRaft broker, Apicurio registry, Kafka Connect (distributed), HBase
# standalone and Redis, all on 127.0.0.1, all state under <repo>/.stack/. See stack/README.md.
#
#   stack/bin/stack.sh [--env NAME] [--only broker,registry,connect,hbase,redis,app,connect2,app2] up|down|status|deploy|clean|env
#
# The components (ports, addresses, start function, readiness probe, dependencies, stop, timeout, data) are the rows of
# stack/conf/components.conf; this script loops over that table.
#
# `app` is the streams app (streams-app/target/smartcar-streams-app.jar): it needs the topics, so `deploy` starts
# it, and `up` restarts it only in an env that has been deployed. STACK_APP=false keeps it out (the test env).
# `connect2` and `app2` are a second Connect worker (same group) and a second streams-app instance (same
# application.id): scale-out on one machine, started only when named (`up --only connect2,app2`); `down` stops them.
#
# Environments: dev (port offset 0), test (offset 10000), any other NAME with STACK_PORT_OFFSET=N.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
STACK_DIR=$ROOT/stack
STACK_HOME=$ROOT/.stack
DIST=$STACK_HOME/dist
# shellcheck source=../conf/stack.env
source "$STACK_DIR/conf/stack.env"
# shellcheck source=security.sh
source "$STACK_DIR/bin/security.sh"   # the secured profile (STACK_SECURITY=sasl_ssl): its functions only
# shellcheck source=target.sh
source "$STACK_DIR/bin/target.sh"     # deploy --target FILE: onto an existing cluster

# ---------------------------------------------------------------- the component table (stack/conf/components.conf)
TABLE=$STACK_DIR/conf/components.conf
TABLE_COLUMNS=(name ports address start ready fatal needs starts 'then' stop timeout data)
TABLE_COMPONENTS=() ALL_COMPONENTS=() BASE_COMPONENTS=()
declare -A C_PORTS C_ADDRESS C_START C_READY C_FATAL C_NEEDS C_STARTS C_THEN C_STOP C_TIMEOUT C_DATA
load_table() {
  local line n=0 cells cell i name
  while IFS= read -r line || [[ -n $line ]]; do
    n=$((n + 1))
    [[ $line =~ ^[[:space:]]*(#|$) ]] && continue
    IFS='|' read -r -a cells <<<"$line"
    ((${#cells[@]} == ${#TABLE_COLUMNS[@]})) \
      || { echo "stack.sh: $TABLE line $n: ${#cells[@]} columns, expected ${#TABLE_COLUMNS[@]} (${TABLE_COLUMNS[*]})" >&2; exit 1; }
    for i in "${!cells[@]}"; do
      cell=${cells[i]}; cell=${cell#"${cell%%[![:space:]]*}"}; cell=${cell%"${cell##*[![:space:]]}"}
      [[ $cell == - ]] && cell=
      cells[i]=$cell
    done
    name=${cells[0]}
    [[ $name =~ ^[a-z][a-z0-9]*$ ]] || { echo "stack.sh: $TABLE line $n: bad component name '$name'" >&2; exit 1; }
    TABLE_COMPONENTS+=("$name")
    C_PORTS[$name]=${cells[1]} C_ADDRESS[$name]=${cells[2]} C_START[$name]=${cells[3]} C_READY[$name]=${cells[4]}
    C_FATAL[$name]=${cells[5]} C_NEEDS[$name]=${cells[6]//,/ } C_STARTS[$name]=${cells[7]//,/ } C_THEN[$name]=${cells[8]}
    C_STOP[$name]=${cells[9]} C_TIMEOUT[$name]=${cells[10]} C_DATA[$name]=${cells[11]}
  done <"$TABLE"
}
load_table
starts_with() { [[ " ${C_STARTS[$1]} " == *" $2 "* ]]; }   # starts_with NAME up|named|deployed
# node_of NAME: N for a node of a replicated cluster (starts cell node-N), empty otherwise
node_of() { [[ " ${C_STARTS[$1]} " =~ \ node-([0-9]+)\  ]] && echo "${BASH_REMATCH[1]}"; true; }
# The env's components: the table's rows less the cluster nodes it does not have; their needs on those dropped.
cluster_components() {
  local c n need kept
  ALL_COMPONENTS=() BASE_COMPONENTS=()
  for c in "${TABLE_COMPONENTS[@]}"; do
    n=$(node_of "$c"); [[ -n $n ]] && ((n > BROKERS)) && continue
    ALL_COMPONENTS+=("$c")
    starts_with "$c" named || BASE_COMPONENTS+=("$c")
  done
  for c in "${ALL_COMPONENTS[@]}"; do
    kept=; for need in ${C_NEEDS[$c]}; do [[ " ${ALL_COMPONENTS[*]} " == *" $need "* ]] && kept+="${kept:+ }$need"; done
    C_NEEDS[$c]=$kept
  done
}

usage() {
  cat >&2 <<EOF
usage: stack/bin/stack.sh [--env NAME] [--only COMPONENTS] COMMAND
  COMMAND     up | down | status | deploy | compact | clean | env [--shell] | dist | plan [--range LOW-HIGH] | redis ARGS...
              | scrape-config | metrics
              compact: major-compact the HBase tables (status's xLINE then shows the settled storage figure)
              env: the -D properties of the integration tests; env --shell: every port and address as STACK_*=...
              dist: only fetch the servers into .stack/dist; redis PING: one Redis command with the env's password
              scrape-config: the Prometheus configuration 'up --only prometheus' writes for the env (make lint checks it)
              metrics: the metrics addresses (Prometheus text) of the env's running components
              (redis [--no-auth] CMD ARGS... [-- CMD ARGS...]: several commands on one connection)
              plan: every env of conf/ports.conf with its ports, checked against the kernel's ephemeral range (or
              LOW-HIGH) and against each other; exit 1 naming each port that breaks a rule
  deploy --target FILE [--dry-run]: deploy onto the existing cluster a target file describes (docs/target.md);
              --dry-run: print what would change, change nothing
  STACK_SECURITY=none|sasl_ssl: the secured profile (TLS, SASL/SCRAM, ACLs; recorded at the first 'up')
  STACK_BROKERS=1|3 (conf/stack.env): one KRaft node, or a replicated cluster of three (recorded at the first 'up')
  --env NAME  dev (ports as in docs/contract.md §Endpoints, the default), test (ports +10000), or any NAME with
              STACK_PORT_OFFSET=N set (remembered after the first 'up')
  --only LIST comma-separated subset of: ${TABLE_COMPONENTS[*]} (stack/conf/components.conf;
              app = the streams app; connect2, app2 = a second Connect worker and app instance, only started when named)
EOF
  exit 2
}

ENV_NAME=dev ONLY= CMD= ENV_SHELL= PLAN_RANGE= TARGET= DRY_RUN=
while (($#)); do
  case $1 in
    --env) ENV_NAME=${2:?--env needs a name}; shift 2 ;;
    --env=*) ENV_NAME=${1#--env=}; shift ;;
    --only) ONLY=${2:?--only needs a list}; shift 2 ;;
    --only=*) ONLY=${1#--only=}; shift ;;
    -h|--help|help) usage ;;
    up|down|status|deploy|compact|clean|env|dist|plan|scrape-config|metrics) [[ -z $CMD ]] || usage; CMD=$1; shift ;;
    --range) PLAN_RANGE=${2:?--range needs LOW-HIGH}; shift 2 ;;
    --target) TARGET=${2:?--target needs a file}; shift 2 ;;
    --target=*) TARGET=${1#--target=}; shift ;;
    --dry-run) DRY_RUN=true; shift ;;
    --shell) ENV_SHELL=true; shift ;;
    redis) [[ -z $CMD ]] || usage; CMD=redis; shift; REDIS_ARGS=("$@"); break ;;
    *) echo "stack.sh: unknown argument '$1'" >&2; usage ;;
  esac
done
[[ -n $CMD ]] || usage
[[ -z $ENV_SHELL || $CMD == env ]] || usage
[[ -z $PLAN_RANGE || $CMD == plan ]] || usage
[[ -z $TARGET && -z $DRY_RUN || $CMD == deploy ]] || usage
[[ -z $DRY_RUN || -n $TARGET ]] || { echo "stack.sh: --dry-run goes with deploy --target FILE" >&2; exit 2; }

log() { printf '[stack %s %s] %s\n' "$ENV_NAME" "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf '[stack %s %s] ERROR: %s\n' "$ENV_NAME" "$(date +%H:%M:%S)" "$*" >&2; exit 1; }

[[ $ENV_NAME =~ ^[a-z][a-z0-9-]{0,30}$ && $ENV_NAME != dist ]] \
  || die "--env '$ENV_NAME': expected a lower-case name (letters, digits, '-'), not 'dist'"
ENV_HOME=$STACK_HOME/$ENV_NAME

# ---------------------------------------------------------------- components and ports
select_components() {
  local c w wanted
  COMPONENTS=("${ALL_COMPONENTS[@]}")
  [[ $CMD == up ]] && COMPONENTS=("${BASE_COMPONENTS[@]}")   # the scale-out pair only when asked for by name
  [[ -n $ONLY ]] || return 0
  IFS=, read -r -a wanted <<<"$ONLY"
  COMPONENTS=()
  for c in "${ALL_COMPONENTS[@]}"; do   # keep the canonical order whatever the user typed
    for w in "${wanted[@]}"; do [[ $w == "$c" ]] && COMPONENTS+=("$c"); done
  done
  for w in "${wanted[@]}"; do
    [[ " ${ALL_COMPONENTS[*]} " == *" $w "* ]] && continue
    [[ " ${TABLE_COMPONENTS[*]} " == *" $w "* ]] \
      && die "--only: '$w' is node $(node_of "$w") of a replicated cluster; env $ENV_NAME has $BROKERS Kafka node(s) (STACK_BROKERS)"
    die "--only: unknown component '$w' (expected some of: ${ALL_COMPONENTS[*]})"
  done
}
selected() { [[ " ${COMPONENTS[*]} " == *" $1 "* ]]; }

recorded() { [[ -f $STACK_HOME/$1/stack.properties ]] && sed -n "s/^$2=//p" "$STACK_HOME/$1/stack.properties"; true; }
recorded_offset() { recorded "$ENV_NAME" port.offset; }

# The port plan (conf/ports.conf): the planned envs' offsets.
declare -A PLAN_OFFSET=()
PLAN_ENVS=()
while read -r name offset _; do
  [[ -z $name || $name == \#* ]] && continue
  PLAN_OFFSET[$name]=$offset; PLAN_ENVS+=("$name")
done <"$STACK_DIR/conf/ports.conf"

resolve_offset() {
  local fixed=${PLAN_OFFSET[$ENV_NAME]:-} recorded; recorded=$(recorded_offset)
  if [[ -n ${STACK_PORT_OFFSET:-} ]]; then
    [[ $STACK_PORT_OFFSET =~ ^[0-9]+$ ]] && ((STACK_PORT_OFFSET <= 64000)) \
      || die "STACK_PORT_OFFSET='$STACK_PORT_OFFSET': expected a whole number (stack/conf/ports.conf explains the plan)"
    if [[ -n $fixed && $STACK_PORT_OFFSET != "$fixed" ]]; then
      die "env '$ENV_NAME' always uses port offset $fixed (stack/conf/ports.conf), but STACK_PORT_OFFSET=$STACK_PORT_OFFSET: unset it or use --env OTHERNAME"
    fi
    OFFSET=$STACK_PORT_OFFSET
  elif [[ -n $fixed ]]; then OFFSET=$fixed
  elif [[ -n $recorded ]]; then OFFSET=$recorded
  else die "env '$ENV_NAME' is new and not in stack/conf/ports.conf: set STACK_PORT_OFFSET=N for its ports (e.g. 2000; 'stack.sh plan' shows the planned ones)"
  fi
  if [[ -n $recorded && $recorded != "$OFFSET" ]] && any_alive; then
    die "env '$ENV_NAME' is running with port offset $recorded, not $OFFSET: stop it first ('down')"
  fi
}

# The cluster's size: STACK_BROKERS, else what the env recorded at its first 'up', else 1. Replication factor and
# min.insync.replicas follow from it here and only here: the brokers' defaults (every topic and internal topic that
# does not name its own), and `deploy`'s topics.
resolve_brokers() {
  local recorded; recorded=$(recorded "$ENV_NAME" brokers)
  if [[ -n $recorded && ( $CMD == down || $CMD == clean ) ]]; then
    BROKERS=$recorded   # stop (and delete) what runs, whatever size comes next
  elif [[ -n ${STACK_BROKERS:-} ]]; then
    [[ $STACK_BROKERS =~ ^(1|3)$ ]] \
      || die "STACK_BROKERS='$STACK_BROKERS': expected 1 (one KRaft node) or 3 (a replicated cluster of three nodes)"
    if [[ -n $recorded && $recorded != "$STACK_BROKERS" && -f $ENV_HOME/data/kafka/meta.properties ]]; then
      die "env '$ENV_NAME' holds the data of a $recorded-node cluster, not $STACK_BROKERS: 'stack.sh --env $ENV_NAME clean' first (it deletes the env's data)"
    fi
    BROKERS=$STACK_BROKERS
  else BROKERS=${recorded:-1}; fi
  REPLICATION_FACTOR=$((BROKERS >= 3 ? 3 : BROKERS))
  MIN_INSYNC=$((REPLICATION_FACTOR >= 3 ? 2 : 1))
}

# ---------------------------------------------------------------- the port plan's rules (conf/ports.conf)
# plan_ports OFFSET: "port:component:role" for every port of every row of the table (all cluster nodes included)
plan_ports() {
  local c entry base role
  for c in "${TABLE_COMPONENTS[@]}"; do
    for entry in ${C_PORTS[$c]}; do
      base=${entry#*=} role=${base#*/} base=${base%%/*}
      echo "$((base + $1)):$c:$role"
    done
  done
}
ephemeral_range() { # LOW-HIGH: PLAN_RANGE, else the kernel's
  [[ -n $PLAN_RANGE ]] && { echo "$PLAN_RANGE"; return; }
  local r; r=$(cat /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null) || r="32768 60999"
  read -r lo hi <<<"$r"; echo "$lo-$hi"
}
# plan_check ENV OFFSET: one line per broken rule (a port in the ephemeral range, or one shared with another env of
# the plan or of this checkout); false if any
plan_check() {
  local env=$1 off=$2 range lo hi e p c role other ooff bad=0 maxbase=0
  range=$(ephemeral_range); lo=${range%-*} hi=${range#*-}
  [[ $lo =~ ^[0-9]+$ && $hi =~ ^[0-9]+$ ]] || die "--range '$range': expected LOW-HIGH, e.g. 32768-60999"
  local -A mine=()
  for e in $(plan_ports 0); do (( ${e%%:*} > maxbase )) && maxbase=${e%%:*}; done
  local hint="no offset keeps every port below it"
  ((lo - 1 - maxbase >= 0)) && hint="use an offset from 0 to $((lo - 1 - maxbase)) that no other env uses"
  for e in $(plan_ports "$off"); do
    IFS=: read -r p c role <<<"$e"; mine[$p]="$c ${role//-/ }"
    if ((p < 1024 || p > 65535)); then
      echo "port $p ($c ${role//-/ }) of env $env (offset $off) is not between 1024 and 65535"; bad=1
    elif ((p >= lo && p <= hi)); then
      echo "port $p ($c ${role//-/ }) of env $env (offset $off) lies in the kernel's ephemeral port range $lo-$hi (/proc/sys/net/ipv4/ip_local_port_range): any outgoing connection may hold it; $hint (stack/conf/ports.conf)"
      bad=1
    fi
  done
  local -A others=()
  for other in "${PLAN_ENVS[@]}"; do others[$other]=${PLAN_OFFSET[$other]}; done
  for e in "$STACK_HOME"/*/stack.properties; do
    [[ -f $e ]] || continue
    other=$(basename "$(dirname "$e")"); [[ -n ${others[$other]:-} ]] || others[$other]=$(recorded "$other" port.offset)
  done
  for other in "${!others[@]}"; do
    ooff=${others[$other]}; [[ $other == "$env" || -z $ooff ]] && continue
    for e in $(plan_ports "$ooff"); do
      IFS=: read -r p c role <<<"$e"
      [[ -n ${mine[$p]:-} ]] && { echo "port $p (${mine[$p]}) of env $env (offset $off) is also port $p ($c ${role//-/ }) of env $other (offset $ooff): two envs must never share a port"; bad=1; }
    done
  done
  return $bad
}
cmd_plan() {
  local env bad=0 out first last
  printf '%-10s %-7s %s\n' ENV OFFSET "PORTS (all components, 3 Kafka nodes)"
  for env in "${PLAN_ENVS[@]}"; do
    first=$(plan_ports "${PLAN_OFFSET[$env]}" | cut -d: -f1 | sort -n | head -1)
    last=$(plan_ports "${PLAN_OFFSET[$env]}" | cut -d: -f1 | sort -n | tail -1)
    printf '%-10s %-7s %s\n' "$env" "${PLAN_OFFSET[$env]}" "$(plan_ports "${PLAN_OFFSET[$env]}" | wc -l) ports, $first-$last"
  done
  for env in "${PLAN_ENVS[@]}"; do
    out=$(plan_check "$env" "${PLAN_OFFSET[$env]}") || { bad=1; printf '%s\n' "$out" >&2; }
  done
  ((bad == 0)) || die "the port plan breaks its rules (above)"
  log "port plan: ${#PLAN_ENVS[@]} envs, no port in the ephemeral range $(ephemeral_range), no port shared"
}

# subst TEXT: SUBST = TEXT with @NAME@ replaced by the value of shell variable NAME (templates, table cells)
subst() {
  local name; SUBST=$1
  while [[ $SUBST =~ @([A-Z][A-Z0-9_]*)@ ]]; do
    name=${BASH_REMATCH[1]}
    [[ -v $name ]] || die "@$name@ has no value (in: $1)"
    SUBST=${SUBST//@$name@/${!name}}
  done
}

# Every component's ports (base + offset) and addresses, as shell variables named in the table.
declare -A C_PORTLIST   # component -> "port:role ..." for the free-port check, `status` and `env --shell`
set_ports() {
  local c entry var base role
  PORT_VARS=() ADDRESS_VARS=()
  for c in "${ALL_COMPONENTS[@]}"; do
    C_PORTLIST[$c]=
    for entry in ${C_PORTS[$c]}; do
      var=${entry%%=*} base=${entry#*=} role=${base#*/} base=${base%%/*}
      printf -v "$var" '%d' $((base + OFFSET)); PORT_VARS+=("$var")
      C_PORTLIST[$c]+="${!var}:$role "
    done
    for entry in ${C_ADDRESS[$c]}; do
      var=${entry%%=*}; subst "${entry#*=}"; printf -v "$var" '%s' "$SUBST"; ADDRESS_VARS+=("$var")
    done
  done
  # every client bootstraps from every node of the cluster (a list of one on one node)
  local n; for ((n = 2; n <= BROKERS; n++)); do local v=BOOTSTRAP$n; BOOTSTRAP+=",${!v}"; done
  QUORUM_VOTERS=1@127.0.0.1:$CONTROLLER_PORT
  for ((n = 2; n <= BROKERS; n++)); do v=CONTROLLER${n}_PORT; QUORUM_VOTERS+=",$n@127.0.0.1:${!v}"; done
  REDIS_PASSWORD_FILE=$ENV_HOME/secrets/redis.password
}

# "port:role" pairs of a component, for the free-port check and `status`
ports_of() { echo "${C_PORTLIST[$1]}"; }

# the component's first address, then its ports that address does not show
address_of() {
  local var=${C_ADDRESS[$1]%% *} pr more=
  var=${var%%=*}
  for pr in ${C_PORTLIST[$1]}; do
    [[ ${!var} =~ :${pr%%:*}(/|$) ]] || more+="${more:+, }${pr#*:} :${pr%%:*}"
  done
  echo "${!var}${more:+ ($more)}"
}

# ---------------------------------------------------------------- processes (only our own, by recorded PID)
pidfile() { echo "$ENV_HOME/run/$1.pid"; }
recorded_pid() { [[ -f $(pidfile "$1") ]] && cat "$(pidfile "$1")"; true; }

# A PID counts as running unless it is gone or a zombie (this sandbox may not reap at once).
pid_running() {
  local st; [[ -r /proc/$1/stat ]] || return 1
  st=$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1) || return 1
  [[ -n $st && $st != Z && $st != X ]]
}

# Ours = the recorded PID is running AND its command line names this env's home (guards against PID reuse).
alive() {
  local pid; pid=$(recorded_pid "$1")
  [[ -n $pid ]] && pid_running "$pid" || return 1
  local cmdline; cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  [[ $cmdline == *"$ENV_HOME/"* ]]
}
any_alive() { local c; for c in "${TABLE_COMPONENTS[@]}"; do alive "$c" && return 0; done; return 1; }

rss_mb() { awk '/^VmRSS/{printf "%d", $2/1024}' "/proc/$1/status" 2>/dev/null || echo 0; }

# launch NAME CMD...: detached (own session), output to logs/NAME.log (previous run kept as NAME.log.1)
launch() {
  local name=$1; shift
  local logf=$ENV_HOME/logs/$name.log
  [[ -f $logf ]] && mv -f "$logf" "$logf.1"
  # the server must not inherit the env lock (it would hold it for its whole life)
  (if [[ -n ${LOCK_FD:-} ]]; then exec {LOCK_FD}>&-; fi; cd "$ENV_HOME" && exec setsid nohup "$@" >"$logf" 2>&1 </dev/null) &
  echo $! >"$(pidfile "$name")"
  STARTED_AT[$name]=$SECONDS
  log "started $name (pid $!), log: ${logf#"$ROOT"/}"
}

wait_gone() { # wait_gone PID SECONDS
  local pid=$1 deadline=$((SECONDS + $2))
  while pid_running "$pid"; do ((SECONDS < deadline)) || return 1; sleep 0.3; done
}

stop_pid() { # stop_pid NAME PID: SIGTERM, wait, then SIGKILL that PID only
  local name=$1 pid=$2
  if pid_running "$pid"; then kill -TERM "$pid" 2>/dev/null || true; fi
  if ! wait_gone "$pid" "$STACK_STOP_TIMEOUT"; then
    log "$name (pid $pid) did not stop within ${STACK_STOP_TIMEOUT}s: SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    wait_gone "$pid" 15 || log "WARNING: $name pid $pid still present after SIGKILL"
  fi
}

# ---------------------------------------------------------------- Java and server binaries
# (awk reads to the end: exiting early would SIGPIPE java and, with pipefail, fail the whole lookup)
java_major() { "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ && !v {v = $2} END {split(v, p, "."); print p[1]}'; }

# find_java MIN MAX PREFERRED...: first JDK whose major version is within [MIN, MAX]
find_java() {
  local min=$1 max=$2 j v; shift 2
  for j in "$@" ${JAVA_HOME:+"$JAVA_HOME/bin/java"} "$(command -v java || true)" /usr/lib/jvm/*/bin/java; do
    [[ -n $j && -x $j ]] || continue
    v=$(java_major "$j") || continue
    [[ $v =~ ^[0-9]+$ ]] && ((v >= min && v <= max)) && { echo "$j"; return 0; }
  done
  return 1
}
# Kafka and HBase: Java 17..22 (HBase's Hadoop fails on 23+: "getSubject is not supported").
java17() {
  [[ -n ${JAVA17:-} ]] || JAVA17=$(find_java 17 22 ${STACK_JAVA:+"$STACK_JAVA"} /usr/lib/jvm/java-17-openjdk-amd64/bin/java) \
    || die "no JDK 17..22 found for Kafka/HBase (set STACK_JAVA=/path/to/bin/java)"
  echo "$JAVA17"
}
# Apicurio Registry 3.3 is built for Java 21+.
java21() {
  [[ -n ${JAVA21:-} ]] || JAVA21=$(find_java 21 99 ${STACK_REGISTRY_JAVA:+"$STACK_REGISTRY_JAVA"} /usr/lib/jvm/temurin-25-jdk-amd64/bin/java /usr/lib/jvm/temurin-*/bin/java) \
    || die "no JDK 21+ found for Apicurio Registry (set STACK_REGISTRY_JAVA=/path/to/bin/java)"
  echo "$JAVA21"
}

TOOLS_LOG="-Dlog4j2.configurationFile=$STACK_DIR/conf/templates/tools-log4j2.properties"

# Fetch the servers once into .stack/dist (shared by every env); redo when a runtime pom changes.
ensure_dist() {
  local want stamp=$DIST/.stamp
  want=$(cat "$STACK_DIR"/runtime/pom.xml "$STACK_DIR"/runtime/*/pom.xml | sha256sum | cut -c1-16)
  [[ -f $stamp && $(cat "$stamp") == "$want" ]] && return 0
  mkdir -p "$STACK_HOME"
  exec 9>"$STACK_HOME/dist.lock"
  flock 9   # another env may be fetching right now: wait for it instead of racing
  if [[ -f $stamp && $(cat "$stamp") == "$want" ]]; then exec 9>&-; return 0; fi
  rm -rf "$DIST/kafka" "$DIST/hbase" "$DIST/plugins" "$DIST/apicurio" "$DIST/.markers" "$DIST/tools" "$stamp"
  mkdir -p "$DIST"
  local t0=$SECONDS cache=$STACK_DIST_CACHE/$want
  # The same servers for the same runtime poms: a fresh clone copies them from the machine's cache (like ~/.m2)
  # instead of assembling 350 MB again.
  if [[ -n $STACK_DIST_CACHE && -f $cache/.stamp && $(cat "$cache/.stamp") == "$want" ]]; then
    if cp -a "$cache/kafka" "$cache/hbase" "$cache/plugins" "$cache/apicurio" "$DIST/" 2>>"$STACK_HOME/dist-build.log"; then
      echo "$want" >"$stamp"; exec 9>&-
      log "servers copied from the cache ${cache/#"$HOME"/\~} in $((SECONDS - t0))s"; return 0
    fi
    log "copying the servers from the cache $cache failed (see dist-build.log): fetching them instead"
    rm -rf "$DIST/kafka" "$DIST/hbase" "$DIST/plugins" "$DIST/apicurio"
  fi
  log "fetching the servers from Maven Central into ${DIST#"$ROOT"/} (first time: about a minute)"
  if ! mvn -B -q -f "$STACK_DIR/runtime/pom.xml" package -Dstack.dist="$DIST" >"$STACK_HOME/dist-build.log" 2>&1; then
    tail -40 "$STACK_HOME/dist-build.log" >&2
    die "fetching the servers failed (stack/runtime/pom.xml); full log: ${STACK_HOME#"$ROOT"/}/dist-build.log"
  fi
  # Connect runs with plugin.discovery=service_load: give third-party plugins their META-INF/services.
  "$(java17)" "$TOOLS_LOG" -cp "$DIST/kafka/*" org.apache.kafka.tools.ConnectPluginPath \
    sync-manifests --plugin-path "$DIST/plugins" >>"$STACK_HOME/dist-build.log" 2>&1 \
    || { tail -20 "$STACK_HOME/dist-build.log" >&2; die "ConnectPluginPath sync-manifests failed on $DIST/plugins"; }
  echo "$want" >"$stamp"
  exec 9>&-
  log "servers fetched in $((SECONDS - t0))s"
  if [[ -n $STACK_DIST_CACHE ]]; then   # best effort: a full disk or a read-only home only costs the next fetch
    local part=$STACK_DIST_CACHE/.$want.$$
    if mkdir -p "$part" && cp -a "$DIST/kafka" "$DIST/hbase" "$DIST/plugins" "$DIST/apicurio" "$part/" 2>/dev/null \
       && echo "$want" >"$part/.stamp" && rm -rf "$cache" && mv "$part" "$cache"; then
      find "$STACK_DIST_CACHE" -mindepth 1 -maxdepth 1 ! -name "$want" ! -name ".*" -exec rm -rf {} + 2>/dev/null
    else rm -rf "$part"; fi
  fi
}

# apt_install PACKAGE COMMAND: Debian's package when COMMAND is missing and we are root (as .ci/run is), with no
# system-wide service started by it (it would take a port of env dev); false when it cannot be installed.
apt_install() {
  command -v "$2" >/dev/null && return 0
  [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null || return 1
  log "$2 is missing: installing Debian's package $1 with apt-get (root)"
  (
    exec 8>/var/lock/smartcar-stack-apt.lock; flock 8
    command -v "$2" >/dev/null && exit 0
    export DEBIAN_FRONTEND=noninteractive
    created_policy=; if [[ ! -e /usr/sbin/policy-rc.d ]]; then printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d; created_policy=1; fi
    { apt-get install -y -q --no-install-recommends "$1" >/dev/null 2>&1 \
      || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q --no-install-recommends "$1" >/dev/null 2>&1; }; } ; rc=$?
    [[ -n $created_policy ]] && rm -f /usr/sbin/policy-rc.d
    exit $rc
  ) && command -v "$2" >/dev/null
}

# Redis: Debian's redis-server if present (installed by apt when we are root), else the static binary in
# org.signal:embedded-redis from Maven Central.
redis_bin() {
  [[ -n ${REDIS_BIN:-} ]] && { echo "$REDIS_BIN"; return; }
  if [[ -n ${STACK_REDIS_SERVER:-} ]]; then REDIS_BIN=$STACK_REDIS_SERVER
  elif command -v redis-server >/dev/null; then REDIS_BIN=$(command -v redis-server)
  elif apt_install redis-server redis-server; then REDIS_BIN=$(command -v redis-server)
  else log "no redis-server (Debian's package needs root and apt-get): using the embedded-redis binary"
  fi
  if [[ -z ${REDIS_BIN:-} ]]; then
    REDIS_BIN=$DIST/redis/redis-server
    if [[ ! -x $REDIS_BIN ]]; then
      log "fetching Redis 7.0.15 from org.signal:embedded-redis:0.9.1 (Maven Central)"
      mkdir -p "$DIST/redis"
      # run outside any project: at the repo root Maven would run the goal once per reactor module
      (cd "$DIST/redis" && mvn -B -q dependency:copy -Dartifact=org.signal:embedded-redis:0.9.1 -DoutputDirectory="$DIST/redis" >/dev/null) \
        || die "could not fetch org.signal:embedded-redis:0.9.1"
      (cd "$DIST/redis" && "$(dirname "$(java17)")/jar" xf embedded-redis-0.9.1.jar redis-server-7.0.15-linux-amd64 \
        && mv redis-server-7.0.15-linux-amd64 redis-server && chmod 755 redis-server) || die "could not unpack redis-server"
    fi
  fi
  echo "$REDIS_BIN"
}

# ---------------------------------------------------------------- configuration of this env
# render TEMPLATE DEST: @NAME@ -> value of shell variable NAME; the file is only rewritten when it changes.
render() {
  local src=$1 dst=$2 line out=
  while IFS= read -r line || [[ -n $line ]]; do
    subst "$line"; out+=$SUBST$'\n'
  done <"$src"
  if [[ ! -f $dst ]] || [[ $(<"$dst")$'\n' != "$out" ]]; then printf '%s' "$out" >"$dst"; fi
}

prepare_env() {
  mkdir -p "$ENV_HOME"/{data,logs,run,conf/hbase,secrets} "$ENV_HOME"/data/{kafka,redis,tmp,connect} \
    "$ENV_HOME"/data/spool/{incoming,finished,error} "$ENV_HOME/data/driving"
  chmod 700 "$ENV_HOME/secrets"
  printf 'env=%s\nport.offset=%s\nbrokers=%s\nsecurity=%s\n' "$ENV_NAME" "$OFFSET" "$BROKERS" "$SECURITY" >"$ENV_HOME/stack.properties.tmp"
  mv -f "$ENV_HOME/stack.properties.tmp" "$ENV_HOME/stack.properties"
  local t=$STACK_DIR/conf/templates c=$ENV_HOME/conf n
  for ((n = 1; n <= BROKERS; n++)); do   # one file per KRaft node; node 1's keeps its old name
    local kv=KAFKA_PORT cv=CONTROLLER_PORT data=kafka; ((n > 1)) && kv=KAFKA${n}_PORT cv=CONTROLLER${n}_PORT data=kafka$n
    NODE_ID=$n NODE_KAFKA_PORT=${!kv} NODE_CONTROLLER_PORT=${!cv} NODE_DATA=$data render "$t/server.properties" "$(node_conf $n)"
  done
  render "$t/connect-distributed.properties" "$c/connect-distributed.properties"
  render "$t/hbase-site.xml" "$c/hbase/hbase-site.xml"
  hbase_conf_jar
  REDIS_DIR=$ENV_HOME/data/redis render "$t/redis.conf" "$c/redis.conf"
  render "$t/log4j2.properties" "$c/log4j2.properties"
  # Redis password: generated once, only ever in files of mode 600 (never on a command line or in a log).
  if [[ ! -s $REDIS_PASSWORD_FILE ]]; then
    (umask 077; head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32 >"$REDIS_PASSWORD_FILE")
  fi
  if [[ ! -s $ENV_HOME/secrets/redis-auth.conf ]]; then
    (umask 077; printf 'requirepass %s\n' "$(<"$REDIS_PASSWORD_FILE")" >"$ENV_HOME/secrets/redis-auth.conf")
  fi
  chmod 600 "$REDIS_PASSWORD_FILE" "$ENV_HOME/secrets/redis-auth.conf"
  if secured; then security_prepare; fi
}

# The variables connector JSON files reference as ${env:NAME}; exported into the Connect worker only.
connect_env() {
  export SMARTCAR_ENV=$ENV_NAME
  export SMARTCAR_STACK_HOME=$ENV_HOME
  export SMARTCAR_BOOTSTRAP=$BOOTSTRAP
  export SMARTCAR_SPOOL_DIR=$ENV_HOME/data/spool/incoming
  export SMARTCAR_FINISHED_DIR=$ENV_HOME/data/spool/finished
  export SMARTCAR_ERROR_DIR=$ENV_HOME/data/spool/error
  export SMARTCAR_DRIVING_LOG=$ENV_HOME/data/driving/SmartCarDriverInfo.log
  export SMARTCAR_REGISTRY_URL=$REGISTRY_URL/apis/registry/v2
  export SMARTCAR_CCOMPAT_URL=$CCOMPAT_URL   # the Confluent-compatible API: dev.smartcar.connect.avro.RegistryAvroConverter
  export SMARTCAR_HBASE_ZK=$ZK
  export SMARTCAR_HBASE_ZK_QUORUM=127.0.0.1
  export SMARTCAR_HBASE_ZK_PORT=$ZK_PORT
  export SMARTCAR_REDIS=$REDIS
  export SMARTCAR_REDIS_PASSWORD_FILE=$REDIS_PASSWORD_FILE
  export SMARTCAR_SECRETS_DIR=$ENV_HOME/secrets
}

# ---------------------------------------------------------------- start commands per component
declare -A STARTED_AT=()
JVM_COMMON=(-XX:+UseG1GC -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true -Djava.net.preferIPv4Stack=true)

# Class-data sharing for the Java 17 servers: the first run writes an archive of the classes it loaded when it
# exits ('down'); later starts map it instead of parsing ~3000 classes again (JDK 17 has no auto-create).
# Per env, so two envs never write one file. STACK_CDS=false turns it off.
cds_opts() { # cds_opts NAME [agent]: agent = the JVM runs the metrics agent (its own archive, and it may archive)
  [[ $STACK_CDS == true ]] || return 0
  local agent=; [[ ${2:-} == agent && $STACK_METRICS == true ]] && agent=-agent
  local a=$DIST/cds/$1-$ENV_NAME$agent-jdk17.jsa
  mkdir -p "$DIST/cds"
  # JDK 17 writes an archive while a Java agent runs only when told it may, and maps it later only with the same
  # flag (else it silently starts without it). The JMX exporter transforms no class: what it archives is what a run
  # without the agent loads, plus the agent's own classes.
  [[ -n $agent ]] && echo -n "-XX:+UnlockDiagnosticVMOptions -XX:+AllowArchivingWithJavaAgent "
  if [[ -s $a ]]; then echo "-XX:SharedArchiveFile=$a -Xlog:cds=off -Xlog:cds+dynamic=off"; else echo "-XX:ArchiveClassesAtExit=$a -Xlog:cds=off"; fi
}

# The Prometheus JMX exporter (io.prometheus.jmx:jmx_prometheus_javaagent, Maven Central) as a Java agent of the
# brokers and Connect workers, fetched once into .stack/dist/metrics like embedded-redis (outside stack/runtime, so
# its version does not make every clone fetch the servers again). STACK_METRICS=false starts them without it.
metrics_agent_jar() {
  local name=jmx_prometheus_javaagent-$STACK_METRICS_AGENT_VERSION.jar
  local jar=$DIST/metrics/$name cached=${STACK_DIST_CACHE:+$STACK_DIST_CACHE/.metrics/$name}
  if [[ ! -f $jar ]]; then
    mkdir -p "$DIST/metrics"
    # a fresh clone takes it from the machine's cache of servers (a Maven start costs seconds on a busy machine)
    if [[ -n $cached && -f $cached ]] && cp "$cached" "$jar.tmp" 2>/dev/null && mv -f "$jar.tmp" "$jar"; then echo "$jar"; return; fi
    log "fetching the Prometheus JMX exporter $STACK_METRICS_AGENT_VERSION (Maven Central)"
    # run outside any project: at the repo root Maven would run the goal once per reactor module
    (cd "$DIST/metrics" && mvn -B -q dependency:copy -Dartifact="io.prometheus.jmx:jmx_prometheus_javaagent:$STACK_METRICS_AGENT_VERSION" \
      -DoutputDirectory="$DIST/metrics" >/dev/null) || die "could not fetch io.prometheus.jmx:jmx_prometheus_javaagent:$STACK_METRICS_AGENT_VERSION"
    # best effort, like the servers' cache (a name starting with '.' survives ensure_dist's clean-up of old versions)
    if [[ -n $cached ]]; then mkdir -p "${cached%/*}" 2>/dev/null && cp "$jar" "$cached.$$" 2>/dev/null && mv -f "$cached.$$" "$cached" 2>/dev/null || rm -f "$cached.$$"; fi
  fi
  echo "$jar"
}
check_broker() { [[ $STACK_METRICS != true ]] || metrics_agent_jar >/dev/null; }
check_connect() { check_broker; }
# metrics_agent_opts PORT RULES: the agent's option, serving on 127.0.0.1:PORT with stack/conf/metrics/RULES.yml
metrics_agent_opts() {
  [[ $STACK_METRICS == true ]] || return 0
  echo "-javaagent:$(metrics_agent_jar)=127.0.0.1:$1:$STACK_DIR/conf/metrics/$2.yml"
}

node_conf() { if (($1 == 1)); then echo "$ENV_HOME/conf/server.properties"; else echo "$ENV_HOME/conf/broker$1-server.properties"; fi; }

# start_NAME COMPONENT ARGS...: the table's start cell, called with the component's name first
start_broker() { # start_broker NAME NODE KAFKA_PORT CONTROLLER_PORT DATA METRICS_PORT: one KRaft node (broker and controller)
  local name=$1 node=$2 data=$ENV_HOME/data/$5
  if [[ ! -f $data/meta.properties ]]; then
    # Every node of a cluster carries its id: a node whose disk was lost is formatted again with the others' id
    # (it then fetches the metadata log and its replicas from them). "=" attaches the id: one starting with "-"
    # (1 in 64) was taken for an option by a separate "-t ID".
    local cid= m
    for m in "$ENV_HOME"/data/kafka*/meta.properties; do [[ -f $m ]] && cid=$(sed -n 's/^cluster.id=//p' "$m") && break; done
    [[ -n $cid ]] || cid=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
    log "$name: formatting KRaft storage (node $node, cluster id $cid$(secured && echo ", SCRAM users $(IFS=,; echo "${SECURITY_USERS[*]}")"))"
    if secured; then security_format "$(node_conf "$node")" "$cid" >"$ENV_HOME/logs/$name-format.log" 2>&1 \
      || { tail -20 "$ENV_HOME/logs/$name-format.log" >&2; die "$name: formatting KRaft storage failed"; }; fi
    secured || "$(java17)" "$TOOLS_LOG" -cp "$DIST/kafka/*" kafka.tools.StorageTool format --ignore-formatted \
      --cluster-id="$cid" -c "$(node_conf "$node")" --feature "transaction.version=$STACK_KAFKA_TRANSACTION_VERSION" \
      >"$ENV_HOME/logs/$name-format.log" 2>&1 \
      || { tail -20 "$ENV_HOME/logs/$name-format.log" >&2; die "$name: formatting KRaft storage failed"; }
  fi
  # shellcheck disable=SC2086,SC2046  # the heap and cds_opts are zero or more options each
  launch "$name" "$(java17)" $STACK_BROKER_HEAP $(cds_opts "$name" agent) "${JVM_COMMON[@]}" -XX:MaxGCPauseMillis=20 \
    $(metrics_agent_opts "$6" broker) \
    -Dsmartcar.stack.home="$ENV_HOME/" -Djava.io.tmpdir="$ENV_HOME/data/tmp" \
    -Dlog4j2.configurationFile="$ENV_HOME/conf/log4j2.properties" \
    -cp "$DIST/kafka/*" kafka.Kafka "$(node_conf "$node")"
}

start_registry() {
  STACK_REPLICATION_FACTOR=$REPLICATION_FACTOR STACK_MIN_INSYNC=$MIN_INSYNC \
    STACK_CLIENT_CONFIG=$(client_config admin) run_tool TopicSetup "$DIST/kafka/*" "$BOOTSTRAP" "$STACK_DIR/conf/registry-topics.conf" >>"$ENV_HOME/logs/registry-topics.log" 2>&1 \
    || { tail -20 "$ENV_HOME/logs/registry-topics.log" >&2; die "registry: creating its topics (stack/conf/registry-topics.conf) failed"; }
  mkdir -p "$DIST/cds"
  # shellcheck disable=SC2086,SC2046  # the heap and the option functions print zero or more options each
  launch "$1" "$(java21)" $STACK_REGISTRY_HEAP $STACK_REGISTRY_JVM_OPTS "${JVM_COMMON[@]}" $(security_registry_opts) \
    -Dsmartcar.stack.home="$ENV_HOME/" -Djava.io.tmpdir="$ENV_HOME/data/tmp" \
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$REGISTRY_PORT" \
    -Dquarkus.management.host=127.0.0.1 -Dquarkus.management.port="$REGISTRY_MGMT_PORT" \
    -Dapicurio.storage.kind=kafkasql -Dapicurio.kafkasql.bootstrap.servers="$BOOTSTRAP" \
    -Dapicurio.kafkasql.topic=_apicurio-journal -Dapicurio.kafkasql.snapshots.topic=_apicurio-snapshots \
    -Dapicurio.kafkasql.consumer.poll.timeout=500 \
    -Dapicurio.rest.deletion.artifact.enabled=true -Dapicurio.rest.deletion.artifact-version.enabled=true \
    -Dapicurio.rest.deletion.group.enabled=true \
    -jar "$DIST/apicurio/quarkus-run.jar"
}

start_connect() { # start_connect NAME PORT METRICS_PORT: a second worker (same group) differs only in its ports and log
  local name=$1 port=$2 metrics=$3 conf=$ENV_HOME/conf/connect-distributed.properties
  [[ -d $STACK_PROJECT_PLUGIN_PATH ]] \
    || log "note: project plugin folder ${STACK_PROJECT_PLUGIN_PATH#"$ROOT"/} does not exist yet (mvn -pl connectors package); Connect starts without it"
  if [[ $port != "$CONNECT_PORT" ]]; then
    sed -e "s/^listeners=.*/listeners=http:\/\/127.0.0.1:$port/" \
      -e "s/^rest.advertised.port=.*/rest.advertised.port=$port/" "$conf" >"$ENV_HOME/conf/$name-distributed.properties"
    conf=$ENV_HOME/conf/$name-distributed.properties
  fi
  fence_connect_tasks "$name" "$conf"
  (
    connect_env
    # shellcheck disable=SC2086,SC2046  # the heap and the option functions print zero or more options each
    # java.nio open, as HBase's own launcher does on JDK 11+: only then does the HBase client in the sink compare and
    # read bytes through Unsafe. Without it Bytes falls back to pure Java, and the bulk sink's sort of the status day
    # was a fifth of the worker's CPU (#23, docs/runtime.md).
    launch "$name" "$(java17)" $STACK_CONNECT_HEAP $(cds_opts "$name" agent) "${JVM_COMMON[@]}" $(security_connect_opts) \
      --add-opens java.base/java.nio=ALL-UNNAMED $(metrics_agent_opts "$metrics" connect) \
      -Dsmartcar.stack.home="$ENV_HOME/" -Djava.io.tmpdir="$ENV_HOME/data/tmp" \
      -Dlog4j2.configurationFile="$ENV_HOME/conf/log4j2.properties" \
      -cp "$DIST/kafka/*" org.apache.kafka.connect.cli.ConnectDistributed "$conf"
  )
  STARTED_AT[$name]=$SECONDS   # launch ran in a subshell
}

# fence_connect_tasks NAME CONF: when no worker of the group runs, abort the open transactions its exactly-once source
# tasks left (a worker killed mid-transaction): the new worker reads _connect-offsets with read_committed before any
# task starts, and would wait out transaction.timeout.ms (10 min) behind them. Connect's own user, its own prefix.
fence_connect_tasks() {
  local name=$1 conf=$2 other group
  for other in connect connect2; do [[ $other != "$name" ]] && alive "$other" && return 0; done
  group=$(sed -n 's/^group\.id=//p' "$conf" | tail -n 1)
  [[ -n $group ]] || { log "warning: no group.id in $conf: no open transaction fenced"; return 0; }
  local out
  if out=$(STACK_CLIENT_CONFIG=$(client_config connect) run_tool TransactionFence "$DIST/kafka/*" "$BOOTSTRAP" "$group-" 2>&1); then
    log "$name: ${out##*$'\n'}"
  else
    log "warning: fencing the open transactions of '$group-*' failed (a restarted worker may wait out their timeout): ${out##*$'\n'}"
  fi
}

# hbase-site.xml travels in a small jar: class-data sharing refuses a non-empty directory on the class path.
HBASE_CP() { echo "$ENV_HOME/conf/hbase-site.jar:$DIST/hbase/*"; }
hbase_conf_jar() {
  local j=$ENV_HOME/conf/hbase-site.jar x=$ENV_HOME/conf/hbase/hbase-site.xml
  if [[ ! -f $j || $x -nt $j ]]; then
    "$(dirname "$(java17)")/jar" --create --file "$j" -C "$ENV_HOME/conf/hbase" hbase-site.xml \
      || die "hbase: could not pack $x into $j"
    rm -f "$DIST/cds/hbase-$ENV_NAME-jdk17.jsa"   # the archive records the class path's jars: rebuild it
  fi
}

start_hbase() {
  mkdir -p "$ENV_HOME/data/tmp/hbase"
  # shellcheck disable=SC2086,SC2046  # the heap and cds_opts are zero or more options each
  launch "$1" "$(java17)" $STACK_HBASE_HEAP $(cds_opts "$1") "${JVM_COMMON[@]}" --add-opens java.base/java.nio=ALL-UNNAMED \
    -Dsmartcar.stack.home="$ENV_HOME/" -Djava.io.tmpdir="$ENV_HOME/data/tmp" \
    -Dlog4j2.configurationFile="$ENV_HOME/conf/log4j2.properties" \
    -Dzookeeper.admin.enableServer=false \
    -cp "$(HBASE_CP)" org.apache.hadoop.hbase.master.HMaster start
}

# Prometheus (Debian's package, installed by apt when missing and root): an optional component, started only by
# `up --only prometheus`. It scrapes the env's metrics endpoints — every *_METRICS_URL of the table, for the
# components `up` starts and for the named ones (connect2, app2) running now — and evaluates conf/metrics/alerts.yml.
check_prometheus() { apt_install prometheus prometheus || die "prometheus: Debian's package 'prometheus' is not installed (apt-get install prometheus, as root)"; }
start_prometheus() { # start_prometheus NAME PORT
  local conf=$ENV_HOME/conf/prometheus.yml
  prometheus_config >"$conf.tmp" && mv -f "$conf.tmp" "$conf"
  promtool check config "$conf" >"$ENV_HOME/logs/$1-config.log" 2>&1 \
    || { cat "$ENV_HOME/logs/$1-config.log" >&2; die "$1: promtool check config $conf failed"; }
  mkdir -p "$ENV_HOME/data/prometheus"
  launch "$1" "$(command -v prometheus)" --config.file="$conf" --storage.tsdb.path="$ENV_HOME/data/prometheus" \
    --web.listen-address="127.0.0.1:$2" --storage.tsdb.retention.time=7d
}
# The scrape configuration: one job per kind of component (broker, connect, app), a target per instance, its path
# carried by the target's __metrics_path__ label (the app's is /metrics/prometheus, the agents' /metrics).
prometheus_config() {
  local c entry var url job jobs=() target
  local -A targets=()
  for c in "${ALL_COMPONENTS[@]}"; do
    starts_with "$c" named && ! alive "$c" && continue
    for entry in ${C_ADDRESS[$c]}; do
      var=${entry%%=*}; [[ $var == *_METRICS_URL ]] || continue
      url=${!var#http://} job=${c%%[0-9]*}
      [[ -v targets[$job] ]] || jobs+=("$job")
      printf -v target '      - targets: ["%s"]\n        labels: {component: "%s", __metrics_path__: "/%s"}\n' "${url%%/*}" "$c" "${url#*/}"
      targets[$job]+=$target
    done
  done
  printf '# The Prometheus configuration of env %s (stack.sh scrape-config), written at each start of its prometheus.\n' "$ENV_NAME"
  printf 'global:\n  scrape_interval: 15s\n  evaluation_interval: 15s\n  external_labels: {env: "%s"}\n' "$ENV_NAME"
  printf 'rule_files:\n  - "%s"\n' "$STACK_DIR/conf/metrics/alerts.yml"
  printf 'scrape_configs:\n'
  for job in "${jobs[@]}"; do printf '  - job_name: "%s"\n    static_configs:\n%s' "$job" "${targets[$job]}"; done
}
check_redis() { redis_bin >/dev/null; }   # before anything starts: apt or the embedded binary, once
check_registry() { java21 >/dev/null; }
start_redis() { # start_redis NAME PORT: another instance gets its own config, port and data folder
  local conf=$ENV_HOME/conf/redis.conf
  if [[ $1 != redis ]]; then
    conf=$ENV_HOME/conf/$1.conf; mkdir -p "$ENV_HOME/data/$1"
    REDIS_PORT=$2 REDIS_DIR=$ENV_HOME/data/$1 render "$STACK_DIR/conf/templates/redis.conf" "$conf"
  fi
  launch "$1" "$(redis_bin)" "$conf"
}

APP_JAR=$ROOT/streams-app/target/smartcar-streams-app.jar
# The app's own settings file, with this env's addresses as SMARTCAR_* overrides (the app's documented way).
# start_app NAME PORT STATE: another instance has its own state directory and HTTP port, and the same application.id.
start_app() {
  local name=$1 port=$2 state=$ENV_HOME/data/$3
  [[ -f $APP_JAR ]] || die "app: ${APP_JAR#"$ROOT"/} is not built (mvn -B -q -pl streams-app -am install -DskipTests)"
  mkdir -p "$state"
  (
    export SMARTCAR_BOOTSTRAP_SERVERS=$BOOTSTRAP SMARTCAR_SCHEMA_REGISTRY_URL=$CCOMPAT_URL \
      SMARTCAR_STATE_DIR=$state SMARTCAR_REDIS_HOST=127.0.0.1 SMARTCAR_REDIS_PORT=$REDIS_PORT \
      SMARTCAR_REDIS_PASSWORD_FILE=$REDIS_PASSWORD_FILE SMARTCAR_HTTP_HOST=127.0.0.1 SMARTCAR_HTTP_PORT=$port
    security_app_env   # the secured profile: user app for Kafka, Redis and the registry
    # shellcheck disable=SC2086,SC2046  # the heap and the option functions print zero or more options each
    launch "$name" "$(java17)" $STACK_APP_HEAP "${JVM_COMMON[@]}" \
      -Dsmartcar.stack.home="$ENV_HOME/" -Djava.io.tmpdir="$ENV_HOME/data/tmp" \
      -jar "$APP_JAR" --config "$STACK_APP_CONFIG"
  )
  STARTED_AT[$name]=$SECONDS   # launch ran in a subshell
}
deployed() { [[ -f $ENV_HOME/deployed ]]; }

# ---------------------------------------------------------------- readiness probes
# Redis through stack/tools/RedisCall.java: AUTH with the password read from its file (never on a command line),
# then the commands; prints the replies one scalar per line (arrays flattened), exit 1 on an error reply.
redis_call() {
  TOOL_JVM_OPTS="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx32m" \
    run_tool RedisCall "" "$REDIS" --password-file "$REDIS_PASSWORD_FILE" "$@"
}

log_has() { [[ -f $ENV_HOME/logs/$1.log ]] && grep -qF -- "$2" "$ENV_HOME/logs/$1.log"; }

# probe NAME: 0 ready, 1 not yet, 2 failed for good (the table's ready and fatal cells)
probe() {
  local ready fatal=${C_FATAL[$1]}; subst "${C_READY[$1]}"; ready=$SUBST
  case $ready in
    log:*) log_has "$1" "${ready#log:}" && return 0 ;;
    http:*) curl -sf -o /dev/null --max-time 3 "${CURL_NETRC[@]}" "${ready#http:}" && return 0 ;;
    redis:*) ready=${ready#redis:}; [[ $(redis_call ${ready%%=*} 2>/dev/null) == "${ready#*=}" ]] && return 0 ;;
    *) die "$TABLE: $1's probe '$ready': expected log:TEXT, http:URL or redis:COMMAND=REPLY" ;;
  esac
  [[ $fatal == log:* ]] && log_has "$1" "${fatal#log:}" && return 2
  return 1
}

timeout_of() { echo "${!C_TIMEOUT[$1]}"; }

fail_component() { # fail_component NAME REASON: show the log, stop that PID, exit non-zero
  local name=$1 reason=$2 pid; pid=$(recorded_pid "$name")
  log "$name FAILED: $reason"
  log "---- last 40 lines of ${ENV_HOME#"$ROOT"/}/logs/$name.log ----"
  tail -40 "$ENV_HOME/logs/$name.log" >&2 || true
  log "---- end of $name log ----"
  if grep -qE 'Address already in use|BindException' "$ENV_HOME/logs/$name.log" 2>/dev/null; then
    local pr p; for pr in $(ports_of "$name"); do p=${pr%%:*}; port_holder "$p"; done
  fi
  if [[ -n $pid ]] && pid_running "$pid"; then stop_pid "$name" "$pid"; fi
  rm -f "$(pidfile "$name")"
  die "$name did not start ($reason). Other components were left as they are; 'stack.sh --env $ENV_NAME down' stops them."
}

# poll_started: one round over every launched, not-yet-ready component (so one that dies is reported at once,
# whichever we are waiting for); a component that becomes ready gets its `then` step.
declare -A READY=()
poll_started() {
  local c rc pid
  for c in "${!STARTED_AT[@]}"; do
    [[ -n ${READY[$c]:-} ]] && continue
    rc=0; probe "$c" || rc=$?
    if ((rc == 0)); then
      READY[$c]=1; pid=$(recorded_pid "$c")
      log "$c ready after $((SECONDS - STARTED_AT[$c]))s (pid $pid, rss $(rss_mb "$pid") MB)"
      [[ -z ${C_THEN[$c]} ]] || "${C_THEN[$c]}"
      continue
    fi
    ((rc == 2)) && fail_component "$c" "its log reports a fatal error"
    alive "$c" || fail_component "$c" "the process exited during start-up"
    ((SECONDS - STARTED_AT[$c] < $(timeout_of "$c"))) || fail_component "$c" "not ready after $(timeout_of "$c")s"
  done
}
wait_ready() { # wait_ready NAMES...: until all NAMES are ready
  local c pending
  while :; do
    poll_started; pending=0
    for c in "$@"; do [[ -n ${READY[$c]:-} ]] || pending=1; done
    ((pending)) || return 0
    sleep 0.3
  done
}

# `then` steps of the table
hbase_regions_online() {
  # the master is ready before the tables' regions are open again: clients would fail for seconds
  run_tool HBaseTables "$(HBASE_CP)" online "$STACK_HBASE_TIMEOUT" >&2 \
    || die "hbase: the tables' regions did not open within ${STACK_HBASE_TIMEOUT}s (see ${ENV_HOME#"$ROOT"/}/logs/hbase.log)"
}
registry_compatibility() {
  # Confluent's default global compatibility is BACKWARD; Apicurio's is NONE. Stored in kafkasql, idempotent.
  curl -sf -o /dev/null -X PUT "${CURL_NETRC[@]}" -H 'Content-Type: application/vnd.schemaregistry.v1+json' \
    -d "{\"compatibility\":\"$STACK_REGISTRY_COMPATIBILITY\"}" "$CCOMPAT_URL/config" \
    || die "registry: setting global compatibility $STACK_REGISTRY_COMPATIBILITY failed ($CCOMPAT_URL/config)"
}

port_owner() { ss -Hltnp "sport = :$1" 2>/dev/null | grep -o 'users:(([^)]*))' | head -1; }
# port_holder PORT: who holds the port in any state (a listener, or an outgoing connection's local port), if seen
port_holder() {
  local held; held=$(ss -Htanp "sport = :$1" 2>/dev/null | awk '{print $1, $4, "->", $5, $6}' | head -3)
  [[ -n $held ]] && log "port $1 is held: $(paste -sd';' <<<"$held")"
  true
}
port_busy() { [[ -n $(ss -Hltn "sport = :$1" 2>/dev/null) ]]; }

# ---------------------------------------------------------------- commands
cmd_up() {
  local t0=$SECONDS c n todo=() pr p role out
  out=$(plan_check "$ENV_NAME" "$OFFSET") || { printf '%s\n' "$out" >&2; die "up: env $ENV_NAME's ports break the port plan (above; stack/conf/ports.conf)"; }
  ensure_dist
  prepare_env
  for c in "${COMPONENTS[@]}"; do
    local pid; pid=$(recorded_pid "$c")
    if alive "$c"; then
      # running but not answering yet (e.g. an earlier 'up' was interrupted): wait for it like a fresh start
      local rc=0; probe "$c" || rc=$?
      if ((rc != 0)); then log "$c running (pid $pid) but not ready yet: waiting for it"; STARTED_AT[$c]=$SECONDS; fi
      log "$c already running (pid $pid)"; continue
    fi
    [[ -n $pid ]] && { log "$c: stale pid file (pid $pid not running), starting it"; rm -f "$(pidfile "$c")"; }
    # 'deployed' components read topics that `deploy` creates: only a deployed env starts them, and only with STACK_APP
    if starts_with "$c" deployed && { [[ $STACK_APP != true ]] || ! deployed; }; then
      [[ $STACK_APP == true ]] && log "$c: not started, env $ENV_NAME is not deployed yet ('stack.sh --env $ENV_NAME deploy' starts it)"
      continue
    fi
    todo+=("$c")
  done
  # dependencies: each must be running already or start now
  for c in "${todo[@]}"; do
    for n in ${C_NEEDS[$c]}; do
      alive "$n" || [[ " ${todo[*]} " == *" $n "* ]] || die "$c needs $n: start it too (--only $n,$c) or run 'up' without --only"
    done
  done
  # every port must be free before anything starts: fail fast naming the component and port
  for c in "${todo[@]}"; do
    for pr in $(ports_of "$c"); do
      p=${pr%%:*} role=${pr#*:}
      if port_busy "$p"; then
        die "cannot start $c: port $p (${role//-/ }) on 127.0.0.1 is already in use $(port_owner "$p") — stop that process or use another --env / STACK_PORT_OFFSET"
      fi
    done
  done
  if ((${#todo[@]} == 0)); then
    ((${#STARTED_AT[@]} == 0)) || wait_ready "${!STARTED_AT[@]}"
    log "nothing to start: ${COMPONENTS[*]} already running"; return 0
  fi
  java17 >/dev/null
  local fn; for c in "${todo[@]}"; do fn=${C_START[$c]%% *}; if declare -F "check_${fn#start_}" >/dev/null; then "check_${fn#start_}"; fi; done
  # start each component as soon as what it needs is ready (broker, HBase and Redis together; registry and Connect
  # once the broker is up; the app once broker, registry and Redis are), polling all of them in one loop
  local waiting=("${todo[@]}") later
  while :; do
    later=()
    for c in "${waiting[@]}"; do
      if needs_ready "$c"; then start_component "$c"; else later+=("$c"); fi
    done
    waiting=("${later[@]}")
    poll_started
    local pending=0; for c in "${todo[@]}"; do [[ -n ${READY[$c]:-} ]] || pending=1; done
    ((pending)) || break
    sleep 0.3
  done
  log "ready in $((SECONDS - t0))s: ${todo[*]} (env $ENV_NAME, port offset $OFFSET, $BROKERS Kafka node(s))"
}
# start_component NAME: the table's start cell (a function and its arguments, @VAR@ replaced), NAME first
start_component() {
  local cmd; subst "${C_START[$1]}"; read -r -a cmd <<<"$SUBST"
  "${cmd[0]}" "$1" "${cmd[@]:1}"
}
# needs_ready NAME: every component it needs is ready (started and probed by this 'up', or running before it)
needs_ready() {
  local n
  for n in ${C_NEEDS[$1]}; do
    if [[ -n ${STARTED_AT[$n]:-} ]]; then [[ -n ${READY[$n]:-} ]] || return 1
    else alive "$n" || return 1; fi
  done
}

stop_component() {
  local name=$1 pid; pid=$(recorded_pid "$name")
  if ! alive "$name"; then
    [[ -n $pid ]] && rm -f "$(pidfile "$name")"
    log "$name not running"; return 0
  fi
  local t0=$SECONDS
  [[ ${C_STOP[$name]} == signal ]] || "${C_STOP[$name]}" "$pid"
  stop_pid "$name" "$pid"
  rm -f "$(pidfile "$name")"
  log "stopped $name (pid $pid) in $((SECONDS - t0))s"
}
hbase_shutdown() { # hbase_shutdown PID: graceful, flushes memstores and closes regions
  # without --shutDownCluster HBase 2.6 only prints usage. ZooKeeper given explicitly: a client that finds no
  # hbase-site.xml would use 127.0.0.1:2181, i.e. stop env dev's HBase instead of this env's
  timeout 60 "$(java17)" "$TOOLS_LOG" -Dzookeeper.admin.enableServer=false -cp "$(HBASE_CP)" \
    org.apache.hadoop.hbase.master.HMaster -D hbase.zookeeper.quorum=127.0.0.1 \
    -D hbase.zookeeper.property.clientPort="$ZK_PORT" stop --shutDownCluster >>"$ENV_HOME/logs/hbase-stop.log" 2>&1 \
    || log "hbase: 'HMaster stop --shutDownCluster' failed (see logs/hbase-stop.log); falling back to SIGTERM"
  wait_gone "$1" "$STACK_STOP_TIMEOUT" || true
}

cmd_down() {
  local c n left=() rest blocked rc=0 pid
  local -A job=()
  [[ -d $ENV_HOME ]] || { log "env $ENV_NAME has never been started"; return 0; }
  for c in "${ALL_COMPONENTS[@]}"; do selected "$c" && left+=("$c"); done
  # each component as soon as every selected component that needs it has stopped (the app first: it drains to
  # Kafka and Redis; the broker last), the others in parallel
  while ((${#left[@]} + ${#job[@]})); do
    rest=()
    for c in ${left[@]+"${left[@]}"}; do
      blocked=
      for n in ${left[@]+"${left[@]}"} "${!job[@]}"; do
        [[ $n != "$c" && " ${C_NEEDS[$n]} " == *" $c "* ]] && blocked=1
      done
      if [[ -n $blocked ]]; then rest+=("$c"); else stop_component "$c" & job[$c]=$!; fi
    done
    left=(${rest[@]+"${rest[@]}"})
    ((${#job[@]})) || { ((${#left[@]} == 0)) || { log "a cycle in $TABLE's needs: stopping ${left[*]} together"; for c in "${left[@]}"; do stop_component "$c" & job[$c]=$!; done; left=(); }; continue; }
    wait -n -p pid "${job[@]}" || rc=1
    for c in "${!job[@]}"; do [[ ${job[$c]} == "$pid" ]] && { unset 'job[$c]'; }; done
  done
  return $rc
}

cmd_clean() {
  cmd_down
  if [[ -z $ONLY ]]; then
    rm -rf "$ENV_HOME"
    log "deleted ${ENV_HOME#"$ROOT"/} (data, logs, config, secrets); the servers in ${DIST#"$ROOT"/} are kept"
  else
    local c d
    for c in "${COMPONENTS[@]}"; do
      for d in ${C_DATA[$c]}; do
        if [[ $d == @* ]]; then log "$c keeps its state in ${d#@}'s data (Kafka topics): clean ${d#@} to reset it"
        else rm -rf "${ENV_HOME:?}/data/$d"; fi
      done
    done
    log "deleted the data of: ${COMPONENTS[*]}"
  fi
}

# env: the -D properties of the integration tests; env --shell: every port and address of the table, sourceable
# metrics_urls: the JMX exporter's addresses of the env's brokers and Connect worker, comma-separated (the app's
# instances in the ITs are their own); empty with STACK_METRICS=false.
metrics_urls() {
  [[ $STACK_METRICS == true ]] || return 0
  local c entry var urls=
  for c in "${BASE_COMPONENTS[@]}"; do
    for entry in ${C_ADDRESS[$c]}; do
      var=${entry%%=*}
      [[ $var == *_METRICS_URL && $c != app* ]] && urls+="${urls:+,}${!var}"
    done
  done
  echo "$urls"
}

cmd_env() {
  if [[ -z $ENV_SHELL ]]; then
    cat <<EOF
-Dsmartcar.it.bootstrap=$BOOTSTRAP
-Dsmartcar.it.registry=$CCOMPAT_URL
-Dsmartcar.it.connect=$CONNECT_URL
-Dsmartcar.it.zookeeper=$ZK
-Dsmartcar.it.redis=$REDIS
-Dsmartcar.it.redisPasswordFile=$REDIS_PASSWORD_FILE
-Dsmartcar.it.stackHome=$ENV_HOME
-Dsmartcar.it.metricsUrls=$(metrics_urls)
EOF
    return
  fi
  local v c all=
  printf 'STACK_ENV=%q\nSTACK_ENV_OFFSET=%q\nSTACK_ENV_HOME=%q\nSTACK_REDIS_PASSWORD_FILE=%q\n' \
    "$ENV_NAME" "$OFFSET" "$ENV_HOME" "$REDIS_PASSWORD_FILE"
  printf 'STACK_BROKERS=%q\nSTACK_REPLICATION_FACTOR=%q\nSTACK_MIN_INSYNC=%q\n' "$BROKERS" "$REPLICATION_FACTOR" "$MIN_INSYNC"
  printf 'STACK_SECURITY=%q\n' "$SECURITY"
  for v in "${PORT_VARS[@]}" "${ADDRESS_VARS[@]}"; do printf 'STACK_%s=%q\n' "$v" "${!v}"; done
  for c in "${ALL_COMPONENTS[@]}"; do for v in ${C_PORTLIST[$c]}; do all+="${all:+ }$c:$v"; done; done
  printf 'STACK_COMPONENTS=%q\nSTACK_UP_COMPONENTS=%q\nSTACK_PORTS=%q\n' "${ALL_COMPONENTS[*]}" "${BASE_COMPONENTS[*]}" "$all"
}

# Small single-file Java programs in stack/tools, compiled once into .stack/dist/tools against a server classpath.
run_tool() { # run_tool NAME CLASSPATH ARGS...
  local name=$1 cp=$2 out=$DIST/tools/$1; shift 2
  if [[ ! -f $out/$name.class || $STACK_DIR/tools/$name.java -nt $out/$name.class ]]; then
    mkdir -p "$out"
    "$(dirname "$(java17)")/javac" -nowarn -d "$out" ${cp:+-cp "$cp"} "$STACK_DIR/tools/$name.java" >"$out/javac.log" 2>&1 \
      || { cat "$out/javac.log" >&2; die "compiling stack/tools/$name.java failed"; }
  fi
  "$(java17)" "$TOOLS_LOG" -Dzookeeper.admin.enableServer=false --add-opens java.base/java.nio=ALL-UNNAMED \
    ${TOOL_JVM_OPTS:-} -Dstack.zookeeper="${ZK:-}" -cp "$out${cp:+:$cp}" "$name" "$@"
}

cmd_status() {
  local c pid state rss total=0
  printf '%-10s %-5s %-58s %-8s %s\n' COMPONENT STATE ADDRESS PID RSS
  for c in "${COMPONENTS[@]}"; do
    # the scale-out pair is listed when running or asked for
    [[ -z $ONLY ]] && starts_with "$c" named && ! alive "$c" && continue
    pid=$(recorded_pid "$c") state=down rss=-
    if alive "$c"; then
      state=up; rss=$(rss_mb "$pid"); total=$((total + rss)); rss="$rss MB"
      rc=0; probe "$c" || rc=$?; ((rc == 0)) || state=start
    else pid=-; fi
    printf '%-10s %-5s %-58s %-8s %s\n' "$c" "$state" "$(address_of "$c")" "$pid" "$rss"
  done
  printf '%-10s %-5s %-58s %-8s %s\n' total "" "env $ENV_NAME, port offset $OFFSET, home ${ENV_HOME#"$ROOT"/}" "" "$total MB"
  [[ -f $DIST/.stamp ]] || return 0
  if selected connect && alive connect; then
    echo; STACK_HTTP_AUTH=$(http_auth admin) run_tool ConnectorStatus "$DIST/kafka/*" "$CONNECT_URL" || true
  fi
  if selected broker && alive broker; then
    echo; STACK_CLIENT_CONFIG=$(client_config admin) run_tool TopicStatus "$DIST/kafka/*" "$BOOTSTRAP" || true
  fi
  if selected hbase && alive hbase; then
    echo; STACK_HBASE_DATA_DIR=$ENV_HOME/data/hbase run_tool HBaseTables "$(HBASE_CP)" status || true
  fi
  if selected redis && alive redis; then
    echo; redis_status || true
  fi
  if selected app && alive app; then
    echo; app_status || true
  fi
  echo; metrics_addresses
}

# The metrics endpoints of the running components (Prometheus text), and Prometheus itself when it runs.
metrics_addresses() {
  local c entry var
  echo "METRICS (Prometheus text; the scrape config: stack.sh scrape-config; Prometheus: up --only prometheus)"
  for c in "${COMPONENTS[@]}"; do
    alive "$c" || continue
    for entry in ${C_ADDRESS[$c]}; do
      var=${entry%%=*}
      [[ $var == *_METRICS_URL ]] && printf '  %-10s %s\n' "$c" "${!var}"
    done
  done
  if alive prometheus; then printf '  %-10s %s (alert rules: stack/conf/metrics/alerts.yml)\n' prometheus "$PROMETHEUS_URL"; fi
}

# The streams app's own counters (/metrics, since its start): lines, rejects, and where every valid driving record
# went — into a window or set aside (by reason), or still held while its car's next records decide.
app_status() {
  local m; m=$(curl -sf --max-time 5 "$APP_URL/metrics") || { echo "streams app: /metrics did not answer"; return 1; }
  jq -r '"STREAMS APP (since its start)",
    "  lines in        \(.lines_in | to_entries | map("\(.key) \(.value)") | join(", "))",
    "  rejected        \(.rejected_total)\(if .rejected_total > 0 then " (" + (.rejected_by_reason | to_entries | map("\(.key) \(.value)") | join(", ")) + ")" else "" end)",
    "  over-speed in   \(.window_records_in) = in a window \(.windowed_records) + set aside \(.set_aside_total)\(if .set_aside_total > 0 then " (" + (.set_aside_by_reason | to_entries | map("\(.key) \(.value)") | join(", ")) + ")" else "" end) + held \(.held_records); clock re-syncs \(.clock_resyncs)",
    "  windows closed  \(.windows_closed), alerts \(.alerts), in Redis \(.redis_written) (pending \(.redis_pending))"' <<<"$m"
  echo "  dashboard       $APP_URL/"
}


# the alert keys (yyyyMMdd sets) with their sizes and TTLs
redis_status() { redis_call --alert-keys "$STACK_REDIS_ALERT_KEY_PATTERN"; }

require_up() { # require_up NAME: fail loudly, naming the component, if it is not reachable
  local rc=0
  alive "$1" || die "deploy: $1 is not running in env $ENV_NAME ($(address_of "$1")): run 'stack.sh --env $ENV_NAME up' first"
  probe "$1" || rc=$?
  ((rc == 0)) || die "deploy: $1 is not reachable at $(address_of "$1") (process $(recorded_pid "$1") runs but does not answer)"
}

cmd_deploy() {
  local t0=$SECONDS c
  [[ -f $DIST/.stamp ]] || die "deploy: the stack has never been started (run 'stack.sh --env $ENV_NAME up')"
  for c in broker registry connect hbase; do require_up "$c"; done
  log "topics (stack/conf/topics.conf) on $BOOTSTRAP: $REPLICATION_FACTOR replica(s), min.insync.replicas=$MIN_INSYNC"
  STACK_KAFKA_TRANSACTION_VERSION=$STACK_KAFKA_TRANSACTION_VERSION STACK_REPLICATION_FACTOR=$REPLICATION_FACTOR \
    STACK_MIN_INSYNC=$MIN_INSYNC STACK_CLIENT_CONFIG=$(client_config admin) run_tool TopicSetup "$DIST/kafka/*" "$BOOTSTRAP" "$STACK_DIR/conf/topics.conf" || die "deploy: topics on the broker ($BOOTSTRAP) failed"
  log "HBase tables $STACK_HBASE_TABLES (splits $STACK_HBASE_SPLITS; family $STACK_HBASE_FAMILY)"
  STACK_HBASE_FAMILY=$STACK_HBASE_FAMILY run_tool HBaseTables "$(HBASE_CP)" create "$STACK_HBASE_SPLITS" $STACK_HBASE_TABLES || die "deploy: HBase tables (zk $ZK) failed"
  deploy_schemas
  security_acls
  log "connectors from ${STACK_CONNECTOR_CONFIG_DIR#"$ROOT"/}"
  STACK_HTTP_AUTH=$(http_auth admin) STACK_CONNECTOR_OVERRIDES=$(connector_overrides) run_tool ConnectorDeploy "$DIST/kafka/*" "$CONNECT_URL" "$STACK_CONNECTOR_CONFIG_DIR" "$STACK_CONNECTOR_RUNNING_TIMEOUT" \
    || die "deploy: connectors on Kafka Connect ($CONNECT_URL) failed (see above)"
  touch "$ENV_HOME/deployed"
  if [[ $STACK_APP == true ]]; then
    if alive app; then log "app already running (pid $(recorded_pid app))"
    else
      start_component app; wait_ready app
    fi
  fi
  log "deployed in $((SECONDS - t0))s"
}

# Schemas are registered by the project's own registry client (schemas module), never by a second client here.
deploy_schemas() {
  local jar cpfile=$DIST/schemas.classpath cls=dev.smartcar.schemas.registry.SchemaRegistration
  local candidate; jar=
  for candidate in "$ROOT"/schemas/target/smartcar-schemas-*.jar; do
    [[ -f $candidate && $candidate != *-sources.jar && $candidate != *-tests.jar ]] && { jar=$candidate; break; }
  done
  local listing=; [[ -n $jar ]] && listing=$("$(dirname "$(java17)")/jar" tf "$jar" 2>/dev/null || true)
  grep -qxF "${cls//.//}.class" <<<"$listing" \
    || die "deploy: the schemas jar (${jar:-schemas/target/smartcar-schemas-*.jar: missing}) has no $cls: build it first (mvn -B -q -pl schemas -am install -DskipTests)"
  if [[ ! -s $cpfile || $ROOT/schemas/pom.xml -nt $cpfile || $ROOT/pom.xml -nt $cpfile ]]; then
    (cd "$ROOT" && mvn -B -q -Dstyle.color=never -pl schemas dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$cpfile" >&2) \
      || die "deploy: could not compute the schemas module's classpath"
  fi
  log "schemas: $cls --url $CCOMPAT_URL ${SCHEMA_ARGS:-}"
  # shellcheck disable=SC2086
  SMARTCAR_REGISTRY_AUTH_FILE=${SCHEMA_AUTH-$(http_auth admin)} "$(java17)" -cp "$jar:$(<"$cpfile")" "$cls" --url "$CCOMPAT_URL" ${SCHEMA_ARGS:-} 2> >(grep -v "^SLF4J" >&2) \
    || die "deploy: schema registration failed on the registry ($CCOMPAT_URL)"
}

# One changing command per env at a time (a second 'up' while 'down' is still stopping HBase would race it).
lock_env() {
  mkdir -p "$STACK_HOME"
  exec {LOCK_FD}>"$STACK_HOME/$ENV_NAME.lock"
  if ! flock -n "$LOCK_FD"; then
    log "another stack.sh command is changing env $ENV_NAME: waiting for it"
    flock -w 900 "$LOCK_FD" || die "env $ENV_NAME is still locked by another stack.sh after 900 s ($STACK_HOME/$ENV_NAME.lock)"
  fi
}

# ---------------------------------------------------------------- main
if [[ -n $TARGET ]]; then cmd_deploy_target "$TARGET" "$DRY_RUN"; exit; fi   # a target is no env of this checkout
case $CMD in up|down|clean|deploy) lock_env ;; esac
if [[ $CMD == plan ]]; then cmd_plan; exit; fi   # every env of the plan, all three nodes' ports
resolve_offset
resolve_brokers
resolve_security
cluster_components
select_components
set_ports
case $CMD in
  up) cmd_up ;;
  down) cmd_down ;;
  clean) cmd_clean ;;
  env) cmd_env ;;
  status) cmd_status ;;
  deploy) cmd_deploy ;;
  compact) require_up hbase; run_tool HBaseTables "$(HBASE_CP)" compact || die "compact: HBase (zk $ZK) failed" ;;
  dist) ensure_dist ;;
  scrape-config) prometheus_config ;;
  metrics) metrics_addresses ;;
  redis) alive redis || die "redis is not running in env $ENV_NAME"; redis_call "${REDIS_ARGS[@]}" ;;
esac

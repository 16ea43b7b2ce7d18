# shellcheck shell=bash
# The secured profile of the local stack (issue #22): sourced by stack/bin/stack.sh, which calls the functions below
# only when the env runs with STACK_SECURITY=sasl_ssl. Everything secret is made here at `up`, once, into files of
# mode 600 under .stack/<env>/secrets/, and reaches programs by path or through Kafka's config providers
# (${dir:...}): no password on a command line, in a rendered config, in a log or in a connector config.
#
#   secrets/passwords/USER   one password per file (DirectoryConfigProvider: ${dir:<secrets>/passwords:USER}); the
#                            users: admin (super user: deploy, ACLs), connect, app, cli, registry (its journal), and
#                            keystore (the brokers' key store password)
#   secrets/tls/             ca.p12 (the env's own CA, key kept here only), ca.crt (PEM: every client's trust store),
#                            broker.p12 (the nodes' key: CN=broker, SAN IP 127.0.0.1, signed by the CA)
#   secrets/client-USER.properties   Kafka client settings of USER (SASL_SSL, SCRAM-SHA-512, the CA), the password
#                            as a ${dir:} reference: not a secret itself, but kept beside them
#   secrets/http-USER        "USER:PASSWORD" for HTTP basic authentication (registry, Connect REST)
#   secrets/connect-rest.jaas, connect-rest-users.properties   Connect REST's basic-auth realm
#   secrets/registry.properties   the registry's users and its Kafka client settings (a SmallRye config source)
#   secrets/redis-auth.conf  Redis ACL users: default = the stack's own admin (the password of secrets/redis.password),
#                            app (writes alert keys only), cli (reads)
#
# Kafka: SASL_SSL with SCRAM-SHA-512 on the client and inter-broker listener, SSL with client certificates on the
# KRaft controller listener (SCRAM cannot authenticate controllers: its credentials live in the metadata they
# serve), StandardAuthorizer, deny by default; SCRAM credentials are written at format time (StorageTool
# --add-scram, called in-process by stack/tools/SecureFormat.java so no password reaches a command line); ACLs from
# stack/conf/acls.conf, applied by stack/tools/AclSetup.java once the brokers are up.

SECURITY_USERS=(admin connect app cli registry)

# resolve_security: SECURITY = none | sasl_ssl, from STACK_SECURITY, else what the env recorded at its first 'up'.
resolve_security() {
  local recorded; recorded=$(recorded "$ENV_NAME" security)
  if [[ -n $recorded && ( $CMD == down || $CMD == clean ) ]]; then SECURITY=$recorded
  elif [[ -n ${STACK_SECURITY:-} ]]; then
    [[ $STACK_SECURITY =~ ^(none|sasl_ssl)$ ]] \
      || die "STACK_SECURITY='$STACK_SECURITY': expected none (plaintext, the default) or sasl_ssl (TLS, SASL/SCRAM, ACLs; docs/runtime.md)"
    if [[ -n $recorded && $recorded != "$STACK_SECURITY" && -f $ENV_HOME/data/kafka/meta.properties ]]; then
      die "env '$ENV_NAME' was made with STACK_SECURITY=$recorded, not $STACK_SECURITY: 'stack.sh --env $ENV_NAME clean' first (it deletes the env's data)"
    fi
    SECURITY=$STACK_SECURITY
  else SECURITY=${recorded:-none}; fi
  SECRETS=$ENV_HOME/secrets
}
secured() { [[ ${SECURITY:-none} == sasl_ssl ]]; }

# a random password of 32 letters and digits into FILE (mode 600), once
new_secret() { [[ -s $1 ]] || (umask 077; head -c 96 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32 >"$1"); chmod 600 "$1"; }

# keytool with the store password from its file (never -storepass VALUE)
kt() { "$(dirname "$(java17)")/keytool" "$@" -storepass:file "$SECRETS/passwords/keystore" -noprompt >>"$ENV_HOME/logs/keytool.log" 2>&1; }

security_tls() {
  local t=$SECRETS/tls; mkdir -p "$t"; chmod 700 "$t"
  [[ -s $t/broker.p12 && -s $t/ca.crt ]] && return 0
  rm -f "$t"/*
  log "security: a CA of env $ENV_NAME's own and the brokers' certificate (keytool, ${t#"$ROOT"/})"
  kt -genkeypair -keystore "$t/ca.p12" -storetype PKCS12 -alias ca -keyalg EC -groupname secp256r1 -validity 3650 \
    -dname "CN=smartcar-stack-ca-$ENV_NAME" -ext bc:c || die "security: keytool could not make the CA (logs/keytool.log)"
  kt -exportcert -rfc -keystore "$t/ca.p12" -alias ca -file "$t/ca.crt" || die "security: exporting the CA failed"
  kt -genkeypair -keystore "$t/broker.p12" -storetype PKCS12 -alias broker -keyalg EC -groupname secp256r1 \
    -validity 825 -dname "CN=broker" || die "security: keytool could not make the brokers' key"
  kt -certreq -keystore "$t/broker.p12" -alias broker -file "$t/broker.csr" || die "security: certreq failed"
  kt -gencert -keystore "$t/ca.p12" -alias ca -infile "$t/broker.csr" -outfile "$t/broker.crt" -rfc -validity 825 \
    -ext "SAN=IP:127.0.0.1,DNS:localhost" -ext "EKU=serverAuth,clientAuth" || die "security: signing the brokers' certificate failed"
  kt -importcert -keystore "$t/broker.p12" -alias ca -file "$t/ca.crt" || die "security: importing the CA failed"
  kt -importcert -keystore "$t/broker.p12" -alias broker -file "$t/broker.crt" || die "security: importing the certificate failed"
  rm -f "$t/broker.csr"
  chmod 600 "$t"/*
}

# security_prepare: called by prepare_env in a secured env, after the plain configs are rendered
security_prepare() {
  local u p=$SECRETS/passwords
  mkdir -p "$p"; chmod 700 "$SECRETS" "$p"
  for u in "${SECURITY_USERS[@]}" keystore; do new_secret "$p/$u"; done
  security_tls
  for u in "${SECURITY_USERS[@]}"; do
    (umask 077; printf '%s:%s\n' "$u" "$(<"$p/$u")" >"$SECRETS/http-$u.tmp") && mv -f "$SECRETS/http-$u.tmp" "$SECRETS/http-$u"
    PRINCIPAL=$u render "$STACK_DIR/conf/templates/secured/client.properties" "$SECRETS/client-$u.properties"
  done
  # the brokers, Connect: the plain configs plus the secured overlay (a later key wins in a properties file)
  local n c=$ENV_HOME/conf
  for ((n = 1; n <= BROKERS; n++)); do
    local f kv=KAFKA_PORT cv=CONTROLLER_PORT; ((n > 1)) && kv=KAFKA${n}_PORT cv=CONTROLLER${n}_PORT
    f=$(node_conf "$n")
    NODE_KAFKA_PORT=${!kv} NODE_CONTROLLER_PORT=${!cv} render "$STACK_DIR/conf/templates/secured/server.properties" "$f.secured"
    cat "$f.secured" >>"$f"; rm -f "$f.secured"
  done
  render "$STACK_DIR/conf/templates/secured/connect-distributed.properties" "$c/connect-secured.properties"
  cat "$c/connect-secured.properties" >>"$c/connect-distributed.properties"; rm -f "$c/connect-secured.properties"
  # Connect REST's basic-auth realm (Kafka's PropertyFileLoginModule reads USER=PASSWORD lines)
  (umask 077
   printf '%s=%s\n' admin "$(<"$p/admin")" >"$SECRETS/connect-rest-users.properties"   # only deploy changes Connect
   printf 'KafkaConnect {\n  org.apache.kafka.connect.rest.basic.auth.extension.PropertyFileLoginModule required\n  file="%s";\n};\n' \
     "$SECRETS/connect-rest-users.properties" >"$SECRETS/connect-rest.jaas"
   # the registry: Quarkus basic authentication over its embedded user realm, and its own Kafka client settings
   { render_to_stdout "$STACK_DIR/conf/templates/secured/registry.properties"
     for u in admin connect app cli; do printf 'quarkus.security.users.embedded.users.%s=%s\n' "$u" "$(<"$p/$u")"; done
     printf 'apicurio.kafka.common.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="registry" password="%s";\n' "$(<"$p/registry")"
   } >"$SECRETS/registry.properties"
   # Redis ACL users; the default user stays the stack's own admin with the existing password
   { printf 'user default on >%s ~* &* +@all\n' "$(<"$REDIS_PASSWORD_FILE")"
     printf 'user app on >%s resetkeys ~%s ~overspeed:* resetchannels -@all +sadd +hset +expire +ping +hello +client|setname\n' \
       "$(<"$p/app")" "$STACK_REDIS_ALERT_KEY_PATTERN"
     printf 'user cli on >%s ~* resetchannels -@all +@read +ping +hello +scan +client|setname\n' "$(<"$p/cli")"
   } >"$SECRETS/redis-auth.conf")
  (umask 077; printf 'machine 127.0.0.1 login admin password %s\n' "$(<"$p/admin")" >"$SECRETS/netrc")
  chmod 600 "$SECRETS"/*.properties "$SECRETS/netrc" "$SECRETS"/http-* "$SECRETS/connect-rest.jaas" "$SECRETS/redis-auth.conf"
}

# render_to_stdout TEMPLATE: like render, to stdout
render_to_stdout() { local line; while IFS= read -r line || [[ -n $line ]]; do subst "$line"; printf '%s\n' "$SUBST"; done <"$1"; }

# The client settings file of USER, for the stack's own tools (TopicSetup, TopicStatus, ...): STACK_CLIENT_CONFIG
client_config() { secured && echo "$SECRETS/client-$1.properties"; true; }
# the secured profile's connector settings (NAME.SETTING=VALUE) for ConnectorDeploy's STACK_CONNECTOR_OVERRIDES
connector_overrides() {
  secured || return 0
  render "$STACK_DIR/conf/templates/secured/connector-overrides.properties" "$SECRETS/connector-overrides.properties"
  echo "$SECRETS/connector-overrides.properties"
}
# HTTP basic credentials file of USER ("USER:PASSWORD"), for the tools' STACK_HTTP_AUTH
http_auth() { secured && echo "$SECRETS/http-$1"; true; }

# format_storage NAME NODE CID LOG: a secured node's storage, with the SCRAM users (in-process: no password on argv)
security_format() {
  STACK_SECRETS=$SECRETS STACK_SCRAM_USERS="${SECURITY_USERS[*]}" TOOL_JVM_OPTS=-Dsmartcar.stack.home="$ENV_HOME/" \
    run_tool SecureFormat "$DIST/kafka/*" "$1" "$2" "$STACK_KAFKA_TRANSACTION_VERSION"
}

# ACLs of stack/conf/acls.conf, by the admin user (a `then` step of the brokers and `deploy`)
security_acls() {
  secured || return 0
  STACK_CLIENT_CONFIG=$(client_config admin) run_tool AclSetup "$DIST/kafka/*" "$BOOTSTRAP" "$STACK_DIR/conf/acls.conf" \
    || die "security: the ACLs of stack/conf/acls.conf could not be applied on $BOOTSTRAP"
}

# curl's credentials for the stack's own HTTP calls (probes, the registry's compatibility): a file, never -u
netrc() { secured && echo "--netrc-file $SECRETS/netrc"; true; }

# The streams app's settings in a secured env, as its SMARTCAR_* overrides (no secret: references and paths)
security_app_env() {
  secured || return 0
  export SMARTCAR_SECURITY_PROTOCOL=SASL_SSL SMARTCAR_SASL_MECHANISM=SCRAM-SHA-512 \
    SMARTCAR_SASL_JAAS_CONFIG="org.apache.kafka.common.security.scram.ScramLoginModule required username=\"app\" password=\"\${dir:$SECRETS/passwords:app}\";" \
    SMARTCAR_SSL_TRUSTSTORE_TYPE=PEM SMARTCAR_SSL_TRUSTSTORE_LOCATION=$SECRETS/tls/ca.crt \
    SMARTCAR_CONFIG_PROVIDERS=dir SMARTCAR_CONFIG_PROVIDERS_DIR_CLASS=org.apache.kafka.common.config.provider.DirectoryConfigProvider \
    SMARTCAR_REDIS_USER=app SMARTCAR_REDIS_PASSWORD_FILE=$SECRETS/passwords/app \
    SMARTCAR_REGISTRY_AUTH_FILE=$SECRETS/http-app
}

# Extra JVM options of the secured servers (paths only)
security_connect_opts() { secured && echo "-Djava.security.auth.login.config=$SECRETS/connect-rest.jaas"; true; }
security_registry_opts() { secured && echo "-Dsmallrye.config.locations=$SECRETS/registry.properties"; true; }

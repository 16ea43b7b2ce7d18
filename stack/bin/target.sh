# shellcheck shell=bash
# `stack.sh deploy --target FILE [--dry-run]` (issue #22): deploy onto an existing cluster described by a target
# file (docs/target.md; the worked example stack/targets/local-secured.properties). Sourced by stack/bin/stack.sh.
# The same steps and tools as the local stack's deploy, each pointed at the target's addresses and acting as its
# deploy principal: topics (replication and min.insync from the target), ACLs (kafka.acls.file), HBase tables,
# schemas (each checked against its subject's compatibility before anything is registered), connector configs
# (PUT, the target's connector.* settings added), and the streams app's config (written, not started: the app runs
# where the operators run it). With --dry-run every step prints what it would change and changes nothing.

cmd_deploy_target() {
  local t0=$SECONDS file=$1 dry=${2:-} out jar=$ROOT/cli/target/smartcar.jar
  # shellcheck disable=SC2034  # read by stack.sh's log()
  ENV_NAME=target   # (the log's prefix: a target is no env of this checkout)
  [[ -f $file ]] || die "deploy --target: no such file '$file'"
  [[ -f $jar ]] || die "deploy --target: ${jar#"$ROOT"/} is not built (mvn -B -q -pl cli -am install -DskipTests)"
  ensure_dist
  out=$STACK_HOME/targets/$(basename "$file" .properties)
  mkdir -p "$out"; chmod 700 "$STACK_HOME/targets" "$out"
  "$(java17)" -cp "$jar" dev.smartcar.cli.deploy.TargetExport "$file" "$out" "$ROOT/streams-app/config/streams-app.properties" \
    || die "deploy --target: $file cannot be used (above: each line names the line, the key and what is expected)"
  # shellcheck disable=SC1091
  source "$out/target.env"
  local what=deploy; [[ -n $dry ]] && what="dry run (nothing is changed)"
  local -x STACK_DRY_RUN=${dry:+true}
  log "target $TARGET_NAME ($TARGET_FILE): $what"
  log "topics (stack/conf/topics.conf) on $TARGET_BOOTSTRAP: $TARGET_REPLICATION_FACTOR replica(s), min.insync.replicas=$TARGET_MIN_INSYNC"
  STACK_CLIENT_CONFIG=$TARGET_DEPLOY_CLIENT_CONFIG STACK_REPLICATION_FACTOR=$TARGET_REPLICATION_FACTOR \
    STACK_MIN_INSYNC=$TARGET_MIN_INSYNC run_tool TopicSetup "$DIST/kafka/*" "$TARGET_BOOTSTRAP" "$STACK_DIR/conf/topics.conf" \
    || die "deploy --target: topics on $TARGET_BOOTSTRAP failed"
  if [[ -n $TARGET_ACLS_FILE ]]; then
    log "ACLs of $TARGET_ACLS_FILE"
    STACK_CLIENT_CONFIG=$TARGET_DEPLOY_CLIENT_CONFIG run_tool AclSetup "$DIST/kafka/*" "$TARGET_BOOTSTRAP" "$TARGET_ACLS_FILE" ${dry:+--dry-run} \
      || die "deploy --target: the ACLs of $TARGET_ACLS_FILE on $TARGET_BOOTSTRAP failed"
  fi
  if [[ $TARGET_TABLES_CREATE == true ]]; then
    log "HBase tables $STACK_HBASE_TABLES on ZooKeeper $TARGET_ZK"
    ZK=$TARGET_ZK STACK_HBASE_FAMILY=$STACK_HBASE_FAMILY run_tool HBaseTables "$DIST/hbase/*" create "$STACK_HBASE_SPLITS" $STACK_HBASE_TABLES \
      || die "deploy --target: HBase tables (ZooKeeper $TARGET_ZK) failed"
  fi
  log "schemas on $TARGET_CCOMPAT_URL (compatibility $TARGET_COMPATIBILITY, checked first)"
  CCOMPAT_URL=$TARGET_CCOMPAT_URL STACK_REGISTRY_COMPATIBILITY=$TARGET_COMPATIBILITY \
    SCHEMA_ARGS="--compatibility $TARGET_COMPATIBILITY${dry:+ --dry-run}" SCHEMA_AUTH=$TARGET_DEPLOY_REGISTRY_AUTH deploy_schemas
  log "connectors from ${TARGET_CONNECT_CONFIG_DIR:-$STACK_CONNECTOR_CONFIG_DIR} on $TARGET_CONNECT_URL"
  STACK_HTTP_AUTH=$TARGET_DEPLOY_CONNECT_AUTH STACK_CONNECTOR_OVERRIDES=$TARGET_CONNECTOR_OVERRIDES run_tool ConnectorDeploy \
    "$DIST/kafka/*" "$TARGET_CONNECT_URL" "${TARGET_CONNECT_CONFIG_DIR:-$STACK_CONNECTOR_CONFIG_DIR}" "$STACK_CONNECTOR_RUNNING_TIMEOUT" \
    || die "deploy --target: connectors on $TARGET_CONNECT_URL failed (above)"
  local app=${TARGET_APP_CONFIG:-$ROOT/target/deploy/$TARGET_NAME/streams-app.properties}
  if [[ -n $dry ]]; then
    if [[ ! -f $app ]]; then log "the streams app's config $app would be written"
    elif diff -q "$app" "$TARGET_APP_CONFIG_NEW" >/dev/null; then log "the streams app's config $app: unchanged"
    else log "the streams app's config $app would change:"; diff -u "$app" "$TARGET_APP_CONFIG_NEW" | tail -n +3 >&2 || true; fi
  else
    mkdir -p "$(dirname "$app")"; cp "$TARGET_APP_CONFIG_NEW" "$app"
    log "the streams app's config: $app (start it with${TARGET_APP_REGISTRY_AUTH:+ SMARTCAR_REGISTRY_AUTH_FILE=$TARGET_APP_REGISTRY_AUTH} java -jar streams-app/target/smartcar-streams-app.jar --config $app)"
  fi
  log "target $TARGET_NAME: $what done in $((SECONDS - t0))s"
}

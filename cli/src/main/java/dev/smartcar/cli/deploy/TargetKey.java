package dev.smartcar.cli.deploy;

import java.util.List;

/**
 * One key of a deploy target file: its name (a trailing {@code *} takes any setting after the prefix), whether it is
 * required, its default, and what it means. {@link #ALL} is the one place the keys are documented; docs/target.md is
 * rendered from it ({@link TargetReference}).
 */
public record TargetKey(String name, boolean required, String defaultValue, String description) {

    /** The keys, in the order the reference lists them. */
    public static final List<TargetKey> ALL = List.of(
            key("name", "(the file's name)", "A name for the target, used in messages and the dry run's report."),
            required("kafka.bootstrap.servers", "The cluster's bootstrap servers, HOST:PORT[,HOST:PORT...]."),
            key("kafka.replication.factor", "3", "Replicas of each topic the deploy creates (an existing topic with "
                    + "fewer is reported, not changed)."),
            key("kafka.min.insync.replicas", "2", "min.insync.replicas set on each topic of stack/conf/topics.conf."),
            key("kafka.acls.file", "(none)", "ACLs to apply, in stack/conf/acls.conf's format (USER RESOURCE PATTERN "
                    + "NAME OPERATIONS); none: the cluster's owners manage them. The local secured profile applies "
                    + "stack/conf/acls.conf."),
            key("deploy.kafka.*", "(none)", "Kafka client settings of the principal that deploys (topics, ACLs): "
                    + "security.protocol, sasl.mechanism, sasl.jaas.config, ssl.truststore.*, config.providers..., "
                    + "e.g. deploy.kafka.security.protocol=SASL_SSL. A password only as a config-provider reference, "
                    + "e.g. password=\"${dir:/etc/smartcar/secrets:admin}\" with deploy.kafka.config.providers=dir."),
            key("app.kafka.*", "(deploy.kafka.*)", "Kafka client settings of the streams app (written into the app's "
                    + "generated config)."),
            key("cli.kafka.*", "(deploy.kafka.*)", "Kafka client settings of bin/smartcar --target (reads only)."),
            required("registry.url", "The schema registry's Confluent-compatible API, e.g. "
                    + "https://registry.example.com/apis/ccompat/v7."),
            key("registry.compatibility", "BACKWARD", "Compatibility level set on each subject; every schema is "
                    + "checked against it before anything is registered."),
            key("deploy.registry.auth.file", "(none: no authentication)", "File holding USER:PASSWORD on its first "
                    + "line: the deploy's basic authentication at the registry."),
            key("app.registry.auth.file", "(none)", "The same, for the streams app."),
            key("cli.registry.auth.file", "(none)", "The same, for bin/smartcar --target."),
            required("connect.url", "Kafka Connect's REST address, e.g. https://connect.example.com:8083."),
            key("deploy.connect.auth.file", "(none: no authentication)", "File holding USER:PASSWORD: basic "
                    + "authentication at Connect REST."),
            key("connect.config.dir", "connectors/config", "The connector configs to PUT (NAME.json each)."),
            key("connector.*", "(none)", "connector.NAME.SETTING=VALUE is added to (or replaces in) connector NAME's "
                    + "config, e.g. the sink's converter credentials: connector.smartcar-hbase-sink.value.converter."
                    + "basic.auth.user.info=connect:${file:/etc/kafka/secrets.properties:registry}. The worker "
                    + "resolves the reference; REST and _connect-configs keep it."),
            required("hbase.zookeeper.quorum", "The HBase cluster's ZooKeeper quorum, HOST:PORT[,HOST:PORT...]."),
            key("hbase.tables.create", "true", "Create missing tables (pre-split) and bring their families to the "
                    + "project's settings; false: leave the tables to their owners."),
            required("redis.url", "redis://HOST:PORT, or rediss://HOST:PORT for TLS."),
            key("app.redis.user", "(none: the default user)", "Redis ACL user of the streams app (SADD, HSET, EXPIRE, "
                    + "PING, CLIENT SETNAME on the alert keys)."),
            key("app.redis.password.file", "(none)", "File holding the app's Redis password on its first line."),
            key("cli.redis.user", "(none)", "Redis ACL user of bin/smartcar --target (read commands)."),
            key("cli.redis.password.file", "(none)", "File holding that user's password."),
            key("app.config.file", "(target/deploy/NAME/streams-app.properties)", "Where the deploy writes the "
                    + "streams app's config: streams-app/config/streams-app.properties with this target's addresses, "
                    + "client settings and credential files (no secret: paths and references)."));

    private static TargetKey key(String name, String defaultValue, String description) {
        return new TargetKey(name, false, defaultValue, description);
    }

    private static TargetKey required(String name, String description) {
        return new TargetKey(name, true, "(required)", description);
    }

    /** Whether {@code key} is this key, or a setting under this prefix key. */
    boolean matches(String key) {
        return name.endsWith("*") ? key.startsWith(name.substring(0, name.length() - 1))
                && key.length() > name.length() - 1 : key.equals(name);
    }
}

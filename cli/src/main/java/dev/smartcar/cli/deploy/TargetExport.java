package dev.smartcar.cli.deploy;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Turns a target file into what the deploy scripts and {@code bin/smartcar} use, in OUTDIR (mode 700): target.env
 * (shell assignments, no secret), the Kafka client settings of each principal ({@code deploy|app|cli}-client
 * .properties), the connector overrides and the streams app's config (streams-app.properties).
 * <pre>java -cp cli/target/smartcar.jar dev.smartcar.cli.deploy.TargetExport TARGET OUTDIR APP_BASE_CONFIG</pre>
 * Exit 2 with every problem of the file on stderr, one a line.
 */
public final class TargetExport {

    private TargetExport() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: TargetExport TARGET_FILE OUTDIR APP_BASE_CONFIG");
            System.exit(2);
        }
        TargetFile t;
        try {
            t = TargetFile.read(Path.of(args[0]));
        } catch (TargetException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        export(t, Path.of(args[1]), Path.of(args[2]));
    }

    static void export(TargetFile t, Path out, Path appBase) throws IOException {
        Files.createDirectories(out);
        out.toFile().setReadable(false, false);
        out.toFile().setReadable(true, true);
        for (String role : List.of("deploy", "app", "cli")) {
            String fallback = "deploy".equals(role) ? null : "deploy.kafka.";
            Map<String, String> s = local(t, t.settings(role + ".kafka.", fallback));
            write(out.resolve(role + "-client.properties"), s, "Kafka client settings of the " + role + " principal");
        }
        // the sink reaches this target's HBase and registry, and its dead letters get the target's replication
        // (connectors/config/smartcar-hbase-sink.json names the local stack's through ${env:...}); connector.* wins
        Map<String, String> overrides = new TreeMap<>();
        overrides.put("smartcar-hbase-sink.hbase.zookeeper.quorum", t.get("hbase.zookeeper.quorum", ""));
        overrides.put("smartcar-hbase-sink.value.converter.schema.registry.url", t.get("registry.url", ""));
        overrides.put("smartcar-hbase-sink.errors.deadletterqueue.topic.replication.factor",
                String.valueOf(t.replicationFactor()));
        overrides.putAll(t.settings("connector.", null));
        write(out.resolve("connector-overrides.properties"), overrides, "connector settings (NAME.SETTING)");
        String redis = t.get("redis.url", "");
        boolean tls = redis.startsWith("rediss://");
        String hostPort = redis.replaceFirst("^rediss?://", "").replaceFirst("/$", "");
        Path appConfig = out.resolve("streams-app.properties");
        writeAppConfig(t, appBase, appConfig, hostPort, tls);
        Map<String, String> env = new TreeMap<>();
        env.put("TARGET_NAME", t.name());
        env.put("TARGET_FILE", t.file().toAbsolutePath().toString());
        env.put("TARGET_BOOTSTRAP", t.get("kafka.bootstrap.servers", ""));
        env.put("TARGET_REPLICATION_FACTOR", String.valueOf(t.replicationFactor()));
        env.put("TARGET_MIN_INSYNC", String.valueOf(t.minInsync()));
        env.put("TARGET_ACLS_FILE", path(t, "kafka.acls.file"));
        env.put("TARGET_CCOMPAT_URL", t.get("registry.url", ""));
        env.put("TARGET_COMPATIBILITY", t.get("registry.compatibility", "BACKWARD"));
        env.put("TARGET_CONNECT_URL", t.get("connect.url", ""));
        env.put("TARGET_CONNECT_CONFIG_DIR", path(t, "connect.config.dir"));
        env.put("TARGET_ZK", t.get("hbase.zookeeper.quorum", ""));
        env.put("TARGET_TABLES_CREATE", t.get("hbase.tables.create", "true"));
        env.put("TARGET_REDIS", hostPort);
        env.put("TARGET_REDIS_TLS", String.valueOf(tls));
        env.put("TARGET_APP_CONFIG", t.get("app.config.file", "").isEmpty() ? "" : path(t, "app.config.file"));
        for (String role : List.of("deploy", "app", "cli")) {
            String r = role.toUpperCase(Locale.ROOT);
            env.put("TARGET_" + r + "_CLIENT_CONFIG", out.resolve(role + "-client.properties").toString());
            env.put("TARGET_" + r + "_REGISTRY_AUTH", path(t, role + ".registry.auth.file"));
        }
        env.put("TARGET_DEPLOY_CONNECT_AUTH", path(t, "deploy.connect.auth.file"));
        env.put("TARGET_CONNECTOR_OVERRIDES", out.resolve("connector-overrides.properties").toString());
        env.put("TARGET_CLI_REDIS_USER", t.get("cli.redis.user", ""));
        env.put("TARGET_CLI_REDIS_PASSWORD_FILE", path(t, "cli.redis.password.file"));
        env.put("TARGET_APP_CONFIG_NEW", appConfig.toString());
        StringBuilder sh = new StringBuilder("# from " + t.file() + " by dev.smartcar.cli.deploy.TargetExport\n");
        env.forEach((k, v) -> sh.append(k).append("='").append(v.replace("'", "'\\''")).append("'\n"));
        Files.writeString(out.resolve("target.env"), sh.toString(), StandardCharsets.UTF_8);
    }

    private static final java.util.regex.Pattern PROVIDER_PATH =
            java.util.regex.Pattern.compile("\\$\\{(dir|file):([^:}]+)");

    /**
     * Client settings as the local client needs them: a relative path (a store's location, a ${dir:PATH:...} or
     * ${file:PATH:...} reference) taken relative to the target file's folder.
     */
    static Map<String, String> local(TargetFile t, Map<String, String> settings) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        settings.forEach((k, v) -> {
            if (k.endsWith(".location") && !v.isEmpty()) {
                v = t.resolve(v).toString();
            }
            java.util.regex.Matcher m = PROVIDER_PATH.matcher(v);
            StringBuilder b = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(b, java.util.regex.Matcher.quoteReplacement(
                        "${" + m.group(1) + ":" + t.resolve(m.group(2))));
            }
            m.appendTail(b);
            out.put(k, b.toString());
        });
        return out;
    }

    private static String path(TargetFile t, String key) {
        String v = t.get(key, "");
        return v.isEmpty() ? "" : t.resolve(v).toString();
    }

    private static void write(Path file, Map<String, String> settings, String what) throws IOException {
        StringBuilder b = new StringBuilder("# " + what + " (generated from a deploy target; no secret)\n");
        settings.forEach((k, v) -> b.append(escape(k)).append('=').append(value(v)).append('\n'));
        Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
    }

    private static String value(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n");
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n").replace("=", "\\=").replace(":", "\\:");
    }

    /** The app's base config with this target's addresses, client settings and credential files. */
    private static void writeAppConfig(TargetFile t, Path base, Path out, String hostPort, boolean tls)
            throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(base, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        List<String> lines = new ArrayList<>();
        lines.add("# The streams app's config for target " + t.name() + " (" + t.file() + "): " + base.getFileName()
                + " with the target's settings. No secret: paths and config-provider references only.");
        String auth = path(t, "app.registry.auth.file");
        if (!auth.isEmpty()) {
            lines.add("# Start the app with SMARTCAR_REGISTRY_AUTH_FILE=" + auth
                    + " (the registry's basic authentication).");
        }
        Map<String, String> s = new TreeMap<>();
        p.forEach((k, v) -> s.put(k.toString(), v.toString()));
        s.put("bootstrap.servers", t.get("kafka.bootstrap.servers", ""));
        s.put("schema.registry.url", t.get("registry.url", ""));
        int colon = hostPort.lastIndexOf(':');
        s.put("redis.host", hostPort.substring(0, Math.max(colon, 0)));
        s.put("redis.port", hostPort.substring(colon + 1));
        s.put("redis.ssl", String.valueOf(tls));
        s.put("redis.user", t.get("app.redis.user", ""));
        s.put("redis.password.file", path(t, "app.redis.password.file"));
        s.put("replication.factor", String.valueOf(t.replicationFactor()));
        s.putAll(local(t, t.settings("app.kafka.", "deploy.kafka.")));
        s.forEach((k, v) -> lines.add(escape(k) + "=" + value(v)));
        Files.writeString(out, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }
}

package dev.smartcar.cli.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deploy target: one properties file describing an existing cluster (docs/target.md lists its keys, from
 * {@link TargetKey#ALL}). Parsing checks every line and fails with {@link TargetException}, naming the file, the
 * line, the key and what is expected: an unknown key, a required key missing, a number that is not one, a file
 * that cannot be read, and any secret written into the file itself (secrets come only through files or
 * config-provider references).
 */
public final class TargetFile {

    /** Keys whose value is a secret unless it is a config-provider reference. */
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(password|secret|token|user\\.info)$");
    /** A reference alone, or after a user name (Confluent's {@code basic.auth.user.info=USER:${...}}). */
    private static final Pattern PROVIDER_REFERENCE = Pattern.compile("([^:$]+:)?\\$\\{[a-zA-Z0-9_]+:[^}]*}");
    private static final Pattern JAAS_PASSWORD = Pattern.compile("(?i)password\\s*=\\s*\"([^\"]*)\"");

    private final Path file;
    private final Map<String, String> values;
    private final Map<String, Integer> lines;

    private TargetFile(Path file, Map<String, String> values, Map<String, Integer> lines) {
        this.file = file;
        this.values = values;
        this.lines = lines;
    }

    /** Reads and checks {@code file}. */
    public static TargetFile read(Path file) {
        List<String> text;
        try {
            text = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TargetException(file + ": cannot read the target file: " + e.getMessage());
        }
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, Integer> lines = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < text.size(); i++) {
            String line = text.get(i).strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("!")) {
                continue;
            }
            Properties one = new Properties();
            try {
                one.load(new java.io.StringReader(line));
            } catch (IOException | IllegalArgumentException e) {
                errors.add(where(file, i + 1) + "not a KEY=VALUE line: " + e.getMessage());
                continue;
            }
            for (String key : one.stringPropertyNames()) {
                String value = one.getProperty(key).strip();
                String at = where(file, i + 1) + key + ": ";
                if (TargetKey.ALL.stream().noneMatch(k -> k.matches(key))) {
                    String near = nearest(key);
                    errors.add(at + "unknown key" + (near == null ? "" : " (did you mean " + near + "?)")
                            + "; expected one of " + names() + " (docs/target.md)");
                } else if (lines.containsKey(key)) {
                    errors.add(at + "set twice (first on line " + lines.get(key) + ")");
                } else {
                    checkNoSecret(key, value, at, errors);
                    values.put(key, value);
                    lines.put(key, i + 1);
                }
            }
        }
        for (TargetKey k : TargetKey.ALL) {
            if (k.required() && !values.containsKey(k.name())) {
                errors.add(file + ": " + k.name() + ": required, missing (" + k.description() + ")");
            }
        }
        TargetFile target = new TargetFile(file, values, lines);
        target.checkValues(errors);
        if (!errors.isEmpty()) {
            throw new TargetException(String.join("\n", errors));
        }
        return target;
    }

    private static void checkNoSecret(String key, String value, String at, List<String> errors) {
        boolean secretKey = SECRET_KEY.matcher(key).matches() && !key.endsWith(".file");
        if (secretKey && !value.isEmpty() && !PROVIDER_REFERENCE.matcher(value).matches()) {
            errors.add(at + "a secret written into the target file; expected a config-provider reference such as"
                    + " ${file:/path/secrets.properties:" + key.substring(key.lastIndexOf('.') + 1)
                    + "} or ${dir:/path:NAME}");
        }
        if (key.endsWith("sasl.jaas.config")) {
            Matcher m = JAAS_PASSWORD.matcher(value);
            while (m.find()) {
                if (!PROVIDER_REFERENCE.matcher(m.group(1)).matches()) {
                    errors.add(at + "the JAAS password is written into the target file; expected"
                            + " password=\"${dir:/path:USER}\" (or ${file:...}) with the client's config.providers");
                }
            }
        }
    }

    private void checkValues(List<String> errors) {
        for (String key : List.of("kafka.replication.factor", "kafka.min.insync.replicas")) {
            String v = values.get(key);
            if (v != null && !v.matches("[1-9][0-9]{0,2}")) {
                errors.add(where(key) + "expected a whole number from 1, got '" + v + "'");
            }
        }
        if (replicationFactor() < minInsync()) {
            errors.add(where("kafka.min.insync.replicas") + "kafka.min.insync.replicas (" + minInsync()
                    + ") is more than kafka.replication.factor (" + replicationFactor() + "): no write could succeed");
        }
        String redis = values.get("redis.url");
        if (redis != null && !redis.matches("rediss?://[^:/\\s]+:[0-9]{1,5}/?")) {
            errors.add(where("redis.url") + "expected redis://HOST:PORT or rediss://HOST:PORT (TLS), got '"
                    + redis + "'");
        }
        for (String key : List.of("registry.url", "connect.url")) {
            String v = values.get(key);
            if (v != null && !v.matches("https?://\\S+")) {
                errors.add(where(key) + "expected an http:// or https:// address, got '" + v + "'");
            }
        }
        for (String key : List.of("kafka.bootstrap.servers", "hbase.zookeeper.quorum")) {
            String v = values.get(key);
            if (v != null && !v.matches("[^,:\\s]+:[0-9]{1,5}(,[^,:\\s]+:[0-9]{1,5})*")) {
                errors.add(where(key) + "expected HOST:PORT[,HOST:PORT...], got '" + v + "'");
            }
        }
        values.forEach((key, v) -> {
            if (key.endsWith(".file") && !key.equals("app.config.file") || key.equals("kafka.acls.file")) {
                Path p = resolve(v);
                if (!Files.isReadable(p)) {
                    errors.add(where(key) + "cannot read the file " + p);
                }
            }
        });
        String level = values.getOrDefault("registry.compatibility", "BACKWARD");
        if (!level.matches("NONE|BACKWARD|BACKWARD_TRANSITIVE|FORWARD|FORWARD_TRANSITIVE|FULL|FULL_TRANSITIVE")) {
            errors.add(where("registry.compatibility") + "expected NONE, BACKWARD(_TRANSITIVE), FORWARD(_TRANSITIVE)"
                    + " or FULL(_TRANSITIVE), got '" + level + "'");
        }
        String create = values.getOrDefault("hbase.tables.create", "true");
        if (!create.matches("true|false")) {
            errors.add(where("hbase.tables.create") + "expected true or false, got '" + create + "'");
        }
    }

    private String where(String key) {
        Integer line = lines.get(key);
        return (line == null ? file + ": " : where(file, line)) + key + ": ";
    }

    private static String where(Path file, int line) {
        return file + " line " + line + ": ";
    }

    /** The documented key nearest to a mistyped one (at most 3 edits away), or null. */
    static String nearest(String key) {
        String best = null;
        int bestDistance = 4;
        for (TargetKey k : TargetKey.ALL) {
            int d = distance(key, k.name());
            if (d < bestDistance) {
                best = k.name();
                bestDistance = d;
            }
        }
        return best;
    }

    private static int distance(String a, String b) {
        int[] row = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            row[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int above = row[j];
                row[j] = Math.min(Math.min(row[j] + 1, row[j - 1] + 1),
                        diagonal + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.length()];
    }

    private static String names() {
        return String.join(", ", TargetKey.ALL.stream().map(TargetKey::name).toList());
    }

    /** A path of the file, relative to the target file's folder when not absolute. */
    public Path resolve(String path) {
        Path p = Path.of(path);
        Path dir = file.toAbsolutePath().getParent();
        return p.isAbsolute() || dir == null ? p : dir.resolve(p).normalize();
    }

    public Path file() {
        return file;
    }

    /** The value of {@code key}, or {@code fallback}. */
    public String get(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    public String name() {
        String n = file.getFileName().toString();
        return values.getOrDefault("name", n.endsWith(".properties") ? n.substring(0, n.length() - 11) : n);
    }

    public int replicationFactor() {
        return number("kafka.replication.factor", 3);
    }

    public int minInsync() {
        return number("kafka.min.insync.replicas", 2);
    }

    private int number(String key, int fallback) {
        String v = values.get(key);
        return v != null && v.matches("[1-9][0-9]{0,2}") ? Integer.parseInt(v) : fallback;
    }

    /** The settings under {@code prefix} (e.g. "app.kafka."), the prefix removed; {@code fallback}'s when none. */
    public Map<String, String> settings(String prefix, String fallbackPrefix) {
        Map<String, String> out = under(prefix);
        return out.isEmpty() && fallbackPrefix != null ? under(fallbackPrefix) : out;
    }

    private Map<String, String> under(String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }
}

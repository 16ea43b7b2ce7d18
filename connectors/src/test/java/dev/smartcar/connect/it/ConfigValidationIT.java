package dev.smartcar.connect.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Scenario 7 of the reliability suite, connector side: each plugin's validate endpoint accepts the pilot's
 * config and rejects an invalid value of every setting the connector defines, naming that setting. The settings
 * come from the validate response itself (everything outside Connect's own groups), not from a list here; each
 * gets the invalid candidates its type allows (wrong type, out of range, empty, relative path, bad regex, bad
 * choice, malformed entries, missing when required). A setting no candidate could break (a free string) is
 * recorded as such in the report, not skipped silently.
 */
class ConfigValidationIT {

    @RegisterExtension
    static final ScenarioReport REPORT = new ScenarioReport("bad-config", "7. Bad configuration (connectors)",
            "For each plugin: `PUT /connector-plugins/<class>/config/validate` with the pilot's JSON "
                    + "(`connectors/config/*.json`, `${env:…}` replaced by the running worker's values) must give "
                    + "0 errors; then every setting the connector defines (read from the response) gets each "
                    + "invalid candidate its type allows, one at a time.");

    /** Groups of Connect's own settings (name, converters, transforms, errors, ...), not the connector's. */
    private static final Set<String> CONNECT_GROUPS = Set.of("Common", "Transforms", "Predicates", "Error Handling",
            "Topic Creation", "Exactly Once Support", "offsets.topic");
    private static final Pattern ENV_PLACEHOLDER = Pattern.compile("\\$\\{env:([A-Za-z0-9_]+)}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConnectRest connect = new ConnectRest(StackUnderTest.connect());

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"smartcar-status-spooldir.json", "smartcar-driving-tail.json", "smartcar-hbase-sink.json"})
    void everySettingRejectsAnInvalidValueNamingIt(String file) throws Exception {
        Map<String, String> pilot = pilotConfig(file);
        String connectorClass = pilot.get("connector.class");
        REPORT.injected("pilot config " + file + ", then one invalid value at a time for each of its settings");
        REPORT.checked("pilot: 0 errors; each invalid value: error_count >= 1, errors only on that setting, "
                + "message names the setting");

        JsonNode baseline = connect.validate(connectorClass, pilot);
        assertEquals(0, baseline.path("error_count").asInt(), "the pilot config is valid: " + errors(baseline));

        List<JsonNode> definitions = new ArrayList<>();
        for (JsonNode config : baseline.path("configs")) {
            // The connector's own settings have its groups; Connect's have its groups, or none (client
            // overrides such as producer.override.linger.ms and converter settings).
            JsonNode group = config.path("definition").path("group");
            if (group.isTextual() && !CONNECT_GROUPS.contains(group.asText())) {
                definitions.add(config.path("definition"));
            }
        }
        assertFalse(definitions.isEmpty(), "the connector defines settings of its own");

        Map<String, String> rejectedBy = new TreeMap<>();
        Map<String, List<String>> unbreakable = new TreeMap<>();
        int calls = 0;
        for (JsonNode definition : definitions) {
            String setting = definition.path("name").asText();
            String type = definition.path("type").asText();
            List<String> accepted = new ArrayList<>();
            for (Candidate candidate : candidates(definition)) {
                Map<String, String> config = new HashMap<>(pilot);
                if (candidate.value() == null) {
                    config.remove(setting);
                } else {
                    config.put(setting, candidate.value());
                }
                JsonNode result = connect.validate(connectorClass, config);
                calls++;
                Map<String, List<String>> errors = errors(result);
                if (errors.isEmpty()) {
                    accepted.add(candidate.describe());
                    continue;
                }
                assertTrue(result.path("error_count").asInt() >= 1);
                assertEquals(Set.of(setting), errors.keySet(),
                        setting + "=" + candidate.describe() + ": the errors are about exactly that setting");
                for (String message : errors.get(setting)) {
                    assertTrue(message.contains(setting) || message.contains("must") || message.contains("expected"),
                            setting + "=" + candidate.describe() + ": the message names the setting or says what "
                                    + "is expected: " + message);
                }
                rejectedBy.merge(setting, candidate.kind() + " → " + errors.get(setting).get(0),
                        (a, b) -> a.length() <= b.length() ? a : b);
                System.out.printf("%s %s=%s rejected: %s%n", file, setting, candidate.describe(), errors.get(setting));
            }
            if (!rejectedBy.containsKey(setting)) {
                unbreakable.put(setting, accepted);
            }
            // A number or a boolean always has a wrong-type value; a required setting can always be missing.
            if (Set.of("INT", "LONG", "SHORT", "DOUBLE", "BOOLEAN").contains(type)
                    || definition.path("required").asBoolean()) {
                assertTrue(rejectedBy.containsKey(setting), setting + " (" + type + ") rejects no value; tried "
                        + accepted);
            }
        }
        REPORT.count("settings", definitions.size());
        REPORT.count("rejected an invalid value", rejectedBy.size());
        REPORT.count("no invalid value possible", unbreakable.isEmpty() ? "none" : String.join(", ",
                unbreakable.keySet()));
        REPORT.count("validate calls", calls);
        StringBuilder each = new StringBuilder(file + ", shortest message per setting: ");
        for (Map.Entry<String, String> entry : rejectedBy.entrySet()) {
            System.out.printf("%s: %s: %s%n", file, entry.getKey(), entry.getValue());
            each.append("`").append(entry.getKey()).append("` ").append(entry.getValue()).append("; ");
        }
        REPORT.note(each.substring(0, each.length() - 2));
        unbreakable.forEach((setting, accepted) -> REPORT.note(file + ": `" + setting + "` accepted every candidate "
                + accepted + " (any value is a valid setting; nothing to reject)"));
    }

    @ParameterizedTest(name = "spool: {0} equal to spool.dir")
    @ValueSource(strings = {"spool.finished.dir", "spool.error.dir"})
    void crossSettingRulesOfTheSpoolSourceAreReportedByValidate(String setting) throws Exception {
        Map<String, String> config = pilotConfig("smartcar-status-spooldir.json");
        config.put(setting, config.get("spool.dir"));
        REPORT.injected("pilot spool config with " + setting + " = spool.dir (valid alone, wrong together)");
        REPORT.checked("validate reports it on " + setting + " (instead of a connector that FAILs at start)");
        Map<String, List<String>> errors = errors(connect.validate(config.get("connector.class"), config));
        assertEquals(Set.of(setting), errors.keySet(), "the error is on " + setting + ": " + errors);
        assertTrue(errors.get(setting).get(0).contains("spool.dir"), errors.toString());
        REPORT.count("message", errors.get(setting).get(0));
    }

    /** An invalid value to try; null value = the setting left out. */
    private record Candidate(String kind, String value) {
        String describe() {
            return value == null ? "(missing)" : "'" + value + "' (" + kind + ")";
        }
    }

    private static List<Candidate> candidates(JsonNode definition) {
        List<Candidate> candidates = new ArrayList<>();
        switch (definition.path("type").asText()) {
            case "INT", "SHORT" -> {
                candidates.add(new Candidate("wrong type", "not-a-number"));
                candidates.add(new Candidate("below range", "-1"));
                candidates.add(new Candidate("above range", String.valueOf(Integer.MAX_VALUE)));
            }
            case "LONG" -> {
                candidates.add(new Candidate("wrong type", "not-a-number"));
                candidates.add(new Candidate("below range", "-1"));
                candidates.add(new Candidate("above range", String.valueOf(Long.MAX_VALUE)));
            }
            case "DOUBLE" -> {
                candidates.add(new Candidate("wrong type", "not-a-number"));
                candidates.add(new Candidate("below range", "-1"));
                candidates.add(new Candidate("above range", "1e308"));
            }
            case "BOOLEAN" -> candidates.add(new Candidate("wrong type", "maybe"));
            case "LIST" -> {
                candidates.add(new Candidate("empty", ""));
                candidates.add(new Candidate("relative path", "relative/dir/*.log"));
                candidates.add(new Candidate("malformed entry", "a:b:c"));
                candidates.add(new Candidate("malformed mapping", "=x"));
                candidates.add(new Candidate("empty entries", " , "));
            }
            case "CLASS" -> candidates.add(new Candidate("unknown class", "no.such.Class"));
            default -> {
                candidates.add(new Candidate("empty", ""));
                candidates.add(new Candidate("relative path", "relative/dir"));
                candidates.add(new Candidate("bad regex", "(unclosed["));
                candidates.add(new Candidate("bad choice", "NO_SUCH_CHOICE"));
            }
        }
        if (definition.path("required").asBoolean()) {
            candidates.add(new Candidate("missing required", null));
        }
        return candidates;
    }

    /** Setting → its error messages, only settings with errors. */
    private static Map<String, List<String>> errors(JsonNode result) {
        Map<String, List<String>> errors = new LinkedHashMap<>();
        for (JsonNode config : result.path("configs")) {
            JsonNode messages = config.path("value").path("errors");
            if (messages.size() > 0) {
                List<String> list = new ArrayList<>();
                messages.forEach(m -> list.add(m.asText()));
                errors.put(config.path("value").path("name").asText(), list);
            }
        }
        return errors;
    }

    /** The pilot's JSON with each ${env:X} replaced by the value the running worker has for X. */
    private static Map<String, String> pilotConfig(String file) throws Exception {
        Path path = Path.of(System.getProperty("user.dir"), "config", file);
        Map<String, String> config = JSON.readValue(Files.readString(path), new TypeReference<>() { });
        Map<String, String> workerEnv = workerEnvironment();
        Map<String, String> resolved = new HashMap<>();
        config.forEach((key, value) -> {
            Matcher m = ENV_PLACEHOLDER.matcher(value);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String replacement = workerEnv.get(m.group(1));
                if (replacement == null) {
                    throw new IllegalStateException(path + ": " + key + " uses ${env:" + m.group(1)
                            + "}, which the Connect worker's environment does not have");
                }
                m.appendReplacement(out, Matcher.quoteReplacement(replacement));
            }
            m.appendTail(out);
            resolved.put(key, out.toString());
        });
        resolved.put("name", file.replace(".json", "") + "-validate");
        return resolved;
    }

    /** The Connect worker's environment, read from /proc (the stack recorded its PID). */
    private static Map<String, String> workerEnvironment() throws Exception {
        long pid = StackUnderTest.recordedPid("connect");
        byte[] environ = Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "environ"));
        Map<String, String> env = new HashMap<>();
        for (String entry : new String(environ, StandardCharsets.UTF_8).split("\0")) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                env.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        return env;
    }
}

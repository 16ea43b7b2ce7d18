package dev.smartcar.connect.file;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigValue;

/**
 * The converters a file source needs: the worker's {@code ByteArrayConverter} for the value and the headers (and the
 * key, when the source keys its records), so the line's bytes, its key field and its binary position reach Kafka as
 * they are ({@link LineRecords}). Any other converter would write something
 * else (a string converter writes a byte array as {@code [B@1b6d3586}), so a config without them is refused, naming
 * the setting, when it is validated (PUT) and when the connector starts.
 */
public final class LineConverters {

    /** The worker's per-connector converter settings this class checks. */
    public static final List<String> SETTINGS = List.of("value.converter", "header.converter");
    /** The same, for a source that keys its records. */
    public static final List<String> KEYED_SETTINGS = List.of("key.converter", "value.converter", "header.converter");
    /** The worker's own class (connect-runtime, not on a plugin's compile path), by name. */
    public static final String REQUIRED = "org.apache.kafka.connect.converters.ByteArrayConverter";

    private LineConverters() {
    }

    /** One entry per converter setting that is missing or not {@link #REQUIRED}; empty when both are right. */
    public static List<ConfigValue> problems(Map<String, String> connectorConfig) {
        return problems(connectorConfig, false);
    }

    /** The same, with the key converter too when {@code keyed}. */
    public static List<ConfigValue> problems(Map<String, String> connectorConfig, boolean keyed) {
        List<ConfigValue> problems = new ArrayList<>();
        for (String setting : keyed ? KEYED_SETTINGS : SETTINGS) {
            String value = connectorConfig.get(setting);
            if (value == null || !REQUIRED.equals(value.trim())) {
                ConfigValue problem = new ConfigValue(setting, value, List.of(), new ArrayList<>());
                problem.addErrorMessage(setting + " must be " + REQUIRED + " (the source sends each line's bytes, "
                        + "its key field and its binary position header as they are); it is " + (value == null
                        ? "not set, so the worker's default would apply" : value.trim()));
                problems.add(problem);
            }
        }
        return problems;
    }

    /** The problems as one sentence, for a connector that refuses to start; null when there are none. */
    public static String problem(Map<String, String> connectorConfig) {
        return problem(connectorConfig, false);
    }

    /** The same, with the key converter too when {@code keyed}. */
    public static String problem(Map<String, String> connectorConfig, boolean keyed) {
        List<ConfigValue> problems = problems(connectorConfig, keyed);
        return problems.isEmpty() ? null
                : String.join("; ", problems.stream().flatMap(p -> p.errorMessages().stream()).toList());
    }
}

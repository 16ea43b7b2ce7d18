package dev.smartcar.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/**
 * Scenario 7 of the reliability suite, app side: every setting of {@link StreamsAppConfig} rejects an invalid
 * value with a message naming the setting, whether the value comes from the properties file or from its
 * {@code SMARTCAR_*} environment override. The settings are read from the ConfigDef, not listed here; a setting
 * no candidate can break (a free string) is printed, and must be exactly the strings without a validator.
 */
class StreamsAppConfigValidationTest {

    @Test
    void everySettingRejectsAnInvalidValueNamingIt() {
        Map<String, String> rejectedBy = new TreeMap<>();
        TreeSet<String> unbreakable = new TreeSet<>();
        for (ConfigDef.ConfigKey key : StreamsAppConfig.CONFIG.configKeys().values()) {
            for (String candidate : candidates(key.type)) {
                String fromFile = rejection(() -> new StreamsAppConfig(Map.of(key.name, candidate)));
                String fromEnv = rejection(() -> StreamsAppConfig.load(null, Map.of(environmentName(key.name),
                        candidate)));
                assertEquals(fromFile == null, fromEnv == null,
                        key.name + "='" + candidate + "': file and environment agree (" + fromFile + " / " + fromEnv
                                + ")");
                if (fromFile != null) {
                    assertTrue(fromFile.contains(key.name), "the message names " + key.name + ": " + fromFile);
                    assertTrue(fromEnv.contains(key.name), "the message names " + key.name + ": " + fromEnv);
                    rejectedBy.putIfAbsent(key.name, "'" + candidate + "' → " + fromFile);
                }
            }
            if (!rejectedBy.containsKey(key.name)) {
                unbreakable.add(key.name);
            }
        }
        rejectedBy.forEach((name, how) -> System.out.println("rejected " + name + ": " + how));
        System.out.println("settings with no invalid value possible (free strings): " + unbreakable);

        TreeSet<String> freeStrings = new TreeSet<>();
        StreamsAppConfig.CONFIG.configKeys().values().stream()
                .filter(k -> k.type == ConfigDef.Type.STRING && k.validator == null)
                .forEach(k -> freeStrings.add(k.name));
        assertEquals(freeStrings, unbreakable, "only strings without a validator accept every value");
        assertFalse(rejectedBy.isEmpty());
    }

    @Test
    void theEnvironmentNameOfEachSettingReachesIt() {
        // The test above relies on it: SMARTCAR_<KEY> must land on the setting, not on a Kafka Streams key.
        for (String name : StreamsAppConfig.CONFIG.names()) {
            Map<String, String> overrides = StreamsAppConfig.environmentOverrides(Map.of(environmentName(name), "x"));
            assertEquals(Map.of(name, "x"), overrides, environmentName(name));
        }
    }

    /** The documented override: key upper-cased, dots as underscores, a leading "smartcar." dropped. */
    private static String environmentName(String key) {
        String bare = key.startsWith("smartcar.") ? key.substring("smartcar.".length()) : key;
        return "SMARTCAR_" + bare.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    private static List<String> candidates(ConfigDef.Type type) {
        List<String> candidates = new ArrayList<>();
        switch (type) {
            case INT, SHORT, LONG -> candidates.addAll(List.of("not-a-number", "-2", String.valueOf(Long.MAX_VALUE)));
            case DOUBLE -> candidates.addAll(List.of("fast", "-1", "1e308"));
            case BOOLEAN -> candidates.add("maybe");
            default -> candidates.addAll(List.of("", "Mars/Base", "NO_SUCH_CHOICE"));
        }
        return candidates;
    }

    /** The ConfigException's message, or null if the settings were accepted. */
    private static String rejection(Runnable build) {
        try {
            build.run();
            return null;
        } catch (ConfigException e) {
            return e.getMessage();
        }
    }
}

package dev.smartcar.connect.it;

import dev.smartcar.connect.file.LineConverters;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The spool-dir source settings every integration test starts from; each test adds what it is about. */
final class SpoolConnectorConfig {

    private SpoolConnectorConfig() {
    }

    /** One task on {@code incoming}, files picked at once, lines as bytes; a mutable map for the test's additions. */
    static Map<String, String> of(String topic, Path incoming, Path finished, Path error) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "dev.smartcar.connect.spooldir.SpoolDirSourceConnector");
        config.put("tasks.max", "1");
        config.put("topic", topic);
        config.put("spool.dir", incoming.toString());
        config.put("spool.finished.dir", finished.toString());
        config.put("spool.error.dir", error.toString());
        config.put("spool.min.file.age.ms", "0");
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        LineConverters.SETTINGS.forEach(setting -> config.put(setting, LineConverters.REQUIRED));
        return config;
    }
}

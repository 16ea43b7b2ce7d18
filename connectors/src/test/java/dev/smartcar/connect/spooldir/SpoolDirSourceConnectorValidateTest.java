package dev.smartcar.connect.spooldir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smartcar.connect.file.LineConverters;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** validate() reports the rules the config applies at start, so a bad config never becomes a FAILED connector. */
class SpoolDirSourceConnectorValidateTest {

    @TempDir
    Path spool;

    private Map<String, List<String>> errors(String... settings) {
        Map<String, String> props = new HashMap<>();
        props.put(SpoolDirSourceConfig.SPOOL_DIR, spool.toString());
        props.put(SpoolDirSourceConfig.FINISHED_DIR, spool.resolveSibling("finished").toString());
        LineConverters.SETTINGS.forEach(setting -> props.put(setting, LineConverters.REQUIRED));
        for (int i = 0; i < settings.length; i += 2) {
            props.put(settings[i], settings[i + 1]);
        }
        Map<String, List<String>> errors = new HashMap<>();
        for (ConfigValue value : new SpoolDirSourceConnector().validate(props).configValues()) {
            if (!value.errorMessages().isEmpty()) {
                errors.put(value.name(), value.errorMessages());
            }
        }
        return errors;
    }

    @Test
    void aFinishedOrErrorFolderEqualToTheSpoolFolderIsReported() {
        assertEquals(Map.of(), errors(), "distinct folders are valid");
        Map<String, List<String>> finished = errors(SpoolDirSourceConfig.FINISHED_DIR, spool + "/");
        assertEquals(List.of(SpoolDirSourceConfig.FINISHED_DIR), List.copyOf(finished.keySet()));
        assertTrue(finished.get(SpoolDirSourceConfig.FINISHED_DIR).get(0).contains("must differ from spool.dir"));
        Map<String, List<String>> error = errors(SpoolDirSourceConfig.ERROR_DIR, spool.toString());
        assertEquals(List.of(SpoolDirSourceConfig.ERROR_DIR), List.copyOf(error.keySet()));
    }

    @Test
    void aStringValueConverterIsReportedOnItsSetting() {
        Map<String, List<String>> errors = errors("value.converter",
                "org.apache.kafka.connect.storage.StringConverter");
        assertEquals(List.of("value.converter"), List.copyOf(errors.keySet()));
        assertTrue(errors.get("value.converter").get(0).contains("must be " + LineConverters.REQUIRED));
    }
}

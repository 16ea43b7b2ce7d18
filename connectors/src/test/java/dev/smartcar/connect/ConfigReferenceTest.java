package dev.smartcar.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** CONFIG.md must be exactly what the ConfigDefs render; -Dsmartcar.config.write=true rewrites it. */
class ConfigReferenceTest {

    private static final Path CONFIG_MD = Path.of("CONFIG.md");

    @Test
    void configReferenceIsUpToDate() throws Exception {
        String rendered = ConfigReference.render();
        if (Boolean.getBoolean("smartcar.config.write")) {
            Files.writeString(CONFIG_MD, rendered, StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(CONFIG_MD), "connectors/CONFIG.md is missing; run with -Dsmartcar.config.write=true");
        assertEquals(rendered, Files.readString(CONFIG_MD, StandardCharsets.UTF_8),
                "connectors/CONFIG.md is stale; regenerate it with "
                        + "mvn -pl connectors test -Dtest=ConfigReferenceTest -Dsmartcar.config.write=true");
    }

    @Test
    void everySettingHasDocumentationAndADefaultOrIsRequiredOnPurpose() {
        for (var def : java.util.List.of(dev.smartcar.connect.spooldir.SpoolDirSourceConfig.CONFIG_DEF,
                dev.smartcar.connect.tail.TailSourceConfig.CONFIG_DEF,
                dev.smartcar.connect.hbase.HBaseSinkConfig.CONFIG_DEF)) {
            for (var key : def.configKeys().values()) {
                assertTrue(key.documentation != null && key.documentation.endsWith("."), key.name
                        + " lacks a doc sentence");
                assertTrue(key.hasDefault() || key.name.equals("spool.dir") || key.name.equals("tail.files"),
                        key.name + " has no default");
                assertTrue(key.validator != null || key.type == org.apache.kafka.common.config.ConfigDef.Type.BOOLEAN,
                        key.name + " has no validator");
            }
        }
    }
}

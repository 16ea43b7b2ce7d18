package dev.smartcar.connect;

import dev.smartcar.connect.avro.RegistryAvroConverterConfig;
import dev.smartcar.connect.hbase.HBaseSinkConfig;
import dev.smartcar.connect.spooldir.SpoolDirSourceConfig;
import dev.smartcar.connect.tail.TailSourceConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Renders every connector's {@link ConfigDef} into the configuration reference, CONFIG.md. A unit test fails
 * when the committed file differs from what this renders, so the reference cannot drift from the code.
 * Usage: {@code java -cp ... dev.smartcar.connect.ConfigReference connectors/CONFIG.md}.
 */
public final class ConfigReference {

    private ConfigReference() {
    }

    public static void main(String[] args) throws IOException {
        Path target = Path.of(args.length > 0 ? args[0] : "CONFIG.md");
        Files.writeString(target, render(), StandardCharsets.UTF_8);
        System.out.println("Wrote " + target.toAbsolutePath());
    }

    public static String render() {
        StringBuilder out = new StringBuilder();
        out.append("# Connector configuration reference\n\n")
                .append("Generated from the connectors' ConfigDefs by `dev.smartcar.connect.ConfigReference` ")
                .append("(regenerate: `mvn -pl connectors test -Dtest=ConfigReferenceTest "
                        + "-Dsmartcar.config.write=true`). ")
                .append("Do not edit by hand.\n\n")
                .append("Besides these, every connector takes Connect's own settings (`name`, `connector.class`, ")
                .append("`tasks.max`, converters, `topics` for the sink, `errors.*` ...).\n\n");
        section(out, "SpoolDirSourceConnector", "dev.smartcar.connect.spooldir.SpoolDirSourceConnector",
                SpoolDirSourceConfig.CONFIG_DEF);
        section(out, "TailSourceConnector", "dev.smartcar.connect.tail.TailSourceConnector",
                TailSourceConfig.CONFIG_DEF);
        section(out, "HBaseSinkConnector", "dev.smartcar.connect.hbase.HBaseSinkConnector",
                HBaseSinkConfig.CONFIG_DEF);
        out.append("## RegistryAvroConverter (a converter, set as `value.converter.NAME`)\n\n")
                .append("`value.converter=dev.smartcar.connect.avro.RegistryAvroConverter`: reads values in the ")
                .append("Confluent wire format into Structs for a sink, with the writer schema from the registry; ")
                .append("flat records only (strings, enums, numbers, booleans, bytes, timestamp-millis, each ")
                .append("optional as [\"null\", T]).\n\n");
        table(out, RegistryAvroConverterConfig.CONFIG_DEF);
        return out.toString();
    }

    private static void section(StringBuilder out, String title, String className, ConfigDef def) {
        out.append("## ").append(title).append("\n\n`connector.class=").append(className).append("`\n\n");
        table(out, def);
    }

    private static void table(StringBuilder out, ConfigDef def) {
        out.append("| setting | type | default | valid values | importance | description |\n")
                .append("|---|---|---|---|---|---|\n");
        java.util.List<String> groups = def.groups();
        java.util.List<ConfigDef.ConfigKey> keys = new java.util.ArrayList<>(def.configKeys().values());
        // Grouped as the connector UI shows them: by group, then by position within the group.
        keys.sort(java.util.Comparator.<ConfigDef.ConfigKey>comparingInt(k -> k.group == null ? Integer.MAX_VALUE
                : groups.indexOf(k.group)).thenComparingInt(k -> k.orderInGroup).thenComparing(k -> k.name));
        for (ConfigDef.ConfigKey key : keys) {
            out.append("| `").append(key.name).append("` | ").append(key.type.name().toLowerCase())
                    .append(" | ").append(defaultText(key))
                    .append(" | ").append(cell(key.validator == null ? "" : key.validator.toString()))
                    .append(" | ").append(key.importance.name().toLowerCase())
                    .append(" | ").append(cell(key.documentation)).append(" |\n");
        }
        out.append('\n');
    }

    private static String defaultText(ConfigDef.ConfigKey key) {
        if (!key.hasDefault()) {
            return "(required)";
        }
        Object value = key.defaultValue;
        String text = value instanceof java.util.List<?> list ? String.join(",",
                list.stream().map(String::valueOf).toList())
                : String.valueOf(value);
        return text.isEmpty() ? "\"\"" : "`" + cell(text) + "`";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}

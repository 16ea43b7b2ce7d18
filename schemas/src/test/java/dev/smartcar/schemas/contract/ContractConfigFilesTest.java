package dev.smartcar.schemas.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.smartcar.avro.CarStatus;
import dev.smartcar.avro.DrivingRecord;
import dev.smartcar.schemas.contract.HBaseLayout.Table;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * The files that must repeat a contract name, checked against {@code dev.smartcar.schemas.contract}: the connector
 * configs (topics, tables, the sink's row layout), the streams app's properties (topic keys, Redis expiry), the
 * stack's topic list and environment defaults, and the compose deploy defaults. A failure names the file and the
 * key. Reads the files from the repository, beside this module ({@code ../connectors/config} etc.).
 */
class ContractConfigFilesTest {

    private static final Path ROOT = repositoryRoot();
    private static final ObjectMapper JSON = new ObjectMapper();

    // ------------------------------------------------------------------------------------ connectors/config/*.json

    @Test
    void sourceConnectorsWriteTheRawTopics() throws IOException {
        expect("connectors/config/smartcar-status-spooldir.json", "topic", Topics.STATUS_RAW,
                text(json("connectors/config/smartcar-status-spooldir.json"), "topic"));
        expect("connectors/config/smartcar-driving-tail.json", "topic", Topics.DRIVING_RAW,
                text(json("connectors/config/smartcar-driving-tail.json"), "topic"));
        expect("connectors/config/optional/smartcar-driving-filestream.json", "topic", Topics.DRIVING_RAW,
                text(json("connectors/config/optional/smartcar-driving-filestream.json"), "topic"));
    }

    @Test
    void theTailSourceKeysTheRawDrivingLinesByCar() throws IOException {
        String file = "connectors/config/smartcar-driving-tail.json";
        assertEquals(Topics.Key.CAR, Topics.layout(Topics.DRIVING_RAW).key());
        expect(file, "key.field", Integer.toString(Topics.DRIVING_RAW_KEY_FIELD), text(json(file), "key.field"));
        expect(file, "topic", Topics.DRIVING_RAW, text(json(file), "topic"));
    }

    @Test
    void theLayoutsCoverEveryTopic() {
        Set<String> all = new TreeSet<>(Topics.PIPELINE);
        all.add(Topics.SETASIDE);
        all.add(Topics.HBASE_DLQ);
        Set<String> laidOut = new TreeSet<>();
        Topics.LAYOUTS.forEach(l -> laidOut.add(l.topic()));
        expect("Topics.LAYOUTS", "topics", all, laidOut);
    }

    @Test
    void everyConnectorConfigNamesOnlyContractTopics() throws IOException {
        Set<String> known = new LinkedHashSet<>(Topics.PIPELINE);
        known.add(Topics.SETASIDE);
        known.add(Topics.HBASE_DLQ);
        List<Path> files;
        try (var walk = Files.walk(ROOT.resolve("connectors/config"))) {
            files = walk.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertTrue(files.size() >= 4, "connector configs in " + ROOT.resolve("connectors/config") + ": " + files);
        for (Path file : files) {
            JsonNode config = JSON.readTree(file.toFile());
            for (String key : List.of("topic", "topics", "errors.deadletterqueue.topic.name")) {
                if (config.has(key)) {
                    for (String topic : list(config.get(key).asText())) {
                        if (!known.contains(topic)) {
                            fail(ROOT.relativize(file) + ": " + key + " names topic '" + topic
                                    + "', which is not one of "
                                    + known + " (dev.smartcar.schemas.contract.Topics, docs/contract.md §Topics)");
                        }
                    }
                }
            }
        }
    }

    /** The sink's settings, applied as the sink applies them, give exactly {@link HBaseLayout}'s rows. */
    @Test
    void hbaseSinkConfigStatesTheHBaseLayout() throws IOException {
        String file = "connectors/config/smartcar-hbase-sink.json";
        JsonNode config = json(file);
        Set<String> expectedTopics = new TreeSet<>();
        Set<String> expectedTableMap = new TreeSet<>();
        for (Table t : Table.values()) {
            expectedTopics.add(t.topic());
            expectedTableMap.add(t.topic() + ":" + t.tableName());
        }
        expect(file, "topics", expectedTopics, new TreeSet<>(list(text(config, "topics"))));
        expect(file, "hbase.table.map", expectedTableMap, new TreeSet<>(list(text(config, "hbase.table.map"))));
        expect(file, "hbase.column.family", HBaseLayout.FAMILY, text(config, "hbase.column.family"));
        expect(file, "hbase.row.key.delimiter", HBaseLayout.ROW_KEY_DELIMITER, text(config, "hbase.row.key.delimiter"));
        expect(file, "hbase.table.split.points", HBaseLayout.SPLIT_POINTS, list(text(config,
                "hbase.table.split.points")));
        expect(file, "errors.deadletterqueue.topic.name", Topics.HBASE_DLQ,
                text(config, "errors.deadletterqueue.topic.name"));

        List<String> keyFields = list(text(config, "hbase.row.key.fields"));
        List<String> reversed = list(text(config, "hbase.row.key.reversed"));
        List<String> excluded = list(text(config, "hbase.column.exclude"));
        List<String> columnMap = list(text(config, "hbase.column.map"));
        for (Table table : Table.values()) {
            String topic = table.topic();
            expect(file, "hbase.row.key.fields (for " + topic + ")", table.rowKeyFields(), fieldsFor(topic, keyFields));
            Set<String> reversedHere = allFieldsFor(topic, reversed);
            expect(file, "hbase.row.key.reversed (for " + topic + ")", Set.of(table.timestampField()),
                    new TreeSet<>(reversedHere.stream().filter(table.rowKeyFields()::contains).toList()));
            // Which qualifier each Avro field of the topic's record lands in, as the sink works it out.
            Schema schema = table == Table.DRIVING ? DrivingRecord.getClassSchema() : CarStatus.getClassSchema();
            Set<String> excludedHere = allFieldsFor(topic, excluded);
            Map<String, String> overrides = overridesFor(topic, columnMap, file);
            Map<String, String> written = new HashMap<>();
            for (Schema.Field field : schema.getFields()) {
                if (!excludedHere.contains(field.name())) {
                    written.put(overrides.getOrDefault(field.name(), field.name()), field.name());
                }
            }
            expect(file, "hbase.column.map / hbase.column.exclude (qualifiers of " + table.tableName() + ")",
                    new TreeSet<>(table.qualifiers()), new TreeSet<>(written.keySet()));
            for (String qualifier : table.qualifiers()) {
                expect(file, "hbase.column.map (field written to " + table.tableName() + ":" + qualifier + ")",
                        table.avroField(qualifier), written.get(qualifier));
            }
            // The compact layout joins the written fields in the record's order: that must be the line's order.
            boolean line = list(textOr(config, "hbase.line.topics", "")).contains(topic);
            expect(file, "hbase.line.topics (" + topic + " in one cell)", table.layout() == HBaseLayout.CellLayout.LINE,
                    line);
            if (line) {
                List<String> inOrder = new ArrayList<>();
                for (Schema.Field field : schema.getFields()) {
                    if (!excludedHere.contains(field.name())) {
                        inOrder.add(overrides.getOrDefault(field.name(), field.name()));
                    }
                }
                expect(file, "the written fields of " + topic + " in record order (its one cell's order)",
                        table.qualifiers(), inOrder);
                expect(file, "hbase.line.qualifier", HBaseLayout.LINE_QUALIFIER,
                        textOr(config, "hbase.line.qualifier", HBaseLayout.LINE_QUALIFIER));
                expect(file, "hbase.line.delimiter", HBaseLayout.LINE_DELIMITER,
                        textOr(config, "hbase.line.delimiter", HBaseLayout.LINE_DELIMITER));
            }
        }
    }

    // ------------------------------------------------------------------------------------ streams-app properties

    @Test
    void streamsAppTopicKeysAndRedisExpiry() throws IOException {
        String file = "streams-app/config/streams-app.properties";
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(ROOT.resolve(file), StandardCharsets.UTF_8)) {
            p.load(in);
        }
        Map<String, String> expected = Map.of(
                "smartcar.topic.status.raw", Topics.STATUS_RAW,
                "smartcar.topic.driving.raw", Topics.DRIVING_RAW,
                "smartcar.topic.status", Topics.STATUS,
                "smartcar.topic.driving", Topics.DRIVING,
                "smartcar.topic.rejected", Topics.REJECTED,
                "smartcar.topic.overspeed", Topics.OVERSPEED,
                "smartcar.topic.setaside", Topics.SETASIDE,
                "redis.expire.seconds", Long.toString(RedisLayout.EXPIRE_SECONDS));
        Set<String> optional = Set.of("smartcar.topic.setaside"); // the app's default applies when it is absent
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(expected).entrySet()) {
            if (!optional.contains(e.getKey()) || p.getProperty(e.getKey()) != null) {
                expect(file, e.getKey(), e.getValue(), p.getProperty(e.getKey()));
            }
        }
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith("smartcar.topic.") && !expected.containsKey(key)) {
                fail(file + ": " + key + " is a topic setting this test does not know; add it to "
                        + "dev.smartcar.schemas.contract.Topics and to this test");
            }
        }
    }

    // ------------------------------------------------------------------------------------ stack and compose

    /** Every pipeline topic, the set-aside topic and the sink's dead-letter topic are created, and nothing else. */
    @Test
    void stackTopicsConfCreatesExactlyTheContractTopics() throws IOException {
        String file = "stack/conf/topics.conf";
        Set<String> expected = new TreeSet<>(Topics.PIPELINE);
        expected.add(Topics.HBASE_DLQ);
        expected.add(Topics.SETASIDE);
        Set<String> listed = new TreeSet<>();
        int n = 0;
        for (String line : Files.readAllLines(ROOT.resolve(file), StandardCharsets.UTF_8)) {
            n++;
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String[] columns = t.split("\\s+");
            String name = columns[0];
            if (!listed.add(name)) {
                fail(file + ":" + n + ": topic " + name + " is listed twice");
            }
            if (expected.contains(name)) {
                expect(file + ":" + n, name + " partitions (second column)",
                        Integer.toString(Topics.layout(name).partitions()), columns.length > 1 ? columns[1] : null);
            }
        }
        expect(file, "topic names (first column)", expected, listed);
    }

    @Test
    void stackEnvHBaseTablesSplitsAndRedisKeys() throws IOException {
        String file = "stack/conf/stack.env";
        Map<String, String> env = shellDefaults(file);
        expect(file, "STACK_HBASE_TABLES", tablesWithFamily(), new TreeSet<>(words(env.get("STACK_HBASE_TABLES"))));
        expect(file, "STACK_HBASE_SPLITS", HBaseLayout.SPLIT_POINTS, list(env.get("STACK_HBASE_SPLITS")));
        expect(file, "STACK_REDIS_ALERT_KEY_PATTERN", RedisLayout.DAY_KEY_GLOB,
                env.get("STACK_REDIS_ALERT_KEY_PATTERN"));
    }

    @Test
    void composeDeployHBaseTablesAndSplits() throws IOException {
        String file = "compose/deploy.sh";
        Map<String, String> env = shellDefaults(file);
        expect(file, "SMARTCAR_HBASE_TABLES", tablesWithFamily(),
                new TreeSet<>(words(env.get("SMARTCAR_HBASE_TABLES"))));
        expect(file, "SMARTCAR_HBASE_SPLITS", HBaseLayout.SPLIT_POINTS, list(env.get("SMARTCAR_HBASE_SPLITS")));
    }

    // ------------------------------------------------------------------------------------ helpers

    private static Set<String> tablesWithFamily() {
        Set<String> tables = new TreeSet<>();
        for (Table t : Table.values()) {
            tables.add(t.tableName() + ":" + HBaseLayout.FAMILY);
        }
        return tables;
    }

    private static void expect(String file, String key, Object expected, Object actual) {
        assertEquals(expected, actual, () -> file + ": " + key + " is " + actual + ", but the contract says "
                + expected + " (dev.smartcar.schemas.contract, docs/contract.md)");
    }

    private static JsonNode json(String file) throws IOException {
        return JSON.readTree(ROOT.resolve(file).toFile());
    }

    private static String text(JsonNode config, String key) {
        return config.has(key) ? config.get(key).asText() : null;
    }

    private static String textOr(JsonNode config, String key, String otherwise) {
        return config.has(key) ? config.get(key).asText() : otherwise;
    }

    private static List<String> list(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static List<String> words(String value) {
        return value == null || value.isBlank() ? List.of() : List.of(value.strip().split("\\s+"));
    }

    /** {@code : "${NAME:=value}"} lines of a shell file: NAME → value. */
    private static Map<String, String> shellDefaults(String file) throws IOException {
        Pattern p = Pattern.compile("^\\s*:\\s*\"\\$\\{([A-Z0-9_]+):=(.*)}\"\\s*$");
        Map<String, String> out = new HashMap<>();
        for (String line : Files.readAllLines(ROOT.resolve(file), StandardCharsets.UTF_8)) {
            Matcher m = p.matcher(line);
            if (m.matches()) {
                out.put(m.group(1), m.group(2));
            }
        }
        return out;
    }

    /** {@code [topic:]name} entries, as the sink reads them: the topic's own entries if any, else the bare ones. */
    private static List<String> fieldsFor(String topic, List<String> entries) {
        List<String> own = new ArrayList<>();
        List<String> bare = new ArrayList<>();
        for (String entry : entries) {
            String[] parts = split(entry);
            if (parts[0] == null) {
                bare.add(parts[1]);
            } else if (parts[0].equals(topic)) {
                own.add(parts[1]);
            }
        }
        return own.isEmpty() ? bare : own;
    }

    /** The topic's own entries and the bare ones together. */
    private static Set<String> allFieldsFor(String topic, List<String> entries) {
        Set<String> fields = new TreeSet<>();
        for (String entry : entries) {
            String[] parts = split(entry);
            if (parts[0] == null || parts[0].equals(topic)) {
                fields.add(parts[1]);
            }
        }
        return fields;
    }

    /** {@code [topic:]field=[family:]qualifier}: field → qualifier for this topic (topic-qualified entries win). */
    private static Map<String, String> overridesFor(String topic, List<String> entries, String file) {
        Map<String, String> out = new HashMap<>();
        for (boolean qualified : new boolean[] {false, true}) {
            for (String entry : entries) {
                int eq = entry.indexOf('=');
                String[] field = split(entry.substring(0, eq));
                if ((field[0] != null) != qualified || (qualified && !field[0].equals(topic))) {
                    continue;
                }
                String[] column = split(entry.substring(eq + 1));
                if (column[0] != null && !column[0].equals(HBaseLayout.FAMILY)) {
                    fail(file + ": hbase.column.map entry '" + entry + "' writes to family " + column[0]
                            + ", but the contract has only " + HBaseLayout.FAMILY);
                }
                out.put(field[1], column[1]);
            }
        }
        return out;
    }

    private static String[] split(String text) {
        int colon = text.lastIndexOf(':');
        return colon < 0 ? new String[] {null, text} : new String[] {text.substring(0, colon), text.substring(colon
                + 1)};
    }

    /**
     * The repository's root: the first folder upwards from this module holding connectors/config and stack/conf
     * ({@code -Dsmartcar.repo.root=DIR} points the test at another copy, e.g. to see it fail on a changed file).
     */
    private static Path repositoryRoot() {
        Path dir = Path.of(System.getProperty("smartcar.repo.root", System.getProperty("basedir",
                ""))).toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("connectors/config")) && Files.isDirectory(d.resolve("stack/conf"))) {
                return d;
            }
        }
        throw new IllegalStateException("no repository root with connectors/config and stack/conf above " + dir);
    }
}

package dev.smartcar.connect.hbase;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * How one topic's records become rows: the table, the row key (fields joined by a delimiter, some reversed)
 * and where each field goes (its own name in the default family, unless overridden or excluded). Values are
 * written as UTF-8 text: strings as they are, numbers as their decimal form. A topic of
 * {@link HBaseSinkConfig#LINE_TOPICS} gets one cell instead: the written fields' values in field order, joined by
 * the line delimiter, under the line qualifier of the default family.
 */
final class TopicLayout {

    /** A field's destination; {@code schemaField} is the struct field it is read from (null for map values). */
    record Column(String field, Field schemaField, byte[] family, byte[] qualifier) {
    }

    private final String topic;
    private final String table;
    private final List<String> keyFields;
    /** Per key field: whether its characters are reversed (looked up once, not per record). */
    private final boolean[] keyReversed;
    private final String delimiter;
    private final String defaultFamily;
    private final Map<String, String[]> overrides;
    private final Set<String> excluded;
    private final CellTimestamp cellTimestamp;
    /** The one cell's qualifier for a one-cell (line) topic; null when every field has its own cell. */
    private final byte[] lineQualifier;
    private final byte[] lineFamily;
    private final byte[] lineDelimiter;
    private final Map<Schema, List<Column>> plans = new IdentityHashMap<>();
    /** The line being joined (one task calls this layout at a time). */
    private byte[] lineBuffer = new byte[128];

    TopicLayout(String topic, String table, List<String> keyFields, Set<String> reversed, String delimiter,
                String defaultFamily, Map<String, String[]> overrides, Set<String> excluded,
                CellTimestamp cellTimestamp) {
        this(topic, table, keyFields, reversed, delimiter, defaultFamily, overrides, excluded, cellTimestamp, null,
                null);
    }

    /**
     * @param lineQualifier the one cell's qualifier for a one-cell (line) topic, null for one cell per field
     * @param lineDelimiter between the values in that cell
     */
    TopicLayout(String topic, String table, List<String> keyFields, Set<String> reversed, String delimiter,
                String defaultFamily, Map<String, String[]> overrides, Set<String> excluded,
                CellTimestamp cellTimestamp, String lineQualifier, String lineDelimiter) {
        this.topic = topic;
        this.table = table;
        this.keyFields = keyFields;
        this.keyReversed = new boolean[keyFields.size()];
        for (int i = 0; i < keyFields.size(); i++) {
            keyReversed[i] = reversed.contains(keyFields.get(i));
        }
        this.delimiter = delimiter;
        this.defaultFamily = defaultFamily;
        this.overrides = overrides;
        this.excluded = excluded;
        this.cellTimestamp = cellTimestamp;
        this.lineQualifier = lineQualifier == null ? null : lineQualifier.getBytes(StandardCharsets.UTF_8);
        this.lineFamily = defaultFamily.getBytes(StandardCharsets.UTF_8);
        this.lineDelimiter = lineDelimiter == null ? null : lineDelimiter.getBytes(StandardCharsets.UTF_8);
    }

    String table() {
        return table;
    }

    HBaseRow toRow(SinkRecord record) {
        Object value = record.value();
        if (value == null) {
            throw new UnwritableRecordException("it has no value (a tombstone); the sink writes rows, it does not "
                    + "delete them");
        }
        long timestamp = cellTimestamp == CellTimestamp.RECORD && record.timestamp() != null
                ? record.timestamp() : Long.MAX_VALUE;
        if (value instanceof Struct struct) {
            return new HBaseRow(table, rowKey(record, struct::get, name -> struct.schema().field(name) != null),
                    lineQualifier == null ? cells(struct) : List.of(line(struct)), timestamp);
        }
        if (lineQualifier != null) {
            throw new UnwritableRecordException("its value is a " + value.getClass().getSimpleName() + ", not a "
                    + "record with a schema (Struct), so its fields have no order to join into one cell ("
                    + HBaseSinkConfig.LINE_TOPICS + ")");
        }
        if (value instanceof Map<?, ?> map) {
            return new HBaseRow(table, rowKey(record, map::get, map::containsKey), cells(map), timestamp);
        }
        throw new UnwritableRecordException("its value is a " + value.getClass().getSimpleName()
                + ", not a record (Struct or map); check the connector's value.converter");
    }

    private byte[] rowKey(SinkRecord record, java.util.function.Function<String, Object> get,
                          java.util.function.Predicate<String> has) {
        if (keyFields.isEmpty()) {
            Object key = record.key();
            if (key == null) {
                throw new UnwritableRecordException("it has no key, and " + HBaseSinkConfig.ROW_KEY_FIELDS
                        + " names no fields for topic " + topic);
            }
            return bytes(key, "the record key");
        }
        StringBuilder key = new StringBuilder(48);
        for (int i = 0; i < keyFields.size(); i++) {
            String field = keyFields.get(i);
            if (!has.test(field)) {
                throw new UnwritableRecordException("it has no field '" + field + "', which "
                        + HBaseSinkConfig.ROW_KEY_FIELDS + " puts in the row key");
            }
            Object part = get.apply(field);
            if (part == null) {
                throw new UnwritableRecordException("row-key field '" + field + "' is null");
            }
            String text = text(part, field);
            if (i > 0) {
                key.append(delimiter);
            }
            key.append(keyReversed[i] ? new StringBuilder(text).reverse() : text);
        }
        return key.toString().getBytes(StandardCharsets.UTF_8);
    }

    private List<HBaseRow.CellValue> cells(Struct struct) {
        List<Column> plan = plan(struct.schema());
        List<HBaseRow.CellValue> cells = new ArrayList<>(plan.size());
        for (Column column : plan) {
            Object value = struct.get(column.schemaField());
            if (value != null) {
                cells.add(new HBaseRow.CellValue(column.family(), column.qualifier(), bytes(value, column.field())));
            }
        }
        return cells;
    }

    /** The one cell of a line topic: the written fields' values in field order, joined by the delimiter. */
    private HBaseRow.CellValue line(Struct struct) {
        List<Column> plan = plan(struct.schema());
        int length = 0;
        for (int i = 0; i < plan.size(); i++) {
            Column column = plan.get(i);
            Object value = struct.get(column.schemaField());
            byte[] bytes = value == null ? EMPTY : bytes(value, column.field());
            if (contains(bytes, lineDelimiter)) {
                throw new UnwritableRecordException("field '" + column.field() + "' contains the line delimiter '"
                        + new String(lineDelimiter, StandardCharsets.UTF_8) + "', so its one cell could not be "
                        + "split back into fields (" + HBaseSinkConfig.LINE_DELIMITER + ")");
            }
            int need = length + bytes.length + (i > 0 ? lineDelimiter.length : 0);
            if (need > lineBuffer.length) {
                lineBuffer = Arrays.copyOf(lineBuffer, Math.max(need, lineBuffer.length * 2));
            }
            if (i > 0) {
                System.arraycopy(lineDelimiter, 0, lineBuffer, length, lineDelimiter.length);
                length += lineDelimiter.length;
            }
            System.arraycopy(bytes, 0, lineBuffer, length, bytes.length);
            length += bytes.length;
        }
        return new HBaseRow.CellValue(lineFamily, lineQualifier, Arrays.copyOf(lineBuffer, length));
    }

    private static final byte[] EMPTY = new byte[0];

    private static boolean contains(byte[] bytes, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= bytes.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (bytes[i + j] != part[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private List<HBaseRow.CellValue> cells(Map<?, ?> map) {
        List<HBaseRow.CellValue> cells = new ArrayList<>(map.size());
        Set<String> seen = new HashSet<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String field = String.valueOf(entry.getKey());
            if (excluded.contains(field) || entry.getValue() == null) {
                continue;
            }
            Column column = column(field, null);
            checkUnique(seen, column);
            cells.add(new HBaseRow.CellValue(column.family(), column.qualifier(), bytes(entry.getValue(), field)));
        }
        return cells;
    }

    /** The columns for a schema, worked out once per schema instance (converters reuse them). */
    private List<Column> plan(Schema schema) {
        List<Column> plan = plans.get(schema);
        if (plan != null) {
            return plan;
        }
        plan = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Field field : schema.fields()) {
            if (excluded.contains(field.name())) {
                continue;
            }
            Column column = column(field.name(), field);
            checkUnique(seen, column);
            plan.add(column);
        }
        if (plans.size() > 64) {
            plans.clear();
        }
        plans.put(schema, plan);
        return plan;
    }

    private void checkUnique(Set<String> seen, Column column) {
        String name = new String(column.family(), StandardCharsets.UTF_8) + ":"
                + new String(column.qualifier(), StandardCharsets.UTF_8);
        if (!seen.add(name)) {
            // A configuration mistake, not a bad record: stop rather than send every record to the DLQ.
            throw new ConnectException("Two fields of topic " + topic + " map to column " + name + " (the "
                    + "second is '" + column.field() + "'); fix " + HBaseSinkConfig.COLUMN_MAP + " or "
                    + HBaseSinkConfig.COLUMN_EXCLUDE);
        }
    }

    private Column column(String field, Field schemaField) {
        String[] target = overrides.get(field);
        String family = target == null || target[0] == null ? defaultFamily : target[0];
        String qualifier = target == null ? field : target[1];
        return new Column(field, schemaField, family.getBytes(StandardCharsets.UTF_8),
                qualifier.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(Object value, String field) {
        if (value instanceof String s) {
            return s;
        }
        return new String(bytes(value, field), StandardCharsets.UTF_8);
    }

    /** A field value as cell bytes: text as UTF-8, numbers in decimal, bytes as they are. */
    static byte[] bytes(Object value, String field) {
        if (value instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        if (value instanceof Number || value instanceof Boolean || value instanceof Character) {
            String text = value instanceof BigDecimal d ? d.toPlainString() : value.toString();
            return text.getBytes(StandardCharsets.UTF_8);
        }
        if (value instanceof java.util.Date date) {
            return Long.toString(date.getTime()).getBytes(StandardCharsets.UTF_8);
        }
        if (value instanceof byte[] raw) {
            return raw;
        }
        if (value instanceof ByteBuffer buffer) {
            byte[] raw = new byte[buffer.remaining()];
            buffer.duplicate().get(raw);
            return raw;
        }
        throw new UnwritableRecordException("field '" + field + "' is a " + value.getClass().getSimpleName()
                + ", which has no single-cell form; exclude it (" + HBaseSinkConfig.COLUMN_EXCLUDE
                + ") or flatten it with a transform");
    }

    /** Builds every topic's layout from the settings, on demand. */
    static final class Catalogue {
        private final HBaseSinkConfig config;
        private final Map<String, TopicLayout> layouts = new HashMap<>();

        Catalogue(HBaseSinkConfig config) {
            this.config = config;
        }

        TopicLayout forTopic(String topic) {
            return layouts.computeIfAbsent(topic, this::build);
        }

        private TopicLayout build(String topic) {
            String table = topic;
            for (String entry : config.tableMap()) {
                int colon = entry.trim().lastIndexOf(':');
                if (entry.trim().substring(0, colon).equals(topic)) {
                    table = entry.trim().substring(colon + 1);
                }
            }
            List<String> keyFields = fieldsFor(topic, config.rowKeyFields());
            Set<String> reversed = allFieldsFor(topic, config.rowKeyReversed());
            Set<String> excluded = allFieldsFor(topic, config.columnExclude());
            Map<String, String[]> overrides = new HashMap<>();
            // Bare entries first, so that topic-qualified ones win.
            for (boolean qualified : new boolean[] {false, true}) {
                for (String raw : config.columnMap()) {
                    String entry = raw.trim();
                    int eq = entry.indexOf('=');
                    String[] field = split(entry.substring(0, eq));
                    if ((field[0] != null) != qualified || (qualified && !field[0].equals(topic))) {
                        continue;
                    }
                    overrides.put(field[1], split(entry.substring(eq + 1)));
                }
            }
            boolean line = config.lineTopics().contains(topic);
            return new TopicLayout(topic, table, keyFields, reversed, config.rowKeyDelimiter(),
                    config.columnFamily(), overrides, excluded, config.cellTimestamp(),
                    line ? config.lineQualifier() : null, line ? config.lineDelimiter() : null);
        }

        /** The topic's own entries if it has any, else the bare (all-topic) entries, in order. */
        private static List<String> fieldsFor(String topic, List<String> entries) {
            List<String> own = new ArrayList<>();
            List<String> bare = new ArrayList<>();
            for (String raw : entries) {
                String[] parts = split(raw.trim());
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
            Set<String> fields = new HashSet<>();
            for (String raw : entries) {
                String[] parts = split(raw.trim());
                if (parts[0] == null || parts[0].equals(topic)) {
                    fields.add(parts[1]);
                }
            }
            return fields;
        }

        /** {@code [prefix:]name} → {prefix or null, name}. */
        private static String[] split(String text) {
            int colon = text.lastIndexOf(':');
            return colon < 0 ? new String[] {null, text} : new String[] {text.substring(0, colon), text.substring(colon
                    + 1)};
        }
    }
}

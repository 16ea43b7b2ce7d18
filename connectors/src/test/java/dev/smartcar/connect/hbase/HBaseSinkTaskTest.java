package dev.smartcar.connect.hbase;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class HBaseSinkTaskTest {

    /** Shaped like what Apicurio's AvroConverter makes of DrivingRecord: enums become strings. */
    static final Schema DRIVING = SchemaBuilder.struct().name("dev.smartcar.avro.DrivingRecord")
            .field("date", Timestamp.SCHEMA)
            .field("date_text", Schema.STRING_SCHEMA)
            .field("car_number", Schema.STRING_SCHEMA)
            .field("speed_pedal", Schema.INT32_SCHEMA)
            .field("break_pedal", Schema.INT32_SCHEMA)
            .field("steer_angle", Schema.STRING_SCHEMA)
            .field("direct_light", Schema.STRING_SCHEMA)
            .field("speed", Schema.INT32_SCHEMA)
            .field("area_number", Schema.STRING_SCHEMA)
            .build();

    static final Schema STATUS = SchemaBuilder.struct().name("dev.smartcar.avro.CarStatus")
            .field("reg_date", Timestamp.SCHEMA)
            .field("reg_date_text", Schema.STRING_SCHEMA)
            .field("car_number", Schema.STRING_SCHEMA)
            .field("tire_fl", Schema.INT32_SCHEMA).field("tire_fr", Schema.INT32_SCHEMA)
            .field("tire_bl", Schema.INT32_SCHEMA).field("tire_br", Schema.INT32_SCHEMA)
            .field("light_fl", Schema.INT32_SCHEMA).field("light_fr", Schema.INT32_SCHEMA)
            .field("light_bl", Schema.INT32_SCHEMA).field("light_br", Schema.INT32_SCHEMA)
            .field("engine", Schema.STRING_SCHEMA)
            .field("brake", Schema.STRING_SCHEMA)
            .field("battery", Schema.INT32_SCHEMA)
            .build();

    /**
     * The pilot's layout, read from config/smartcar-hbase-sink.json itself (which the schemas module's
     * ContractConfigFilesTest checks against docs/contract.md §HBase); the expected rows below stay literal.
     */
    static Map<String, String> pilotProps() {
        Map<String, String> props = new HashMap<>();
        try {
            com.fasterxml.jackson.databind.JsonNode pilot = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(java.nio.file.Path.of("config/smartcar-hbase-sink.json").toFile());
            for (String key : List.of(HBaseSinkConfig.TABLE_MAP, HBaseSinkConfig.ROW_KEY_FIELDS,
                    HBaseSinkConfig.ROW_KEY_REVERSED, HBaseSinkConfig.ROW_KEY_DELIMITER, HBaseSinkConfig.COLUMN_FAMILY,
                    HBaseSinkConfig.COLUMN_MAP, HBaseSinkConfig.COLUMN_EXCLUDE)) {
                props.put(key, pilot.get(key).asText());
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        props.put(HBaseSinkConfig.BATCH_SIZE, "2");
        return props;
    }

    /**
     * An in-memory table set: row key → qualifier → value; can be switched to fail like an unreachable HBase.
     * Like a buffered mutator, it only holds submitted rows until a flush stores them, and forgets them on failure.
     */
    static final class MemoryStore implements RowStore {
        final Map<String, Map<String, Map<String, String>>> tables = new HashMap<>();
        final List<HBaseRow> submitted = new ArrayList<>();
        final List<HBaseRow> written = new ArrayList<>();
        boolean down;

        @Override
        public void submit(List<HBaseRow> rows) {
            submitted.addAll(rows);
        }

        @Override
        public void flush() throws IOException {
            if (down) {
                submitted.clear();
                throw new IOException("HBase is down");
            }
            List<HBaseRow> rows = List.copyOf(submitted);
            submitted.clear();
            for (HBaseRow row : rows) {
                written.add(row);
                Map<String, String> cells = tables.computeIfAbsent(row.table(), t -> new TreeMap<>())
                        .computeIfAbsent(new String(row.rowKey(), UTF_8), k -> new LinkedHashMap<>());
                for (HBaseRow.CellValue cell : row.cells()) {
                    cells.put(new String(cell.family(), UTF_8) + ":" + new String(cell.qualifier(), UTF_8),
                            new String(cell.value(), UTF_8));
                }
            }
        }

        @Override
        public void close() {
        }
    }

    final MemoryStore store = new MemoryStore();

    HBaseSinkTask start(Map<String, String> props, FakeSinkTaskContext context) {
        HBaseSinkTask task = new HBaseSinkTask(config -> store);
        task.initialize(context);
        task.start(props);
        return task;
    }

    static Struct driving(String date, String car, int speed) {
        return new Struct(DRIVING).put("date", new java.util.Date(0)).put("date_text", date).put("car_number", car)
                .put("speed_pedal", 3).put("break_pedal", 0).put("steer_angle", "L2").put("direct_light", "L")
                .put("speed", speed).put("area_number", "C04");
    }

    static SinkRecord record(String topic, Schema schema, Object value, long offset) {
        return new SinkRecord(topic, 0, Schema.STRING_SCHEMA, "k", schema, value, offset, 1_584_800_000_000L + offset,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME);
    }

    static Map<TopicPartition, OffsetAndMetadata> offsets(long next) {
        return Map.of(new TopicPartition("smartcar.driving", 0), new OffsetAndMetadata(next));
    }

    @Test
    void drivingRecordBecomesTheOriginalsRow() {
        HBaseSinkTask task = start(pilotProps(), new FakeSinkTaskContext(true));
        task.put(List.of(record("smartcar.driving", DRIVING, driving("20200322001420", "N0036", 87), 0)));
        assertEquals(offsets(1), task.preCommit(offsets(1)));
        Map<String, String> row = store.tables.get("DriverCarInfo").get("02410022300202-N0036");
        assertEquals(Map.of("cf1:date", "20200322001420", "cf1:car_number", "N0036", "cf1:speed_pedal", "3",
                "cf1:break_pedal", "0", "cf1:steer_angle", "L2", "cf1:direct_light", "L", "cf1:speed", "87",
                "cf1:area_number", "C04"), row);
        assertEquals(1_584_800_000_000L, store.written.get(0).timestamp());
    }

    @Test
    void statusRecordBecomesTheOriginalsRowWithBreakAndHour24() {
        HBaseSinkTask task = start(pilotProps(), new FakeSinkTaskContext(true));
        Struct status = new Struct(STATUS).put("reg_date", new java.util.Date(0)).put("reg_date_text", "20200322240000")
                .put("car_number", "Y0100").put("tire_fl", 79).put("tire_fr", 98).put("tire_bl", 86).put("tire_br", 99)
                .put("light_fl", 1).put("light_fr", 1).put("light_bl", 1).put("light_br", 2)
                .put("engine", "A").put("brake", "B").put("battery", 91);
        task.put(List.of(record("smartcar.status", STATUS, status, 7)));
        task.preCommit(offsets(8));
        Map<String, String> row = store.tables.get("SmartCarStatusInfo").get("00004222300202-Y0100");
        assertEquals(List.of("cf1:reg_date", "cf1:car_number", "cf1:tire_fl", "cf1:tire_fr", "cf1:tire_bl",
                "cf1:tire_br", "cf1:light_fl", "cf1:light_fr", "cf1:light_bl", "cf1:light_br", "cf1:engine",
                "cf1:break", "cf1:battery"), List.copyOf(row.keySet()));
        assertEquals("20200322240000", row.get("cf1:reg_date"));
        assertEquals("B", row.get("cf1:break"));
        assertEquals("2", row.get("cf1:light_br"));
    }

    static Struct status(String regDate, String car, String engine) {
        return new Struct(STATUS).put("reg_date", new java.util.Date(0)).put("reg_date_text", regDate)
                .put("car_number", car).put("tire_fl", 79).put("tire_fr", 98).put("tire_bl", 86).put("tire_br", 99)
                .put("light_fl", 1).put("light_fr", 1).put("light_bl", 1).put("light_br", 2)
                .put("engine", engine).put("brake", "B").put("battery", 91);
    }

    /** The pilot's one-cell topics, from its JSON (the compact layout, #23). */
    static Map<String, String> pilotLineProps() {
        Map<String, String> props = pilotProps();
        try {
            props.put(HBaseSinkConfig.LINE_TOPICS, new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(java.nio.file.Path.of("config/smartcar-hbase-sink.json").toFile())
                    .get(HBaseSinkConfig.LINE_TOPICS).asText());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return props;
    }

    @Test
    void aLineTopicsRecordIsOneCellHoldingTheLineTheOtherTopicKeepsItsFields() {
        HBaseSinkTask task = start(pilotLineProps(), new FakeSinkTaskContext(true));
        task.put(List.of(record("smartcar.status", STATUS, status("20200322240000", "Y0100", "A"), 7),
                record("smartcar.driving", DRIVING, driving("20200322001420", "N0036", 87), 8)));
        task.preCommit(offsets(9));
        assertEquals(Map.of("cf1:line", "20200322240000,Y0100,79,98,86,99,1,1,1,2,A,B,91"),
                store.tables.get("SmartCarStatusInfo").get("00004222300202-Y0100"));
        assertEquals(8, store.tables.get("DriverCarInfo").get("02410022300202-N0036").size());
        assertEquals(1_584_800_000_007L, store.written.get(0).timestamp());
    }

    @Test
    void aLineCellsQualifierAndDelimiterAreSettingsAndADelimiterInAValueIsUnwritable() {
        Map<String, String> props = pilotLineProps();
        props.put(HBaseSinkConfig.LINE_QUALIFIER, "raw");
        props.put(HBaseSinkConfig.LINE_DELIMITER, "|");
        FakeSinkTaskContext context = new FakeSinkTaskContext(true);
        HBaseSinkTask task = start(props, context);
        SinkRecord piped = record("smartcar.status", STATUS, status("20200322000004", "A0001", "A|B"), 1);
        SinkRecord plain = record("smartcar.status", null, Map.of("reg_date_text", "20200322000008",
                "car_number", "A0001"), 2);
        task.put(List.of(record("smartcar.status", STATUS, status("20200322000000", "A0001", "C"), 0), piped, plain));
        task.preCommit(offsets(3));
        assertEquals(Map.of("cf1:raw", "20200322000000|A0001|79|98|86|99|1|1|1|2|C|B|91"),
                store.tables.get("SmartCarStatusInfo").get("00000022300202-A0001"));
        assertEquals(List.of(piped, plain), context.deadLetters, "a value holding the delimiter, a map without order");
        assertEquals(1, store.tables.get("SmartCarStatusInfo").size());
    }

    @Test
    void theSameRecordTwiceGivesTheSameRow() {
        HBaseSinkTask task = start(pilotProps(), new FakeSinkTaskContext(true));
        SinkRecord record = record("smartcar.driving", DRIVING, driving("20200322001420", "N0036", 87), 5);
        task.put(List.of(record, record));
        HBaseRow first = store.written.get(0);
        HBaseRow second = store.written.get(1);
        assertArrayEquals(first.rowKey(), second.rowKey());
        assertEquals(first.timestamp(), second.timestamp());
        assertEquals(first.cells().size(), second.cells().size());
        for (int i = 0; i < first.cells().size(); i++) {
            assertArrayEquals(first.cells().get(i).qualifier(), second.cells().get(i).qualifier());
            assertArrayEquals(first.cells().get(i).value(), second.cells().get(i).value());
        }
        assertEquals(1, store.tables.get("DriverCarInfo").size());
    }

    @Test
    void rowsGoToTheStoreAtOnceButOffsetsWaitForTheFlush() {
        Map<String, String> props = pilotProps();
        props.put(HBaseSinkConfig.BATCH_SIZE, "100");
        HBaseSinkTask task = start(props, new FakeSinkTaskContext(true));
        task.put(List.of(record("smartcar.driving", DRIVING, driving("20200322001420", "N0036", 87), 0),
                record("smartcar.driving", DRIVING, driving("20200322001422", "N0036", 88), 1)));
        assertEquals(2, store.submitted.size(), "handed over for sending before the batch is full");
        assertTrue(store.written.isEmpty(), "not confirmed yet");
        assertEquals(offsets(2), task.preCommit(offsets(2)));
        assertEquals(2, store.written.size());
        assertTrue(store.submitted.isEmpty());
    }

    @Test
    void aFailedFlushResendsEveryUnconfirmedRowOnce() {
        Map<String, String> props = pilotProps();
        props.put(HBaseSinkConfig.BATCH_SIZE, "100");
        FakeSinkTaskContext context = new FakeSinkTaskContext(true);
        HBaseSinkTask task = start(props, context);
        task.put(List.of(record("smartcar.driving", DRIVING, driving("20200322000000", "A0001", 10), 0)));
        store.down = true;
        assertEquals(Map.of(), task.preCommit(offsets(1)));
        store.down = false;
        task.put(List.of(record("smartcar.driving", DRIVING, driving("20200322000002", "A0001", 20), 1)));
        assertEquals(offsets(2), task.preCommit(offsets(2)));
        assertEquals(2, store.written.size(), "the row the failed flush lost is sent again, the new one once");
        assertEquals(2, store.tables.get("DriverCarInfo").size());
    }

    @Test
    void whileHBaseIsDownNothingIsCommittedOrLostAndBackOffGrows() {
        FakeSinkTaskContext context = new FakeSinkTaskContext(true);
        HBaseSinkTask task = start(pilotProps(), context);
        store.down = true;
        SinkRecord a = record("smartcar.driving", DRIVING, driving("20200322000000", "A0001", 10), 0);
        task.put(List.of(a));
        assertEquals(Map.of(), task.preCommit(offsets(1)), "no offsets while the row is not in HBase");
        List<SinkRecord> batch = List.of(
                record("smartcar.driving", DRIVING, driving("20200322000002", "A0001", 20), 1),
                record("smartcar.driving", DRIVING, driving("20200322000004", "A0001", 30), 2));
        assertThrows(RetriableException.class, () -> task.put(batch));
        assertThrows(RetriableException.class, () -> task.put(batch));
        assertEquals(List.of(1000L, 2000L, 4000L), context.timeouts);
        store.down = false;
        task.put(batch);
        assertEquals(offsets(3), task.preCommit(offsets(3)));
        assertEquals(3, store.tables.get("DriverCarInfo").size());
        assertEquals(3, store.written.size(), "each row written once, none lost, none repeated");
    }

    /** Keeps added rows until a load, which stores them all or (when down) none and keeps them. */
    static class MemoryBulk implements BulkStore {
        final List<HBaseRow> kept = new ArrayList<>();
        final MemoryStore loaded = new MemoryStore();
        final List<String> prepared = new ArrayList<>();
        String owner;
        boolean down;
        boolean closed;

        @Override
        public void prepare(String table) {
            prepared.add(table);
        }

        @Override
        public void add(List<HBaseRow> rows) {
            kept.addAll(rows);
        }

        @Override
        public void load() throws IOException {
            if (down) {
                throw new IOException("HBase is down");
            }
            loaded.submit(kept);
            loaded.flush();
            kept.clear();
        }

        @Override
        public long waiting() {
            return kept.size();
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    static Struct status(String date, String car) {
        return new Struct(STATUS).put("reg_date", new java.util.Date(0)).put("reg_date_text", date)
                .put("car_number", car).put("tire_fl", 79).put("tire_fr", 98).put("tire_bl", 86).put("tire_br", 99)
                .put("light_fl", 1).put("light_fr", 1).put("light_bl", 1).put("light_br", 2)
                .put("engine", "A").put("brake", "B").put("battery", 91);
    }

    @Test
    void aBulkTopicsRowsAreLoadedAtTheCommitAndTheOtherTopicKeepsPuts() {
        Map<String, String> props = pilotProps();
        props.put(HBaseSinkConfig.BULK_TOPICS, "smartcar.status");
        props.put(HBaseSinkConfig.BULK_INTERVAL_MS, "0");
        props.put("name", "pilot-sink");
        props.put(HBaseSinkTask.TASK_NUMBER, "3");
        MemoryBulk bulk = new MemoryBulk();
        HBaseSinkTask task = new HBaseSinkTask(config -> store, (config, owner) -> {
            bulk.owner = owner;
            return bulk;
        });
        task.initialize(new FakeSinkTaskContext(true));
        task.start(props);
        assertEquals("pilot-sink-3", bulk.owner, "the task's own staging folder");
        assertEquals(List.of("SmartCarStatusInfo"), bulk.prepared, "the bulk topic's table prepared at the start");
        task.put(List.of(record("smartcar.status", STATUS, status("20200322000010", "Y0100"), 0),
                record("smartcar.driving", DRIVING, driving("20200322001420", "N0036", 87), 1),
                record("smartcar.status", STATUS, status("20200322000020", "Y0100"), 2)));
        assertEquals(2, bulk.kept.size());
        assertEquals(1, store.written.size() + store.submitted.size(), "driving rows are puts");
        assertEquals(offsets(3), task.preCommit(offsets(3)));
        assertEquals(0, bulk.kept.size());
        assertEquals(2, bulk.loaded.tables.get("SmartCarStatusInfo").size());
        assertEquals("B", bulk.loaded.tables.get("SmartCarStatusInfo").get("01000022300202-Y0100").get("cf1:break"));
        assertEquals(1, store.tables.get("DriverCarInfo").size());
        task.stop();
        assertTrue(bulk.closed);
    }

    @Test
    void aFailedBulkLoadHoldsTheOffsetsBackAndKeepsTheRowsForTheNextCommit() {
        Map<String, String> props = pilotProps();
        props.put(HBaseSinkConfig.BULK_TOPICS, "smartcar.status");
        props.put(HBaseSinkConfig.BULK_INTERVAL_MS, "0");
        MemoryBulk bulk = new MemoryBulk();
        HBaseSinkTask task = new HBaseSinkTask(config -> store, (config, owner) -> bulk);
        task.initialize(new FakeSinkTaskContext(true));
        task.start(props);
        task.put(List.of(record("smartcar.status", STATUS, status("20200322000010", "Y0100"), 0)));
        bulk.down = true;
        assertEquals(Map.of(), task.preCommit(offsets(1)));
        assertEquals(1, bulk.kept.size(), "kept, not dropped");
        bulk.down = false;
        task.put(List.of(record("smartcar.status", STATUS, status("20200322000020", "Y0100"), 1)));
        assertEquals(offsets(2), task.preCommit(offsets(2)));
        assertEquals(2, bulk.loaded.tables.get("SmartCarStatusInfo").size());
    }

    /** The pilot's settings with smartcar.status bulk-loaded at that interval and idle time (ms). */
    private static Map<String, String> bulkStatusProps(String intervalMs, String idleMs) {
        Map<String, String> props = pilotProps();
        props.put(HBaseSinkConfig.BULK_TOPICS, "smartcar.status");
        props.put(HBaseSinkConfig.BULK_INTERVAL_MS, intervalMs);
        props.put(HBaseSinkConfig.BULK_IDLE_MS, idleMs);
        return props;
    }

    /** A started task bulk-loading into {@code bulk}, on the test's clock {@code now[0]}. */
    private HBaseSinkTask startedOnClock(Map<String, String> props, MemoryBulk bulk, long[] now) {
        HBaseSinkTask task = new HBaseSinkTask(config -> store, (config, owner) -> bulk, () -> now[0]);
        task.initialize(new FakeSinkTaskContext(true));
        task.start(props);
        return task;
    }

    @Test
    void bulkLoadsAreSpacedByTheIntervalAndTheOffsetsWaitForThem() {
        Map<String, String> props = bulkStatusProps("10000", "0");
        long[] now = {1_000_000};
        MemoryBulk bulk = new MemoryBulk() {
            @Override
            public void load() throws IOException {
                now[0] += 3_000;   // a load takes time: the interval counts from its end
                super.load();
            }
        };
        HBaseSinkTask task = startedOnClock(props, bulk, now);
        task.put(List.of(record("smartcar.status", STATUS, status("20200322000010", "Y0100"), 0)));
        now[0] += 4_000;
        assertEquals(Map.of(), task.preCommit(offsets(1)), "4 s after the start: not yet");
        task.put(List.of(record("smartcar.status", STATUS, status("20200322000020", "Y0100"), 1)));
        now[0] += 6_000;
        assertEquals(offsets(2), task.preCommit(offsets(2)), "10 s: both rows in one load");
        assertEquals(2, bulk.loaded.written.size());
        task.put(List.of(record("smartcar.status", STATUS, status("20200322000030", "Y0100"), 2)));
        now[0] += 9_999;   // since the end of the 3 s load
        assertEquals(Map.of(), task.preCommit(offsets(3)));
        now[0] += 1;
        assertEquals(offsets(3), task.preCommit(offsets(3)));
        assertEquals(3, bulk.loaded.written.size());
    }

    @Test
    void aBatchIsLoadedOnceItsRecordsStopWithoutWaitingForTheInterval() {
        Map<String, String> props = bulkStatusProps("60000", "2000");
        long[] now = {1_000_000};
        MemoryBulk bulk = new MemoryBulk();
        HBaseSinkTask task = startedOnClock(props, bulk, now);
        for (int i = 0; i < 5; i++) {   // a batch arriving: a commit every second, records in between
            task.put(List.of(record("smartcar.status", STATUS, status("2020032200001" + i, "Y0100"), i)));
            now[0] += 1_000;
            assertEquals(Map.of(), task.preCommit(offsets(i + 1)), "records still arriving: no load yet");
            task.put(List.of());
        }
        now[0] += 999;
        assertEquals(Map.of(), task.preCommit(offsets(5)), "1.999 s without a record");
        now[0] += 1;
        assertEquals(offsets(5), task.preCommit(offsets(5)), "2 s without a record: the batch is over, one load");
        assertEquals(5, bulk.loaded.written.size());
        assertEquals(0, bulk.kept.size());
    }

    /** A driving record of that offset and Kafka timestamp, for the car N0036 at 00:14:0{offset}. */
    static SinkRecord drivingAt(long offset, long timestamp) {
        return new SinkRecord("smartcar.driving", 0, Schema.STRING_SCHEMA, "k", DRIVING,
                driving("2020032200140" + offset, "N0036", 87), offset, timestamp,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME);
    }

    @Test
    void lateRecordsOfAPutTopicAreBulkLoadedUntilOneIsWithinHalfTheMark() {
        Map<String, String> props = pilotProps();
        props.put(HBaseSinkConfig.BULK_CATCHUP_MS, "30000");
        props.put(HBaseSinkConfig.BULK_INTERVAL_MS, "0");
        long[] now = {1_600_000_000_000L};
        MemoryBulk bulk = new MemoryBulk();
        HBaseSinkTask task = startedOnClock(props, bulk, now);
        task.put(List.of(drivingAt(0, now[0] - 1_000),    // on time: a put
                drivingAt(1, now[0] - 31_000),            // over the mark: catching up
                drivingAt(2, now[0] - 20_000),            // still over half of it: bulk-loaded too
                drivingAt(3, now[0] - 14_000),            // within half: caught up, a put
                drivingAt(4, now[0] - 20_000)));          // under the mark again: a put
        assertEquals(2, bulk.kept.size(), "the two late records wait for the load");
        assertEquals(0, bulk.loaded.written.size(), "nothing is loaded before the commit");
        assertEquals(offsets(5), task.preCommit(offsets(5)), "offsets once both paths have every row");
        assertEquals(0, bulk.kept.size(), "the commit loaded them");
        // The row key is the date reversed, then the car: record k's date ends in 140k.
        assertEquals(Set.of("00410022300202-N0036", "30410022300202-N0036", "40410022300202-N0036"),
                store.tables.get("DriverCarInfo").keySet(), "records 0, 3 and 4 were puts");
        assertEquals(Set.of("10410022300202-N0036", "20410022300202-N0036"),
                bulk.loaded.tables.get("DriverCarInfo").keySet(), "records 1 and 2 were bulk-loaded");
    }

    @Test
    void withoutACatchUpMarkLateRecordsStayPuts() {
        long[] now = {1_600_000_000_000L};
        HBaseSinkTask task = new HBaseSinkTask(config -> store, (config, owner) -> {
            throw new AssertionError("no bulk store without bulk topics or a catch-up mark");
        }, () -> now[0]);
        task.initialize(new FakeSinkTaskContext(true));
        task.start(pilotProps());
        task.put(List.of(drivingAt(0, now[0] - 3_600_000)));
        assertEquals(offsets(1), task.preCommit(offsets(1)));
        assertEquals(1, store.tables.get("DriverCarInfo").size());
    }

    @Test
    void badBulkSettingsAreExplained() {
        Map<String, String> props = pilotProps();
        props.put(HBaseSinkConfig.BULK_TOPICS, "smartcar.status,not a topic");
        RuntimeException e = assertThrows(org.apache.kafka.common.config.ConfigException.class,
                () -> new HBaseSinkConfig(props));
        assertTrue(e.getMessage().contains(HBaseSinkConfig.BULK_TOPICS) && e.getMessage().contains("not a topic"),
                e.getMessage());
        props.remove(HBaseSinkConfig.BULK_TOPICS);
        props.put(HBaseSinkConfig.BULK_STAGING_DIR, "hdfs://namenode:8020");
        e = assertThrows(org.apache.kafka.common.config.ConfigException.class, () -> new HBaseSinkConfig(props));
        assertTrue(e.getMessage().contains(HBaseSinkConfig.BULK_STAGING_DIR), e.getMessage());
        props.put(HBaseSinkConfig.BULK_BUFFER_BYTES, "10");
        props.remove(HBaseSinkConfig.BULK_STAGING_DIR);
        e = assertThrows(org.apache.kafka.common.config.ConfigException.class, () -> new HBaseSinkConfig(props));
        assertTrue(e.getMessage().contains(HBaseSinkConfig.BULK_BUFFER_BYTES), e.getMessage());
    }

    @Test
    void aRecordThatCanNeverBeARowGoesToTheDeadLetterQueue() {
        FakeSinkTaskContext context = new FakeSinkTaskContext(true);
        HBaseSinkTask task = start(pilotProps(), context);
        Schema noCar = SchemaBuilder.struct().field("date_text", Schema.STRING_SCHEMA).build();
        SinkRecord bad = record("smartcar.driving", noCar, new Struct(noCar).put("date_text", "20200322000000"), 0);
        SinkRecord tombstone = record("smartcar.driving", null, null, 1);
        SinkRecord good = record("smartcar.driving", DRIVING, driving("20200322000000", "A0001", 10), 2);
        task.put(List.of(bad, tombstone, good));
        task.preCommit(offsets(3));
        assertEquals(List.of(bad, tombstone), context.deadLetters);
        assertEquals(1, store.tables.get("DriverCarInfo").size());
    }

    @Test
    void withoutADeadLetterQueueAnUnwritableRecordStopsTheTaskWithTheReason() {
        HBaseSinkTask task = start(pilotProps(), new FakeSinkTaskContext(false));
        ConnectException e = assertThrows(ConnectException.class,
                () -> task.put(List.of(record("smartcar.driving", Schema.STRING_SCHEMA, "a line", 4))));
        assertTrue(e.getMessage().contains("smartcar.driving-0@4"), e.getMessage());
        assertTrue(e.getMessage().contains("errors.deadletterqueue.topic.name"), e.getMessage());
    }

    @Test
    void twoFieldsOnOneColumnIsAConfigurationError() {
        Map<String, String> props = pilotProps();
        props.put(HBaseSinkConfig.COLUMN_EXCLUDE, "");
        HBaseSinkTask task = start(props, new FakeSinkTaskContext(true));
        ConnectException e = assertThrows(ConnectException.class,
                () -> task.put(List.of(record("smartcar.driving", DRIVING, driving("20200322000000", "A0001", 1), 0))));
        assertTrue(e.getMessage().contains("cf1:date"), e.getMessage());
    }

    @Test
    void defaultsUseTheRecordKeyAndFieldNamesInTheDefaultFamily() {
        HBaseSinkTask task = start(Map.of(), new FakeSinkTaskContext(true));
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("speed", 5L);
        value.put("area", "A01");
        task.put(List.of(record("plain", null, value, 0)));
        task.preCommit(offsets(1));
        assertEquals(Map.of("cf1:speed", "5", "cf1:area", "A01"), store.tables.get("plain").get("k"));
    }

    @Test
    void badLayoutEntriesAreExplainedByValidate() {
        Map<String, String> props = new HashMap<>(pilotProps());
        props.put(HBaseSinkConfig.COLUMN_MAP, "brake");
        props.put(HBaseSinkConfig.TABLE_MAP, "smartcar.driving:Bad Table");
        var values = new HBaseSinkConnector().validate(props).configValues();
        String columnError = values.stream().filter(v -> v.name().equals(HBaseSinkConfig.COLUMN_MAP))
                .findFirst().orElseThrow().errorMessages().toString();
        String tableError = values.stream().filter(v -> v.name().equals(HBaseSinkConfig.TABLE_MAP))
                .findFirst().orElseThrow().errorMessages().toString();
        assertTrue(columnError.contains("[topic:]field=[family:]qualifier"), columnError);
        assertTrue(tableError.contains("not a valid HBase table name"), tableError);
    }
}

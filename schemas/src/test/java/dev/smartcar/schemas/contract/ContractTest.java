package dev.smartcar.schemas.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smartcar.avro.CarStatus;
import dev.smartcar.avro.DrivingRecord;
import dev.smartcar.schemas.contract.HBaseLayout.Table;
import dev.smartcar.schemas.contract.RedisLayout.DetailField;
import dev.smartcar.schemas.contract.RedisLayout.Member;
import dev.smartcar.schemas.log.LogTimestamp;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** The contract constants against the examples of docs/contract.md, written out here as literals. */
class ContractTest {

    @Test
    void topicNames() {
        assertEquals(List.of("smartcar.status.raw", "smartcar.driving.raw", "smartcar.status", "smartcar.driving",
                "smartcar.rejected", "smartcar.overspeed"), Topics.PIPELINE);
        assertEquals("smartcar.hbase.dlq", Topics.HBASE_DLQ);
        assertEquals("smartcar.setaside", Topics.SETASIDE);
        assertEquals(List.of("smartcar.status", "smartcar.driving", "smartcar.overspeed"), Topics.AVRO);
        assertEquals("smartcar.driving-value", Topics.valueSubject(Topics.DRIVING));
    }

    @Test
    void headerNamesAreDistinctAndNamespaced() {
        List<String> all = new java.util.ArrayList<>(HeaderNames.SOURCE);
        all.addAll(HeaderNames.REJECT);
        assertEquals(all.size(), all.stream().distinct().count(), all.toString());
        all.forEach(h -> assertTrue(h.startsWith("smartcar."), h));
        assertEquals("smartcar.raw.base64", HeaderNames.RAW_BASE64);
        assertEquals("smartcar.reject.reason", HeaderNames.REJECT_REASON);
    }

    @Test
    void redisDayKeyMemberAndDetailKey() {
        assertEquals("20200322", RedisLayout.dayKey("20200322000130"));
        assertEquals("R0039-20200322000130", RedisLayout.member("R0039", "20200322000130"));
        assertEquals("overspeed:R0039:20200322000130", RedisLayout.detailKey("R0039", "20200322000130"));
        assertEquals("alert/R0039/20200322000130", RedisLayout.detailKey("alert/{car}/{start}", "R0039",
                "20200322000130"));
        assertEquals(604_800L, RedisLayout.EXPIRE_SECONDS);
        assertEquals("overspeed:{car}:{start}", RedisLayout.DETAIL_KEY_PATTERN);
    }

    @Test
    void dayKeyOfAnInstantIsItsLocalDateInTheZone() {
        ZoneId seoul = LogTimestamp.DEFAULT_ZONE;
        // 2020-03-21T15:00:00Z is 2020-03-22 00:00 in Seoul
        assertEquals("20200322", RedisLayout.dayKey(Instant.parse("2020-03-21T15:00:00Z"), seoul));
        assertEquals("20200321", RedisLayout.dayKey(Instant.parse("2020-03-21T14:59:30Z"), seoul));
        long start = LogTimestamp.defaultZone().toEpochMillis("20200322000130");
        assertEquals(RedisLayout.dayKey("20200322000130"), RedisLayout.dayKey(Instant.ofEpochMilli(start), seoul));
    }

    @Test
    void badWindowStartsAndPatternsAreRefusedNamingTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RedisLayout.member("R0039", "2020032200013"));
        assertTrue(e.getMessage().contains("2020032200013"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RedisLayout.dayKey("2020032200013x"));
        assertThrows(IllegalArgumentException.class, () -> RedisLayout.member("R-39", "20200322000130"));
        e = assertThrows(IllegalArgumentException.class, () -> RedisLayout.checkPattern("overspeed:{car}"));
        assertTrue(e.getMessage().contains("{start}"), e.getMessage());
    }

    @Test
    void membersParseOnlyWhenWellFormed() {
        Member m = Member.parse("R0039-20200322000130").orElseThrow();
        assertEquals("R0039", m.carNumber());
        assertEquals("20200322000130", m.windowStartText());
        assertEquals("R0039-20200322000130", m.text());
        assertEquals("20200322", m.dayKey());
        assertEquals("overspeed:R0039:20200322000130", m.detailKey());
        for (String bad : new String[] {"", "R0039", "R0039-2020032200013", "R0039_20200322000130",
                "r0039-20200322000130",
                "R0000-20200322000130", "R0039-2020032200013x", "R00391-20200322000130", "R0039-20200322000130 "}) {
            assertEquals(Optional.empty(), Member.parse(bad), bad);
        }
        assertEquals(Optional.empty(), Member.parse(null));
    }

    @Test
    void detailFieldsAreTheStreamsAppsHashFields() {
        assertEquals(List.of("car_number", "window_start", "window_end", "window_start_ms", "window_end_ms",
                        "average_speed", "record_count", "speed_sum", "max_speed", "first_date", "last_date",
                        "last_area_number", "threshold", "time_basis", "detected_at_ms", "stored_at_ms"),
                Arrays.stream(DetailField.values()).map(DetailField::key).toList());
    }

    @Test
    void rowKeyIsTheReversedTimestampDashCar() {
        assertEquals("02410022300202-N0036", HBaseLayout.rowKey("20200322001420", "N0036"));
        assertArrayEquals("02410022300202-N0036".getBytes(StandardCharsets.US_ASCII),
                HBaseLayout.rowKeyBytes("20200322001420", "N0036"));
        assertEquals(HBaseLayout.ROW_KEY_LENGTH, HBaseLayout.rowKey("20200322240000", "Y0100").length());
        assertEquals("00004222300202-Y0100", HBaseLayout.rowKey("20200322240000", "Y0100"));
        assertEquals("20200322", HBaseLayout.dayOf(HBaseLayout.rowKeyBytes("20200322240000", "Y0100")));
        assertEquals("22300202", HBaseLayout.reversedDay("20200322"));
    }

    @Test
    void tables() {
        assertEquals("DriverCarInfo", Table.DRIVING.tableName());
        assertEquals("SmartCarStatusInfo", Table.STATUS.tableName());
        assertEquals("cf1", HBaseLayout.FAMILY);
        assertEquals(List.of("date", "car_number", "speed_pedal", "break_pedal", "steer_angle", "direct_light", "speed",
                "area_number"), Table.DRIVING.qualifiers());
        assertEquals(List.of("reg_date", "car_number", "tire_fl", "tire_fr", "tire_bl", "tire_br", "light_fl",
                "light_fr", "light_bl", "light_br", "engine", "break", "battery"), Table.STATUS.qualifiers());
        assertEquals(Table.DRIVING, Table.ofTopic(Topics.DRIVING));
        assertEquals(Table.STATUS, Table.ofTopic(Topics.STATUS));
        assertThrows(IllegalArgumentException.class, () -> Table.ofTopic(Topics.OVERSPEED));
        assertEquals(List.of("date_text", "car_number"), Table.DRIVING.rowKeyFields());
        assertEquals(List.of("reg_date_text", "car_number"), Table.STATUS.rowKeyFields());
        assertEquals("brake", Table.STATUS.avroField("break"));
        assertEquals("speed", Table.DRIVING.avroField("speed"));
        assertThrows(IllegalArgumentException.class, () -> Table.DRIVING.avroField("break"));
    }

    /** Every qualifier is filled from a field the Avro record really has, and every row-key field exists. */
    @Test
    void everyQualifierAndRowKeyFieldComesFromTheAvroRecord() {
        for (Table table : Table.values()) {
            Schema schema = table == Table.DRIVING ? DrivingRecord.getClassSchema() : CarStatus.getClassSchema();
            for (String qualifier : table.qualifiers()) {
                assertTrue(schema.getField(table.avroField(qualifier)) != null, table + " " + qualifier);
            }
            for (String field : table.rowKeyFields()) {
                assertTrue(schema.getField(field) != null, table + " row key field " + field);
            }
            assertFalse(table.qualifiers().isEmpty());
        }
    }
}

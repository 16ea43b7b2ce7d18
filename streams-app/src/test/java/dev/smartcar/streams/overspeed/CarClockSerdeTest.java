package dev.smartcar.streams.overspeed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smartcar.avro.DrivingRecord;
import dev.smartcar.schemas.log.DrivingLineParser;
import dev.smartcar.schemas.log.LogTimestamp;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/**
 * A car's clock survives its changelog (every stored field, held records with their headers), and a set-aside
 * record's value is its original line: the parser's canonical forms make the line rebuilt from the Avro record
 * byte-identical to the one in the log.
 */
class CarClockSerdeTest {

    private static final DrivingLineParser PARSER = new DrivingLineParser(LogTimestamp.defaultZone());
    private final Serde<CarClock> serde = CarClockSerde.serde(PARSER);

    private static DrivingRecord parse(String line) {
        return PARSER.parse(line.getBytes(StandardCharsets.US_ASCII)).record();
    }

    @Test
    void everyValidLineIsRebuiltByteForByteFromItsRecord() {
        for (String line : List.of("20200322001420,N0036,3,0,F,N,85,C04", "20200322240000,Y0100,0,3,L3,L,0,F10",
                "20201231235959,A0001,5,0,R2,R,250,A01", "20200229120000,Z9999,0,0,L1,N,7,E09")) {
            assertEquals(line, DrivingLineText.of(parse(line)));
            assertArrayEquals(line.getBytes(StandardCharsets.US_ASCII), DrivingLineText.bytes(parse(line)));
        }
    }

    @Test
    void aClockWithSpansAndHeldRecordsReadsBackEqual() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("smartcar.file", "/data/SmartCarDriverInfo.log".getBytes(StandardCharsets.UTF_8));
        headers.add("smartcar.empty", null);
        DrivingRecord held = parse("20600101000000,N0036,3,0,F,N,85,C04");
        CarClock clock = new CarClock(1_584_803_460_000L, 1_584_803_400_000L, 1_584_803_370_000L,
                new long[] {1_584_716_970_000L, 1_584_717_030_000L},
                List.of(new CarClock.HeldRecord(held, held.getDate().toEpochMilli(), 42L, headers)));

        CarClock back = serde.deserializer().deserialize("changelog", serde.serializer().serialize("changelog", clock));
        assertEquals(clock.time(), back.time());
        assertEquals(clock.closedBefore(), back.closedBefore());
        assertEquals(clock.timelineFrom(), back.timelineFrom());
        assertArrayEquals(clock.closedSpans(), back.closedSpans());
        assertEquals(1, back.held().size());
        CarClock.HeldRecord h = back.held().get(0);
        assertEquals(held, h.record());
        assertEquals(held.getDate().toEpochMilli(), h.eventTime());
        assertEquals(42L, h.timestamp());
        assertEquals("/data/SmartCarDriverInfo.log", new String(h.headers().lastHeader("smartcar.file").value(),
                StandardCharsets.UTF_8));
        assertNull(h.headers().lastHeader("smartcar.empty").value());
        assertNull(serde.deserializer().deserialize("changelog", null));
    }

    /**
     * Bytes a car clock's changelog holds today (format 1), captured before the rule and its changelog format were
     * separated: a changelog written by an earlier build must still restore.
     */
    static final String FORMAT_1_CLOCK = "0100000170fda5b3a000000170fda4c94000000170fda454100000000100000170f87df810"
            + "00000170f87ee27000000001002332303630303130313030303030302c4e303033362c332c302c462c4e2c38352c4330340000"
            + "00000000002a00000002000d736d6172746361722e66696c650000001c2f646174612f536d617274436172447269766572496e"
            + "666f2e6c6f67000e736d6172746361722e656d707479ffffffff";
    static final String FORMAT_1_EMPTY = "01800000000000000080000000000000007fffffffffffffff0000000000000000";

    @Test
    void aChangelogWrittenInFormatOneIsStillRead() {
        CarClock back = serde.deserializer().deserialize("changelog",
                java.util.HexFormat.of().parseHex(FORMAT_1_CLOCK));
        assertEquals(1_584_803_460_000L, back.time());
        assertEquals(1_584_803_400_000L, back.closedBefore());
        assertEquals(1_584_803_370_000L, back.timelineFrom());
        assertArrayEquals(new long[] {1_584_716_970_000L, 1_584_717_030_000L}, back.closedSpans());
        assertEquals(1, back.held().size());
        CarClock.HeldRecord h = back.held().get(0);
        assertEquals(parse("20600101000000,N0036,3,0,F,N,85,C04"), h.record());
        assertEquals(42L, h.timestamp());
        assertEquals("/data/SmartCarDriverInfo.log",
                new String(h.headers().lastHeader("smartcar.file").value(), StandardCharsets.UTF_8));
        assertNull(h.headers().lastHeader("smartcar.empty").value());
        // And it is still what is written: the format did not change.
        assertEquals(FORMAT_1_CLOCK, java.util.HexFormat.of().formatHex(serde.serializer().serialize("changelog",
                back)));

        CarClock empty = serde.deserializer().deserialize("changelog",
                java.util.HexFormat.of().parseHex(FORMAT_1_EMPTY));
        assertTrue(!empty.hasClock());
        assertEquals(0, empty.held().size());
        assertEquals(FORMAT_1_EMPTY, java.util.HexFormat.of().formatHex(serde.serializer().serialize("changelog",
                empty)));
    }

    @Test
    void anUnknownFormatIsAClearError() {
        SerializationException e = assertThrows(SerializationException.class,
                () -> serde.deserializer().deserialize("changelog", new byte[] {9}));
        assertTrue(e.getMessage().contains("format 9"), e.getMessage());
    }
}

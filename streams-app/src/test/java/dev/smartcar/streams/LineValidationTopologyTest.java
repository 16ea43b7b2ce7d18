package dev.smartcar.streams;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smartcar.avro.CarStatus;
import dev.smartcar.avro.DirectionLight;
import dev.smartcar.avro.DrivingRecord;
import dev.smartcar.avro.Grade;
import dev.smartcar.avro.SteerAngle;
import dev.smartcar.schemas.contract.HeaderNames;
import dev.smartcar.schemas.contract.LinePosition;
import dev.smartcar.schemas.log.CarStatusParser;
import dev.smartcar.schemas.log.DrivingLineParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The garbage filter: valid lines become Avro records keyed by car, every kind of garbage is rejected with its reason.
 */
class LineValidationTopologyTest {

    private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");

    @TempDir
    Path stateDir;
    private TopologyFixture app;

    @BeforeEach
    void start() {
        app = new TopologyFixture(stateDir, Map.of());
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void validDrivingLineBecomesADrivingRecordKeyedByCar() {
        app.drive("20200322001420,N0036,0,2,L2,L,85,C04");

        TestRecord<String, DrivingRecord> out = app.driving.readRecord();
        assertEquals("/data/SmartCarDriverInfo.log",
                LinePosition.file(out.headers().lastHeader(HeaderNames.POSITION).value()),
                        "the source's position kept");
        assertNull(out.headers().lastHeader(HeaderNames.FILE), "valid records are not given the text headers");
        assertEquals("N0036", out.key());
        DrivingRecord record = out.value();
        assertEquals(ZonedDateTime.of(2020, 3, 22, 0, 14, 20, 0, SEOUL).toInstant(), record.getDate());
        assertEquals("20200322001420", record.getDateText());
        assertEquals(0, record.getSpeedPedal());
        assertEquals(2, record.getBreakPedal());
        assertEquals(SteerAngle.L2, record.getSteerAngle());
        assertEquals(DirectionLight.L, record.getDirectLight());
        assertEquals(85, record.getSpeed());
        assertEquals("C04", record.getAreaNumber());
        assertTrue(app.rejected.isEmpty());
    }

    @Test
    void validStatusLineBecomesACarStatusKeyedByCar() {
        app.status("20200322045248,V0015,87,93,98,75,1,1,2,1,A,C,60");

        TestRecord<String, CarStatus> out = app.status.readRecord();
        assertEquals("V0015", out.key());
        CarStatus record = out.value();
        assertEquals("20200322045248", record.getRegDateText());
        assertEquals(2, record.getLightBl());
        assertEquals(Grade.A, record.getEngine());
        assertEquals(Grade.C, record.getBrake());
        assertEquals(60, record.getBattery());
        assertTrue(app.statusRejected.isEmpty());
    }

    @Test
    void hour24IsMidnightOfTheNextDayAndKeepsItsText() {
        app.drive("20200322240000,Y0100,1,0,F,N,40,A03");

        DrivingRecord record = app.driving.readValue();
        assertEquals(ZonedDateTime.of(2020, 3, 23, 0, 0, 0, 0, SEOUL).toInstant(), record.getDate());
        assertEquals("20200322240000", record.getDateText());
    }

    static Stream<Arguments> garbage() {
        String longLine = "20200322001420,N0036,3,0,F,N,85," + "C04".repeat(40);
        return Stream.of(
                Arguments.of(DrivingLineParser.HEADER, "header-line", "header line"),
                Arguments.of("", "empty-line", "empty line"),
                Arguments.of("20200322001420,N0036,3,0,F,N,85", "field-count", "field count 7, expected 8"),
                Arguments.of("20200322001420,N0036,3,0,F,N,85,C04,X", "field-count", "field count 9, expected 8"),
                Arguments.of("20200322001", "field-count", "field count 1, expected 8"),
                Arguments.of("20201332001420,N0036,3,0,F,N,85,C04", "bad-timestamp", "20201332001420"),
                Arguments.of("20200322241420,N0036,3,0,F,N,85,C04", "bad-timestamp", "hour 24"),
                Arguments.of("2020032200142,N0036,3,0,F,N,85,C04", "bad-timestamp", "14 digits"),
                Arguments.of("20200322001420,n0036,3,0,F,N,85,C04", "bad-car-number", "n0036"),
                Arguments.of("20200322001420,N0036,3,0,F,N,8x,C04", "bad-number", "speed"),
                Arguments.of("20200322001420,N0036,3,0,F,N,300,C04", "out-of-range", "speed 300 out of range 0-250"),
                Arguments.of("20200322001420,N0036,6,0,F,N,85,C04", "out-of-range", "speed_pedal 6 out of range 0-5"),
                Arguments.of("20200322001420,N0036,3,0,X9,N,85,C04", "bad-code", "steer_angle"),
                Arguments.of("20200322001420,N0036,3,0,F,Q,85,C04", "bad-code", "direct_light"),
                Arguments.of("20200322001420,N0036,3,0,F,N,85,G01", "bad-area", "G01"),
                Arguments.of("20200322001420,N0036,3,2,F,N,85,C04", "inconsistent", "break_pedal 2 with speed_pedal 3"),
                Arguments.of(longLine, "line-too-long", "line of " + longLine.length() + " bytes"),
                Arguments.of("20200322001420,N0036,3,0,F,N,85,C04\r", "bad-encoding", "CRLF"));
    }

    /** A rejected record with its reason code and a message that says {@code messagePart}. */
    private static void assertRejected(TestRecord<byte[], byte[]> out, String code, String messagePart) {
        assertEquals(code, header(out.headers(), "smartcar.reject.reason"));
        String message = header(out.headers(), "smartcar.reject.message");
        assertTrue(message.contains(messagePart), "message '" + message + "' should contain '" + messagePart + "'");
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("garbage")
    void eachKindOfGarbageIsRejectedWithItsReasonAndOriginByteForByte(String line, String code, String messagePart) {
        app.drive(line.getBytes(StandardCharsets.UTF_8), TopologyFixture.headers("/data/SmartCarDriverInfo.log", 4096));

        TestRecord<byte[], byte[]> out = app.rejected.readRecord();
        assertArrayEquals(line.getBytes(StandardCharsets.UTF_8), out.value(), "original bytes");
        assertNull(out.key());
        assertRejected(out, code, messagePart);
        assertEquals("smartcar.driving.raw", header(out.headers(), "smartcar.origin.topic"));
        assertEquals("0", header(out.headers(), "smartcar.origin.partition"));
        assertEquals("0", header(out.headers(), "smartcar.origin.offset"));
        assertEquals("/data/SmartCarDriverInfo.log", header(out.headers(), "smartcar.file"),
                "the position, spelled out");
        assertEquals("4096", header(out.headers(), "smartcar.offset"));
        assertNull(out.headers().lastHeader("smartcar.line"), "no line number: the tail source sends none");
        assertTrue(LinePosition.isValid(out.headers().lastHeader(HeaderNames.POSITION).value()),
                "the position passes through");
        assertTrue(app.driving.isEmpty(), "nothing reaches smartcar.driving");
        assertEquals(1, app.counters.rejectedCount(code));
    }

    @Test
    void originOffsetsFollowTheInputTopic() {
        app.drive(TopologyFixture.line("20200322001420", "N0036", 85));
        app.drive("garbage");
        TestRecord<byte[], byte[]> out = app.rejected.readRecord();
        assertEquals("1", header(out.headers(), "smartcar.origin.offset"));
    }

    @Test
    void invalidUtf8BytesInTheValueAreRejectedByteForByte() {
        byte[] original = "20200322001420,N0036,3,0,F,N,8\u00ff5,C04".getBytes(StandardCharsets.ISO_8859_1);
        app.drive(original, TopologyFixture.headers("/data/d.log", 10));
        TestRecord<byte[], byte[]> out = app.rejected.readRecord();
        assertArrayEquals(original, out.value());
        assertEquals("bad-encoding", header(out.headers(), "smartcar.reject.reason"));
    }

    @Test
    void recordsOfEarlierSourcesKeepTheirTextHeadersAndAreCountedByFile() {
        app.drive("garbage".getBytes(StandardCharsets.UTF_8), TopologyFixture.legacyHeaders("/data/old.log", 20));
        TestRecord<byte[], byte[]> out = app.rejected.readRecord();
        assertEquals("/data/old.log", header(out.headers(), "smartcar.file"));
        assertEquals(1, java.util.stream.StreamSupport.stream(out.headers().headers("smartcar.file").spliterator(),
                false)
                .count(), "the text header once, nothing added: " + out.headers());
        assertEquals(1L, app.counters.files().get("/data/old.log").get("rejected"));
    }

    @Test
    void linesAreCountedPerFileAcrossFileChanges() {
        app.drive(TopologyFixture.line("20200322001420", "N0036", 85).getBytes(StandardCharsets.UTF_8),
                TopologyFixture.headers("/data/a.log", 0));
        app.drive("garbage".getBytes(StandardCharsets.UTF_8), TopologyFixture.headers("/data/a.log", 60));
        app.drive("garbage".getBytes(StandardCharsets.UTF_8), TopologyFixture.headers("/data/b.log", 0));
        app.drive("garbage".getBytes(StandardCharsets.UTF_8), TopologyFixture.headers("/data/a.log", 70));
        assertEquals(Map.of("lines_read", 3L, "valid", 1L, "rejected", 2L), app.counters.files().get("/data/a.log"));
        assertEquals(Map.of("lines_read", 1L, "valid", 0L, "rejected", 1L), app.counters.files().get("/data/b.log"));
    }

    @Test
    void invalidUtf8IsRejectedWithItsTrueBytesFromAnEarlierConnectorsRawHeader() {
        byte[] original = "20200322001420,N0036,3,0,F,N,8\u00ff5,C04".getBytes(StandardCharsets.ISO_8859_1);
        byte[] decodedByConnector = new String(original, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
        // Connect's default SimpleHeaderConverter writes a bytes header as base64 text.
        Headers base64 = TopologyFixture.legacyHeaders("/data/d.log", 10);
        base64.add("smartcar.raw.base64", Base64.getEncoder().encode(original));
        app.drive(decodedByConnector, base64);
        // A byte-array header converter writes the bytes themselves.
        Headers raw = TopologyFixture.legacyHeaders("/data/d.log", 60);
        raw.add("smartcar.raw.base64", original);
        app.drive(decodedByConnector, raw);

        for (int i = 0; i < 2; i++) {
            TestRecord<byte[], byte[]> out = app.rejected.readRecord();
            assertArrayEquals(original, out.value(), "the line's own bytes, not the replacement characters");
            assertEquals("bad-encoding", header(out.headers(), "smartcar.reject.reason"));
        }
    }

    @Test
    void lineCutByTheConnectorIsTooLongEvenIfWhatIsLeftWouldParse() {
        String cut = TopologyFixture.line("20200322001420", "N0036", 85);
        Headers headers = TopologyFixture.headers("/data/d.log", 0);
        headers.add("smartcar.truncated", "true".getBytes(StandardCharsets.UTF_8));
        headers.add("smartcar.length", "10240".getBytes(StandardCharsets.UTF_8));
        app.drive(cut.getBytes(StandardCharsets.UTF_8), headers);

        assertRejected(app.rejected.readRecord(), "line-too-long", "10240");
        assertTrue(app.driving.isEmpty());
    }

    @Test
    void recordWithoutValueIsRejectedAsEmptyAndStaysWithoutValue() {
        app.drivingLines.pipeInput(new TestRecord<>(null, null, TopologyFixture.headers("/d", 0),
                TopologyFixture.WALL_START));
        TestRecord<byte[], byte[]> out = app.rejected.readRecord();
        assertNull(out.value());
        assertEquals("empty-line", header(out.headers(), "smartcar.reject.reason"));
    }

    @Test
    void statusGarbageIsRejectedFromTheStatusTopic() {
        app.status(CarStatusParser.HEADER);
        app.status("20200322045248,V0015,101,93,98,75,1,1,2,1,A,C,60");

        TestRecord<byte[], byte[]> header = app.statusRejected.readRecord();
        assertEquals("header-line", header(header.headers(), "smartcar.reject.reason"));
        assertEquals("smartcar.status.raw", header(header.headers(), "smartcar.origin.topic"));
        assertRejected(app.statusRejected.readRecord(), "out-of-range", "101");
        assertTrue(app.status.isEmpty());
        assertTrue(app.rejected.isEmpty(), "the drivers' instance saw nothing of the status day");
    }

    @Test
    void countersSeeLinesInRecordsOutAndRejects() {
        app.drive(TopologyFixture.line("20200322001420", "N0036", 85));
        app.drive(DrivingLineParser.HEADER);
        app.status("20200322045248,V0015,87,93,98,75,1,1,2,1,A,C,60");

        Map<String, Object> view = app.counters.snapshot();
        assertEquals(Map.of("smartcar.driving.raw", 2L, "smartcar.status.raw", 1L), view.get("lines_in"));
        assertEquals(Map.of("smartcar.driving", 1L, "smartcar.status", 1L, "smartcar.rejected", 1L),
                view.get("records_out"));
        assertEquals(Map.of("header-line", 1L), view.get("rejected_by_reason"));
    }

    private static String header(Headers headers, String key) {
        var header = headers.lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

}

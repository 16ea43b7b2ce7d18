package dev.smartcar.connect.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.smartcar.schemas.contract.HeaderNames;
import dev.smartcar.schemas.contract.LinePosition;
import dev.smartcar.schemas.contract.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class LineRecordsTest {

    private final LineRecords records = new LineRecords(Topics.STATUS_RAW, true, 0);

    @Test
    void valueIsTheLinesBytesAndOneBinaryHeaderSaysWhereItCameFrom() {
        byte[] bytes = "20200322000000,B0001,70,85,83,85,1,1,1,1,A,A,93".getBytes(StandardCharsets.US_ASCII);
        Line line = new Line(bytes, 3, 120, 120 + bytes.length + 1, bytes.length, true);
        SourceRecord record = records.toRecord(line, "/spool/a.txt", Map.of("file", "x"), Map.of("position", 1L));
        assertEquals("smartcar.status.raw", record.topic());
        assertNull(record.key());
        assertEquals(Schema.BYTES_SCHEMA, record.valueSchema());
        assertSame(bytes, record.value(), "the line's own bytes: no copy, no decoding");
        assertEquals(1, record.headers().size(), "one header on an ordinary line");
        Header position = record.headers().lastWithName(HeaderNames.POSITION);
        assertEquals(Schema.BYTES_SCHEMA, position.schema());
        assertEquals(new LinePosition("/spool/a.txt", 3, 120), LinePosition.decode((byte[]) position.value()));
    }

    @Test
    void theTailSourceSendsNoLineNumber() {
        LineRecords tail = new LineRecords(Topics.DRIVING_RAW, false, 0);
        Line line = new Line("x".getBytes(StandardCharsets.US_ASCII), 7, 4096, 4098, 1, true);
        SourceRecord record = tail.toRecord(line, "/log/SmartCarDriverInfo.log", Map.of(), Map.of());
        assertEquals(new LinePosition("/log/SmartCarDriverInfo.log", 0, 4096),
                LinePosition.decode((byte[]) record.headers().lastWithName(HeaderNames.POSITION).value()));
    }

    @Test
    void aKeyFieldBecomesTheKeyAsItsBytes() {
        LineRecords keyed = new LineRecords(Topics.DRIVING_RAW, false, 2);
        byte[] bytes = "20200322001420,N0036,3,0,F,N,85,C04".getBytes(StandardCharsets.US_ASCII);
        SourceRecord record = keyed.toRecord(new Line(bytes, 1, 0, bytes.length + 1, bytes.length, true), "f",
                Map.of(), Map.of());
        assertEquals(Schema.BYTES_SCHEMA, record.keySchema());
        assertArrayEquals("N0036".getBytes(StandardCharsets.US_ASCII), (byte[]) record.key());
        assertSame(bytes, record.value());

        byte[] oneField = "garbage".getBytes(StandardCharsets.US_ASCII);
        SourceRecord noKey = keyed.toRecord(new Line(oneField, 2, 0, 8, 7, true), "f", Map.of(), Map.of());
        assertNull(noKey.key(), "a line with fewer fields has no key");
        assertNull(noKey.keySchema());
        assertArrayEquals(new byte[0], LineRecords.field("a,,b".getBytes(StandardCharsets.US_ASCII), 2));
        assertArrayEquals("b".getBytes(StandardCharsets.US_ASCII),
                LineRecords.field("a,,b".getBytes(StandardCharsets.US_ASCII), 3));
        assertArrayEquals("a".getBytes(StandardCharsets.US_ASCII),
                LineRecords.field("a,,b".getBytes(StandardCharsets.US_ASCII), 1));
        assertNull(LineRecords.field("a,,b".getBytes(StandardCharsets.US_ASCII), 4));
    }

    @Test
    void invalidUtf8TravelsByteForByteInTheValue() {
        byte[] bytes = {'2', '0', (byte) 0xff, (byte) 0xfe, ','};
        Line line = new Line(bytes, 1, 0, 6, 5, true);
        SourceRecord record = records.toRecord(line, "f", Map.of(), Map.of());
        assertArrayEquals(bytes, (byte[]) record.value());
        assertNull(record.headers().lastWithName(HeaderNames.RAW_BASE64));
    }

    @Test
    void truncatedAndUnterminatedLinesAreFlaggedAsAsciiText() {
        Line line = new Line(new byte[] {'a', 'b'}, 1, 0, 10, 10, false);
        SourceRecord record = records.toRecord(line, "f", Map.of(), Map.of());
        assertArrayEquals("true".getBytes(StandardCharsets.US_ASCII),
                (byte[]) record.headers().lastWithName(HeaderNames.TRUNCATED).value());
        assertArrayEquals("10".getBytes(StandardCharsets.US_ASCII),
                (byte[]) record.headers().lastWithName(HeaderNames.LENGTH).value());
        assertArrayEquals("true".getBytes(StandardCharsets.US_ASCII),
                (byte[]) record.headers().lastWithName(HeaderNames.UNTERMINATED).value());
    }

    @Test
    void aNewFileGetsItsOwnPath() {
        Line line = new Line("x".getBytes(StandardCharsets.US_ASCII), 1, 0, 2, 1, true);
        records.toRecord(line, "/spool/a.txt", Map.of(), Map.of());
        SourceRecord b = records.toRecord(line, "/spool/b.txt", Map.of(), Map.of());
        assertEquals("/spool/b.txt",
                LinePosition.file((byte[]) b.headers().lastWithName(HeaderNames.POSITION).value()));
    }

    @Test
    void theSameLineReadTwiceHashesAlikeAndOtherLinesDiffer() {
        byte[] bytes = "20200322000000,B0001".getBytes(StandardCharsets.US_ASCII);
        Line line = new Line(bytes, 3, 120, 141, bytes.length, true);
        Line next = new Line(bytes, 4, 141, 162, bytes.length, true);
        SourceRecord first = records.toRecord(line, "/spool/a.txt", Map.of("file", "x"), Map.of("position", 141L));
        SourceRecord again = records.toRecord(line, "/spool/a.txt", Map.of("file", "x"), Map.of("position", 141L));
        SourceRecord other = records.toRecord(next, "/spool/a.txt", Map.of("file", "x"), Map.of("position", 162L));
        assertEquals(31 * Map.of("file", "x").hashCode() + Long.hashCode(120), first.hashCode(),
                "the hash is the partition's and the line offset's, whatever the header and value arrays");
        assertEquals(first.hashCode(), again.hashCode());
        assertNotEquals(first, other);
        assertNotEquals(first.hashCode(), other.hashCode());
        assertNotEquals(first, records.toRecord(line, "/spool/a.txt", Map.of("file", "y"), Map.of("position", 141L)));
    }
}

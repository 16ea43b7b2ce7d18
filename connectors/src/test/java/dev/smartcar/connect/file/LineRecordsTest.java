package dev.smartcar.connect.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.smartcar.schemas.contract.HeaderNames;
import dev.smartcar.schemas.contract.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class LineRecordsTest {

    private final LineRecords records = new LineRecords(Topics.STATUS_RAW, true);

    /** The plugin does not depend on the schemas module at run time, so its header names are pinned here. */
    @Test
    void headerNamesAreTheContracts() {
        assertEquals(HeaderNames.SOURCE, List.of(LineRecords.FILE, LineRecords.LINE, LineRecords.OFFSET,
                LineRecords.TRUNCATED, LineRecords.LENGTH, LineRecords.UNTERMINATED, LineRecords.RAW));
    }

    @Test
    void valueIsTheLineAndHeadersSayWhereItCameFrom() {
        byte[] bytes = "20200322000000,B0001,70,85,83,85,1,1,1,1,A,A,93".getBytes(StandardCharsets.US_ASCII);
        Line line = new Line(bytes, 3, 120, 120 + bytes.length + 1, bytes.length, true);
        SourceRecord record = records.toRecord(line, "/spool/a.txt", Map.of("file", "x"), Map.of("position", 1L));
        assertEquals("smartcar.status.raw", record.topic());
        assertNull(record.key());
        assertEquals(new String(bytes, StandardCharsets.US_ASCII), record.value());
        assertEquals("/spool/a.txt", record.headers().lastWithName(LineRecords.FILE).value());
        assertEquals(3L, record.headers().lastWithName(LineRecords.LINE).value());
        assertEquals(120L, record.headers().lastWithName(LineRecords.OFFSET).value());
        assertNull(record.headers().lastWithName(LineRecords.TRUNCATED));
        assertNull(record.headers().lastWithName(LineRecords.RAW));
    }

    @Test
    void invalidUtf8KeepsItsBytesInAHeader() {
        byte[] bytes = {'2', '0', (byte) 0xff, (byte) 0xfe, ','};
        Line line = new Line(bytes, 1, 0, 6, 5, true);
        SourceRecord record = records.toRecord(line, "f", Map.of(), Map.of());
        assertArrayEquals(bytes, java.util.Base64.getDecoder().decode((String) record.headers().lastWithName(LineRecords.RAW).value()));
        assertEquals("20\uFFFD\uFFFD,", record.value());
    }

    @Test
    void truncatedAndUnterminatedLinesAreFlagged() {
        Line line = new Line(new byte[] {'a', 'b'}, 1, 0, 10, 10, false);
        SourceRecord record = records.toRecord(line, "f", Map.of(), Map.of());
        assertEquals(true, record.headers().lastWithName(LineRecords.TRUNCATED).value());
        assertEquals(10L, record.headers().lastWithName(LineRecords.LENGTH).value());
        assertEquals(true, record.headers().lastWithName(LineRecords.UNTERMINATED).value());
    }

    @Test
    void validMultiByteUtf8IsDecoded() {
        byte[] bytes = "caf\u00e9".getBytes(StandardCharsets.UTF_8);
        assertEquals("caf\u00e9", LineRecords.decodeStrict(bytes));
        assertNull(LineRecords.decodeStrict(new byte[] {(byte) 0xc3}));
    }

    @Test
    void theSameLineReadTwiceGivesEqualRecordsWithEqualHashesAndOtherLinesDiffer() {
        byte[] bytes = "20200322000000,B0001".getBytes(StandardCharsets.US_ASCII);
        Line line = new Line(bytes, 3, 120, 141, bytes.length, true);
        Line next = new Line(bytes, 4, 141, 162, bytes.length, true);
        SourceRecord first = records.toRecord(line, "/spool/a.txt", Map.of("file", "x"), Map.of("position", 141L));
        SourceRecord again = records.toRecord(line, "/spool/a.txt", Map.of("file", "x"), Map.of("position", 141L));
        SourceRecord other = records.toRecord(next, "/spool/a.txt", Map.of("file", "x"), Map.of("position", 162L));
        assertEquals(first, again);
        assertEquals(first.hashCode(), again.hashCode());
        assertNotEquals(first, other);
        assertNotEquals(first.hashCode(), other.hashCode());
        assertNotEquals(first, records.toRecord(line, "/spool/a.txt", Map.of("file", "y"), Map.of("position", 141L)));
    }
}

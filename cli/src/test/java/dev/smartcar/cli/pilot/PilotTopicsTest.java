package dev.smartcar.cli.pilot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.smartcar.schemas.contract.HeaderNames;
import dev.smartcar.schemas.contract.LinePosition;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class PilotTopicsTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theSourcesBinaryPositionIsReadOnTheRawAndAvroTopics() {
        RecordHeaders h = new RecordHeaders();
        h.add(HeaderNames.POSITION, new LinePosition("/var/log/car/SmartCarDriverInfo.log", 0, 4_096).encode());
        LinePosition at = PilotTopics.position(h);
        assertEquals("/var/log/car/SmartCarDriverInfo.log", at.file());
        assertEquals(4_096, at.offset());
    }

    @Test
    void theTextHeadersOfRejectedRecordsAreReadWhenThereIsNoBinaryPosition() {
        RecordHeaders h = new RecordHeaders();
        h.add(PilotTopics.FILE_HEADER, utf8("/spool/SmartCarStatusInfo_20200322.txt"));
        h.add(PilotTopics.OFFSET_HEADER, utf8("123"));
        assertEquals(new LinePosition("/spool/SmartCarStatusInfo_20200322.txt", 0, 123), PilotTopics.position(h));
        h.remove(PilotTopics.OFFSET_HEADER);
        h.add(PilotTopics.OFFSET_HEADER, utf8("not a number"));
        assertEquals(-1, PilotTopics.position(h).offset());
    }

    @Test
    void aRecordWithNeitherHasNoPosition() {
        assertNull(PilotTopics.position(new RecordHeaders()));
    }
}

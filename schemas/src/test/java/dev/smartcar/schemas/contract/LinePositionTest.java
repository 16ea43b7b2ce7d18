package dev.smartcar.schemas.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LinePositionTest {

    @Test
    void roundTripsFileLineAndOffsetIncludingNonAsciiPaths() {
        LinePosition p = new LinePosition("/spool/차량/SmartCarStatusInfo_20200322.txt", 2_160_201L, 104_105_353L);
        byte[] value = p.encode();
        assertEquals(1, value[0], "version byte");
        assertEquals(p, LinePosition.decode(value));
        assertEquals(p.file(), LinePosition.file(value));
        assertTrue(LinePosition.isValid(value));
    }

    @Test
    void theLayoutIsBigEndianOffsetThenLineThenPath() {
        byte[] value = LinePosition.encode(LinePosition.pathBytes("/a"), 3, 258);
        assertArrayEquals(new byte[] {1, 0, 0, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 0, 0, 0, 3, '/', 'a'}, value);
    }

    @Test
    void sameFileComparesOnlyThePath() {
        byte[] path = LinePosition.pathBytes("/log/SmartCarDriverInfo.log");
        assertTrue(LinePosition.sameFile(LinePosition.encode(path, 1, 0), LinePosition.encode(path, 0, 99)));
        assertFalse(LinePosition.sameFile(LinePosition.encode(path, 1, 0),
                LinePosition.encode(LinePosition.pathBytes("/log/SmartCarDriverInfo.log.1"), 1, 0)));
        assertFalse(LinePosition.sameFile(LinePosition.encode(path, 1, 0),
                LinePosition.encode(LinePosition.pathBytes("/log/SmartCarDriverInfo.lo_"), 1, 0)));
    }

    @Test
    void aValueThatIsNotAPositionIsRefusedWithWhatIsWrong() {
        IllegalArgumentException shortValue = assertThrows(IllegalArgumentException.class,
                () -> LinePosition.decode("/spool/a.txt".getBytes()));
        assertTrue(shortValue.getMessage().contains("smartcar.position: 12 bytes, expected at least 17"),
                shortValue.getMessage());
        byte[] v2 = LinePosition.encode(LinePosition.pathBytes("/a"), 1, 1);
        v2[0] = 2;
        assertFalse(LinePosition.isValid(v2));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LinePosition.decode(v2)).getMessage()
                .contains("format version 2, expected 1"));
        assertFalse(LinePosition.isValid(null));
    }
}

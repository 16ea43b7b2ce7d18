package dev.smartcar.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The byte writer both generators format their lines with. */
class LineBufferTest {

    @Test
    void numbersAreWrittenAsCanonicalDecimals() {
        LineBuffer b = new LineBuffer(16);
        for (int v = 0; v <= 200_000; v++) {
            b.clear();
            b.appendNumber(v);
            assertEquals(Integer.toString(v), new String(b.array(), 0, b.length(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void timestampsUseTheSharedTimeRuleWithHour24() {
        SimulatedDay day = new SimulatedDay(2020, 3, 22, "20200322");
        LineBuffer b = new LineBuffer(64);
        b.appendTimestamp(day, 0).append((byte) ',').appendTimestamp(day, 17_568)
                .append((byte) ',').appendTimestamp(day, 86_400);
        assertEquals("20200322000000,20200322045248,20200322240000",
                new String(b.array(), 0, b.length(), StandardCharsets.US_ASCII));
    }

    @Test
    void carNumbersAreALetterAndFourDigits() {
        assertEquals("B0001", new String(CarNumber.of('B', 1), StandardCharsets.US_ASCII));
        assertEquals("Y0100", new String(CarNumber.of('Y', 100), StandardCharsets.US_ASCII));
        assertEquals("Z9999", new String(CarNumber.of('Z', 9999), StandardCharsets.US_ASCII));
        assertThrows(IllegalArgumentException.class, () -> CarNumber.of('A', 10_000));
        assertThrows(IllegalArgumentException.class, () -> CarNumber.of('A', 0));
    }
}

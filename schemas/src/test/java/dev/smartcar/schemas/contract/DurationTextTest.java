package dev.smartcar.schemas.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The duration grammar the simulator shares with the smartcar tool: a whole number and ms, s, m or h. */
class DurationTextTest {

    @Test
    void unitsAndTheirSpellings() {
        assertEquals(Duration.ofMillis(500), DurationText.parse("500ms"));
        assertEquals(Duration.ofSeconds(90), DurationText.parse("90s"));
        assertEquals(Duration.ofMinutes(3), DurationText.parse(" 3m "));
        assertEquals(Duration.ofHours(1), DurationText.parse("1H"));
        assertEquals(Duration.ZERO, DurationText.parse("0s"));
        assertEquals(Duration.ofMillis(999_999_999), DurationText.parse("999999999ms"));
    }

    @Test
    void otherTextIsRefusedWithTheGrammar() {
        for (String bad : new String[] {"3x", "10 minutes", "1.5m", "-3s", "3", "m", "", "1234567890s", "1d"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DurationText.parse(bad),
                    bad);
            assertEquals("'" + bad + "' is not a duration; expected a number and ms, s, m or h, e.g. 90s or 3m",
                    e.getMessage());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DurationText.parse(null)).getMessage()
                .startsWith("'null' is not a duration"));
    }

    @Test
    void summariesShowMinutesAndSeconds() {
        assertEquals("45s", DurationText.format(Duration.ofSeconds(45)));
        assertEquals("3m05s", DurationText.format(Duration.ofSeconds(185)));
    }
}

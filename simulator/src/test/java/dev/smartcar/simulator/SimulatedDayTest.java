package dev.smartcar.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code --date yyyyMMdd} accepts real calendar days only. */
class SimulatedDayTest {

    @Test
    void realDaysAreAccepted() {
        assertEquals(new SimulatedDay(2020, 3, 22, "20200322"), SimulatedDay.parse("--date", "20200322"));
        assertEquals(new SimulatedDay(2020, 2, 29, "20200229"), SimulatedDay.parse("--date", "20200229"));
        assertEquals(new SimulatedDay(1999, 12, 31, "19991231"), SimulatedDay.parse("--date", "19991231"));
    }

    @Test
    void otherTextIsRefusedWithTheOptionNamed() {
        for (String bad : new String[] {"20201332", "20210229", "20200431", "20200300", "00000101", "2020032",
                "2020-03-22",
            "202003221", "abcdefgh", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SimulatedDay.parse("--date",
                    bad), bad);
            assertTrue(e.getMessage().startsWith("--date: '" + bad + "'") && e.getMessage().contains("yyyyMMdd"),
                    e.getMessage());
        }
    }
}

package dev.smartcar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The small value parsers behind the options. */
class ValuesTest {

    @Test
    void hostPort() {
        assertEquals(new HostPort("127.0.0.1", 16379), HostPort.parse("127.0.0.1:16379", "--redis"));
        CliException e = assertThrows(CliException.class, () -> HostPort.parse("127.0.0.1:99999", "--redis"));
        assertEquals(CliException.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("expected 1-65535"));
    }

    @Test
    void carNumbers() {
        assertTrue(CarNumber.isValid("N0036"));
        assertFalse(CarNumber.isValid("N036"));
        assertFalse(CarNumber.isValid("N0000"));
        assertFalse(CarNumber.isValid("n0036"));
    }

    @Test
    void datesAndTimesFollowTheLogsRule() {
        LogTime t = new LogTime();
        assertEquals(LocalDate.of(2020, 2, 29), t.day("20200229", "--date"));
        assertThrows(CliException.class, () -> t.day("20190229", "--date"));
        // Hour 24 is the next midnight, as in the original generator's last record.
        assertEquals(t.instant("20200323000000", "--to"), t.instant("20200322240000", "--to"));
        CliException e = assertThrows(CliException.class, () -> t.instant("20200322240001", "--to"));
        assertTrue(e.getMessage().contains("hour 24 is allowed only as 240000"), e.getMessage());
    }

    @Test
    void durations() {
        assertEquals(Duration.ofSeconds(90), DurationText.parse("90s", "--duration"));
        assertEquals(Duration.ofMinutes(3), DurationText.parse("3m", "--duration"));
        assertEquals(Duration.ofMillis(250), DurationText.parse("250ms", "--duration"));
        assertEquals("3m05s", DurationText.format(Duration.ofSeconds(185)));
        assertThrows(CliException.class, () -> DurationText.parse("3 minutes", "--duration"));
    }
}

package dev.smartcar.cli.pilot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smartcar.cli.CliException;
import dev.smartcar.cli.LogTime;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The pilot's fleet options (issue #26): drivers and the status day's cars, each with its range. */
class PilotSettingsTest {

    static PilotCommand.Settings settings(String... args) {
        PilotCommand pilot = new PilotCommand();
        new CommandLine(pilot).parseArgs(args);
        return pilot.settings(new LogTime());
    }

    @Test
    void theStatusDayHasAsManyCarsAsTheDriversUnlessToldOtherwise() {
        assertEquals(100, settings().cars());
        assertEquals(100, settings().statusCars());
        assertEquals(10_000, settings("--cars", "10000").statusCars());
        PilotCommand.Settings s = settings("--cars", "10000", "--status-cars", "100");
        assertEquals(10_000, s.cars());
        assertEquals(100, s.statusCars());
    }

    @Test
    void theLargestFleetIsTheSimulatorsAndTheStatusDayFitsInIt() {
        assertEquals(PilotCommand.MAX_CARS, settings("--cars", "259974").cars());
        assertEquals(1, settings("--cars", "259974", "--status-cars", "1").statusCars());
        assertEquals(7, settings("--cars", "7", "--status-cars", "7").statusCars());
    }

    @Test
    void aLargeFleetCapsTheStatusDayUnlessToldOtherwise() {
        assertEquals(0, settings().statusQuotaBytes(), "the pilot's 100 cars: the day at full speed");
        assertEquals(0, settings("--cars", "4999").statusQuotaBytes());
        assertEquals(PilotCommand.STATUS_QUOTA_BYTES, settings("--cars", "5000").statusQuotaBytes());
        assertEquals(PilotCommand.STATUS_QUOTA_BYTES,
                settings("--cars", "10000", "--status-cars", "100").statusQuotaBytes());
        assertEquals(0, settings("--cars", "10000", "--status-quota", "0").statusQuotaBytes());
        assertEquals(2_000_000, settings("--status-quota", "2000000").statusQuotaBytes(), "asked for, any fleet");
        CliException tooSmall = assertThrows(CliException.class, () -> settings("--status-quota", "1000"));
        assertTrue(tooSmall.getMessage().contains("--status-quota 1000 is out of range; expected 0 (no cap)"),
                tooSmall.getMessage());
    }

    @Test
    void helpNamesBothRanges() {
        StringWriter out = new StringWriter();
        CommandLine line = new CommandLine(new PilotCommand());
        line.usage(new PrintWriter(out, true));
        String help = out.toString().replaceAll("\\s+", " ");
        assertTrue(help.contains("1-259974"), help);
        assertTrue(help.contains("--status-cars=N cars of the status day, 1 to --cars"), help);
    }
}

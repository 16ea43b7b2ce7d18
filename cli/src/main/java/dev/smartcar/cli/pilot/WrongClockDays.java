package dev.smartcar.cli.pilot;

import dev.smartcar.cli.CliException;
import dev.smartcar.cli.LogTime;
import java.io.IOException;
import java.time.LocalDate;

/**
 * The days {@code pilot --wrong-clock} writes besides the run's own day: a day 30 years ahead (one line from a
 * device with a wrong clock), the next day, and an earlier day replayed after those. Each must hold no data of an
 * earlier run, so the checks can count its rows and alerts whole.
 */
record WrongClockDays(LocalDate future, LocalDate next, LocalDate earlier) {

    /** Why a day is taken (an earlier run's files, rows or alerts), or null when it is free. */
    interface DayCheck {
        String usedBy(LocalDate day) throws IOException;
    }

    static WrongClockDays choose(LocalDate day, DayCheck check) throws IOException {
        LocalDate future = free(day.plusYears(30), "the wrong-clock line's day", check);
        LocalDate next = free(day.plusDays(1), "the next day", check);
        // The day before, or else the first free day before the pilot's first day: an earlier day in either case.
        for (LocalDate d = day.minusDays(1); d.isAfter(day.minusYears(10)); d = d.minusDays(1)) {
            if (check.usedBy(d) == null) {
                return new WrongClockDays(future, next, d);
            }
            if (d.equals(day.minusDays(1)) && PilotDay.FIRST_DAY.isBefore(d)) {
                d = PilotDay.FIRST_DAY;   // earlier runs fill the days from it on: the loop goes on before it
            }
        }
        throw CliException.failed("no free day in the 10 years before " + LogTime.format(day) + " for --wrong-clock");
    }

    private static LocalDate free(LocalDate d, String what, DayCheck check) throws IOException {
        String used = check.usedBy(d);
        if (used != null) {
            throw CliException.usage("--wrong-clock needs " + what + ", " + LogTime.format(d)
                    + ", free, but it holds data of an earlier run (" + used + "); give another --date");
        }
        return d;
    }
}

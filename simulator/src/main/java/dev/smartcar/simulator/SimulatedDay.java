package dev.smartcar.simulator;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;

/** The simulated calendar day a run writes, as given by {@code --date yyyyMMdd}. */
record SimulatedDay(int year, int month, int dayOfMonth, String text) {

    static final int SECONDS_PER_DAY = 86_400;

    private static final DateTimeFormatter DATE_OPTION =
            DateTimeFormatter.ofPattern("uuuuMMdd").withResolverStyle(ResolverStyle.STRICT);

    /**
     * Parses {@code yyyyMMdd} strictly: 20201332 and 20210229 are refused, as no such day exists.
     * @throws IllegalArgumentException naming {@code option} and the expected form
     */
    static SimulatedDay parse(String option, String text) {
        if (text.length() != 8 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException(option + ": '" + text
                    + "' is not a date; expected yyyyMMdd, e.g. 20200322");
        }
        LocalDate date;
        try {
            date = LocalDate.parse(text, DATE_OPTION);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + ": '" + text
                    + "' is not a real calendar day; expected yyyyMMdd, e.g. 20200322");
        }
        if (date.getYear() < 1) {
            throw new IllegalArgumentException(option + ": '" + text
                    + "' has year 0000; expected yyyyMMdd, e.g. 20200322");
        }
        return new SimulatedDay(date.getYear(), date.getMonthValue(), date.getDayOfMonth(), text);
    }
}

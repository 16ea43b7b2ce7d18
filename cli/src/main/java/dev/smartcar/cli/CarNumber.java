package dev.smartcar.cli;

import java.util.regex.Pattern;

/** A car number as the logs write it: one letter A-Z and a 4-digit index 0001-9999 (docs/pilot.md §1.1). */
public final class CarNumber {

    private static final Pattern FORM = Pattern.compile("[A-Z][0-9]{4}");

    private CarNumber() { }

    public static boolean isValid(String text) {
        return text != null && FORM.matcher(text).matches() && !text.endsWith("0000");
    }

    /** The car number of an option, or a usage error naming the option and the expected form. */
    public static String require(String text, String option) {
        if (!isValid(text)) {
            throw CliException.usage(option + " '" + text + "' is not a car number; expected a letter A-Z and a"
                    + " 4-digit index 0001-9999, e.g. N0036");
        }
        return text;
    }
}

package dev.smartcar.simulator;

import dev.smartcar.schemas.contract.DurationText;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The text of one option turned into its value, or refused with a message that names the option and says what it
 * expects ({@code --cars 'many' is not a whole number; expected 1-259974}). The commands' option setters call it, so
 * a bad value stops the parse where it is found.
 */
final class OptionText {

    private final CommandSpec command;

    OptionText(CommandSpec command) {
        this.command = command;
    }

    ParameterException refused(String message) {
        return new ParameterException(command.commandLine(), message);
    }

    long whole(String option, String text, long min, long max) {
        long n;
        try {
            n = Long.parseLong(text.replace("_", ""));
        } catch (NumberFormatException e) {
            throw refused(option + " '" + text + "' is not a whole number; expected " + range(min, max));
        }
        if (n < min || n > max) {
            throw refused(option + " " + n + " is out of range; expected " + range(min, max));
        }
        return n;
    }

    double fraction(String option, String text, double min, double max) {
        double d;
        try {
            d = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            d = Double.NaN;
        }
        if (!(d >= min && d <= max)) {
            throw refused(option + " '" + text + "' is not a number from " + min + " to " + max);
        }
        return d;
    }

    Path path(String option, String text, String expected) {
        if (text.isEmpty()) {
            throw refused(option + " is empty; expected " + expected);
        }
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw refused(option + " '" + text + "' is not a valid path: " + e.getReason());
        }
    }

    SimulatedDay day(String option, String text) {
        try {
            return SimulatedDay.parse(option, text);
        } catch (IllegalArgumentException e) {
            throw refused(e.getMessage());
        }
    }

    /** A wall-clock length of more than zero, in the grammar {@link DurationText} shares with the CLI. */
    Duration positiveDuration(String option, String text) {
        Duration d;
        try {
            d = DurationText.parse(text);
        } catch (IllegalArgumentException e) {
            throw refused(option + " " + e.getMessage());
        }
        if (d.isZero()) {
            throw refused(option + " must be more than 0, e.g. 90s or 10m");
        }
        return d;
    }

    <E extends Enum<E>> E choice(String option, String text, Class<E> type) {
        StringBuilder names = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            String name = e.name().toLowerCase(Locale.ROOT);
            if (name.equals(text)) {
                return e;
            }
            names.append(names.length() == 0 ? "" : " or ").append(name);
        }
        throw refused(option + " '" + text + "' is not one of " + names);
    }

    private static String range(long min, long max) {
        return max == Long.MAX_VALUE ? min + " or more" : min + "-" + max;
    }
}

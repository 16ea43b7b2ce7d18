package dev.smartcar.cli;

import java.time.Duration;

/**
 * Durations on the command line: the grammar the simulator shares ({@link dev.smartcar.schemas.contract.DurationText},
 * {@code 90s}, {@code 3m}, {@code 1h}, {@code 500ms}), its error turned into a usage error naming the option.
 */
public final class DurationText {

    private DurationText() { }

    public static Duration parse(String text, String option) {
        try {
            return dev.smartcar.schemas.contract.DurationText.parse(text);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(option + " " + e.getMessage());
        }
    }

    /** {@code 3m05s}-style, for summaries. */
    public static String format(Duration d) {
        return dev.smartcar.schemas.contract.DurationText.format(d);
    }
}

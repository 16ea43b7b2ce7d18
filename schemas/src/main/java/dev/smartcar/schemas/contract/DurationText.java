package dev.smartcar.schemas.contract;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Wall-clock lengths on a command line, one grammar for the simulator and the {@code smartcar} tool: a whole number
 * and a unit, {@code 500ms}, {@code 90s}, {@code 3m}, {@code 1h} (the unit in either case, spaces around ignored).
 * Scripts write them ({@code make simulate}, chaos.sh, the benches), so the grammar is kept in one place. Whether
 * zero is allowed is the caller's rule.
 */
public final class DurationText {

    private static final Pattern FORM = Pattern.compile("([0-9]{1,9})(ms|s|m|h)");

    private DurationText() { }

    /** @throws IllegalArgumentException naming the text and the grammar, to be prefixed with the option's name */
    public static Duration parse(String text) {
        Matcher m = text == null ? null : FORM.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; expected a number and ms, s, m or h,"
                    + " e.g. 90s or 3m");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    /** {@code 3m05s}-style, for summaries. */
    public static String format(Duration d) {
        long s = d.toSeconds();
        return s >= 60 ? (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s" : s + "s";
    }
}

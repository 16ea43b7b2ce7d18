package dev.smartcar.simulator;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The options of one command, {@code --name value} or {@code --name=value}, checked against the command's list:
 * an unknown or repeated option, a missing value or a stray word is refused with a message naming it. The typed
 * getters refuse bad values the same way, saying what is expected.
 */
final class Arguments {

    /** One option a command takes; {@code valueName} null for a flag. */
    record Option(String name, String valueName, String help) {
        boolean isFlag() {
            return valueName == null;
        }
    }

    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m|h)");

    private final String command;
    private final Map<String, String> values;

    private Arguments(String command, Map<String, String> values) {
        this.command = command;
        this.values = values;
    }

    static Arguments parse(String command, List<Option> options, List<String> args) throws UsageException {
        Map<String, Option> known = new LinkedHashMap<>();
        for (Option o : options) {
            known.put(o.name(), o);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new UsageException(command + ": unexpected argument '" + arg + "'; options start with --");
            }
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            Option option = known.get(name);
            if (option == null) {
                throw new UsageException(command + ": unknown option " + name + "; see '" + command + " --help'");
            }
            if (values.containsKey(name)) {
                throw new UsageException(command + ": option " + name + " given twice");
            }
            if (option.isFlag()) {
                if (value != null) {
                    throw new UsageException(command + ": option " + name + " takes no value");
                }
                value = "true";
            } else if (value == null) {
                if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                    throw new UsageException(command + ": option " + name + " needs a value: " + option.valueName());
                }
                value = args.get(++i);
            }
            values.put(name, value);
        }
        return new Arguments(command, values);
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String required(String name, String expected) throws UsageException {
        String value = values.get(name);
        if (value == null) {
            throw new UsageException(command + ": " + name + " is required (" + expected + ")");
        }
        return value;
    }

    SimulatedDay date(String name) throws UsageException {
        return SimulatedDay.parse(command + ": " + name, required(name, "yyyyMMdd, e.g. 20200322"));
    }

    Path path(String name, String expected) throws UsageException {
        String value = required(name, expected);
        if (value.isEmpty()) {
            throw new UsageException(command + ": " + name + " is empty; expected " + expected);
        }
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new UsageException(command + ": " + name + " '" + value + "' is not a valid path: " + e.getReason());
        }
    }

    int intValue(String name, int min, int max, int defaultValue) throws UsageException {
        return (int) longValue(name, min, max, defaultValue);
    }

    long longValue(String name, long min, long max, long defaultValue) throws UsageException {
        String value = values.get(name);
        if (value == null) {
            return defaultValue;
        }
        long n;
        try {
            n = Long.parseLong(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new UsageException(command + ": " + name + " '" + value + "' is not a whole number; expected "
                    + range(min, max));
        }
        if (n < min || n > max) {
            throw new UsageException(command + ": " + name + " " + n + " is out of range; expected " + range(min, max));
        }
        return n;
    }

    double doubleValue(String name, double min, double max, double defaultValue) throws UsageException {
        String value = values.get(name);
        if (value == null) {
            return defaultValue;
        }
        double d;
        try {
            d = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            d = Double.NaN;
        }
        if (!(d >= min && d <= max)) {
            throw new UsageException(command + ": " + name + " '" + value + "' is not a number from " + min + " to " + max);
        }
        return d;
    }

    /** A wall-clock length such as {@code 90s}, {@code 10m}, {@code 2h} or {@code 500ms}; null when absent. */
    Duration duration(String name) throws UsageException {
        String value = values.get(name);
        if (value == null) {
            return null;
        }
        Matcher m = DURATION.matcher(value.toLowerCase(Locale.ROOT));
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new UsageException(command + ": " + name + " '" + value
                    + "' is not a duration; expected a positive number with ms, s, m or h, e.g. 90s or 10m");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    <E extends Enum<E>> E choice(String name, Class<E> type, E defaultValue) throws UsageException {
        String value = values.get(name);
        if (value == null) {
            return defaultValue;
        }
        StringBuilder names = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            String text = e.name().toLowerCase(Locale.ROOT);
            if (text.equals(value)) {
                return e;
            }
            names.append(names.length() == 0 ? "" : " or ").append(text);
        }
        throw new UsageException(command + ": " + name + " '" + value + "' is not one of " + names);
    }

    private static String range(long min, long max) {
        return max == Long.MAX_VALUE ? min + " or more" : min + "-" + max;
    }
}

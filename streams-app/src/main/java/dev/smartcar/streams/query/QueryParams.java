package dev.smartcar.streams.query;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A request's query parameters, checked against what its resource accepts: an unknown name or a bad value is a
 * {@link BadParameter} whose message names the parameter (the endpoint answers 400 with it).
 */
public final class QueryParams {

    public static final String DAY = "day";
    public static final String CAR = "car";
    public static final String AREA = "area";
    public static final String SCOPE = "scope";
    public static final String LIMIT = "limit";
    /** {@code top=N}: the N cars with the highest current averages ({@code /fleet}). */
    public static final String TOP = "top";
    /** {@code after=CAR}: the cars after this one in car order ({@code /fleet}). */
    public static final String AFTER = "after";
    /** {@code scope=local}: answer from this instance only (what instances ask each other, so nothing loops). */
    static final String LOCAL = "local";
    static final String ALL = "all";

    static final Pattern CAR_NUMBER = Pattern.compile("^[A-Z][0-9]{4}$");
    private static final Pattern AREA_CODE = Pattern.compile("^[A-F](0[1-9]|10)$");
    private static final DateTimeFormatter DAY_FORMAT =
            DateTimeFormatter.ofPattern("uuuuMMdd").withResolverStyle(ResolverStyle.STRICT);

    /** A parameter this resource does not take, or a value it cannot use. */
    public static final class BadParameter extends RuntimeException {
        BadParameter(String message) {
            super(message);
        }
    }

    private final Map<String, String> values;

    private QueryParams(Map<String, String> values) {
        this.values = values;
    }

    /** Parses {@code rawQuery} (may be null); every name must be one of {@code allowed}, and none repeated. */
    public static QueryParams parse(String rawQuery, Set<String> allowed) {
        Map<String, String> values = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                if (!allowed.contains(name)) {
                    throw new BadParameter("unknown parameter '" + name + "'" + (allowed.isEmpty()
                            ? ": this resource takes none" : "; this resource takes " + String.join(", ",
                                    new java.util.TreeSet<>(allowed))));
                }
                if (values.put(name, value) != null) {
                    throw new BadParameter("parameter '" + name + "' is given twice");
                }
            }
        }
        return new QueryParams(values);
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadParameter("query is not URL-encoded properly near '" + text + "'");
        }
    }

    /** {@code day}: yyyyMMdd, a real date (an empty value = not given). */
    public Optional<String> day() {
        return value(DAY).map(day -> {
            try {
                LocalDate.parse(day, DAY_FORMAT);
                return day;
            } catch (DateTimeParseException e) {
                throw new BadParameter("parameter 'day' is '" + day + "', expected a date yyyyMMdd, e.g. 20200322");
            }
        });
    }

    /** {@code car}: a letter A-Z and 4 digits. */
    public Optional<String> car() {
        return value(CAR).map(car -> {
            checkCar(car, "parameter 'car'");
            return car;
        });
    }

    /** {@code area}: A-F and 01-10, as the driving log writes it. */
    public Optional<String> area() {
        return value(AREA).map(area -> {
            if (!AREA_CODE.matcher(area).matches()) {
                throw new BadParameter("parameter 'area' is '" + area + "', expected a letter A-F and 01-10, e.g. A01");
            }
            return area;
        });
    }

    /** {@code scope}: {@code all} (default) or {@code local}. */
    public boolean localOnly() {
        String scope = value(SCOPE).orElse(ALL);
        if (!scope.equals(ALL) && !scope.equals(LOCAL)) {
            throw new BadParameter("parameter 'scope' is '" + scope + "', expected 'all' or 'local'");
        }
        return scope.equals(LOCAL);
    }

    /** {@code limit}: 1 to {@code max}. */
    public int limit(int fallback, int max) {
        return count(LIMIT, max).orElse(fallback);
    }

    /** {@code top}: 1 to {@code max}; 0 when not given. */
    public int top(int max) {
        return count(TOP, max).orElse(0);
    }

    /** A parameter that counts something: a whole number from 1 to {@code max}, if given. */
    private OptionalInt count(String name, int max) {
        Optional<String> text = value(name);
        if (text.isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            int n = Integer.parseInt(text.get());
            if (n >= 1 && n <= max) {
                return OptionalInt.of(n);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadParameter("parameter '" + name + "' is '" + text.get() + "', expected a number from 1 to " + max);
    }

    /** {@code after}: a car number, checked like {@code car}. */
    public Optional<String> after() {
        return value(AFTER).map(car -> {
            checkCar(car, "parameter 'after'");
            return car;
        });
    }

    /** Whether the parameter was given with a value. */
    public boolean has(String name) {
        return value(name).isPresent();
    }

    /** A path's car number, checked like the parameter. */
    static void checkCar(String car, String what) {
        if (!CAR_NUMBER.matcher(car).matches()) {
            throw new BadParameter(what + " '" + car + "' is not a letter A-Z and 4 digits, e.g. N0036");
        }
    }

    private Optional<String> value(String name) {
        String value = values.get(name);
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }
}

package dev.smartcar.cli.redis;

/**
 * Where the streams app keeps an alert's details beside the day set: a key pattern with {@code {car}} and
 * {@code {start}} (the window start, yyyyMMddHHmmss), default {@value #DEFAULT_PATTERN} (streams-app/README.md).
 */
public record DetailKey(String pattern) {

    public static final String DEFAULT_PATTERN = "overspeed:{car}:{start}";

    public DetailKey {
        if (!pattern.contains("{car}") || !pattern.contains("{start}")) {
            throw new IllegalArgumentException("alert detail key pattern '" + pattern
                    + "' must contain {car} and {start}, e.g. " + DEFAULT_PATTERN);
        }
    }

    public static DetailKey defaults() {
        return new DetailKey(DEFAULT_PATTERN);
    }

    public String of(AlertMember m) {
        return pattern.replace("{car}", m.carNumber()).replace("{start}", m.windowStartText());
    }
}

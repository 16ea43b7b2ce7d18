package dev.smartcar.connect.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** A setting whose value is one of an enum's names (any case): validates it and offers the names to UIs. */
public final class Choices<E extends Enum<E>> implements ConfigDef.Validator, ConfigDef.Recommender {

    private final Class<E> type;

    private Choices(Class<E> type) {
        this.type = type;
    }

    public static <E extends Enum<E>> Choices<E> of(Class<E> type) {
        return new Choices<>(type);
    }

    /** Parses a value that has passed {@link #ensureValid}. */
    public static <E extends Enum<E>> E parse(Class<E> type, String value) {
        return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
    }

    @Override
    public void ensureValid(String name, Object value) {
        String text = value == null ? null : value.toString().trim().toUpperCase(Locale.ROOT);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(text)) {
                return;
            }
        }
        throw new ConfigException(name, value, "must be one of " + names());
    }

    @Override
    public List<Object> validValues(String name, Map<String, Object> parsedConfig) {
        return Arrays.stream(type.getEnumConstants()).map(e -> (Object) e.name()).toList();
    }

    @Override
    public boolean visible(String name, Map<String, Object> parsedConfig) {
        return true;
    }

    private List<String> names() {
        return Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
    }

    @Override
    public String toString() {
        return String.join(", ", names()) + " (any case)";
    }
}

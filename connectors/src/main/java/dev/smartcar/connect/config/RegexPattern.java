package dev.smartcar.connect.config;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** A setting holding a Java regular expression (empty allowed when {@code allowEmpty}). */
public final class RegexPattern implements ConfigDef.Validator {

    private final boolean allowEmpty;

    private RegexPattern(boolean allowEmpty) {
        this.allowEmpty = allowEmpty;
    }

    public static RegexPattern required() {
        return new RegexPattern(false);
    }

    public static RegexPattern optional() {
        return new RegexPattern(true);
    }

    @Override
    public void ensureValid(String name, Object value) {
        String text = value == null ? "" : value.toString();
        if (text.isEmpty()) {
            if (allowEmpty) {
                return;
            }
            throw new ConfigException(name, value, "must be a Java regular expression, not empty");
        }
        try {
            Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            throw new ConfigException(name, value, "is not a valid Java regular expression: "
                    + e.getDescription() + " near index " + e.getIndex());
        }
    }

    @Override
    public String toString() {
        return allowEmpty ? "a Java regular expression, or empty for none" : "a Java regular expression";
    }
}

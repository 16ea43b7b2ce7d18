package dev.smartcar.connect.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** A setting naming a file or directory by absolute path (empty allowed when {@code allowEmpty}). */
public final class AbsolutePath implements ConfigDef.Validator {

    private final boolean allowEmpty;

    private AbsolutePath(boolean allowEmpty) {
        this.allowEmpty = allowEmpty;
    }

    public static AbsolutePath required() {
        return new AbsolutePath(false);
    }

    public static AbsolutePath optional() {
        return new AbsolutePath(true);
    }

    @Override
    public void ensureValid(String name, Object value) {
        String text = value == null ? "" : value.toString().trim();
        if (text.isEmpty()) {
            if (allowEmpty) {
                return;
            }
            throw new ConfigException(name, value, "must be an absolute path, not empty");
        }
        try {
            if (!Path.of(text).isAbsolute()) {
                throw new ConfigException(name, value, "must be an absolute path (the worker's working "
                        + "directory is not a stable place), for example /var/spool/smartcar");
            }
        } catch (InvalidPathException e) {
            throw new ConfigException(name, value, "is not a valid path: " + e.getReason());
        }
    }

    @Override
    public String toString() {
        return allowEmpty ? "an absolute path, or empty" : "an absolute path";
    }
}

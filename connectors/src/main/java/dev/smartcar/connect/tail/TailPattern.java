package dev.smartcar.connect.tail;

import java.nio.file.FileSystems;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.regex.PatternSyntaxException;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * One followed path pattern: a literal absolute directory and a glob for the file names in it, for example
 * {@code /var/log/smartcar/SmartCarDriverInfo.log} or {@code /var/log/smartcar/*.log}.
 */
record TailPattern(Path directory, String glob, PathMatcher matcher) {

    private static final String GLOB_CHARS = "*?[]{}";

    static TailPattern parse(String text) {
        Path path = Path.of(text.trim());
        Path dir = path.getParent();
        String glob = path.getFileName().toString();
        return new TailPattern(dir, glob, FileSystems.getDefault().getPathMatcher("glob:" + glob));
    }

    boolean matches(Path file) {
        return matcher.matches(file.getFileName());
    }

    /** Validates the {@code tail.files} list entry by entry. */
    static final class ListValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            @SuppressWarnings("unchecked")
            List<String> entries = (List<String>) value;
            if (entries == null || entries.isEmpty()) {
                throw new ConfigException(name, value, "must list at least one absolute file path or pattern");
            }
            for (String entry : entries) {
                String text = entry.trim();
                try {
                    Path path = Path.of(text);
                    if (!path.isAbsolute() || path.getParent() == null) {
                        throw new ConfigException(name, value, "entry '" + text + "' must be an absolute path, "
                                + "for example /var/log/smartcar/SmartCarDriverInfo.log");
                    }
                    String dir = path.getParent().toString();
                    for (char c : GLOB_CHARS.toCharArray()) {
                        if (dir.indexOf(c) >= 0) {
                            throw new ConfigException(name, value, "entry '" + text + "': only the file name may "
                                    + "be a glob; the directory " + dir + " must be literal");
                        }
                    }
                    FileSystems.getDefault().getPathMatcher("glob:" + path.getFileName());
                } catch (InvalidPathException e) {
                    throw new ConfigException(name, value, "entry '" + text + "' is not a valid path: "
                            + e.getReason());
                } catch (PatternSyntaxException e) {
                    throw new ConfigException(name, value, "entry '" + text + "' is not a valid glob: "
                            + e.getDescription());
                }
            }
        }

        @Override
        public String toString() {
            return "absolute paths; the file name part may be a glob (*, ?, [..], {a,b})";
        }
    }
}

package dev.smartcar.connect.hbase;

import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Validates the sink's list settings whose entries name a field, optionally for one topic only:
 * {@code [topic:]field} or, for column overrides, {@code [topic:]field=[family:]qualifier} / table maps
 * {@code topic:table}.
 */
final class MappingEntries implements ConfigDef.Validator {

    enum Form { FIELD, FIELD_TO_COLUMN, TOPIC_TO_TABLE }

    private final Form form;

    MappingEntries(Form form) {
        this.form = form;
    }

    @Override
    public void ensureValid(String name, Object value) {
        @SuppressWarnings("unchecked")
        List<String> entries = (List<String>) value;
        if (entries == null) {
            throw new ConfigException(name, null, "must be a list (may be empty)");
        }
        for (String raw : entries) {
            String entry = raw.trim();
            String problem = problem(entry);
            if (problem != null) {
                throw new ConfigException(name, value, "entry '" + entry + "' " + problem);
            }
        }
    }

    private String problem(String entry) {
        switch (form) {
            case FIELD:
                return fieldProblem(entry, "[topic:]field, for example smartcar.driving:date_text");
            case FIELD_TO_COLUMN: {
                int eq = entry.indexOf('=');
                if (eq <= 0 || eq == entry.length() - 1) {
                    return "must look like [topic:]field=[family:]qualifier, for example brake=break";
                }
                String left = fieldProblem(entry.substring(0, eq), "[topic:]field=[family:]qualifier");
                if (left != null) {
                    return left;
                }
                String column = entry.substring(eq + 1);
                int colon = column.indexOf(':');
                if (colon == 0 || colon == column.length() - 1 || column.indexOf(':', colon + 1) >= 0) {
                    return "has a bad column '" + column + "': expected qualifier or family:qualifier";
                }
                return null;
            }
            case TOPIC_TO_TABLE: {
                int colon = entry.lastIndexOf(':');
                if (colon <= 0 || colon == entry.length() - 1) {
                    return "must look like topic:table, for example smartcar.driving:DriverCarInfo";
                }
                String table = entry.substring(colon + 1);
                if (!table.matches("([A-Za-z0-9_]+:)?[A-Za-z0-9_][A-Za-z0-9_.-]*")) {
                    return "names table '" + table + "', which is not a valid HBase table name";
                }
                return null;
            }
            default:
                throw new IllegalStateException(form.toString());
        }
    }

    private static String fieldProblem(String entry, String expected) {
        if (entry.isEmpty()) {
            return "is empty: expected " + expected;
        }
        int colon = entry.lastIndexOf(':');
        String field = colon < 0 ? entry : entry.substring(colon + 1);
        if (colon == 0 || field.isEmpty() || !field.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            return "does not name a field: expected " + expected;
        }
        return null;
    }

    @Override
    public String toString() {
        return switch (form) {
            case FIELD -> "a list of [topic:]field";
            case FIELD_TO_COLUMN -> "a list of [topic:]field=[family:]qualifier";
            case TOPIC_TO_TABLE -> "a list of topic:table";
        };
    }
}

package dev.smartcar.schemas.contract;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How the raw records lie in HBase (docs/contract.md §HBase), compatible with the original pilot's tables and its
 * Hive-over-HBase mapping: one row per valid log line, in family {@value #FAMILY}, one UTF-8 cell per field holding
 * the field exactly as it stood in the line, and the row key
 * <pre>  the 14-digit timestamp reversed character by character + "-" + car number</pre>
 * ({@code 20200322001420}, {@code N0036} → {@code 02410022300202-N0036}). Reversing puts the fast-changing seconds
 * first, which spreads writes over the regions (the tables are pre-split at {@link #SPLIT_POINTS}) but scatters one
 * car's rows over the whole table.
 *
 * <p>The HBase sink itself is generic (its layout is configuration); {@code connectors/config/smartcar-hbase-sink.json}
 * states this layout in the sink's terms and {@code ContractConfigFilesTest} checks it against this class.
 */
public final class HBaseLayout {

    /** The one column family of both tables. */
    public static final String FAMILY = "cf1";
    /** Between the reversed timestamp and the car number in a row key. */
    public static final String ROW_KEY_DELIMITER = "-";
    /** Length of every row key: 14 digits, the delimiter, 5 characters of car number. */
    public static final int ROW_KEY_LENGTH = 20;
    /**
     * The one qualifier of a row in the compact layout ({@link CellLayout#LINE}): the log line as it stood, the
     * fields' cells joined by {@value #LINE_DELIMITER}.
     */
    public static final String LINE_QUALIFIER = "line";
    /** Between the fields in a {@link #LINE_QUALIFIER} cell: the log line's own delimiter. */
    public static final String LINE_DELIMITER = ",";
    /** Row keys at which both tables are pre-split (the first character is the last digit of the seconds). */
    public static final List<String> SPLIT_POINTS = List.of("2", "4", "6", "8");

    /** How a row holds its line's fields (docs/contract.md §HBase, #23). */
    public enum CellLayout {
        /** One cell per field, qualifier = the field's name (the original's table and Hive mapping). */
        FIELDS,
        /** One cell, {@link #LINE_QUALIFIER}, holding the whole line: one cell instead of 13 to write and store. */
        LINE
    }

    /** The two tables, each fed by one topic, with its qualifiers in the order of the log line's fields. */
    public enum Table {
        /** The driving log; the Hive table {@code SmartCar_Drive_Info} maps it. */
        DRIVING("DriverCarInfo", Topics.DRIVING, "date_text",
                List.of("date", "car_number", "speed_pedal", "break_pedal", "steer_angle", "direct_light", "speed",
                        "area_number"),
                Map.of("date", "date_text"), CellLayout.FIELDS),
        /** The daily status files. */
        STATUS("SmartCarStatusInfo", Topics.STATUS, "reg_date_text",
                List.of("reg_date", "car_number", "tire_fl", "tire_fr", "tire_bl", "tire_br", "light_fl", "light_fr",
                        "light_bl", "light_br", "engine", "break", "battery"),
                Map.of("reg_date", "reg_date_text", "break", "brake"), CellLayout.LINE);

        private final String tableName;
        private final String topic;
        private final String timestampField;
        private final List<String> qualifiers;
        private final Map<String, String> renamed;
        private final CellLayout layout;

        Table(String tableName, String topic, String timestampField, List<String> qualifiers,
              Map<String, String> renamed, CellLayout layout) {
            this.tableName = tableName;
            this.topic = topic;
            this.timestampField = timestampField;
            this.qualifiers = qualifiers;
            this.renamed = renamed;
            this.layout = layout;
        }

        /**
         * How the deployed pilot writes this table's rows: {@code DriverCarInfo} one cell per field, as the original;
         * {@code SmartCarStatusInfo} one {@link #LINE_QUALIFIER} cell (#23, docs/contract.md §HBase says why).
         */
        public CellLayout layout() {
            return layout;
        }

        /**
         * The cells ({@code qualifier → value} in family {@value HBaseLayout#FAMILY}) a valid line of this table
         * becomes in {@code layout}: each field under its qualifier, or the whole line under
         * {@link #LINE_QUALIFIER}.
         */
        public Map<String, String> cells(String line, CellLayout layout) {
            if (layout == CellLayout.LINE) {
                return Map.of(LINE_QUALIFIER, line);
            }
            String[] fields = line.split(LINE_DELIMITER, -1);
            Map<String, String> cells = new TreeMap<>();
            for (int i = 0; i < qualifiers.size() && i < fields.length; i++) {
                cells.put(qualifiers.get(i), fields[i]);
            }
            return cells;
        }

        /** The HBase table name, e.g. {@code DriverCarInfo}. */
        public String tableName() {
            return tableName;
        }

        /** The topic whose Avro records become this table's rows. */
        public String topic() {
            return topic;
        }

        /** The Avro field holding the 14-digit timestamp as written (hour 24 kept): the row key's first part. */
        public String timestampField() {
            return timestampField;
        }

        /** The Avro fields the row key is made of, in order: the timestamp text (reversed), then the car number. */
        public List<String> rowKeyFields() {
            return List.of(timestampField, "car_number");
        }

        /** Every qualifier of family {@value HBaseLayout#FAMILY}, in the order of the log line's fields. */
        public List<String> qualifiers() {
            return qualifiers;
        }

        /**
         * The Avro field a qualifier's cell is written from: the qualifier's own name, except the timestamp
         * ({@code date}/{@code reg_date} ← the {@code *_text} field) and the status table's {@code break} ← {@code
         * brake}.
         */
        public String avroField(String qualifier) {
            if (!qualifiers.contains(qualifier)) {
                throw new IllegalArgumentException(tableName + " has no qualifier " + qualifier);
            }
            return renamed.getOrDefault(qualifier, qualifier);
        }

        /** The table fed by this topic. */
        public static Table ofTopic(String topic) {
            for (Table t : values()) {
                if (t.topic.equals(topic)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("no HBase table is fed by topic " + topic);
        }
    }

    private HBaseLayout() {
    }

    /** The row key of a line: its 14-digit timestamp text reversed, {@code -}, its car number. */
    public static String rowKey(String timestampText, String carNumber) {
        return new StringBuilder(timestampText.length() + 1 + carNumber.length()).append(timestampText).reverse()
                .append(ROW_KEY_DELIMITER).append(carNumber).toString();
    }

    /** {@link #rowKey} as the bytes HBase stores. */
    public static byte[] rowKeyBytes(String timestampText, String carNumber) {
        return rowKey(timestampText, carNumber).getBytes(StandardCharsets.UTF_8);
    }

    /** Characters 6-13 of every row key of day {@code yyyyMMdd}: the day reversed. */
    public static String reversedDay(String day) {
        return new StringBuilder(day).reverse().toString();
    }

    /** The {@code yyyyMMdd} a row key belongs to (its characters 6-13, reversed back). */
    public static String dayOf(byte[] rowKey) {
        return reversedDay(new String(rowKey, 6, 8, StandardCharsets.US_ASCII));
    }
}

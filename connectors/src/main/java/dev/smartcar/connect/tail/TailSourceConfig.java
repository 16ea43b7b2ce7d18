package dev.smartcar.connect.tail;

import dev.smartcar.connect.config.Choices;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/** Settings of the tail source. */
public final class TailSourceConfig extends AbstractConfig {

    public static final String TOPIC = "topic";
    public static final String FILES = "tail.files";
    public static final String START_POSITION = "tail.start.position";
    public static final String SCAN_INTERVAL_MS = "tail.scan.interval.ms";
    public static final String MAX_WAIT_MS = "tail.poll.max.wait.ms";
    public static final String ROTATED_DRAIN_MS = "tail.rotated.drain.ms";
    public static final String BATCH_SIZE = "batch.size";
    public static final String MAX_LINE_BYTES = "max.line.bytes";
    public static final String READ_BUFFER_BYTES = "read.buffer.bytes";
    public static final String KEY_FIELD = "key.field";

    private static final String GROUP_FILES = "Files";
    private static final String GROUP_RECORDS = "Records";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(TOPIC, Type.STRING, "smartcar.driving.raw", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Topic that receives one record per complete line.", GROUP_RECORDS, 1, Width.MEDIUM, "Topic")
            .define(FILES, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, new TailPattern.ListValidator(), Importance.HIGH,
                    "Files to follow: absolute paths whose file-name part may be a glob, comma-separated. "
                            + "Entries are shared out across the tasks.",
                    GROUP_FILES, 1, Width.LONG, "Files")
            .define(START_POSITION, Type.STRING, StartPosition.BEGINNING.name(), Choices.of(StartPosition.class),
                    Importance.HIGH,
                    "Where to start in a file that exists when the task starts and has no committed offset: "
                            + "BEGINNING, or END (after its last complete line). Files that appear later are "
                            + "always read from their beginning.",
                    GROUP_FILES, 2, Width.SHORT, "Start position", Choices.of(StartPosition.class))
            .define(SCAN_INTERVAL_MS, Type.LONG, 250L, Range.between(10, 60_000), Importance.LOW,
                    "How often the patterns are matched again to find new and rotated files, in milliseconds.",
                    GROUP_FILES, 3, Width.SHORT, "Scan interval (ms)")
            .define(MAX_WAIT_MS, Type.LONG, 200L, Range.between(1, 10_000), Importance.MEDIUM,
                    "Longest pause between two looks at an idle file, in milliseconds; pauses start at 5 ms "
                            + "and double while nothing arrives, so latency stays low without busy spinning.",
                    GROUP_FILES, 4, Width.SHORT, "Maximum idle wait (ms)")
            .define(ROTATED_DRAIN_MS, Type.LONG, 2000L, Range.between(0, 3_600_000), Importance.LOW,
                    "How long a file that was renamed away or deleted is still read for late writes before it "
                            + "is closed, in milliseconds (counted from its last growth).",
                    GROUP_FILES, 5, Width.SHORT, "Rotated-file drain (ms)")
            .define(BATCH_SIZE, Type.INT, 2000, Range.between(1, 1_000_000), Importance.LOW,
                    "The most records one poll returns.", GROUP_RECORDS, 2, Width.SHORT, "Batch size")
            .define(MAX_LINE_BYTES, Type.INT, 8192, Range.between(16, 64 * 1024 * 1024), Importance.MEDIUM,
                    "Longest line kept, in bytes; a longer line is cut here and flagged with the "
                            + "smartcar.truncated and smartcar.length headers.",
                    GROUP_RECORDS, 3, Width.SHORT, "Maximum line bytes")
            .define(READ_BUFFER_BYTES, Type.INT, 65536, Range.between(1024, 64 * 1024 * 1024), Importance.LOW,
                    "Size of the read buffer per file, in bytes.", GROUP_RECORDS, 4, Width.SHORT,
                    "Read buffer bytes")
            .define(KEY_FIELD, Type.INT, 0, Range.between(0, 1024), Importance.MEDIUM,
                    "Which comma-separated field of each line (1-based) is the record's key, its bytes as they are in "
                            + "the line, so that a topic with several partitions keeps each key's lines in one "
                                    + "partition, "
                            + "in file order (the pilot keys driving lines by car number, field 2). A line with fewer "
                            + "fields has no key. 0: no key. With a key, key.converter must be ByteArrayConverter too.",
                    GROUP_RECORDS, 5, Width.SHORT, "Key field");

    public TailSourceConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
    }

    public String topic() {
        return getString(TOPIC);
    }

    public List<TailPattern> patterns() {
        return getList(FILES).stream().map(TailPattern::parse).toList();
    }

    public StartPosition startPosition() {
        return Choices.parse(StartPosition.class, getString(START_POSITION));
    }

    public long scanIntervalMs() {
        return getLong(SCAN_INTERVAL_MS);
    }

    public long maxWaitMs() {
        return getLong(MAX_WAIT_MS);
    }

    public long rotatedDrainMs() {
        return getLong(ROTATED_DRAIN_MS);
    }

    public int batchSize() {
        return getInt(BATCH_SIZE);
    }

    public int maxLineBytes() {
        return getInt(MAX_LINE_BYTES);
    }

    public int readBufferBytes() {
        return getInt(READ_BUFFER_BYTES);
    }

    public int keyField() {
        return getInt(KEY_FIELD);
    }

    /** Whether raw settings (not yet validated) ask for a key: for the converter check, beside the settings' own. */
    public static boolean keyed(Map<String, String> props) {
        try {
            return Integer.parseInt(props.getOrDefault(KEY_FIELD, "0").trim()) > 0;
        } catch (NumberFormatException e) {
            return false; // the setting's own validation names it
        }
    }
}

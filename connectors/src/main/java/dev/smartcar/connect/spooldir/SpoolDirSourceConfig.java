package dev.smartcar.connect.spooldir;

import dev.smartcar.connect.config.AbsolutePath;
import dev.smartcar.connect.config.Choices;
import dev.smartcar.connect.config.RegexPattern;
import dev.smartcar.schemas.contract.Topics;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** Settings of the spool-directory source (connector and tasks). */
public final class SpoolDirSourceConfig extends AbstractConfig {

    public static final String TOPIC = "topic";
    public static final String SPOOL_DIR = "spool.dir";
    public static final String INCLUDE = "spool.include.pattern";
    public static final String IGNORE = "spool.ignore.pattern";
    public static final String TEMP_SUFFIXES = "spool.temp.suffixes";
    public static final String RECURSIVE = "spool.recursive";
    public static final String ORDER = "spool.order";
    public static final String MIN_FILE_AGE_MS = "spool.min.file.age.ms";
    public static final String SCAN_INTERVAL_MS = "spool.scan.interval.ms";
    public static final String FINISH_POLICY = "spool.finished.policy";
    public static final String FINISHED_DIR = "spool.finished.dir";
    public static final String ERROR_DIR = "spool.error.dir";
    public static final String BATCH_SIZE = "batch.size";
    public static final String MAX_LINE_BYTES = "max.line.bytes";
    public static final String READ_BUFFER_BYTES = "read.buffer.bytes";

    /** Set by the connector on each task: which share of the files the task owns. */
    public static final String TASK_INDEX = "task.index";
    public static final String TASK_COUNT = "task.count";

    private static final String GROUP_FILES = "Files";
    private static final String GROUP_RECORDS = "Records";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(TOPIC, Type.STRING, Topics.STATUS_RAW, new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Topic that receives one record per line.", GROUP_RECORDS, 1, Width.MEDIUM, "Topic")
            .define(SPOOL_DIR, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, AbsolutePath.required(), Importance.HIGH,
                    "Directory watched for complete files; it must exist on the worker.",
                    GROUP_FILES, 1, Width.LONG, "Spool directory")
            .define(INCLUDE, Type.STRING, ".*", RegexPattern.required(), Importance.HIGH,
                    "Java regular expression a file name must match completely to be read, for example "
                            + "SmartCarStatusInfo_\\d{8}\\.txt(\\.gz)?.",
                    GROUP_FILES, 2, Width.MEDIUM, "Include pattern")
            .define(IGNORE, Type.STRING, "", RegexPattern.optional(), Importance.MEDIUM,
                    "Java regular expression; a file name matching it completely is never read. Empty: none.",
                    GROUP_FILES, 3, Width.MEDIUM, "Ignore pattern")
            .define(TEMP_SUFFIXES, Type.LIST, ".tmp,.part,.partial,.filepart,.swp,.crdownload,~",
                    new ConfigDef.NonNullValidator(), Importance.LOW,
                    "Name endings of files still being written, which are never read. Hidden files (names "
                            + "starting with a dot) are always skipped.",
                    GROUP_FILES, 4, Width.LONG, "Temporary name suffixes")
            .define(RECURSIVE, Type.BOOLEAN, false, null, Importance.MEDIUM,
                    "Whether files in sub-directories of the spool directory are read too (the finished and "
                            + "error directories are always skipped).",
                    GROUP_FILES, 5, Width.SHORT, "Recursive")
            .define(ORDER, Type.STRING, FileOrder.OLDEST.name(), Choices.of(FileOrder.class), Importance.MEDIUM,
                    "Order in which waiting files are read: OLDEST or NEWEST modification time first, or NAME.",
                    GROUP_FILES, 6, Width.SHORT, "File order", Choices.of(FileOrder.class))
            .define(MIN_FILE_AGE_MS, Type.LONG, 1000L, Range.atLeast(0), Importance.MEDIUM,
                    "A file is read only when its last modification is at least this many milliseconds old, "
                            + "a guard against writers that do not use a temporary name.",
                    GROUP_FILES, 7, Width.SHORT, "Minimum file age (ms)")
            .define(SCAN_INTERVAL_MS, Type.LONG, 1000L, Range.between(10, 600_000), Importance.LOW,
                    "How often an idle task looks for new files, in milliseconds.",
                    GROUP_FILES, 8, Width.SHORT, "Scan interval (ms)")
            .define(FINISH_POLICY, Type.STRING, FinishPolicy.MOVE.name(), Choices.of(FinishPolicy.class),
                    Importance.HIGH,
                    "What happens to a file after all its records are acknowledged by Kafka: MOVE it to the "
                            + "finished directory, DELETE it, or LEAVE it (its committed offset marks it done).",
                    GROUP_FILES, 9, Width.SHORT, "Finished-file policy", Choices.of(FinishPolicy.class))
            .define(FINISHED_DIR, Type.STRING, "", AbsolutePath.optional(), Importance.HIGH,
                    "Directory finished files are moved to (created if missing); required with policy MOVE.",
                    GROUP_FILES, 10, Width.LONG, "Finished directory")
            .define(ERROR_DIR, Type.STRING, "", AbsolutePath.optional(), Importance.HIGH,
                    "Directory unreadable files are moved to (created if missing), the reason logged. Empty: "
                            + "they stay in place and are skipped until the task restarts.",
                    GROUP_FILES, 11, Width.LONG, "Error directory")
            .define(BATCH_SIZE, Type.INT, 2000, Range.between(1, 1_000_000), Importance.LOW,
                    "The most records one poll returns.", GROUP_RECORDS, 2, Width.SHORT, "Batch size")
            .define(MAX_LINE_BYTES, Type.INT, 8192, Range.between(16, 64 * 1024 * 1024), Importance.MEDIUM,
                    "Longest line kept, in bytes; a longer line is cut here and flagged with the "
                            + "smartcar.truncated and smartcar.length headers.",
                    GROUP_RECORDS, 3, Width.SHORT, "Maximum line bytes")
            .define(READ_BUFFER_BYTES, Type.INT, 65536, Range.between(1024, 64 * 1024 * 1024), Importance.LOW,
                    "Size of the read buffer, in bytes.", GROUP_RECORDS, 4, Width.SHORT, "Read buffer bytes");

    /** The task's share of files, on top of the connector's settings. */
    public static final ConfigDef TASK_CONFIG_DEF = new ConfigDef(CONFIG_DEF)
            .define(TASK_INDEX, Type.INT, 0, Range.atLeast(0), Importance.LOW,
                    "This task's index among the connector's tasks (set by the connector).")
            .define(TASK_COUNT, Type.INT, 1, Range.atLeast(1), Importance.LOW,
                    "How many tasks share the spool directory (set by the connector).");

    public SpoolDirSourceConfig(Map<String, String> props) {
        this(CONFIG_DEF, props);
    }

    private SpoolDirSourceConfig(ConfigDef def, Map<String, String> props) {
        super(def, props);
        if (finishPolicy() == FinishPolicy.MOVE && finishedDir() == null) {
            throw new ConfigException(FINISHED_DIR, "", "must name a directory when "
                    + FINISH_POLICY + " is MOVE (or choose DELETE or LEAVE)");
        }
        if (finishedDir() != null && finishedDir().equals(spoolDir())) {
            throw new ConfigException(FINISHED_DIR, finishedDir().toString(), "must differ from " + SPOOL_DIR);
        }
        if (errorDir() != null && errorDir().equals(spoolDir())) {
            throw new ConfigException(ERROR_DIR, errorDir().toString(), "must differ from " + SPOOL_DIR);
        }
    }

    public static SpoolDirSourceConfig forTask(Map<String, String> props) {
        return new SpoolDirSourceConfig(TASK_CONFIG_DEF, props);
    }

    public String topic() {
        return getString(TOPIC);
    }

    public Path spoolDir() {
        return Path.of(getString(SPOOL_DIR).trim());
    }

    public Pattern include() {
        return Pattern.compile(getString(INCLUDE));
    }

    /** Null when nothing is ignored. */
    public Pattern ignore() {
        String regex = getString(IGNORE);
        return regex.isEmpty() ? null : Pattern.compile(regex);
    }

    public List<String> tempSuffixes() {
        return getList(TEMP_SUFFIXES);
    }

    public boolean recursive() {
        return getBoolean(RECURSIVE);
    }

    public FileOrder order() {
        return Choices.parse(FileOrder.class, getString(ORDER));
    }

    public long minFileAgeMs() {
        return getLong(MIN_FILE_AGE_MS);
    }

    public long scanIntervalMs() {
        return getLong(SCAN_INTERVAL_MS);
    }

    public FinishPolicy finishPolicy() {
        return Choices.parse(FinishPolicy.class, getString(FINISH_POLICY));
    }

    /** Null when not set. */
    public Path finishedDir() {
        return optionalPath(FINISHED_DIR);
    }

    /** Null when not set. */
    public Path errorDir() {
        return optionalPath(ERROR_DIR);
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

    public int taskIndex() {
        return values().containsKey(TASK_INDEX) ? getInt(TASK_INDEX) : 0;
    }

    public int taskCount() {
        return values().containsKey(TASK_COUNT) ? getInt(TASK_COUNT) : 1;
    }

    private Path optionalPath(String name) {
        String value = getString(name).trim();
        return value.isEmpty() ? null : Path.of(value);
    }
}

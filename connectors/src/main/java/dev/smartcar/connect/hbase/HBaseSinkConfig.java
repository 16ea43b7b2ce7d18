package dev.smartcar.connect.hbase;

import dev.smartcar.connect.config.Choices;
import dev.smartcar.schemas.contract.HBaseLayout;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** Settings of the HBase sink. */
public final class HBaseSinkConfig extends AbstractConfig {

    public static final String ZOOKEEPER_QUORUM = "hbase.zookeeper.quorum";
    public static final String ZNODE_PARENT = "hbase.zookeeper.znode.parent";
    public static final String TABLE_MAP = "hbase.table.map";
    public static final String ROW_KEY_FIELDS = "hbase.row.key.fields";
    public static final String ROW_KEY_REVERSED = "hbase.row.key.reversed";
    public static final String ROW_KEY_DELIMITER = "hbase.row.key.delimiter";
    public static final String COLUMN_FAMILY = "hbase.column.family";
    public static final String COLUMN_MAP = "hbase.column.map";
    public static final String COLUMN_EXCLUDE = "hbase.column.exclude";
    public static final String LINE_TOPICS = "hbase.line.topics";
    public static final String LINE_QUALIFIER = "hbase.line.qualifier";
    public static final String LINE_DELIMITER = "hbase.line.delimiter";
    public static final String CELL_TIMESTAMP = "hbase.cell.timestamp";
    public static final String TABLE_CREATE = "hbase.table.create";
    public static final String SPLIT_POINTS = "hbase.table.split.points";
    public static final String BATCH_SIZE = "hbase.batch.size";
    public static final String WRITE_BUFFER_BYTES = "hbase.write.buffer.bytes";
    public static final String DURABILITY = "hbase.write.durability";
    public static final String OPERATION_TIMEOUT_MS = "hbase.client.operation.timeout.ms";
    public static final String BULK_TOPICS = "hbase.bulk.topics";
    public static final String BULK_STAGING_DIR = "hbase.bulk.staging.dir";
    public static final String BULK_BUFFER_BYTES = "hbase.bulk.buffer.bytes";
    public static final String BULK_INTERVAL_MS = "hbase.bulk.interval.ms";
    public static final String BULK_IDLE_MS = "hbase.bulk.idle.ms";
    public static final String BULK_CATCHUP_MS = "hbase.bulk.catchup.ms";
    public static final String RETRY_BACKOFF_MS = "retry.backoff.ms";
    public static final String RETRY_BACKOFF_MAX_MS = "retry.backoff.max.ms";

    private static final String GROUP_HBASE = "HBase";
    private static final String GROUP_LAYOUT = "Row layout";
    private static final String GROUP_WRITES = "Writes";
    private static final String GROUP_BULK = "Bulk load";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(ZOOKEEPER_QUORUM, Type.STRING, "127.0.0.1:2181", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "HBase's ZooKeeper quorum, host:port[,host:port...].",
                    GROUP_HBASE, 1, Width.LONG, "ZooKeeper quorum")
            .define(ZNODE_PARENT, Type.STRING, "/hbase", new ConfigDef.NonEmptyString(), Importance.LOW,
                    "HBase's root znode in ZooKeeper.", GROUP_HBASE, 2, Width.SHORT, "Parent znode")
            .define(OPERATION_TIMEOUT_MS, Type.INT, 30_000, Range.between(1000, 3_600_000), Importance.MEDIUM,
                    "How long one batch write may take, client retries included, before the sink gives up on it "
                            + "and asks Connect to redeliver it later, in milliseconds.",
                    GROUP_HBASE, 3, Width.SHORT, "Operation timeout (ms)")
            .define(TABLE_MAP, Type.LIST, "", new MappingEntries(MappingEntries.Form.TOPIC_TO_TABLE),
                    Importance.HIGH,
                    "Table for each topic as topic:table, comma-separated; a topic not listed is written to "
                            + "the table of its own name.",
                    GROUP_LAYOUT, 1, Width.LONG, "Tables")
            .define(ROW_KEY_FIELDS, Type.LIST, "", new MappingEntries(MappingEntries.Form.FIELD), Importance.HIGH,
                    "Fields whose values, joined by the delimiter, make the row key, in order, as [topic:]field "
                            + "(a bare field applies to every topic). A topic with none uses the record key.",
                    GROUP_LAYOUT, 2, Width.LONG, "Row key fields")
            .define(ROW_KEY_REVERSED, Type.LIST, "", new MappingEntries(MappingEntries.Form.FIELD),
                    Importance.MEDIUM,
                    "Row-key fields whose characters are reversed, as [topic:]field; reversing a timestamp "
                            + "spreads consecutive writes over the regions.",
                    GROUP_LAYOUT, 3, Width.LONG, "Reversed row key fields")
            .define(ROW_KEY_DELIMITER, Type.STRING, "-", new ConfigDef.NonNullValidator(), Importance.MEDIUM,
                    "Text placed between the row key's parts.", GROUP_LAYOUT, 4, Width.SHORT, "Row key delimiter")
            .define(COLUMN_FAMILY, Type.STRING, HBaseLayout.FAMILY, new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Column family each field is written to unless an override says otherwise; the qualifier is "
                            + "the field's name.",
                    GROUP_LAYOUT, 5, Width.SHORT, "Column family")
            .define(COLUMN_MAP, Type.LIST, "", new MappingEntries(MappingEntries.Form.FIELD_TO_COLUMN),
                    Importance.HIGH,
                    "Overrides of where a field goes, as [topic:]field=[family:]qualifier, for example "
                            + "brake=break or date_text=cf1:date.",
                    GROUP_LAYOUT, 6, Width.LONG, "Column overrides")
            .define(COLUMN_EXCLUDE, Type.LIST, "", new MappingEntries(MappingEntries.Form.FIELD),
                    Importance.MEDIUM,
                    "Fields that are not written, as [topic:]field.", GROUP_LAYOUT, 7, Width.LONG,
                    "Excluded fields")
            .define(LINE_TOPICS, Type.LIST, "", new TopicNames(), Importance.HIGH,
                    "Topics whose rows are one cell instead of one per field (the compact layout): the written "
                            + "fields' values, as the per-field cells would hold them, in the record's field order, "
                            + "joined by " + LINE_DELIMITER + " into the family's " + LINE_QUALIFIER
                            + " cell. For records parsed from a delimited line whose fields are exactly the line's, "
                            + "that cell is the line itself. A value containing the delimiter cannot be written "
                            + "(dead-letter queue); a null field is written empty.",
                    GROUP_LAYOUT, 8, Width.LONG, "One-cell (line) topics")
            .define(LINE_QUALIFIER, Type.STRING, HBaseLayout.LINE_QUALIFIER, new ConfigDef.NonEmptyString(),
                    Importance.LOW,
                    "Qualifier of the one cell of a row of the " + LINE_TOPICS + ".",
                    GROUP_LAYOUT, 9, Width.SHORT, "Line qualifier")
            .define(LINE_DELIMITER, Type.STRING, HBaseLayout.LINE_DELIMITER, new ConfigDef.NonEmptyString(),
                    Importance.LOW,
                    "Text placed between the field values in the one cell of a row of the " + LINE_TOPICS + ".",
                    GROUP_LAYOUT, 10, Width.SHORT, "Line delimiter")
            .define(CELL_TIMESTAMP, Type.STRING, CellTimestamp.RECORD.name(), Choices.of(CellTimestamp.class),
                    Importance.LOW,
                    "Timestamp of the written cells: RECORD (the Kafka record's, so a rewrite is idempotent "
                            + "to the byte) or SERVER (the region server's clock).",
                    GROUP_LAYOUT, 11, Width.SHORT, "Cell timestamp", Choices.of(CellTimestamp.class))
            .define(TABLE_CREATE, Type.BOOLEAN, true, null, Importance.MEDIUM,
                    "Whether a missing table or column family is created at the first write.",
                    GROUP_WRITES, 1, Width.SHORT, "Create tables")
            .define(SPLIT_POINTS, Type.LIST, "", new ConfigDef.NonNullValidator(), Importance.LOW,
                    "Row keys at which a table created by the sink is pre-split into regions, for example "
                            + "2,4,6,8 for keys that start with a reversed timestamp.",
                    GROUP_WRITES, 2, Width.LONG, "Split points")
            .define(BATCH_SIZE, Type.INT, 2000, Range.between(1, 1_000_000), Importance.MEDIUM,
                    "Rows sent but not yet confirmed by HBase before the task stops to wait for them; they are "
                            + "also waited for whenever Connect commits offsets, so offsets never run ahead of HBase.",
                    GROUP_WRITES, 3, Width.SHORT, "Batch size")
            .define(WRITE_BUFFER_BYTES, Type.LONG, 2L * 1024 * 1024, Range.between(64 * 1024, 1L << 32),
                    Importance.LOW, "HBase client write buffer per table, in bytes (heap size of the puts): "
                            + "whenever this much is buffered it is sent in the background while the task converts "
                            + "the next records.",
                    GROUP_WRITES, 4, Width.SHORT, "Write buffer bytes")
            .define(DURABILITY, Type.STRING, WriteDurability.USE_DEFAULT.name(), Choices.of(WriteDurability.class),
                    Importance.LOW,
                    "Write-ahead-log durability of the puts: USE_DEFAULT (the table's, normally SYNC_WAL), "
                            + "ASYNC_WAL (faster; a region-server crash can lose the last second), SYNC_WAL or "
                            + "FSYNC_WAL. SKIP_WAL is not offered: it loses rows on a crash.",
                    GROUP_WRITES, 5, Width.SHORT, "Write durability", Choices.of(WriteDurability.class))
            .define(RETRY_BACKOFF_MS, Type.LONG, 1000L, Range.between(10, 600_000), Importance.LOW,
                    "First pause before Connect redelivers a batch HBase did not take, in milliseconds; it "
                            + "doubles on each further failure.",
                    GROUP_WRITES, 6, Width.SHORT, "Retry back-off (ms)")
            .define(RETRY_BACKOFF_MAX_MS, Type.LONG, 30_000L, Range.between(10, 3_600_000), Importance.LOW,
                    "Longest pause between redeliveries, in milliseconds.",
                    GROUP_WRITES, 7, Width.SHORT, "Maximum retry back-off (ms)")
            .define(BULK_TOPICS, Type.LIST, "", new TopicNames(), Importance.HIGH,
                    "Topics whose rows are written as sorted HFiles and bulk-loaded at each offset commit instead "
                            + "of sent as puts: for batch data such as a status day (no WAL, memstore or flush); "
                            + "a real-time topic keeps puts.",
                    GROUP_BULK, 1, Width.LONG, "Bulk-loaded topics")
            .define(BULK_STAGING_DIR, Type.STRING, "", new StagingDir(), Importance.MEDIUM,
                    "Where the HFiles of a bulk load are written before HBase takes them, a path or URI on the "
                            + "filesystem HBase stores its data on (hdfs://... on a cluster, so loading is a "
                            + "rename); empty means the worker's temporary folder, for an HBase on the same machine.",
                    GROUP_BULK, 2, Width.LONG, "Bulk staging directory")
            .define(BULK_BUFFER_BYTES, Type.LONG, 32L * 1024 * 1024, Range.between(1024 * 1024, 1L << 31),
                    Importance.LOW,
                    "Heap size of the bulk-loaded cells a task holds before it sorts them and spills them to a run "
                            + "file on local disk, in bytes; the runs are merged into HFiles at the commit.",
                    GROUP_BULK, 3, Width.SHORT, "Bulk buffer bytes")
            .define(BULK_INTERVAL_MS, Type.LONG, 10_000L, Range.between(0, 3_600_000), Importance.MEDIUM,
                    "Least time between two bulk loads of a task, in milliseconds (the rows and their offsets wait "
                            + "for it): each load has a fixed cost, so fewer, larger loads cost HBase and the sink"
                            + " less.",
                    GROUP_BULK, 4, Width.SHORT, "Bulk load interval (ms)")
            .define(BULK_IDLE_MS, Type.LONG, 2_000L, Range.between(0, 3_600_000), Importance.MEDIUM,
                    "A task also loads, before the interval is over, once no record of a bulk-loaded topic has "
                            + "reached it for this long, in milliseconds: the batch (a day's file) is over, so its "
                            + "last rows need not wait for the interval, and a batch that arrives within the "
                            + "interval is one load (each load adds a file per region that HBase later compacts). "
                            + "0 turns this off. A topic that trickles loads at every pause: bulk-load batch topics.",
                    GROUP_BULK, 5, Width.SHORT, "Bulk load after idle (ms)")
            .define(BULK_CATCHUP_MS, Type.LONG, 0L, Range.between(0, 86_400_000), Importance.MEDIUM,
                    "A record of a put topic that reaches the task more than this after its Kafka timestamp, in "
                            + "milliseconds, is bulk-loaded instead, and so are the next ones until one is within "
                            + "half of it again: a sink that fell behind catches up at the bulk path's cost (about "
                            + "half of HBase's CPU per row), while rows that are on time stay puts, readable at "
                            + "once. Meant for timestamps that are collection times, as the tail source sets "
                            + "them. 0 turns this off.",
                    GROUP_BULK, 6, Width.SHORT, "Bulk-load when behind (ms)");

    public HBaseSinkConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
    }

    public String zookeeperQuorum() {
        return getString(ZOOKEEPER_QUORUM);
    }

    public String znodeParent() {
        return getString(ZNODE_PARENT);
    }

    public int operationTimeoutMs() {
        return getInt(OPERATION_TIMEOUT_MS);
    }

    public List<String> tableMap() {
        return getList(TABLE_MAP);
    }

    public List<String> rowKeyFields() {
        return getList(ROW_KEY_FIELDS);
    }

    public List<String> rowKeyReversed() {
        return getList(ROW_KEY_REVERSED);
    }

    public String rowKeyDelimiter() {
        return getString(ROW_KEY_DELIMITER);
    }

    public String columnFamily() {
        return getString(COLUMN_FAMILY);
    }

    public List<String> columnMap() {
        return getList(COLUMN_MAP);
    }

    public List<String> columnExclude() {
        return getList(COLUMN_EXCLUDE);
    }

    public List<String> lineTopics() {
        return getList(LINE_TOPICS).stream().map(String::trim).toList();
    }

    public String lineQualifier() {
        return getString(LINE_QUALIFIER);
    }

    public String lineDelimiter() {
        return getString(LINE_DELIMITER);
    }

    public CellTimestamp cellTimestamp() {
        return Choices.parse(CellTimestamp.class, getString(CELL_TIMESTAMP));
    }

    public boolean tableCreate() {
        return getBoolean(TABLE_CREATE);
    }

    public List<String> splitPoints() {
        return getList(SPLIT_POINTS);
    }

    public int batchSize() {
        return getInt(BATCH_SIZE);
    }

    public long writeBufferBytes() {
        return getLong(WRITE_BUFFER_BYTES);
    }

    public WriteDurability durability() {
        return Choices.parse(WriteDurability.class, getString(DURABILITY));
    }

    public List<String> bulkTopics() {
        return getList(BULK_TOPICS).stream().map(String::trim).toList();
    }

    /** The staging directory, the worker's temporary folder when not set. */
    public String bulkStagingDir() {
        String dir = getString(BULK_STAGING_DIR).trim();
        return dir.isEmpty()
                ? new java.io.File(System.getProperty("java.io.tmpdir"), "smartcar-hbase-bulk").toURI().toString()
                : dir;
    }

    public long bulkIntervalMs() {
        return getLong(BULK_INTERVAL_MS);
    }

    public long bulkIdleMs() {
        return getLong(BULK_IDLE_MS);
    }

    public long bulkCatchupMs() {
        return getLong(BULK_CATCHUP_MS);
    }

    public long bulkBufferBytes() {
        return getLong(BULK_BUFFER_BYTES);
    }

    public long retryBackoffMs() {
        return getLong(RETRY_BACKOFF_MS);
    }

    public long retryBackoffMaxMs() {
        return getLong(RETRY_BACKOFF_MAX_MS);
    }

    /** A list of Kafka topic names. */
    private static final class TopicNames implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            @SuppressWarnings("unchecked")
            List<String> topics = (List<String>) value;
            if (topics == null) {
                throw new ConfigException(name, null, "must be a list of topic names (may be empty)");
            }
            for (String topic : topics) {
                if (!topic.trim().matches("[A-Za-z0-9._-]{1,249}")) {
                    throw new ConfigException(name, value, "entry '" + topic.trim() + "' is not a topic name: "
                            + "expected letters, digits, '.', '_' or '-', for example smartcar.status");
                }
            }
        }

        @Override
        public String toString() {
            return "a list of topic names";
        }
    }

    /** Empty, or a path or URI Hadoop can parse. */
    private static final class StagingDir implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null) {
                throw new ConfigException(name, null, "must be a path or URI, or empty for the temporary folder");
            }
            String dir = value.toString().trim();
            if (dir.isEmpty()) {
                return;
            }
            try {
                java.net.URI uri = new java.net.URI(dir);
                if (uri.getPath() == null || uri.getPath().isEmpty()) {
                    throw new java.net.URISyntaxException(dir, "no path");
                }
            } catch (java.net.URISyntaxException e) {
                throw new ConfigException(name, value, "is not a path or URI (" + e.getMessage() + "); expected "
                        + "for example /var/tmp/smartcar-bulk or hdfs://namenode:8020/tmp/smartcar-bulk");
            }
        }

        @Override
        public String toString() {
            return "a path or URI, or empty";
        }
    }
}

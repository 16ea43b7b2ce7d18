package dev.smartcar.connect.hbase;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.BufferedMutator;
import org.apache.hadoop.hbase.client.BufferedMutatorParams;
import org.apache.hadoop.hbase.client.Durability;
import org.apache.hadoop.hbase.client.Put;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes rows through one {@link BufferedMutator} per table on the process's shared connection. Submitted rows
 * go out in the background each time the write buffer fills, while the task converts the next records; a
 * returned {@link #flush} means HBase has every submitted row. Creates missing tables and families (pre-split)
 * when allowed.
 */
final class HBaseRowStore implements RowStore {

    private static final Logger log = LoggerFactory.getLogger(HBaseRowStore.class);

    private final HBaseSinkConfig config;
    private final SharedConnection shared;
    private final Map<String, BufferedMutator> mutators = new HashMap<>();
    private final TableSetup tables;
    private final Durability durability;

    HBaseRowStore(HBaseSinkConfig config) {
        this.config = config;
        this.durability = config.durability().hbase();
        this.tables = new TableSetup(config);
        this.shared = connect(config);
    }

    /** The HBase client settings of the sink's connection. */
    static Configuration clientConfiguration(HBaseSinkConfig config) {
        Configuration conf = HBaseConfiguration.create();
        conf.set("hbase.zookeeper.quorum", config.zookeeperQuorum());
        conf.set("zookeeper.znode.parent", config.znodeParent());
        conf.setInt("hbase.client.operation.timeout", config.operationTimeoutMs());
        conf.setInt("hbase.rpc.timeout", Math.min(config.operationTimeoutMs(), 20_000));
        // Bound every wait by the operation timeout (region lookups default to 20 minutes), so an unreachable
        // HBase turns into a prompt RetriableException instead of a task blocked inside put().
        conf.setInt("hbase.client.meta.operation.timeout", config.operationTimeoutMs());
        conf.setInt("hbase.client.retries.number", 10);
        conf.setInt("zookeeper.recovery.retry", 1);
        conf.setInt("zookeeper.session.timeout", Math.min(config.operationTimeoutMs(), 30_000));
        return conf;
    }

    /** The process's shared connection for these settings; release it when done. */
    static SharedConnection connect(HBaseSinkConfig config) {
        Configuration conf = clientConfiguration(config);
        String key = config.zookeeperQuorum() + config.znodeParent() + "/" + config.operationTimeoutMs();
        try {
            return SharedConnection.acquire(key, conf);
        } catch (IOException e) {
            throw new ConnectException("Cannot create an HBase connection for quorum " + config.zookeeperQuorum(), e);
        }
    }

    @Override
    public void submit(List<HBaseRow> rows) throws IOException {
        Map<String, List<Put>> byTable = new LinkedHashMap<>();
        for (HBaseRow row : rows) {
            Put put = new Put(row.rowKey(), true);
            put.setDurability(durability);
            for (HBaseRow.CellValue cell : row.cells()) {
                put.addColumn(cell.family(), cell.qualifier(), row.timestamp(), cell.value());
            }
            if (!put.isEmpty()) {
                byTable.computeIfAbsent(row.table(), t -> new ArrayList<>(rows.size())).add(put);
            }
        }
        for (Map.Entry<String, List<Put>> entry : byTable.entrySet()) {
            String table = entry.getKey();
            if (!tables.isReady(table)) {
                tables.ensure(shared.connection(), table, TableSetup.families(table, rows));
            }
            BufferedMutator mutator = mutator(table);
            try {
                // Sends in the background whenever the write buffer is full; flush() waits for all of it.
                mutator.mutate(entry.getValue());
            } catch (IOException | RuntimeException e) {
                forgetUnflushed();
                throw e instanceof IOException io ? io : new IOException(e);
            }
        }
    }

    @Override
    public void flush() throws IOException {
        try {
            for (BufferedMutator mutator : mutators.values()) {
                mutator.flush();
            }
        } catch (IOException | RuntimeException e) {
            forgetUnflushed();
            throw e instanceof IOException io ? io : new IOException(e);
        }
    }

    /** A failed mutator may hold part of what was submitted; the next attempt starts with fresh ones. */
    private void forgetUnflushed() {
        mutators.values().forEach(HBaseRowStore::closeQuietly);
        mutators.clear();
    }

    private BufferedMutator mutator(String table) throws IOException {
        BufferedMutator mutator = mutators.get(table);
        if (mutator == null) {
            BufferedMutatorParams params = new BufferedMutatorParams(TableName.valueOf(table))
                    .writeBufferSize(config.writeBufferBytes())
                    .operationTimeout(config.operationTimeoutMs());
            mutator = shared.connection().getBufferedMutator(params);
            mutators.put(table, mutator);
        }
        return mutator;
    }

    @Override
    public void close() {
        mutators.values().forEach(HBaseRowStore::closeQuietly);
        mutators.clear();
        try {
            shared.release();
        } catch (IOException e) {
            log.warn("Closing the HBase connection: {}", e.toString());
        }
    }

    private static void closeQuietly(BufferedMutator mutator) {
        try {
            mutator.close();
        } catch (IOException | RuntimeException e) {
            log.debug("Closing a buffered mutator: {}", e.toString());
        }
    }
}

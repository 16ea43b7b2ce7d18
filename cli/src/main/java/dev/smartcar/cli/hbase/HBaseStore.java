package dev.smartcar.cli.hbase;

import dev.smartcar.cli.CliException;
import dev.smartcar.cli.HostPort;
import dev.smartcar.cli.Reachability;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.Table;

/**
 * The tool's one HBase {@link Connection} (heavy, thread-safe, meant to be shared), with short client retries so
 * a down server is reported in seconds rather than after the client's default minutes of retrying.
 */
public final class HBaseStore implements AutoCloseable {

    private final Connection connection;
    private final HostPort zookeeper;

    private HBaseStore(Connection connection, HostPort zookeeper) {
        this.connection = connection;
        this.zookeeper = zookeeper;
    }

    public static HBaseStore open(HostPort zookeeper) {
        Reachability.require("HBase's ZooKeeper", zookeeper, "is the stack up? (make up; make status)");
        Configuration conf = HBaseConfiguration.create();
        conf.set("hbase.zookeeper.quorum", zookeeper.host());
        conf.setInt("hbase.zookeeper.property.clientPort", zookeeper.port());
        conf.setInt("hbase.client.retries.number", 5);
        conf.setInt("zookeeper.recovery.retry", 2);
        conf.setInt("hbase.rpc.timeout", 60_000);
        conf.setInt("hbase.client.scanner.timeout.period", 120_000);
        conf.setInt("hbase.client.operation.timeout", 120_000);
        try {
            return new HBaseStore(ConnectionFactory.createConnection(conf), zookeeper);
        } catch (IOException e) {
            throw CliException.failed("HBase (ZooKeeper " + zookeeper + ") cannot be connected to: " + e.getMessage(),
                    e);
        }
    }

    /** The table, after checking it exists (a missing table is a clear error, not an empty answer). */
    public Table table(LogTable table) {
        TableName name = table.tableName();
        try (Admin admin = connection.getAdmin()) {
            if (!admin.tableExists(name)) {
                throw CliException.failed("HBase table " + name + " does not exist (ZooKeeper " + zookeeper
                        + "); create it with `make deploy`");
            }
            return connection.getTable(name);
        } catch (IOException e) {
            throw CliException.failed("HBase (ZooKeeper " + zookeeper + ") did not answer: " + e.getMessage(), e);
        }
    }

    public Connection connection() {
        return connection;
    }

    public HostPort zookeeper() {
        return zookeeper;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (IOException e) {
            // Closing a read-only connection loses nothing; the process is about to end.
        }
    }
}

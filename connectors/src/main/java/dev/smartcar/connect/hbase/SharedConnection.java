package dev.smartcar.connect.hbase;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;

/**
 * One HBase {@link Connection} per cluster for the whole worker process, shared by every sink task (a
 * connection is heavy and thread-safe); closed when its last task releases it.
 */
final class SharedConnection {

    private static final Map<String, SharedConnection> OPEN = new HashMap<>();

    private final String key;
    private final Connection connection;
    private int users;

    private SharedConnection(String key, Connection connection) {
        this.key = key;
        this.connection = connection;
    }

    static synchronized SharedConnection acquire(String key, Configuration conf) throws IOException {
        SharedConnection shared = OPEN.get(key);
        if (shared == null || shared.connection.isClosed()) {
            shared = new SharedConnection(key, ConnectionFactory.createConnection(conf));
            OPEN.put(key, shared);
        }
        shared.users++;
        return shared;
    }

    Connection connection() {
        return connection;
    }

    void release() throws IOException {
        synchronized (SharedConnection.class) {
            if (--users > 0) {
                return;
            }
            OPEN.remove(key, this);
        }
        connection.close();
    }
}

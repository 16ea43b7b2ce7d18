package dev.smartcar.connect.hbase;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.hbase.TableExistsException;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptorBuilder;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.TableDescriptor;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Makes sure a table and the families its rows use exist, creating them (pre-split) when the settings allow. */
final class TableSetup {

    private static final Logger log = LoggerFactory.getLogger(TableSetup.class);

    private final HBaseSinkConfig config;
    private final Set<String> readyTables = new HashSet<>();

    TableSetup(HBaseSinkConfig config) {
        this.config = config;
    }

    boolean isReady(String table) {
        return readyTables.contains(table);
    }

    /** The families the rows use in a table. */
    static Set<String> families(String table, List<HBaseRow> rows) {
        Set<String> families = new HashSet<>();
        for (HBaseRow row : rows) {
            if (row.table().equals(table)) {
                for (HBaseRow.CellValue cell : row.cells()) {
                    families.add(new String(cell.family(), StandardCharsets.UTF_8));
                }
            }
        }
        return families;
    }

    void ensure(Connection connection, String table, Set<String> families) throws IOException {
        if (readyTables.contains(table)) {
            return;
        }
        TableName name = TableName.valueOf(table);
        try (Admin admin = connection.getAdmin()) {
            if (!admin.tableExists(name)) {
                if (!config.tableCreate()) {
                    throw new ConnectException("HBase table " + table + " does not exist and "
                            + HBaseSinkConfig.TABLE_CREATE + " is false; create it or allow the sink to");
                }
                TableDescriptorBuilder builder = TableDescriptorBuilder.newBuilder(name);
                for (String family : families) {
                    builder.setColumnFamily(ColumnFamilyDescriptorBuilder.of(family));
                }
                TableDescriptor descriptor = builder.build();
                byte[][] splits = config.splitPoints().stream().map(String::trim).filter(s -> !s.isEmpty())
                        .map(s -> s.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
                try {
                    if (splits.length == 0) {
                        admin.createTable(descriptor);
                    } else {
                        admin.createTable(descriptor, splits);
                    }
                    log.info("Created HBase table {} with families {} and {} split points", table, families,
                            splits.length);
                } catch (TableExistsException raced) {
                    log.debug("Table {} was created concurrently", table);
                }
            }
            TableDescriptor existing = admin.getDescriptor(name);
            for (String family : families) {
                if (!existing.hasColumnFamily(family.getBytes(StandardCharsets.UTF_8))) {
                    if (!config.tableCreate()) {
                        throw new ConnectException("HBase table " + table + " has no column family " + family
                                + " and " + HBaseSinkConfig.TABLE_CREATE + " is false");
                    }
                    admin.addColumnFamily(name, ColumnFamilyDescriptorBuilder.of(family));
                    log.info("Added column family {} to HBase table {}", family, table);
                }
            }
        }
        readyTables.add(table);
    }
}

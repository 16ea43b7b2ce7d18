package dev.smartcar.connect.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smartcar.connect.hbase.HBaseSinkConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.CellUtil;
import org.apache.hadoop.hbase.RegionMetrics;
import org.apache.hadoop.hbase.ServerName;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptorBuilder;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;
import org.apache.hadoop.hbase.io.compress.Compression;
import org.apache.hadoop.hbase.io.encoding.DataBlockEncoding;
import org.apache.hadoop.hbase.regionserver.BloomType;
import org.apache.hadoop.hbase.util.Bytes;
import org.junit.jupiter.api.Test;

/**
 * The bulk mode on the real worker and HBase, beside the Put path on the same records: both tables of the pilot
 * bulk-loaded into tables made like the deployed ones (ZSTD, DIFF, row bloom, split 2,4,6,8) hold exactly the
 * cells the puts wrote (row, family, qualifier, timestamp and value), without a memstore; a dead attempt's staged
 * folder is deleted when the task starts; loading everything again from the first offset changes nothing.
 */
class HBaseBulkLoadIT {

    @Test
    void bulkLoadedCellsAreThePutPathsByteForByteAndAReloadChangesNothing() throws Exception {
        Path work = StackUnderTest.workDir("it-bulk-");
        StackUnderTest.simulate("status", "--date", "20200322", "--cars", "3", "--step-seconds", "60", "--out",
                work.toString(), "--seed", "5");
        Path drivingLog = work.resolve("SmartCarDriverInfo.log");
        StackUnderTest.simulate("driving", "--date", "20200322", "--cars", "10", "--out", drivingLog.toString(),
                "--pace-ms", "0", "--lines", "3000", "--seed", "5");
        List<String> statusLines = Files.readAllLines(work.resolve("SmartCarStatusInfo_20200322.txt"));
        List<String> drivingLines = Files.readAllLines(drivingLog);

        String id = StackUnderTest.unique("");
        String drivingTopic = "it.bulk.driving." + id;
        String statusTopic = "it.bulk.status." + id;
        String dlq = "it.bulk.dlq." + id;
        TopicReader.createTopic(StackUnderTest.bootstrap(), drivingTopic, 2);
        TopicReader.createTopic(StackUnderTest.bootstrap(), statusTopic, 2);
        Map<String, Map<String, String>> expectedDriving = new TreeMap<>();
        Map<String, Map<String, String>> expectedStatus = new TreeMap<>();
        PilotSinkLoad.produce(drivingTopic, statusTopic, drivingLines, statusLines, expectedDriving, expectedStatus);

        String putDriving = "ItPutDriving_" + id;
        String putStatus = "ItPutStatus_" + id;
        String bulkDriving = "ItBulkDriving_" + id;
        String bulkStatus = "ItBulkStatus_" + id;
        Path staging = work.resolve("staging");
        String bulkName = "it-bulk-" + id;
        // What a task killed in the middle of a load leaves: its staged HFiles, never loaded.
        Path leftover = Files.createDirectories(staging.resolve(bulkName + "-0").resolve(bulkStatus + "-1/cf1"));
        Files.writeString(leftover.resolve("dead-attempt"), "not an HFile");

        ConnectRest connect = new ConnectRest(StackUnderTest.connect());
        try (Connection hbase = PilotSinkLoad.hbase()) {
            createLikeDeployed(hbase, putDriving, putStatus, bulkDriving, bulkStatus);
            String putName = "it-put-" + id;
            Map<String, String> puts = PilotSinkLoad.pilotConfig(drivingTopic, statusTopic, putDriving, putStatus, dlq);
            puts.put(HBaseSinkConfig.BULK_TOPICS, "");
            Map<String, String> bulk = PilotSinkLoad.pilotConfig(drivingTopic, statusTopic, bulkDriving, bulkStatus,
                    dlq);
            bulk.put(HBaseSinkConfig.BULK_TOPICS, drivingTopic + "," + statusTopic);
            bulk.put(HBaseSinkConfig.BULK_STAGING_DIR, staging.toUri().toString());
            bulk.put(HBaseSinkConfig.BULK_BUFFER_BYTES, Integer.toString(1024 * 1024));   // spills
            try {
                long start = System.nanoTime();
                connect.putConfig(putName, puts);
                connect.putConfig(bulkName, bulk);
                connect.awaitRunning(bulkName, Duration.ofMinutes(2));
                assertFalse(Files.exists(leftover), "the dead attempt's staged files are deleted at start");
                PilotSinkLoad.awaitCommitted(bulkName, List.of(drivingTopic, statusTopic), Duration.ofMinutes(3));
                System.out.printf("bulk sink: %d rows committed %.1f s after deploy%n",
                        expectedDriving.size() + expectedStatus.size(), (System.nanoTime() - start) / 1e9);
                PilotSinkLoad.awaitCommitted(putName, List.of(drivingTopic, statusTopic), Duration.ofMinutes(3));

                assertEquals(expectedStatus, PilotSinkLoad.scan(hbase, bulkStatus));
                assertEquals(expectedDriving, PilotSinkLoad.scan(hbase, bulkDriving));
                Map<String, String> putCells = rawCells(hbase, putStatus);
                assertEquals(putCells, rawCells(hbase, bulkStatus), "status cells as the puts wrote them");
                assertEquals(rawCells(hbase, putDriving), rawCells(hbase, bulkDriving), "driving cells likewise");
                assertEquals(0, memstoreBytes(hbase, bulkStatus), "loaded as files, not written through the memstore");
                connect.delete(bulkName);

                // A task that died before its commit: everything comes again from the first offset and is loaded
                // again; the same cells, so nothing changes and no version is added.
                String againName = "it-bulk-again-" + id;
                connect.putConfig(againName, bulk);
                connect.awaitRunning(againName, Duration.ofMinutes(2));
                PilotSinkLoad.awaitCommitted(againName, List.of(drivingTopic, statusTopic), Duration.ofMinutes(3));
                connect.delete(againName);
                assertEquals(putCells, rawCells(hbase, bulkStatus), "a reload changes nothing");
                assertEquals(rawCells(hbase, putDriving), rawCells(hbase, bulkDriving), "a reload changes nothing");
                try (Stream<Path> left = Files.walk(staging)) {
                    assertEquals(0, left.filter(Files::isRegularFile).count(), "nothing left staged");
                }
                PilotSinkLoad.dropTables(hbase, putDriving, putStatus, bulkDriving, bulkStatus);
                StackUnderTest.deleteTree(work);
            } finally {
                connect.delete(putName);
                connect.delete(bulkName);
            }
        }
    }

    private static void createLikeDeployed(Connection hbase, String... tables) throws Exception {
        byte[][] splits = {Bytes.toBytes("2"), Bytes.toBytes("4"), Bytes.toBytes("6"), Bytes.toBytes("8")};
        try (Admin admin = hbase.getAdmin()) {
            for (String table : tables) {
                admin.createTable(TableDescriptorBuilder.newBuilder(TableName.valueOf(table))
                        .setColumnFamily(ColumnFamilyDescriptorBuilder.newBuilder(Bytes.toBytes("cf1"))
                                .setCompressionType(Compression.Algorithm.ZSTD)
                                .setDataBlockEncoding(DataBlockEncoding.DIFF)
                                .setBloomFilterType(BloomType.ROW)
                                .setBlocksize(65536).setMaxVersions(1).build())
                        .build(), splits);
            }
        }
    }

    /** Every cell of every version, as row/family:qualifier/timestamp → value in hex. */
    static Map<String, String> rawCells(Connection hbase, String table) throws Exception {
        Map<String, String> cells = new TreeMap<>();
        try (Table t = hbase.getTable(TableName.valueOf(table));
             ResultScanner scanner = t.getScanner(new Scan().readAllVersions().setRaw(true).setCaching(5000))) {
            for (Result result : scanner) {
                for (Cell cell : result.rawCells()) {
                    String key = Bytes.toStringBinary(CellUtil.cloneRow(cell)) + "/"
                            + Bytes.toStringBinary(CellUtil.cloneFamily(cell)) + ":"
                            + Bytes.toStringBinary(CellUtil.cloneQualifier(cell)) + "/" + cell.getTimestamp() + "/"
                            + cell.getType();
                    String previous = cells.put(key, HexFormat.of().formatHex(CellUtil.cloneValue(cell)));
                    assertTrue(previous == null, "one version of " + key);
                }
            }
        }
        assertFalse(cells.isEmpty());
        return cells;
    }

    private static long memstoreBytes(Connection hbase, String table) throws Exception {
        long bytes = 0;
        try (Admin admin = hbase.getAdmin()) {
            for (ServerName server : admin.getRegionServers()) {
                for (RegionMetrics region : admin.getRegionMetrics(server, TableName.valueOf(table))) {
                    bytes += (long) region.getMemStoreSize().get(org.apache.hadoop.hbase.Size.Unit.BYTE);
                }
            }
        }
        return bytes;
    }
}

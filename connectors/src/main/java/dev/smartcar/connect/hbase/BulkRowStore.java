package dev.smartcar.connect.hbase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hbase.KeyValue;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.RegionLocator;
import org.apache.hadoop.hbase.client.TableDescriptor;
import org.apache.hadoop.hbase.io.compress.Compression;
import org.apache.hadoop.hbase.tool.BulkLoadHFiles;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bulk-loads rows: cells are collected per table in {@link CellRuns} (sorted runs spilled to local disk), and
 * {@link #load} merges them into one HFile per region and family in the staging directory ({@link RegionHFiles})
 * and hands those to the region servers with {@link BulkLoadHFiles}: no WAL, no memstore, no flush. A staged
 * folder belongs to one task ({@code <staging>/<owner>}); what a dead attempt of that task left there, and its
 * local runs, are deleted when the store starts.
 */
final class BulkRowStore implements BulkStore {

    private static final Logger log = LoggerFactory.getLogger(BulkRowStore.class);

    private final HBaseSinkConfig config;
    private final SharedConnection shared;
    private final Configuration conf;
    private final TableSetup tables;
    private final org.apache.hadoop.fs.Path staging;
    private final FileSystem stagingFs;
    private final Path runsDir;
    private final Map<String, CellRuns> byTable = new HashMap<>();
    private final Map<String, Set<String>> families = new HashMap<>();
    private long waiting;
    private int loads;

    /** @param owner names this task's folders: the connector's name and the task's number */
    BulkRowStore(HBaseSinkConfig config, String owner) {
        this.config = config;
        this.tables = new TableSetup(config);
        this.conf = HBaseRowStore.clientConfiguration(config);
        // The families' ZSTD through HBase's own codec module (in the plugin), as the region servers use it,
        // rather than Hadoop's, which needs a native library.
        conf.setIfUnset(Compression.ZSTD_CODEC_CLASS_KEY, "org.apache.hadoop.hbase.io.compress.zstd.ZstdCodec");
        Compression.Algorithm.ZSTD.reload(conf);
        try {
            org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(config.bulkStagingDir());
            this.stagingFs = root.getFileSystem(conf);
            this.staging = stagingFs.makeQualified(new org.apache.hadoop.fs.Path(root, owner));
            this.runsDir = Path.of(System.getProperty("java.io.tmpdir"), "smartcar-hbase-bulk-runs", owner);
            if (stagingFs.exists(staging)) {
                log.info("Deleting the staged HFiles a previous attempt left in {}", staging);
            }
            deleteLeftovers();
        } catch (IOException | IllegalArgumentException e) {
            throw new ConnectException("Cannot prepare the bulk staging directory " + config.bulkStagingDir()
                    + " (" + HBaseSinkConfig.BULK_STAGING_DIR + "): " + e, e);
        }
        this.shared = HBaseRowStore.connect(config);
    }

    /** Staged HFiles and runs not loaded: their records' offsets were not committed, so they come again. */
    private void deleteLeftovers() throws IOException {
        stagingFs.delete(staging, true);
        deleteLocal(runsDir);
    }

    private static void deleteLocal(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public void prepare(String table) {
        long start = System.nanoTime();
        TableName name = TableName.valueOf(table);
        org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(staging, "prepare-" + table);
        try (org.apache.hadoop.hbase.client.Admin admin = shared.connection().getAdmin()) {
            if (!admin.tableExists(name)) {
                return;   // the first load creates it, with the families of its rows
            }
            TableDescriptor descriptor = admin.getDescriptor(name);
            try (RegionLocator regions = shared.connection().getRegionLocator(name)) {
                regions.getStartKeys();
            }
            // One empty cell per family into a throw-away HFile: the writer's classes, the family's encoding,
            // compression (ZSTD's native library) and bloom filter are loaded before the first load needs them.
            try (RegionHFiles hfiles = new RegionHFiles(conf, stagingFs, dir, descriptor, new byte[][] {new byte[0]})) {
                for (org.apache.hadoop.hbase.client.ColumnFamilyDescriptor family : descriptor.getColumnFamilies()) {
                    hfiles.append(new KeyValue(new byte[] {0}, family.getName(), new byte[0], 0L, KeyValue.Type.Put,
                            new byte[0]));
                }
            }
            BulkLoadHFiles.create(conf);
            log.info("Prepared bulk loads into {} in {} ms", table, (System.nanoTime() - start) / 1_000_000);
        } catch (IOException | RuntimeException e) {
            log.warn("Preparing bulk loads into {} failed ({}); the first load does it", table, e.toString());
        } finally {
            try {
                stagingFs.delete(dir, true);
            } catch (IOException e) {
                log.warn("Deleting {}: {}", dir, e.toString());
            }
        }
    }

    @Override
    public void add(List<HBaseRow> rows) throws IOException {
        for (HBaseRow row : rows) {
            CellRuns runs = byTable.get(row.table());
            if (runs == null) {
                runs = new CellRuns(runsDir, row.table(), config.bulkBufferBytes());
                byTable.put(row.table(), runs);
            }
            // SERVER timestamps (Long.MAX_VALUE) would stay "latest" forever in an HFile: the sink's clock instead.
            long timestamp = row.timestamp() == Long.MAX_VALUE ? System.currentTimeMillis() : row.timestamp();
            boolean ready = tables.isReady(row.table());
            Set<String> tableFamilies = ready ? null : families.computeIfAbsent(row.table(), t -> new HashSet<>());
            for (HBaseRow.CellValue cell : row.cells()) {
                runs.add(new KeyValue(row.rowKey(), cell.family(), cell.qualifier(), timestamp, KeyValue.Type.Put,
                        cell.value()));
                if (!ready) {
                    tableFamilies.add(new String(cell.family(), java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            waiting++;
        }
    }

    @Override
    public void load() throws IOException {
        for (Map.Entry<String, CellRuns> entry : byTable.entrySet()) {
            if (entry.getValue().cells() > 0) {
                load(entry.getKey(), entry.getValue());
            }
        }
        waiting = 0;
    }

    private void load(String table, CellRuns runs) throws IOException {
        long start = System.nanoTime();
        tables.ensure(shared.connection(), table, families.getOrDefault(table, Set.of()));
        TableName name = TableName.valueOf(table);
        TableDescriptor descriptor;
        byte[][] startKeys;
        try (RegionLocator regions = shared.connection().getRegionLocator(name)) {
            startKeys = regions.getStartKeys();
        }
        try (org.apache.hadoop.hbase.client.Admin admin = shared.connection().getAdmin()) {
            descriptor = admin.getDescriptor(name);
        }
        // A fresh folder per load: whatever a failed load left is replaced by files written again from the runs.
        org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(staging, table + "-" + (++loads));
        stagingFs.delete(dir, true);
        int files;
        long cells;
        try (RegionHFiles hfiles = new RegionHFiles(conf, stagingFs, dir, descriptor, startKeys)) {
            try (CellRuns.CloseableCells sorted = runs.sorted()) {
                while (sorted.hasNext()) {
                    hfiles.append(sorted.next());
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            hfiles.close();
            files = hfiles.files().size();
            cells = hfiles.cells();
        }
        long written = System.nanoTime();
        try {
            BulkLoadHFiles.create(conf).bulkLoad(name, dir);
        } finally {
            stagingFs.delete(dir, true);
        }
        log.info("Bulk-loaded {} cells ({} added, {} spilled runs) into {} in {} HFiles: written in {} ms, "
                        + "loaded in {} ms", cells, runs.cells(), runs.runs(), table, files,
                (written - start) / 1_000_000, (System.nanoTime() - written) / 1_000_000);
        runs.clear();
    }

    @Override
    public long waiting() {
        return waiting;
    }

    @Override
    public void close() {
        try {
            for (CellRuns runs : byTable.values()) {
                runs.close();
            }
            byTable.clear();
            deleteLeftovers();
        } catch (IOException e) {
            log.warn("Deleting the bulk sink's staged files: {}", e.toString());
        } finally {
            try {
                shared.release();
            } catch (IOException e) {
                log.warn("Closing the HBase connection: {}", e.toString());
            }
        }
    }
}

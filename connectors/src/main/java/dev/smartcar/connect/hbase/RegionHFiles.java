package dev.smartcar.connect.hbase;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.CellUtil;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptor;
import org.apache.hadoop.hbase.client.TableDescriptor;
import org.apache.hadoop.hbase.io.hfile.CacheConfig;
import org.apache.hadoop.hbase.io.hfile.HFileContext;
import org.apache.hadoop.hbase.io.hfile.HFileContextBuilder;
import org.apache.hadoop.hbase.regionserver.HStoreFile;
import org.apache.hadoop.hbase.regionserver.StoreFileWriter;
import org.apache.hadoop.hbase.regionserver.StoreUtils;
import org.apache.hadoop.hbase.util.Bytes;

/**
 * Writes one table's cells, given in key order, into HFiles ready for a bulk load: {@code dir/<family>/<file>},
 * one file per region and family, cut where a row reaches the next region's start key, each with its family's
 * own settings from the table descriptor (block encoding, compression, bloom filter, block size), as HBase's
 * {@code HFileOutputFormat2} writes them.
 */
final class RegionHFiles implements Closeable {

    private final Configuration conf;
    private final FileSystem fs;
    private final Path dir;
    private final TableDescriptor table;
    /** The regions' start keys, sorted; the first is empty. */
    private final byte[][] startKeys;
    private final Map<byte[], StoreFileWriter> writers = new TreeMap<>(Bytes.BYTES_COMPARATOR);
    private final List<Path> written = new ArrayList<>();
    private int region = -1;
    private byte[] regionEnd;
    private long cells;
    private byte[] lastFamily;
    private StoreFileWriter lastWriter;

    RegionHFiles(Configuration conf, FileSystem fs, Path dir, TableDescriptor table, byte[][] startKeys) {
        this.conf = conf;
        this.fs = fs;
        this.dir = dir;
        this.table = table;
        this.startKeys = startKeys.length == 0 ? new byte[][] {new byte[0]} : startKeys;
    }

    void append(Cell cell) throws IOException {
        if (region < 0 || (regionEnd != null && Bytes.compareTo(cell.getRowArray(), cell.getRowOffset(),
                cell.getRowLength(), regionEnd, 0, regionEnd.length) >= 0)) {
            closeWriters();
            enterRegionOf(cell);
        }
        // Most tables have one family: the last cell's writer, unless this cell's family differs.
        StoreFileWriter writer = lastWriter != null && CellUtil.matchingFamily(cell, lastFamily) ? lastWriter : null;
        if (writer == null) {
            byte[] family = CellUtil.cloneFamily(cell);
            writer = writers.get(family);
            if (writer == null) {
                writer = open(family);
                writers.put(family, writer);
            }
            lastFamily = family;
            lastWriter = writer;
        }
        writer.append(cell);
        cells++;
    }

    private void enterRegionOf(Cell cell) {
        int next = region + 1;
        while (next + 1 < startKeys.length && Bytes.compareTo(cell.getRowArray(), cell.getRowOffset(),
                cell.getRowLength(), startKeys[next + 1], 0, startKeys[next + 1].length) >= 0) {
            next++;
        }
        region = next;
        regionEnd = region + 1 < startKeys.length ? startKeys[region + 1] : null;
    }

    private StoreFileWriter open(byte[] family) throws IOException {
        ColumnFamilyDescriptor settings = table.getColumnFamily(family);
        if (settings == null) {
            throw new IOException("HBase table " + table.getTableName() + " has no column family "
                    + Bytes.toString(family));
        }
        HFileContext context = new HFileContextBuilder()
                .withCompression(settings.getCompressionType())
                .withDataBlockEncoding(settings.getDataBlockEncoding())
                .withBlockSize(settings.getBlocksize())
                .withChecksumType(StoreUtils.getChecksumType(conf))
                .withBytesPerCheckSum(StoreUtils.getBytesPerChecksum(conf))
                .withColumnFamily(family)
                .withTableName(table.getTableName().getName())
                .withIncludesTags(true)
                // The cells' sequence ids are CellRuns' arrival numbers: the load assigns the file its own.
                .withIncludesMvcc(false)
                .withCreateTime(System.currentTimeMillis())
                .build();
        return new StoreFileWriter.Builder(conf, CacheConfig.DISABLED, fs)
                .withOutputDir(new Path(dir, Bytes.toString(family)))
                .withBloomType(settings.getBloomFilterType())
                .withFileContext(context)
                .build();
    }

    private void closeWriters() throws IOException {
        IOException failure = null;
        for (StoreFileWriter writer : writers.values()) {
            try {
                writer.appendFileInfo(HStoreFile.BULKLOAD_TIME_KEY, Bytes.toBytes(System.currentTimeMillis()));
                writer.appendFileInfo(HStoreFile.MAJOR_COMPACTION_KEY, Bytes.toBytes(false));
                writer.appendTrackedTimestampsToMetadata();
                writer.close();
                written.add(writer.getPath());
            } catch (IOException e) {
                failure = failure == null ? e : failure;
            }
        }
        writers.clear();
        lastWriter = null;
        if (failure != null) {
            throw failure;
        }
    }

    /** The files closed so far (all of them once closed). */
    List<Path> files() {
        return written;
    }

    long cells() {
        return cells;
    }

    @Override
    public void close() throws IOException {
        closeWriters();
    }
}

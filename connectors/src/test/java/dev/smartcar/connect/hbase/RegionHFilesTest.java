package dev.smartcar.connect.hbase;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.CellUtil;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.KeyValue;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptorBuilder;
import org.apache.hadoop.hbase.client.TableDescriptor;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;
import org.apache.hadoop.hbase.io.compress.Compression;
import org.apache.hadoop.hbase.io.encoding.DataBlockEncoding;
import org.apache.hadoop.hbase.io.hfile.CacheConfig;
import org.apache.hadoop.hbase.io.hfile.HFile;
import org.apache.hadoop.hbase.io.hfile.HFileScanner;
import org.apache.hadoop.hbase.regionserver.BloomType;
import org.apache.hadoop.hbase.regionserver.HStoreFile;
import org.apache.hadoop.hbase.util.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real HFiles written to a temporary folder and read back with HBase's own reader. */
class RegionHFilesTest {

    @TempDir
    java.nio.file.Path tmp;

    static Configuration conf() {
        Configuration conf = HBaseConfiguration.create();
        conf.set(Compression.ZSTD_CODEC_CLASS_KEY, "org.apache.hadoop.hbase.io.compress.zstd.ZstdCodec");
        Compression.Algorithm.ZSTD.reload(conf);
        return conf;
    }

    /** Like the stack's tables (STACK_HBASE_FAMILY). */
    static TableDescriptor pilotTable() {
        return TableDescriptorBuilder.newBuilder(TableName.valueOf("SmartCarStatusInfo"))
                .setColumnFamily(ColumnFamilyDescriptorBuilder.newBuilder("cf1".getBytes(UTF_8))
                        .setCompressionType(Compression.Algorithm.ZSTD)
                        .setDataBlockEncoding(DataBlockEncoding.DIFF)
                        .setBloomFilterType(BloomType.ROW)
                        .setBlocksize(65536)
                        .setMaxVersions(1).build())
                .build();
    }

    static final byte[][] SPLITS = {new byte[0], b("2"), b("4"), b("6"), b("8")};

    static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    @Test
    void oneFilePerRegionWithTheFamilysOwnSettingsReadableBack() throws IOException {
        Configuration conf = conf();
        LocalFileSystem fs = FileSystem.getLocal(conf);
        Path dir = new Path(tmp.toUri().toString(), "load");
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            rows.add(String.format("%04d0022300202-N%04d", i * 3, i % 100));   // 0000.. to 8997..: regions 0-4
        }
        rows.sort(null);
        try (RegionHFiles files = new RegionHFiles(conf, fs, dir, pilotTable(), SPLITS)) {
            for (String row : rows) {
                for (String q : new String[] {"battery", "engine", "tire_fl"}) {
                    files.append(CellRunsTest.cell(row, q, 1_584_800_000_000L, q + "-" + row));
                }
            }
            files.close();
            assertEquals(5, files.files().size(), "one per region: " + files.files());
            assertEquals(9000, files.cells());
        }
        int cells = 0;
        org.apache.hadoop.fs.FileStatus[] written = fs.listStatus(new Path(dir, "cf1"));
        assertEquals(5, written.length);
        for (org.apache.hadoop.fs.FileStatus status : written) {
            try (HFile.Reader reader = HFile.createReader(fs, status.getPath(), CacheConfig.DISABLED, true, conf)) {
                assertEquals(Compression.Algorithm.ZSTD, reader.getFileContext().getCompression());
                assertEquals(DataBlockEncoding.DIFF, reader.getDataBlockEncoding());
                assertEquals(65536, reader.getFileContext().getBlocksize());
                assertEquals(BloomType.ROW.toString(),
                        Bytes.toString(reader.getHFileInfo().get(HStoreFile.BLOOM_FILTER_TYPE_KEY)));
                assertTrue(reader.getHFileInfo().containsKey(HStoreFile.BULKLOAD_TIME_KEY));
                byte[] first = CellUtil.cloneRow(reader.getFirstKey().get());
                byte[] last = reader.getLastRowKey().get();
                int region = first[0] - '0' < 2 ? 0 : (first[0] - '0') / 2;
                assertEquals(region, (last[0] - '0' < 2 ? 0 : (last[0] - '0') / 2),
                        "first and last row in one region: " + Bytes.toString(first) + " " + Bytes.toString(last));
                HFileScanner scanner = reader.getScanner(conf, false, false);
                assertTrue(scanner.seekTo());
                do {
                    Cell cell = scanner.getCell();
                    String row = Bytes.toString(CellUtil.cloneRow(cell));
                    assertEquals(Bytes.toString(CellUtil.cloneQualifier(cell)) + "-" + row,
                            Bytes.toString(CellUtil.cloneValue(cell)));
                    assertEquals(1_584_800_000_000L, cell.getTimestamp());
                    assertEquals(0, cell.getSequenceId(), "no arrival numbers in the file");
                    cells++;
                } while (scanner.next());
            }
        }
        assertEquals(9000, cells);
    }

    @Test
    void regionsWithoutRowsGetNoFile() throws IOException {
        Configuration conf = conf();
        LocalFileSystem fs = FileSystem.getLocal(conf);
        Path dir = new Path(tmp.toUri().toString(), "sparse");
        try (RegionHFiles files = new RegionHFiles(conf, fs, dir, pilotTable(), SPLITS)) {
            files.append(CellRunsTest.cell("1-a", "q", 1, "v"));
            files.append(CellRunsTest.cell("9-a", "q", 1, "v"));
            files.close();
            assertEquals(2, files.files().size());
        }
    }

    @Test
    void aFamilyTheTableDoesNotHaveIsNamed() throws IOException {
        Configuration conf = conf();
        Path dir = new Path(tmp.toUri().toString(), "bad");
        try (RegionHFiles files = new RegionHFiles(conf, FileSystem.getLocal(conf), dir, pilotTable(), SPLITS)) {
            KeyValue wrong = new KeyValue(b("1"), b("cf9"), b("q"), 1L, KeyValue.Type.Put, b("v"));
            IOException e = assertThrows(IOException.class, () -> files.append(wrong));
            assertTrue(e.getMessage().contains("no column family cf9"), e.getMessage());
        }
    }
}

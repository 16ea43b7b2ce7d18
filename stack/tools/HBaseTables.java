// HBase side of `stack.sh deploy` and `stack.sh status`, run with the server's jars and the env's hbase-site.xml
// on the classpath:
//   HBaseTables create SPLITS TABLE:FAMILY...   creates missing tables (pre-split) and missing families, with the
//                                               family settings of STACK_HBASE_FAMILY; existing families whose
//                                               settings differ are altered online (idempotent)
//   HBaseTables status                          lists user tables with regions, row counts (estimated
//                                               from store sizes past STACK_HBASE_COUNT_LIMIT rows), family
//                                               settings, store bytes per row and their ratio to the line's bytes
//   HBaseTables compact                         major-compacts every user table and waits for the end
//   HBaseTables put TABLE ROW FAMILY:QUALIFIER VALUE   one cell (the stack self-test's persistence check)
//   HBaseTables online SECONDS                  waits until every user table's regions are open (after a restart
//                                               the master is up well before they are), exit 1 on timeout
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.RegionMetrics;
import org.apache.hadoop.hbase.ServerName;
import org.apache.hadoop.hbase.Size;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptor;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptorBuilder;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.RegionInfo;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.client.TableDescriptor;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;
import org.apache.hadoop.hbase.filter.FirstKeyOnlyFilter;
import org.apache.hadoop.hbase.io.compress.Compression;
import org.apache.hadoop.hbase.io.encoding.DataBlockEncoding;
import org.apache.hadoop.hbase.regionserver.BloomType;

public class HBaseTables {
  public static void main(String[] args) throws Exception {
    if (args.length < 1 || !(args[0].equals("status") || args[0].equals("compact")
        || args[0].equals("create") && args.length >= 3
        || args[0].equals("put") && args.length == 5 || args[0].equals("online") && args.length == 2)) {
      System.err.println("usage: HBaseTables create SPLITS(a,b,..) TABLE:FAMILY... | status | put TABLE ROW FAM:QUAL VALUE"
          + " | online SECONDS | compact");
      System.exit(2);
    }
    // The env's ZooKeeper is required explicitly: without it the client would silently use 127.0.0.1:2181,
    // which is env dev's HBase, whatever env was meant.
    String zk = System.getProperty("stack.zookeeper", "");
    int colon = zk.lastIndexOf(':');
    if (colon <= 0) {
      System.err.println("HBaseTables: system property stack.zookeeper=HOST:PORT is required, got '" + zk + "'");
      System.exit(2);
    }
    Configuration conf = HBaseConfiguration.create();
    conf.set("hbase.zookeeper.quorum", zk.substring(0, colon));
    conf.set("hbase.zookeeper.property.clientPort", zk.substring(colon + 1));
    conf.setInt("hbase.client.retries.number", 3);
    conf.setInt("zookeeper.recovery.retry", 1);
    try (Connection c = ConnectionFactory.createConnection(conf); Admin admin = c.getAdmin()) {
      if (args[0].equals("create")) {
        create(admin, args);
      } else if (args[0].equals("compact")) {
        compact(admin);
      } else if (args[0].equals("online")) {
        long deadline = System.nanoTime() + Long.parseLong(args[1]) * 1_000_000_000L;
        List<TableName> waiting = new ArrayList<>();
        for (TableDescriptor d : admin.listTableDescriptors()) {
          waiting.add(d.getTableName());
        }
        while (!waiting.isEmpty() && System.nanoTime() < deadline) {
          waiting.removeIf(t -> {
            try {
              return admin.isTableAvailable(t);
            } catch (java.io.IOException e) {
              return false;
            }
          });
          if (!waiting.isEmpty()) {
            Thread.sleep(500);
          }
        }
        if (!waiting.isEmpty()) {
          System.err.println("HBaseTables: regions of " + waiting + " still not open after " + args[1] + " s");
          System.exit(1);
        }
      } else if (args[0].equals("put")) {
        String[] fq = args[3].split(":", 2);
        try (Table t = c.getTable(TableName.valueOf(args[1]))) {
          t.put(new org.apache.hadoop.hbase.client.Put(utf8(args[2])).addColumn(utf8(fq[0]), utf8(fq[1]), utf8(args[4])));
        }
      } else {
        status(c, admin);
      }
    }
  }

  static void create(Admin admin, String[] args) throws Exception {
    byte[][] splits = args[1].isBlank() ? new byte[0][] : toBytes(args[1].split(","));
    String spec = System.getenv().getOrDefault("STACK_HBASE_FAMILY", "");
    for (int i = 2; i < args.length; i++) {
      String[] tf = args[i].split(":");
      if (tf.length != 2 || tf[0].isBlank() || tf[1].isBlank()) {
        System.err.println("table '" + args[i] + "': expected TABLE:FAMILY (setting STACK_HBASE_TABLES)");
        System.exit(1);
      }
      TableName name = TableName.valueOf(tf[0]);
      ColumnFamilyDescriptor family = family(tf[1], spec);
      if ("true".equals(System.getenv("STACK_DRY_RUN"))) {   // deploy --dry-run: what would change
        String what = !admin.tableExists(name) ? "would be created (" + (splits.length + 1) + " regions)"
            : !admin.getDescriptor(name).hasColumnFamily(family.getName()) ? "exists, family " + tf[1] + " would be added"
            : settings(admin.getDescriptor(name).getColumnFamily(family.getName())).equals(settings(family)) ? "unchanged"
            : "family " + tf[1] + " would be altered to " + settings(family);
        System.out.printf("  table %-20s %s%n", name, what);
        continue;
      }
      try {
        if (!admin.tableExists(name)) {
          admin.createTable(TableDescriptorBuilder.newBuilder(name).setColumnFamily(family).build(), splits);
          System.out.printf("  table %-20s created, family %s (%s), %d regions%n", name, tf[1], settings(family),
              splits.length + 1);
        } else if (!admin.getDescriptor(name).hasColumnFamily(family.getName())) {
          admin.addColumnFamily(name, family);
          System.out.printf("  table %-20s exists, family %s added (%s)%n", name, tf[1], settings(family));
        } else {
          ColumnFamilyDescriptor current = admin.getDescriptor(name).getColumnFamily(family.getName());
          if (!settings(current).equals(settings(family))) {
            // Online: new settings apply to the files written from now on (flushes, compactions); `stack.sh
            // compact` rewrites the existing ones.
            admin.modifyColumnFamily(name, ColumnFamilyDescriptorBuilder.newBuilder(current)
                .setCompressionType(family.getCompressionType())
                .setDataBlockEncoding(family.getDataBlockEncoding())
                .setBloomFilterType(family.getBloomFilterType())
                .setBlocksize(family.getBlocksize())
                .setMaxVersions(family.getMaxVersions()).build());
            System.out.printf("  table %-20s family %s altered: %s -> %s%n", name, tf[1], settings(current),
                settings(family));
          } else {
            System.out.printf("  table %-20s exists with family %s (%s, %d regions)%n", name, tf[1],
                settings(current), admin.getRegions(name).size());
          }
        }
      } catch (org.apache.hadoop.hbase.DoNotRetryIOException e) {
        // The master tests a codec before it accepts a family using it: a server started before the codec's
        // jar was in its folder refuses ZSTD until it is restarted.
        System.err.println("table " + name + ": HBase refused family " + tf[1] + " (" + settings(family)
            + ", setting STACK_HBASE_FAMILY): " + firstLine(e.getMessage())
            + (settings(family).contains("ZSTD") ? "\n  if the HBase server was started before its ZSTD codec was"
                + " installed, restart it: stack.sh --env ENV down --only hbase && stack.sh --env ENV up --only hbase"
                : ""));
        System.exit(1);
      }
    }
  }

  /** A family from "KEY=VALUE ..." (COMPRESSION, DATA_BLOCK_ENCODING, BLOOMFILTER, BLOCKSIZE, VERSIONS). */
  static ColumnFamilyDescriptor family(String name, String spec) {
    ColumnFamilyDescriptorBuilder b = ColumnFamilyDescriptorBuilder.newBuilder(utf8(name));
    for (String setting : spec.trim().split("[\\s,]+")) {
      if (setting.isEmpty()) {
        continue;
      }
      String[] kv = setting.split("=", 2);
      String key = kv[0].toUpperCase(java.util.Locale.ROOT);
      String value = kv.length == 2 ? kv[1].toUpperCase(java.util.Locale.ROOT) : "";
      try {
        switch (key) {
          case "COMPRESSION" -> b.setCompressionType(Compression.Algorithm.valueOf(value));
          case "DATA_BLOCK_ENCODING" -> b.setDataBlockEncoding(DataBlockEncoding.valueOf(value));
          case "BLOOMFILTER" -> b.setBloomFilterType(BloomType.valueOf(value));
          case "BLOCKSIZE" -> b.setBlocksize(Integer.parseInt(value));
          case "VERSIONS" -> b.setMaxVersions(Integer.parseInt(value));
          default -> throw new IllegalArgumentException("unknown key");
        }
      } catch (IllegalArgumentException e) {
        System.err.println("STACK_HBASE_FAMILY: '" + setting + "' is not valid: expected KEY=VALUE with KEY one of"
            + " COMPRESSION (NONE, GZ, ZSTD, ...), DATA_BLOCK_ENCODING (NONE, PREFIX, DIFF, FAST_DIFF, ROW_INDEX_V1),"
            + " BLOOMFILTER (NONE, ROW, ROWCOL), BLOCKSIZE (bytes), VERSIONS (a number)");
        System.exit(2);
      }
    }
    return b.build();
  }

  static String settings(ColumnFamilyDescriptor f) {
    return "COMPRESSION=" + f.getCompressionType() + " DATA_BLOCK_ENCODING=" + f.getDataBlockEncoding()
        + " BLOOMFILTER=" + f.getBloomFilterType() + " BLOCKSIZE=" + f.getBlocksize() + " VERSIONS="
        + f.getMaxVersions();
  }

  static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }

  /** Major compaction of every user table; done when none runs and every store is down to one file. */
  static void compact(Admin admin) throws Exception {
    for (TableDescriptor td : admin.listTableDescriptors()) {
      TableName name = td.getTableName();
      long t0 = System.nanoTime();
      admin.flush(name);   // the memstore first, so that everything ends up in one file per store
      admin.majorCompact(name);
      long deadline = System.nanoTime() + 600_000_000_000L;
      while (admin.getCompactionState(name) != org.apache.hadoop.hbase.client.CompactionState.NONE
          || maxStoreFiles(admin, name) > td.getColumnFamilyCount()) {
        if (System.nanoTime() > deadline) {
          System.err.println("HBaseTables: compaction of " + name + " still running after 600 s");
          System.exit(1);
        }
        Thread.sleep(500);
      }
      System.out.printf("  table %-20s major-compacted in %.1f s%n", name, (System.nanoTime() - t0) / 1e9);
    }
  }

  /** The most store files of any one region of {@code name} (metrics the region server reports every 3 s). */
  static int maxStoreFiles(Admin admin, TableName name) throws Exception {
    int max = 0;
    for (ServerName sn : admin.getRegionServers()) {
      for (RegionMetrics m : admin.getRegionMetrics(sn, name)) {
        max = Math.max(max, m.getStoreFileCount());
      }
    }
    return max;
  }

  static void status(Connection c, Admin admin) throws Exception {
    long limit = Long.parseLong(System.getenv().getOrDefault("STACK_HBASE_COUNT_LIMIT", "200000"));
    System.out.printf("%-24s %-10s %7s %14s %9s %9s %7s %7s %6s  %s%n", "HBASE TABLE", "FAMILIES", "REGIONS", "ROWS",
        "STORE MB", "MEMST MB", "B/ROW", "LINE B", "xLINE", "FAMILY SETTINGS");
    List<TableDescriptor> tables = admin.listTableDescriptors();
    if (tables.isEmpty()) System.out.println("(no tables)");
    List<ServerName> servers = new ArrayList<>(admin.getRegionServers());
    double allLineMb = 0;
    for (TableDescriptor td : tables) {
      TableName name = td.getTableName();
      List<String> fams = new ArrayList<>();
      for (var f : td.getColumnFamilies()) fams.add(f.getNameAsString());
      List<RegionInfo> regions = admin.getRegions(name);
      double memMb = 0;
      double fileMb = 0;
      for (ServerName sn : servers) {
        for (RegionMetrics m : admin.getRegionMetrics(sn, name)) {
          double files = m.getStoreFileSize().get(Size.Unit.MEGABYTE);
          double mem = m.getMemStoreSize().get(Size.Unit.MEGABYTE);
          fileMb += files;
          memMb += mem;
        }
      }
      double storeMb = fileMb;
      // Count region by region; once the limit is reached, each region not yet counted is taken to hold as
      // many rows as the counted ones did on average: deploy's split points cut the key space (the reversed
      // seconds' last digit) into even parts. (Store sizes are reported in whole MB per region and lag behind
      // flushes and compactions: too coarse to scale by.)
      long rows = 0;
      int counted = 0;
      long countedRows = 0;
      boolean estimated = false;
      try (Table t = c.getTable(name)) {
        for (RegionInfo ri : regions) {
          if (rows >= limit) {
            estimated = true;
            rows += Math.round((double) countedRows / counted);
            continue;
          }
          Scan scan = new Scan().withStartRow(ri.getStartKey()).withStopRow(ri.getEndKey())
              .setFilter(new FirstKeyOnlyFilter()).setCaching(5000).setCacheBlocks(false);
          try (ResultScanner rs = t.getScanner(scan)) {
            for (Result r = rs.next(); r != null; r = rs.next()) rows++;
          }
          counted++;
          countedRows = rows;
        }
        // The bytes of the log line a row came from: its cells are the line's fields, so the line is their
        // values joined by commas plus a newline (one separator per cell). Measured on a sample of rows.
        double lineBytes = meanLineBytes(t);
        double lineMb = rows * lineBytes / (1024 * 1024);
        allLineMb += lineMb;
        String rowText = estimated ? "~" + rows + " (est.)" : Long.toString(rows);
        // Store bytes per row only mean something once the memstore is flushed ('stack.sh compact' does both).
        boolean flushed = memMb < 0.01 * Math.max(storeMb, 1);
        String perRow = rows > 0 && flushed ? String.format("%7.0f", storeMb * 1024 * 1024 / rows) : "      -";
        String ratio = lineMb > 0 && flushed ? String.format("%6.2f", storeMb / lineMb) : "     -";
        System.out.printf("%-24s %-10s %7d %14s %9.1f %9.1f %s %7.1f %s  %s%n", name.getNameAsString(),
            String.join(",", fams), regions.size(), rowText, storeMb, memMb, perRow, lineBytes, ratio,
            td.getColumnFamilies().length == 1 ? settings(td.getColumnFamilies()[0]) : "");
      }
    }
    // The whole data folder (tables, archive, WALs, old WALs, master data) against the lines it holds.
    String dataDir = System.getenv().getOrDefault("STACK_HBASE_DATA_DIR", "");
    if (!dataDir.isEmpty() && allLineMb > 0) {
      long bytes;
      try (var files = java.nio.file.Files.walk(java.nio.file.Path.of(dataDir))) {
        bytes = files.filter(java.nio.file.Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
      }
      double mb = bytes / (1024.0 * 1024);
      System.out.printf("HBase data folder %.1f MB = %.2f x the %.1f MB of lines in its tables (B/ROW and xLINE,"
          + " the store files against the lines, once the memstore is flushed: 'stack.sh compact')%n", mb,
          mb / allLineMb, allLineMb);
    }
  }

  /** Mean bytes of the source line per row, from the first 2000 rows (0 for an empty table). */
  static double meanLineBytes(Table t) throws Exception {
    long rows = 0, bytes = 0;
    try (ResultScanner rs = t.getScanner(new Scan().setLimit(2000).setCaching(2000).setCacheBlocks(false))) {
      for (Result r = rs.next(); r != null; r = rs.next()) {
        rows++;
        for (org.apache.hadoop.hbase.Cell cell : r.rawCells()) {
          bytes += cell.getValueLength() + 1;
        }
      }
    }
    return rows == 0 ? 0 : (double) bytes / rows;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[][] toBytes(String[] s) {
    byte[][] b = new byte[s.length][];
    for (int i = 0; i < s.length; i++) b[i] = s[i].strip().getBytes(StandardCharsets.UTF_8);
    return b;
  }
}

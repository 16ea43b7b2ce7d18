// HBase side of `stack.sh deploy` and `stack.sh status`, run with the server's jars and the env's hbase-site.xml
// on the classpath:
//   HBaseTables create SPLITS TABLE:FAMILY...   creates missing tables (pre-split) and missing families
//   HBaseTables status                          lists user tables with regions and row counts (estimated
//                                               from store sizes past STACK_HBASE_COUNT_LIMIT rows)
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

public class HBaseTables {
  public static void main(String[] args) throws Exception {
    if (args.length < 1 || !(args[0].equals("status") || args[0].equals("create") && args.length >= 3
        || args[0].equals("put") && args.length == 5 || args[0].equals("online") && args.length == 2)) {
      System.err.println("usage: HBaseTables create SPLITS(a,b,..) TABLE:FAMILY... | status | put TABLE ROW FAM:QUAL VALUE"
          + " | online SECONDS");
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
    for (int i = 2; i < args.length; i++) {
      String[] tf = args[i].split(":");
      if (tf.length != 2 || tf[0].isBlank() || tf[1].isBlank()) {
        System.err.println("table '" + args[i] + "': expected TABLE:FAMILY (setting STACK_HBASE_TABLES)");
        System.exit(1);
      }
      TableName name = TableName.valueOf(tf[0]);
      byte[] family = tf[1].getBytes(StandardCharsets.UTF_8);
      if (!admin.tableExists(name)) {
        admin.createTable(TableDescriptorBuilder.newBuilder(name)
            .setColumnFamily(ColumnFamilyDescriptorBuilder.of(family)).build(), splits);
        System.out.printf("  table %-20s created, family %s, %d regions%n", name, tf[1], splits.length + 1);
      } else if (!admin.getDescriptor(name).hasColumnFamily(family)) {
        admin.addColumnFamily(name, ColumnFamilyDescriptorBuilder.of(family));
        System.out.printf("  table %-20s exists, family %s added%n", name, tf[1]);
      } else {
        System.out.printf("  table %-20s exists with family %s (%d regions)%n", name, tf[1], admin.getRegions(name).size());
      }
    }
  }

  static void status(Connection c, Admin admin) throws Exception {
    long limit = Long.parseLong(System.getenv().getOrDefault("STACK_HBASE_COUNT_LIMIT", "200000"));
    System.out.printf("%-24s %-10s %7s %14s %10s%n", "HBASE TABLE", "FAMILIES", "REGIONS", "ROWS", "STORE MB");
    List<TableDescriptor> tables = admin.listTableDescriptors();
    if (tables.isEmpty()) System.out.println("(no tables)");
    List<ServerName> servers = new ArrayList<>(admin.getRegionServers());
    for (TableDescriptor td : tables) {
      TableName name = td.getTableName();
      List<String> fams = new ArrayList<>();
      for (var f : td.getColumnFamilies()) fams.add(f.getNameAsString());
      List<RegionInfo> regions = admin.getRegions(name);
      java.util.Map<String, Double> regionMb = new java.util.HashMap<>();
      for (ServerName sn : servers) {
        for (RegionMetrics m : admin.getRegionMetrics(sn, name)) {
          regionMb.put(m.getNameAsString(),
              m.getStoreFileSize().get(Size.Unit.MEGABYTE) + m.getMemStoreSize().get(Size.Unit.MEGABYTE));
        }
      }
      double storeMb = regionMb.values().stream().mapToDouble(Double::doubleValue).sum();
      // Count region by region; once the limit is reached, the regions not yet counted are estimated from
      // their store size at the rows-per-MB of the regions that were counted.
      long rows = 0;
      double countedMb = 0;
      boolean estimated = false;
      try (Table t = c.getTable(name)) {
        for (RegionInfo ri : regions) {
          double mb = regionMb.getOrDefault(ri.getRegionNameAsString(), 0.0);
          if (rows >= limit) {
            estimated = true;
            rows += countedMb > 0 ? Math.round(mb * rows / countedMb) : 0;
            continue;
          }
          Scan scan = new Scan().withStartRow(ri.getStartKey()).withStopRow(ri.getEndKey())
              .setFilter(new FirstKeyOnlyFilter()).setCaching(5000).setCacheBlocks(false);
          try (ResultScanner rs = t.getScanner(scan)) {
            for (Result r = rs.next(); r != null; r = rs.next()) rows++;
          }
          countedMb += mb;
        }
      }
      String rowText = estimated ? "~" + rows + " (est.)" : Long.toString(rows);
      System.out.printf("%-24s %-10s %7d %14s %10.1f%n", name.getNameAsString(), String.join(",", fams),
          regions.size(), rowText, storeMb);
    }
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

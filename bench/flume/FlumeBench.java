// Measuring side of bench/flume.sh (single-file program, compiled by the script with the HBase client on the class path):
//   FlumeBench watch FILE COUNTER TARGET START_MS TIMEOUT_S CSV
//       reads a Flume agent's counters (the JSON file FlumeFileMetrics rewrites every 100 ms) every 100 ms until
//       COUNTER, e.g. SINK.hbase.EventDrainSuccessCount (an HBase2 sink counts a batch after its flush), reaches
//       TARGET or the timeout passes; the finish is the counter's last change. Samples go to CSV
//       (ms_since_start,count). Needs only the JDK.
//   FlumeBench count ZK TABLE
//       counts the rows of TABLE (a scan with FirstKeyOnlyFilter and KeyOnlyFilter: row keys only) and prints them,
//       then the first row's key and number of cells.
// Each prints key=value lines on stdout that the script puts into its report.
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class FlumeBench {
  public static void main(String[] a) throws Exception {
    if (a.length >= 7 && a[0].equals("watch")) {
      watch(a[1], a[2], Long.parseLong(a[3]), Long.parseLong(a[4]), Long.parseLong(a[5]), Path.of(a[6]));
    } else if (a.length == 3 && a[0].equals("count")) {
      Count.run(a[1], a[2]);
    } else {
      System.err.println("usage: FlumeBench watch FILE COUNTER TARGET START_MS TIMEOUT_S CSV | count ZK TABLE");
      System.exit(2);
    }
  }

  /** COUNTER is COMPONENT.ATTRIBUTE, e.g. SINK.hbase.EventDrainSuccessCount; every value is a JSON string. */
  static long read(Path file, Pattern p) {
    try {
      Matcher m = p.matcher(Files.readString(file));
      return m.find() ? Long.parseLong(m.group(1)) : -1;
    } catch (Exception e) {
      return -1;   // no file yet: the caller's timeout decides
    }
  }

  static void watch(String file, String counter, long target, long startMs, long timeoutS, Path csv) throws Exception {
    int dot = counter.lastIndexOf('.');
    Pattern p = Pattern.compile("\"" + Pattern.quote(counter.substring(0, dot)) + "\"\\s*:\\s*\\{[^}]*\""
        + Pattern.quote(counter.substring(dot + 1)) + "\"\\s*:\\s*\"?(\\d+)");
    Path metrics = Path.of(file);
    long deadline = startMs + timeoutS * 1000, n = 0, last = -1, lastChange = startMs, first = -1, now;
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(csv))) {
      out.println("ms_since_start,count");
      while (true) {
        n = read(metrics, p);
        now = System.currentTimeMillis();
        if (n != last) { last = n; lastChange = now; if (first < 0 && n > 0) first = now; }
        out.println((now - startMs) + "," + n);
        if (n >= target) break;
        if (now > deadline) { System.out.println("timeout=true"); break; }
        Thread.sleep(100);
      }
    }
    long ms = lastChange - startMs;
    System.out.printf("count=%d target=%d first_ms=%d finish_ms=%d per_s=%.0f%n",
        Math.max(last, 0), target, first < 0 ? -1 : first - startMs, ms, Math.max(last, 0) * 1000.0 / Math.max(1, ms));
  }

  /** In a class of its own, so that 'watch' runs without the HBase client on the class path. */
  static final class Count {
    static void run(String zk, String table) throws Exception {
      int colon = zk.lastIndexOf(':');
      org.apache.hadoop.conf.Configuration conf = org.apache.hadoop.hbase.HBaseConfiguration.create();
      conf.set("hbase.zookeeper.quorum", zk.substring(0, colon));
      conf.set("hbase.zookeeper.property.clientPort", zk.substring(colon + 1));
      org.apache.hadoop.hbase.client.Scan scan = new org.apache.hadoop.hbase.client.Scan()
          .setFilter(new org.apache.hadoop.hbase.filter.FilterList(
              new org.apache.hadoop.hbase.filter.FirstKeyOnlyFilter(), new org.apache.hadoop.hbase.filter.KeyOnlyFilter()))
          .setCaching(10000).setCacheBlocks(false);
      long rows = 0, t0 = System.nanoTime();
      try (org.apache.hadoop.hbase.client.Connection c = org.apache.hadoop.hbase.client.ConnectionFactory.createConnection(conf);
           org.apache.hadoop.hbase.client.Table t = c.getTable(org.apache.hadoop.hbase.TableName.valueOf(table));
           org.apache.hadoop.hbase.client.ResultScanner s = t.getScanner(scan)) {
        for (org.apache.hadoop.hbase.client.Result r : s) rows++;
        System.out.printf("table=%s rows=%d count_ms=%d%n", table, rows, (System.nanoTime() - t0) / 1_000_000);
        try (org.apache.hadoop.hbase.client.ResultScanner one = t.getScanner(new org.apache.hadoop.hbase.client.Scan().setLimit(1))) {
          org.apache.hadoop.hbase.client.Result r = one.next();
          if (r != null) System.out.printf("first_row=%s cells=%d%n",
              org.apache.hadoop.hbase.util.Bytes.toStringBinary(r.getRow()), r.rawCells().length);
        }
      }
    }
  }
}

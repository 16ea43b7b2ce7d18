// The two reference writers of bench/hbase.sh, on the same status day file and the same row layout as the HBase
// sink (dev.smartcar.schemas.contract.HBaseLayout: row key, family, qualifiers, the field text as the cell):
//   HBaseWriteBench loader ZK TABLE FILE   one BufferedMutator with a 16 MB buffer: the ceiling of this HBase
//   HBaseWriteBench oneput ZK TABLE FILE SECONDS   one Table.put per row, as the original pilot's Storm bolt
//                                          wrote, for at most SECONDS: the floor
//   HBaseWriteBench compact ZK TABLE FILE  the loader with the compact layout measured in #23: the same row key,
//                                          one cell (cf1:line) holding the whole line instead of 13 cells
// Prints one line: rows=N seconds=S rows_per_second=R cpu_seconds=C (this JVM's CPU, user + system).
// Lines that are not a 13-field status line with a 14-digit timestamp (the header) are skipped, as the streams
// app rejects them; the sink writes exactly the same rows.
import dev.smartcar.schemas.contract.HBaseLayout;
import java.io.BufferedReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.BufferedMutator;
import org.apache.hadoop.hbase.client.BufferedMutatorParams;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Table;

public class HBaseWriteBench {
  static final byte[] FAMILY = HBaseLayout.FAMILY.getBytes(StandardCharsets.UTF_8);
  static final List<byte[]> QUALIFIERS = new ArrayList<>();
  static final byte[] LINE = "line".getBytes(StandardCharsets.UTF_8);
  static boolean compact;

  public static void main(String[] a) throws Exception {
    if (a.length < 4 || !(a[0].equals("loader") || a[0].equals("compact") || a[0].equals("oneput") && a.length == 5)) {
      System.err.println("usage: HBaseWriteBench loader|compact ZK TABLE FILE | oneput ZK TABLE FILE SECONDS");
      System.exit(2);
    }
    for (String q : HBaseLayout.Table.STATUS.qualifiers()) {
      QUALIFIERS.add(q.getBytes(StandardCharsets.UTF_8));
    }
    int colon = a[1].lastIndexOf(':');
    Configuration conf = HBaseConfiguration.create();
    conf.set("hbase.zookeeper.quorum", a[1].substring(0, colon));
    conf.set("hbase.zookeeper.property.clientPort", a[1].substring(colon + 1));
    long limitNs = a[0].equals("oneput") ? Long.parseLong(a[4]) * 1_000_000_000L : Long.MAX_VALUE;
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    try (Connection c = ConnectionFactory.createConnection(conf);
         BufferedReader in = Files.newBufferedReader(Path.of(a[3]), StandardCharsets.UTF_8)) {
      TableName name = TableName.valueOf(a[2]);
      long cpu0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      long rows = 0;
      compact = a[0].equals("compact");
      if (!a[0].equals("oneput")) {
        try (BufferedMutator m = c.getBufferedMutator(new BufferedMutatorParams(name).writeBufferSize(16 << 20))) {
          List<Put> batch = new ArrayList<>(5000);
          for (String line = in.readLine(); line != null; line = in.readLine()) {
            Put p = put(line);
            if (p != null) {
              batch.add(p);
              rows++;
              if (batch.size() == 5000) {
                m.mutate(batch);
                batch = new ArrayList<>(5000);
              }
            }
          }
          m.mutate(batch);
          m.flush();
        }
      } else {
        try (Table t = c.getTable(name)) {
          for (String line = in.readLine(); line != null && System.nanoTime() - t0 < limitNs; line = in.readLine()) {
            Put p = put(line);
            if (p != null) {
              t.put(p);
              rows++;
            }
          }
        }
      }
      double s = (System.nanoTime() - t0) / 1e9;
      double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
      System.out.printf("rows=%d seconds=%.1f rows_per_second=%.0f cpu_seconds=%.1f%n", rows, s, rows / s, cpu);
    }
  }

  /** The sink's row for a status line, or null for a line the app would reject as not a record (the header). */
  static Put put(String line) {
    String[] f = line.split(",", -1);
    if (f.length != QUALIFIERS.size() || f[0].length() != 14 || !Character.isDigit(f[0].charAt(0))) {
      return null;
    }
    Put p = new Put(HBaseLayout.rowKeyBytes(f[0], f[1]), true);
    long ts = System.currentTimeMillis();
    if (compact) {
      return p.addColumn(FAMILY, LINE, ts, line.getBytes(StandardCharsets.UTF_8));
    }
    for (int i = 0; i < f.length; i++) {
      p.addColumn(FAMILY, QUALIFIERS.get(i), ts, f[i].getBytes(StandardCharsets.UTF_8));
    }
    return p;
  }
}

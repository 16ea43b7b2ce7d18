// Every second: how far each stage of the driving path and of the status path is, in records.
// DrivingProbe BOOTSTRAP DRIVING_FILE
import java.io.RandomAccessFile;
import java.util.*;
import org.apache.kafka.clients.admin.*;
import org.apache.kafka.clients.consumer.*;
import org.apache.kafka.common.*;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

public class DrivingProbe {
  public static void main(String[] a) throws Exception {
    Properties p = new Properties();
    p.put("bootstrap.servers", a[0]);
    String file = a[1];
    long lines = 0, pos = 0;
    long t0 = System.currentTimeMillis();
    try (Admin admin = Admin.create(p)) {
      p.put("key.deserializer", ByteArrayDeserializer.class.getName());
      p.put("value.deserializer", ByteArrayDeserializer.class.getName());
      p.put("group.id", "probe-" + t0); p.put("enable.auto.commit", "false");
      KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p);
      String[] topics = {"smartcar.driving.raw", "smartcar.driving", "smartcar.overspeed", "smartcar.status.raw", "smartcar.status"};
      System.out.println("s lines raw_end app_done drv_end alerts_end raw_newest_age_ms | st_raw st_done st_end");
      while (true) {
        java.io.File f = new java.io.File(file);
        if (f.exists() && f.length() > pos) {
          try (RandomAccessFile r = new RandomAccessFile(f, "r")) {
            r.seek(pos); byte[] buf = new byte[1 << 20]; int n;
            while ((n = r.read(buf)) > 0) { for (int i = 0; i < n; i++) if (buf[i] == '\n') lines++; pos += n; }
          }
        }
        Map<String, Long> end = new HashMap<>();
        List<TopicPartition> all = new ArrayList<>();
        try {
          for (String t : topics) for (PartitionInfo pi : c.partitionsFor(t)) all.add(new TopicPartition(t, pi.partition()));
          Map<TopicPartition, Long> e = c.endOffsets(all);
          for (var en : e.entrySet()) end.merge(en.getKey().topic(), en.getValue(), Long::sum);
          long drvDone = committed(admin, "smartcar-streams", "smartcar.driving.raw");
          long stDone = committed(admin, "smartcar-streams-status", "smartcar.status.raw");
          // newest raw driving record's age
          long age = -1; long newest = 0;
          List<TopicPartition> raw = new ArrayList<>();
          for (TopicPartition tp : all) if (tp.topic().equals("smartcar.driving.raw") && e.get(tp) > 0) raw.add(tp);
          c.assign(raw);
          for (TopicPartition tp : raw) c.seek(tp, e.get(tp) - 1);
          ConsumerRecords<byte[], byte[]> recs = c.poll(java.time.Duration.ofMillis(500));
          for (var r : recs) newest = Math.max(newest, r.timestamp());
          if (newest > 0) age = System.currentTimeMillis() - newest;
          System.out.printf("%.1f %d %d %d %d %d %d | %d %d %d%n", (System.currentTimeMillis() - t0) / 1000.0, lines,
              end.get("smartcar.driving.raw"), drvDone, end.get("smartcar.driving"), end.get("smartcar.overspeed"), age,
              end.get("smartcar.status.raw"), stDone, end.get("smartcar.status"));
        } catch (Exception ex) { System.out.println("# " + ex); }
        Thread.sleep(1000);
      }
    }
  }
  static long committed(Admin admin, String group, String topic) throws Exception {
    long s = 0;
    for (var en : admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet())
      if (en.getKey().topic().equals(topic) && en.getValue() != null) s += en.getValue().offset();
    return s;
  }
}

// The clock of bench/flume.sh's Kafka parts (single-file program, run with the stack's Kafka jars):
//   KafkaEnds BOOTSTRAP TOPIC TARGET READY_FILE TIMEOUT_S SETTLE_MS
// polls the topic's end offsets (summed over its partitions) every 20 ms; after its first poll (the base) it creates READY_FILE,
// so the script drops the file only once the clock runs (a JVM started after the drop, on a loaded machine, saw the
// first records many seconds late); it stops when the end offset is TARGET past the base and has not moved for SETTLE_MS (an
// exactly-once source also writes transaction markers, so the end offset alone overstates the records), or TIMEOUT_S
// after READY. Prints end_offset=N first_change_epoch_ms=T last_change_epoch_ms=T [timeout=true]; the script turns
// them into times since the drop and counts the records with ConnectBench (read_committed).
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

public class KafkaEnds {
  public static void main(String[] a) throws Exception {
    if (a.length != 6) {
      System.err.println("usage: KafkaEnds BOOTSTRAP TOPIC TARGET READY_FILE TIMEOUT_S SETTLE_MS");
      System.exit(2);
    }
    String topic = a[1];
    long target = Long.parseLong(a[2]), timeoutMs = Long.parseLong(a[4]) * 1000, settleMs = Long.parseLong(a[5]);
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, a[0]))) {
      List<TopicPartition> parts = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      parts.forEach(p -> latest.put(p, OffsetSpec.latest()));
      long base = end(admin, latest), last = base, firstChange = -1, lastChange = System.currentTimeMillis();
      Files.writeString(Path.of(a[3]), "ready\n");
      long deadline = System.currentTimeMillis() + timeoutMs;
      boolean timedOut = false;
      while (true) {
        long e = end(admin, latest), now = System.currentTimeMillis();
        if (e != last) { last = e; lastChange = now; if (firstChange < 0) firstChange = now; }
        if (e - base >= target && now - lastChange >= settleMs) break;
        if (now > deadline) { timedOut = true; break; }
        Thread.sleep(20);
      }
      System.out.printf("end_offset=%d base_offset=%d first_change_epoch_ms=%d last_change_epoch_ms=%d%s%n",
          last, base, firstChange, lastChange, timedOut ? " timeout=true" : "");
    }
  }

  static long end(Admin admin, Map<TopicPartition, OffsetSpec> latest) throws Exception {
    return admin.listOffsets(latest).all().get().values().stream().mapToLong(i -> i.offset()).sum();
  }
}

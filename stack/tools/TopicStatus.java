// Prints the topics of a broker with their end offsets, and every consumer group's committed offsets and lag.
// Single-file program run by `stack.sh status` with the broker's jars on the classpath (no module needed):
//   java -cp '.stack/dist/kafka/*' stack/tools/TopicStatus.java 127.0.0.1:9092
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

public class TopicStatus {
  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: TopicStatus BOOTSTRAP (e.g. 127.0.0.1:9092)");
      System.exit(2);
    }
    Properties p = new Properties();
    // a secured cluster (STACK_SECURITY=sasl_ssl, or a deploy target): the client settings of the user to act as
    String clientConfig = System.getenv("STACK_CLIENT_CONFIG");
    if (clientConfig != null && !clientConfig.isBlank()) {
      try (java.io.Reader in = java.nio.file.Files.newBufferedReader(java.nio.file.Path.of(clientConfig))) {
        p.load(in);
      }
    }
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
    try (Admin admin = Admin.create(p)) {
      List<String> names = admin.listTopics().names().get(15, TimeUnit.SECONDS).stream()
          .filter(n -> !n.startsWith("__")).sorted().collect(Collectors.toList());
      Map<String, TopicDescription> descs = admin.describeTopics(names).allTopicNames().get(15, TimeUnit.SECONDS);
      Map<TopicPartition, OffsetSpec> latest = new TreeMap<>(TopicStatus::compare);
      Map<TopicPartition, OffsetSpec> earliest = new TreeMap<>(TopicStatus::compare);
      descs.values().forEach(d -> d.partitions().forEach(tp -> {
        latest.put(new TopicPartition(d.name(), tp.partition()), OffsetSpec.latest());
        earliest.put(new TopicPartition(d.name(), tp.partition()), OffsetSpec.earliest());
      }));
      Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get(15, TimeUnit.SECONDS);
      Map<TopicPartition, ListOffsetsResultInfo> starts = admin.listOffsets(earliest).all().get(15, TimeUnit.SECONDS);

      System.out.printf("%-34s %5s %14s %14s  %s%n", "TOPIC", "PARTS", "END OFFSETS", "RETAINED", "END OFFSET PER PARTITION");
      if (names.isEmpty()) System.out.println("(no topics)");
      for (String n : names) {
        long end = 0, retained = 0;
        List<String> per = new ArrayList<>();
        for (var tp : descs.get(n).partitions()) {
          TopicPartition key = new TopicPartition(n, tp.partition());
          long e = ends.get(key).offset();
          end += e;
          retained += e - starts.get(key).offset();
          per.add(Long.toString(e));
        }
        String perText = per.size() <= 8 ? String.join(",", per) : String.join(",", per.subList(0, 8)) + ",...";
        System.out.printf("%-34s %5d %14d %14d  %s%n", n, per.size(), end, retained, perText);
      }

      System.out.println();
      System.out.printf("%-34s %-34s %12s %12s %10s%n", "CONSUMER GROUP", "TOPIC", "COMMITTED", "END", "LAG");
      @SuppressWarnings("deprecation")
      List<String> groups = admin.listConsumerGroups().all().get(15, TimeUnit.SECONDS).stream()
          .map(ConsumerGroupListing::groupId)
          // Apicurio's kafkasql readers use a fresh group per start: noise, not the pipeline's lag
          .filter(g -> !g.startsWith("apicurio-")).sorted().collect(Collectors.toList());
      int rows = 0;
      for (String g : groups) {
        Map<TopicPartition, OffsetAndMetadata> committed =
            admin.listConsumerGroupOffsets(g).partitionsToOffsetAndMetadata().get(15, TimeUnit.SECONDS);
        Map<String, long[]> perTopic = new TreeMap<>();
        for (var e : committed.entrySet()) {
          if (e.getValue() == null) continue;
          ListOffsetsResultInfo end = ends.get(e.getKey());
          long[] acc = perTopic.computeIfAbsent(e.getKey().topic(), t -> new long[3]);
          acc[0] += e.getValue().offset();
          acc[1] += end == null ? e.getValue().offset() : end.offset();
          acc[2] += end == null ? 0 : Math.max(0, end.offset() - e.getValue().offset());
        }
        for (var e : perTopic.entrySet()) {
          System.out.printf("%-34s %-34s %12d %12d %10d%n", g, e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2]);
          rows++;
        }
      }
      if (rows == 0) System.out.println("(no consumer group has committed offsets)");
    }
  }

  private static int compare(TopicPartition a, TopicPartition b) {
    int c = a.topic().compareTo(b.topic());
    return c != 0 ? c : Integer.compare(a.partition(), b.partition());
  }
}

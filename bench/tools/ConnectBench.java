// Measuring side of bench/connectors.sh: watches topics and consumer groups of a running stack env and writes
// timed lines into tailed files. Run with the stack's Kafka jars (single-file source launch):
//   java -cp '.stack/dist/kafka/*' bench/tools/ConnectBench.java MODE ARGS...
// Modes (each prints key=value lines on stdout that the script copies into its report):
//   topics   BOOTSTRAP TOPIC...                              create missing topics (1 partition)
//   settle   BOOTSTRAP TOPIC TARGET START_MS TIMEOUT_S SETTLE_MS
//            end offset polled every 20 ms until it reaches TARGET and then stops moving for SETTLE_MS; the
//            finish time is the last change (an exactly-once source also writes transaction markers, so the end
//            offset alone overstates the records); then the committed records are counted with a read_committed consumer
//   group    BOOTSTRAP GROUP TOPIC START_MS TIMEOUT_S CSV    committed offsets of GROUP sampled every 250 ms until
//            they reach the topic's end offsets (or the timeout); samples go to CSV
//   latency  BOOTSTRAP FILE RATE COUNT WARMUP TOPIC...       appends COUNT timestamped lines at RATE lines/s and
//            reads them back from every TOPIC: write → Kafka timestamp and write → read_committed consume
//   compare  BOOTSTRAP TOPIC FILE...                         topic lines vs the files' lines: lost, duplicated, foreign
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.time.*;
import java.util.*;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.*;
import org.apache.kafka.clients.admin.*;
import org.apache.kafka.clients.consumer.*;
import org.apache.kafka.common.*;
import org.apache.kafka.common.serialization.*;

public class ConnectBench {
  public static void main(String[] a) throws Exception {
    if (a.length < 2) throw new IllegalArgumentException("usage: ConnectBench topics|settle|group|latency|compare BOOTSTRAP ...");
    switch (a[0]) {
      case "topics" -> topics(a[1], Arrays.asList(a).subList(2, a.length));
      case "settle" -> settle(a[1], a[2], Long.parseLong(a[3]), Long.parseLong(a[4]), Long.parseLong(a[5]), Long.parseLong(a[6]));
      case "group" -> group(a[1], a[2], a[3], Long.parseLong(a[4]), Long.parseLong(a[5]), Path.of(a[6]),
          a.length > 7 ? Long.parseLong(a[7]) : 0);
      case "latency" -> latency(a[1], Path.of(a[2]), Integer.parseInt(a[3]), Integer.parseInt(a[4]), Integer.parseInt(a[5]),
          Arrays.asList(a).subList(6, a.length));
      case "compare" -> compare(a[1], a[2], Arrays.asList(a).subList(3, a.length));
      default -> throw new IllegalArgumentException("unknown mode " + a[0] + ": expected topics, settle, group, latency or compare");
    }
  }

  static Admin admin(String bootstrap) {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
  }

  static void topics(String bootstrap, List<String> names) throws Exception {
    try (Admin admin = admin(bootstrap)) {
      Set<String> existing = admin.listTopics().names().get();
      List<NewTopic> fresh = names.stream().filter(n -> !existing.contains(n)).map(n -> new NewTopic(n, Optional.of(1), Optional.empty())).toList();
      admin.createTopics(fresh).all().get();
      System.out.println("created_topics=" + fresh.size());
    }
  }

  static List<TopicPartition> partitions(Admin admin, String topic) throws Exception {
    return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
        .map(p -> new TopicPartition(topic, p.partition())).toList();
  }

  static Map<TopicPartition, Long> ends(Admin admin, List<TopicPartition> parts) throws Exception {
    Map<TopicPartition, OffsetSpec> q = new HashMap<>();
    parts.forEach(p -> q.put(p, OffsetSpec.latest()));
    Map<TopicPartition, Long> r = new HashMap<>();
    admin.listOffsets(q).all().get().forEach((p, i) -> r.put(p, i.offset()));
    return r;
  }

  static long sum(Map<TopicPartition, Long> m) { return m.values().stream().mapToLong(Long::longValue).sum(); }

  static void settle(String bootstrap, String topic, long target, long startMs, long timeoutS, long settleMs) throws Exception {
    try (Admin admin = admin(bootstrap)) {
      List<TopicPartition> parts = partitions(admin, topic);
      long deadline = startMs + timeoutS * 1000, last = -1, lastChange = startMs, first = -1;
      while (true) {
        long end = sum(ends(admin, parts)), now = System.currentTimeMillis();
        if (end != last) { last = end; lastChange = now; if (first < 0 && end > 0) first = now; }
        if (end >= target && now - lastChange >= settleMs) break;
        if (now > deadline) { System.out.println("timeout=true"); break; }
        Thread.sleep(20);
      }
      long records = countCommitted(bootstrap, topic, parts);
      long ms = lastChange - startMs;
      System.out.printf("end_offset=%d records=%d first_record_ms=%d finish_ms=%d lines_per_s=%.0f%n",
          last, records, first < 0 ? -1 : first - startMs, ms, records * 1000.0 / Math.max(1, ms));
      if (first > 0 && lastChange > first)
        System.out.printf("steady_lines_per_s=%.0f%n", records * 1000.0 / (lastChange - first));
    }
  }

  static Properties consumerProps(String bootstrap) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "50");
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(8 << 20));
    return p;
  }

  /** Reads every committed record of the topic up to its current end (read_committed) and hands it to the sink. */
  static long readAll(String bootstrap, String topic, List<TopicPartition> parts,
                      java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> sink) {
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerProps(bootstrap), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      long n = 0;
      while (parts.stream().anyMatch(p -> c.position(p) < end.get(p))) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) { sink.accept(r); n++; }
      }
      return n;
    }
  }

  static long countCommitted(String bootstrap, String topic, List<TopicPartition> parts) {
    return readAll(bootstrap, topic, parts, r -> { });
  }

  // markersPerPartition: offsets at each partition's end that are not records (a topic written with exactly-once
  // ends with a commit marker, which a consumer's committed offset never passes).
  static void group(String bootstrap, String group, String topic, long startMs, long timeoutS, Path csv,
                    long markersPerPartition) throws Exception {
    try (Admin admin = admin(bootstrap); PrintWriter out = new PrintWriter(Files.newBufferedWriter(csv))) {
      List<TopicPartition> parts = partitions(admin, topic);
      Map<TopicPartition, Long> end = ends(admin, parts);
      long target = sum(end) - markersPerPartition * parts.size(), deadline = startMs + timeoutS * 1000, firstMs = -1, firstRows = 0, done = 0, now;
      out.println("ms_since_start,committed");
      while (true) {
        now = System.currentTimeMillis();
        Map<TopicPartition, OffsetAndMetadata> committed =
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        done = parts.stream().mapToLong(p -> Optional.ofNullable(committed.get(p)).map(OffsetAndMetadata::offset).orElse(0L)).sum();
        out.println((now - startMs) + "," + done);
        if (firstMs < 0 && done > 0) { firstMs = now; firstRows = done; }
        if (done >= target) break;
        if (now > deadline) { System.out.println("timeout=true"); break; }
        Thread.sleep(250);
      }
      long ms = now - startMs;
      System.out.printf("target_offsets=%d committed=%d finish_ms=%d first_commit_ms=%d rows_per_s=%.0f%n",
          target, done, ms, firstMs - startMs, done * 1000.0 / ms);
      if (firstMs > 0 && now > firstMs)
        System.out.printf("steady_rows_per_s=%.0f%n", (done - firstRows) * 1000.0 / (now - firstMs));
    }
  }

  static long micros() {
    Instant i = Instant.now();
    return i.getEpochSecond() * 1_000_000 + i.getNano() / 1000;
  }

  static void latency(String bootstrap, Path file, int rate, int count, int warmup, List<String> topics) throws Exception {
    int total = warmup + count;
    long[] written = new long[total];
    Map<String, long[]> toTs = new HashMap<>(), toRead = new HashMap<>();
    Map<String, Integer> seen = new HashMap<>();
    for (String t : topics) {
      long[] a = new long[total], b = new long[total];
      Arrays.fill(a, Long.MIN_VALUE); Arrays.fill(b, Long.MIN_VALUE);   // MIN_VALUE = not received
      toTs.put(t, a); toRead.put(t, b); seen.put(t, 0);
    }
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerProps(bootstrap), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = new ArrayList<>();
      try (Admin admin = admin(bootstrap)) { for (String t : topics) parts.addAll(partitions(admin, t)); }
      c.assign(parts);
      c.seekToEnd(parts);
      parts.forEach(c::position);   // fix the start before the first line is written
      Thread writer = new Thread(() -> {
        try (FileOutputStream out = new FileOutputStream(file.toFile(), true)) {
          long t0 = System.nanoTime(), gap = 1_000_000_000L / rate;
          for (int i = 0; i < total; i++) {
            long due = t0 + i * gap;
            while (System.nanoTime() < due) LockSupport.parkNanos(due - System.nanoTime());
            long us = micros();
            written[i] = us;
            out.write(("bench-latency," + i + "," + us + "\n").getBytes(StandardCharsets.US_ASCII));  // one write() per line
          }
        } catch (IOException e) { throw new UncheckedIOException(e); }
      });
      writer.start();
      long deadline = System.currentTimeMillis() + (total * 1000L / rate) + 30_000;
      while (seen.values().stream().anyMatch(n -> n < total) && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
          long now = micros();
          String[] f = new String(r.value(), StandardCharsets.US_ASCII).split(",");
          if (f.length != 3 || !f[0].equals("bench-latency")) continue;
          int i = Integer.parseInt(f[1]);
          toRead.get(r.topic())[i] = now - Long.parseLong(f[2]);
          toTs.get(r.topic())[i] = r.timestamp() * 1000 - Long.parseLong(f[2]);
          seen.merge(r.topic(), 1, Integer::sum);
        }
      }
      writer.join();
    }
    for (String t : topics) {
      System.out.printf("topic=%s received=%d/%d  write->kafka_ts_ms %s  write->consumed_ms %s%n", t, seen.get(t), total,
          pct(toTs.get(t), warmup), pct(toRead.get(t), warmup));
    }
  }

  static String pct(long[] us, int skip) {
    long[] v = Arrays.stream(us, skip, us.length).filter(x -> x != Long.MIN_VALUE).sorted().toArray();
    if (v.length == 0) return "p50=- p90=- p99=- max=-";
    java.util.function.IntFunction<String> at = q -> String.format("%.1f", v[Math.min(v.length - 1, (int) Math.ceil(q / 100.0 * v.length) - 1)] / 1000.0);
    return "p50=" + at.apply(50) + " p90=" + at.apply(90) + " p99=" + at.apply(99) + " max=" + String.format("%.1f", v[v.length - 1] / 1000.0);
  }

  static void compare(String bootstrap, String topic, List<String> files) throws Exception {
    Map<String, Integer> expected = new HashMap<>();
    long fileLines = 0;
    for (String f : files) {
      for (String line : Files.readAllLines(Path.of(f), StandardCharsets.ISO_8859_1)) { expected.merge(line, 1, Integer::sum); fileLines++; }
    }
    Map<String, Integer> got = new HashMap<>();
    List<TopicPartition> parts;
    try (Admin admin = admin(bootstrap)) { parts = partitions(admin, topic); }
    long records = readAll(bootstrap, topic, parts, r -> got.merge(new String(r.value(), StandardCharsets.ISO_8859_1), 1, Integer::sum));
    long lost = 0, dup = 0, foreign = 0;
    for (var e : expected.entrySet()) lost += Math.max(0, e.getValue() - got.getOrDefault(e.getKey(), 0));
    for (var e : got.entrySet()) {
      int want = expected.getOrDefault(e.getKey(), 0);
      if (want == 0) foreign += e.getValue(); else dup += Math.max(0, e.getValue() - want);
    }
    System.out.printf("topic=%s file_lines=%d records=%d lost=%d duplicated=%d foreign=%d%n", topic, fileLines, records, lost, dup, foreign);
  }
}

import dev.smartcar.schemas.contract.RedisLayout;
import dev.smartcar.schemas.contract.Topics;
import dev.smartcar.schemas.log.LogTimestamp;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The measuring side of bench/streams.sh and bench/pipeline.sh (run with the streams app's jar on the class path:
 * it carries kafka-clients, Jedis, the schemas module's time rule and its contract names, docs/contract.md).
 * Run from the repository's root (the scripts do): {@code step} reads the HBase sink's pilot config. Subcommands:
 * <pre>
 *   produce  BOOTSTRAP TOPIC FILE                      every line of FILE as one record, keyed by car (as the tail source does)
 *   truncate BOOTSTRAP TOPIC...                        delete every record (log start = end), topics kept
 *   drain    BOOTSTRAP GROUP T0_MS TIMEOUT_S CSV TOPIC[:TOLERANCE]...
 *                                                      poll the group's lag until each topic, in order, is caught up;
 *                                                      with -Dbench.cpu.pids=NAME:PID,... also each process's CPU
 *   latency  BOOTSTRAP TOPIC REDIS_PORT PASSWORD_FILE CARS WILD SECONDS WINDOW_MS GRACE_MS CSV
 *                                                      live lines whose event time is the wall clock; alert latency
 *   step     (see {@link #step}) one load step of the whole pipeline, driving the simulator
 * </pre>
 * Figures go to stdout as key=value lines; the scripts turn them into markdown. Nothing here asserts a figure.
 */
public class StreamsPipelineBench {

    static final LogTimestamp TIME = LogTimestamp.defaultZone();
    static final Pattern ALERT_KEY = Pattern.compile(Pattern.quote(RedisLayout.DETAIL_KEY_PREFIX) + "([^:]+):(\\d{14})");

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("expected a subcommand: produce, truncate, drain, latency or step");
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "produce" -> produce(rest);
            case "truncate" -> truncate(rest);
            case "drain" -> drain(rest);
            case "latency" -> latency(rest);
            case "step" -> step(rest);
            default -> throw new IllegalArgumentException("unknown subcommand '" + args[0] + "'");
        }
    }

    // ------------------------------------------------------------------------------------------ Kafka helpers

    static Admin admin(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return Admin.create(p);
    }

    static KafkaProducer<byte[], byte[]> producer(String bootstrap, int lingerMs) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    static List<TopicPartition> partitions(Admin admin, List<String> topics) throws Exception {
        List<TopicPartition> out = new ArrayList<>();
        for (TopicDescription d : admin.describeTopics(topics).allTopicNames().get().values()) {
            d.partitions().forEach(p -> out.add(new TopicPartition(d.name(), p.partition())));
        }
        return out;
    }

    static Map<TopicPartition, Long> offsets(Admin admin, List<TopicPartition> tps, OffsetSpec spec) throws Exception {
        Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
        tps.forEach(tp -> ask.put(tp, spec));
        Map<TopicPartition, Long> out = new HashMap<>();
        admin.listOffsets(ask).all().get().forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    /** Lag of a group per topic: end offset minus committed offset (minus log start where nothing is committed). */
    static Map<String, Long> lag(Admin admin, String group, List<TopicPartition> tps) throws Exception {
        Map<TopicPartition, Long> end = offsets(admin, tps, OffsetSpec.latest());
        Map<TopicPartition, Long> start = offsets(admin, tps, OffsetSpec.earliest());
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        Map<String, Long> out = new TreeMap<>();
        for (TopicPartition tp : tps) {
            OffsetAndMetadata c = committed.get(tp);
            long from = c == null ? start.get(tp) : Math.max(c.offset(), start.get(tp));
            out.merge(tp.topic(), end.get(tp) - from, Long::sum);
        }
        return out;
    }

    /** The key the tail source gives a driving line (key.field=2): its second comma-separated field; none without one. */
    static byte[] carKey(String line) {
        int from = line.indexOf(',');
        if (from < 0) {
            return null;
        }
        int to = line.indexOf(',', from + 1);
        return line.substring(from + 1, to < 0 ? line.length() : to).getBytes(StandardCharsets.ISO_8859_1);
    }

    static void produce(String[] a) throws Exception {
        String bootstrap = a[0], topic = a[1];
        Path file = Path.of(a[2]);
        long n = 0, t0 = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap, 20);
             BufferedReader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            for (String line; (line = in.readLine()) != null; n++) {
                producer.send(new ProducerRecord<>(topic, carKey(line), line.getBytes(StandardCharsets.ISO_8859_1)));
            }
            producer.flush();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("produced=%d seconds=%.1f rate=%.0f%n", n, s, n / s);
    }

    static void truncate(String[] a) throws Exception {
        try (Admin admin = admin(a[0])) {
            List<TopicPartition> tps = partitions(admin, List.of(Arrays.copyOfRange(a, 1, a.length)));
            Map<TopicPartition, RecordsToDelete> del = new HashMap<>();
            offsets(admin, tps, OffsetSpec.latest()).forEach((tp, end) -> del.put(tp, RecordsToDelete.beforeOffset(end)));
            admin.deleteRecords(del).all().get();
            System.out.println("truncated " + tps.size() + " partitions of " + String.join(",", Arrays.copyOfRange(a, 1, a.length)));
        }
    }

    /**
     * Polls GROUP's lag every 250 ms until every TOPIC's lag is at most its tolerance (transactional topics keep up
     * to one commit marker per partition behind the committed offset). Times are from T0_MS (the app's launch).
     */
    static void drain(String[] a) throws Exception {
        String bootstrap = a[0], group = a[1];
        long t0 = Long.parseLong(a[2]);
        long deadline = t0 + Long.parseLong(a[3]) * 1000;
        Path csv = Path.of(a[4]);
        Map<String, Long> tolerance = new java.util.LinkedHashMap<>();
        for (String t : Arrays.copyOfRange(a, 5, a.length)) {
            String[] parts = t.split(":");
            tolerance.put(parts[0], parts.length > 1 ? Long.parseLong(parts[1]) : 0L);
        }
        Map<String, Long> caughtUpAt = new TreeMap<>();
        Map<String, Long> firstProgressAt = new TreeMap<>();
        Map<String, Long> initialLag = new TreeMap<>();
        // CPU seconds of each named process at the first progress and at the catch-up of each topic, with the lag
        // then: "steady" CPU per record leaves out the JVM's start-up, restore and rebalance.
        Map<String, Long> pids = cpuPids();
        Map<String, Map<String, Double>> cpuAtFirst = new TreeMap<>();
        Map<String, Map<String, Double>> cpuAtDone = new TreeMap<>();
        Map<String, Long> lagAtFirst = new TreeMap<>();
        try (Admin admin = admin(bootstrap); PrintWriter out = new PrintWriter(Files.newBufferedWriter(csv))) {
            List<TopicPartition> tps = partitions(admin, new ArrayList<>(tolerance.keySet()));
            out.println("seconds," + String.join(",", tolerance.keySet().stream().map(t -> "lag_" + t).toList())
                    + pids.keySet().stream().map(n -> ",cpu_s_" + n).reduce("", String::concat));
            while (caughtUpAt.size() < tolerance.size() && System.currentTimeMillis() < deadline) {
                Map<String, Long> lag = lag(admin, group, tps);
                long now = System.currentTimeMillis();
                Map<String, Double> cpu = new TreeMap<>();
                pids.forEach((name, pid) -> cpu.put(name, cpuSeconds(pid)));
                StringBuilder row = new StringBuilder(String.format("%.2f", (now - t0) / 1000.0));
                boolean earlierCaughtUp = true; // a later topic is fed by the earlier ones: caught up only after them
                for (String topic : tolerance.keySet()) {
                    long l = lag.getOrDefault(topic, -1L);
                    row.append(',').append(l);
                    initialLag.putIfAbsent(topic, l);
                    if (l < initialLag.get(topic) && firstProgressAt.putIfAbsent(topic, now) == null) {
                        cpuAtFirst.put(topic, cpu);
                        lagAtFirst.put(topic, l);
                    }
                    if (earlierCaughtUp && l <= tolerance.get(topic) && caughtUpAt.putIfAbsent(topic, now) == null) {
                        cpuAtDone.put(topic, cpu);
                    }
                    earlierCaughtUp &= caughtUpAt.containsKey(topic);
                }
                pids.keySet().forEach(n -> row.append(',').append(String.format("%.2f", cpu.get(n))));
                out.println(row);
                Thread.sleep(250);
            }
        }
        for (String topic : tolerance.keySet()) {
            Long done = caughtUpAt.get(topic);
            Long first = firstProgressAt.get(topic);
            System.out.printf("topic=%s initial_lag=%d caught_up_s=%s first_commit_s=%s%n", topic,
                    initialLag.getOrDefault(topic, -1L),
                    done == null ? "timeout" : String.format("%.2f", (done - t0) / 1000.0),
                    first == null ? "none" : String.format("%.2f", (first - t0) / 1000.0));
        }
        // Steady: from the first topic's first progress to the last topic's catch-up, over the records the first
        // topic still had then.
        String firstTopic = tolerance.keySet().iterator().next();
        String lastTopic = new ArrayList<>(tolerance.keySet()).get(tolerance.size() - 1);
        Long first = firstProgressAt.get(firstTopic);
        Long done = caughtUpAt.get(lastTopic);
        if (!pids.isEmpty() && first != null && done != null && done > first) {
            long records = lagAtFirst.get(firstTopic) - tolerance.get(firstTopic);
            StringBuilder steady = new StringBuilder(String.format("steady records=%d seconds=%.2f", records,
                    (done - first) / 1000.0));
            for (String name : pids.keySet()) {
                double cpu = cpuAtDone.get(lastTopic).get(name) - cpuAtFirst.get(firstTopic).get(name);
                steady.append(String.format(" cpu_s_%s=%.2f cpu_us_per_record_%s=%.2f", name, cpu, name,
                        records > 0 ? cpu * 1e6 / records : Double.NaN));
            }
            System.out.println(steady);
        }
    }

    /** {@code -Dbench.cpu.pids=app:123,broker:456}, in that order. */
    private static Map<String, Long> cpuPids() {
        Map<String, Long> pids = new java.util.LinkedHashMap<>();
        String spec = System.getProperty("bench.cpu.pids", "");
        for (String part : spec.split(",")) {
            if (!part.isBlank()) {
                String[] nameAndPid = part.split(":");
                pids.put(nameAndPid[0], Long.parseLong(nameAndPid[1]));
            }
        }
        return pids;
    }

    /** User + system CPU seconds of a process so far, from /proc (fields 14 and 15, after the command name). */
    private static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields[0] is the state (stat field 3): utime and stime are stat fields 14 and 15.
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) CLOCK_TICKS;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** USER_HZ: 100 on every Linux this runs on (getconf CLK_TCK); the scripts pass it when it differs. */
    private static final long CLOCK_TICKS = Long.getLong("bench.clock.ticks", 100);

    // ------------------------------------------------------------------------------------------ Redis alerts

    /**
     * Sees each alert the moment the app writes its detail hash into Redis, through keyspace notifications
     * (enabled here for hash commands on this bench env's own Redis); keeps the first sighting per key.
     */
    static final class AlertWatch implements AutoCloseable {
        final Map<String, Long> seen = new ConcurrentHashMap<>();
        private final JedisPubSub subscription = new JedisPubSub() {
            @Override
            public void onPMessage(String pattern, String channel, String message) {
                seen.putIfAbsent(channel.substring(channel.indexOf(':') + 1), System.currentTimeMillis());
            }
        };
        private final Thread thread;
        private final Jedis listener;
        final Jedis commands;

        AlertWatch(int port, Path passwordFile) throws Exception {
            String password = Files.readAllLines(passwordFile).get(0).trim();
            commands = new Jedis("127.0.0.1", port);
            commands.auth(password);
            commands.configSet("notify-keyspace-events", "Kh");
            listener = new Jedis("127.0.0.1", port);
            listener.auth(password);
            thread = new Thread(() -> listener.psubscribe(subscription, "__keyspace@0__:" + RedisLayout.DETAIL_KEY_PREFIX + "*"), "alert-watch");
            thread.setDaemon(true);
            thread.start();
            long until = System.currentTimeMillis() + 5000;
            while (subscription.getSubscribedChannels() == 0 && System.currentTimeMillis() < until) {
                Thread.sleep(10);
            }
            if (subscription.getSubscribedChannels() == 0) {
                throw new IllegalStateException("Redis on 127.0.0.1:" + port + ": keyspace subscription did not start");
            }
        }

        Long detectedAt(String key) {
            String v = commands.hget(key, RedisLayout.DetailField.DETECTED_AT_MS.key());
            return v == null ? null : Long.parseLong(v);
        }

        @Override
        public void close() throws Exception {
            subscription.punsubscribe();
            thread.join(2000);
            listener.close();
            commands.close();
        }
    }

    static long windowStart(String key) {
        Matcher m = ALERT_KEY.matcher(key);
        if (!m.matches()) {
            throw new IllegalStateException("unexpected alert key " + key);
        }
        return TIME.toEpochMillis(m.group(2));
    }

    static String percentiles(List<Long> values) {
        if (values.isEmpty()) {
            return "count=0";
        }
        List<Long> v = new ArrayList<>(values);
        v.sort(null);
        return String.format("count=%d min=%d p50=%d p90=%d p99=%d max=%d", v.size(), v.get(0), pick(v, 0.50),
                pick(v, 0.90), pick(v, 0.99), v.get(v.size() - 1));
    }

    static long pick(List<Long> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }

    /**
     * Live driving lines whose date is the wall clock (Asia/Seoul), one per car every 100 ms (WILD cars at
     * 120 km/h, the rest at 40), for SECONDS; then waits for the last windows. A window [s, s+W) closes when the
     * stream time reaches s + W + grace: on this stream that is the wall-clock instant s + W + grace (the first
     * line carrying that second is sent at it). Latency = first sighting of the alert hash in Redis minus it.
     */
    static void latency(String[] a) throws Exception {
        String bootstrap = a[0], topic = a[1];
        int port = Integer.parseInt(a[2]);
        Path pw = Path.of(a[3]);
        int cars = Integer.parseInt(a[4]), wild = Integer.parseInt(a[5]);
        long seconds = Long.parseLong(a[6]), windowMs = Long.parseLong(a[7]), graceMs = Long.parseLong(a[8]);
        Path csv = Path.of(a[9]);
        long lines = 0;
        long start, stop;
        try (AlertWatch watch = new AlertWatch(port, pw); KafkaProducer<byte[], byte[]> producer = producer(bootstrap, 0)) {
            start = System.currentTimeMillis();
            stop = start + seconds * 1000;
            for (long tick = start; tick < stop; tick += 100) {
                long sleep = tick - System.currentTimeMillis();
                if (sleep > 0) {
                    Thread.sleep(sleep);
                }
                for (int c = 1; c <= cars; c++) {
                    String date = TIME.format(System.currentTimeMillis());
                    boolean fast = c <= wild;
                    String line = date + String.format(",L%04d,", c) + (fast ? "3,0,F,N,120,A01" : "1,0,F,N,40,A02");
                    producer.send(new ProducerRecord<>(topic, carKey(line), line.getBytes(StandardCharsets.US_ASCII)));
                    lines++;
                }
            }
            producer.flush();
            // windows whose close falls after the last line are closed by the app's idle clock: wait for a few
            Thread.sleep(5000);
            List<Long> byRecord = new ArrayList<>(), byIdle = new ArrayList<>(), detect = new ArrayList<>();
            try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(csv))) {
                out.println("alert_key,close_epoch_ms,seen_epoch_ms,latency_ms,detected_minus_close_ms,closed_by");
                for (Map.Entry<String, Long> e : new TreeMap<>(watch.seen).entrySet()) {
                    long close = windowStart(e.getKey()) + windowMs + graceMs;
                    if (close < start) {
                        continue; // a window of an earlier run
                    }
                    Long detected = watch.detectedAt(e.getKey());
                    String by = close <= stop ? "record" : "idle-clock";
                    long latency = e.getValue() - close;
                    (close <= stop ? byRecord : byIdle).add(latency);
                    if (detected != null && close <= stop) {
                        detect.add(detected - close);
                    }
                    out.printf("%s,%d,%d,%d,%s,%s%n", e.getKey(), close, e.getValue(), latency,
                            detected == null ? "" : Long.toString(detected - close), by);
                }
            }
            System.out.printf("lines=%d seconds=%d cars=%d wild=%d%n", lines, seconds, cars, wild);
            System.out.println("latency_by_record_ms " + percentiles(byRecord));
            System.out.println("detected_minus_close_ms " + percentiles(detect));
            System.out.println("latency_by_idle_clock_ms " + percentiles(byIdle));
        }
    }

    // ------------------------------------------------------------------------------------------ pipeline step

    /** The HBase sink's pilot config, which `stack.sh deploy` puts on the bench's Connect worker. */
    static final Path SINK_CONFIG = Path.of("connectors/config/smartcar-hbase-sink.json");
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    static final Pattern LINES_IN = Pattern.compile("\"lines_in\"\\s*:\\s*\\{[^}]*\""
            + Pattern.quote(Topics.DRIVING_RAW) + "\"\\s*:\\s*(\\d+)");

    /**
     * Sink lag at most one HBase batch counts as caught up: {@code hbase.batch.size} of the sink's deployed config,
     * read from {@link #SINK_CONFIG} (the sink's own default, 2000, if the file does not set it).
     */
    static long sinkBatchSize() {
        try {
            Matcher m = Pattern.compile("\"hbase\\.batch\\.size\"\\s*:\\s*\"(\\d+)\"").matcher(Files.readString(SINK_CONFIG));
            return m.find() ? Long.parseLong(m.group(1)) : 2000;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + SINK_CONFIG.toAbsolutePath()
                    + " (run from the repository's root) for the sink's hbase.batch.size", e);
        }
    }

    static long appLinesIn(String metricsUrl) {
        try {
            String body = HTTP.send(HttpRequest.newBuilder(URI.create(metricsUrl)).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = LINES_IN.matcher(body);
            return m.find() ? Long.parseLong(m.group(1)) : 0;
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    /**
     * Follows the driving log from its current end (across rename rotations: the renamed file is read to its end,
     * then the new file from its start): counts lines and maps each new maximum event time to the wall clock.
     */
    static final class LogFollower implements Runnable {
        volatile boolean running = true;
        final Path path;
        RandomAccessFile file;
        Object fileKey;
        long position;
        volatile long lines;
        long maxEvent = Long.MIN_VALUE;
        final java.util.concurrent.ConcurrentSkipListMap<Long, Long> firstWallAtEvent =
                new java.util.concurrent.ConcurrentSkipListMap<>();
        private final byte[] buffer = new byte[1 << 20];
        private final byte[] carry = new byte[LogTimestamp.LENGTH];
        private int carried;
        private boolean pending;

        LogFollower(Path log) throws IOException {
            Files.createDirectories(log.getParent());
            if (!Files.exists(log)) {
                Files.createFile(log);
            }
            path = log;
            fileKey = key();
            file = new RandomAccessFile(log.toFile(), "r");
            position = file.length();
        }

        private Object key() throws IOException {
            try {
                return Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
            } catch (java.nio.file.NoSuchFileException e) {
                return null; // between the rename and the new file
            }
        }

        /** Its own thread, every 20 ms: the once-a-second sampling (Kafka, HTTP) must not delay seeing the log grow. */
        @Override
        public void run() {
            try {
                while (running) {
                    poll();
                    Thread.sleep(20);
                }
                poll();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("following " + path + " failed", e);
            }
        }

        void poll() throws IOException {
            readToEnd();
            Object now = key();
            if (now != null && !now.equals(fileKey)) {
                readToEnd();
                file.close();
                file = new RandomAccessFile(path.toFile(), "r");
                fileKey = now;
                position = 0;
                readToEnd();
            }
        }

        private void readToEnd() throws IOException {
            long now = System.currentTimeMillis();
            for (int n; (n = file.getChannel().read(java.nio.ByteBuffer.wrap(buffer), position)) > 0; ) {
                position += n;
                int lineStart = 0;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] != '\n') {
                        continue;
                    }
                    lines++;
                    if (pending) { // the line began in an earlier read: its head is in carry
                        int take = Math.min(LogTimestamp.LENGTH - carried, i);
                        System.arraycopy(buffer, 0, carry, carried, Math.max(0, take));
                        see(carry, 0, carried + Math.max(0, take), now);
                        pending = false;
                    } else {
                        see(buffer, lineStart, i - lineStart, now);
                    }
                    lineStart = i + 1;
                }
                if (lineStart < n) { // keep the head (event time) of the unfinished line
                    if (!pending) {
                        pending = true;
                        carried = 0;
                    }
                    int take = Math.min(LogTimestamp.LENGTH - carried, n - lineStart);
                    System.arraycopy(buffer, lineStart, carry, carried, Math.max(0, take));
                    carried += Math.max(0, take);
                }
            }
        }

        private void see(byte[] b, int off, int len, long now) {
            if (len < LogTimestamp.LENGTH || b[off] < '0' || b[off] > '9') {
                return; // header or garbage line: carries no event time
            }
            long t = TIME.toEpochMillis(b, off);
            if (t != LogTimestamp.INVALID && t > maxEvent) {
                maxEvent = t;
                firstWallAtEvent.put(t, now);
            }
        }

        /** Wall time at which the log first held a line with event time >= t, or null. */
        Long wallWhenReached(long t) {
            Map.Entry<Long, Long> e = firstWallAtEvent.ceilingEntry(t);
            return e == null ? null : e.getValue();
        }
    }

    /**
     * One load step: starts the simulator command (after "--") appending to LOG, follows LOG, samples the app's
     * /metrics and the lags every second, and after the simulator ends waits up to DRAIN_S for the backlog to clear.
     * Args: BOOTSTRAP REDIS_PORT PASSWORD_FILE LOG METRICS_URL APP_GROUP SINK_GROUP DRAIN_S WINDOW_MS GRACE_MS
     * LABEL SERIES_CSV ALERTS_CSV -- simulator command...
     * Window close on the wall clock = the instant the log first held a line with event time >= end + grace.
     */
    static void step(String[] a) throws Exception {
        String bootstrap = a[0];
        int port = Integer.parseInt(a[1]);
        Path pw = Path.of(a[2]), log = Path.of(a[3]);
        String metrics = a[4], appGroup = a[5], sinkGroup = a[6];
        long drainS = Long.parseLong(a[7]), windowMs = Long.parseLong(a[8]), graceMs = Long.parseLong(a[9]);
        String label = a[10];
        Path seriesCsv = Path.of(a[11]), alertsCsv = Path.of(a[12]);
        int dash = Arrays.asList(a).indexOf("--");
        List<String> simulator = List.of(Arrays.copyOfRange(a, dash + 1, a.length));
        long sinkSettled = sinkBatchSize();

        try (Admin admin = admin(bootstrap); AlertWatch watch = new AlertWatch(port, pw);
             PrintWriter series = new PrintWriter(Files.newBufferedWriter(seriesCsv))) {
            List<TopicPartition> raw = partitions(admin, List.of(Topics.DRIVING_RAW));
            List<TopicPartition> driving = partitions(admin, List.of(Topics.DRIVING));
            Map<TopicPartition, Long> rawEnd0 = offsets(admin, raw, OffsetSpec.latest());
            LogFollower follower = new LogFollower(log);
            long appIn0 = appLinesIn(metrics);
            Thread following = new Thread(follower, "log-follower");
            following.start();
            watch.seen.clear();
            series.println("seconds,log_lines,app_lines,backlog_lines,raw_lag,app_driving_lag,sink_driving_lag,alerts");
            long t0 = System.currentTimeMillis();
            Process sim = new ProcessBuilder(simulator).redirectErrorStream(false)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            StringBuilder simOut = new StringBuilder();
            Thread reader = new Thread(() -> {
                try (InputStream in = sim.getInputStream()) {
                    simOut.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException ignored) {
                    // the summary is informative only
                }
            });
            reader.start();
            long nextSample = t0;
            long simEnd = -1, drainEnd = -1;
            long[] atLoadEnd = null;
            long[] last = null;
            while (true) {
                long now = System.currentTimeMillis();
                if (simEnd < 0 && !sim.isAlive()) {
                    simEnd = now;
                    Thread.sleep(100); // the follower's next reads see the simulator's last write
                }
                if (now >= nextSample || (simEnd > 0 && atLoadEnd == null)) {
                    nextSample = now + 1000;
                    long appIn = appLinesIn(metrics) - appIn0;
                    long rawLag = lag(admin, appGroup, raw).values().stream().mapToLong(Long::longValue).sum();
                    long appDrivingLag = lag(admin, appGroup, driving).values().stream().mapToLong(Long::longValue).sum();
                    long sinkLag = lag(admin, sinkGroup, driving).values().stream().mapToLong(Long::longValue).sum();
                    last = new long[] {now, follower.lines, appIn, follower.lines - appIn, rawLag, appDrivingLag, sinkLag};
                    series.printf("%.1f,%d,%d,%d,%d,%d,%d,%d%n", (now - t0) / 1000.0, follower.lines, appIn,
                            follower.lines - appIn, rawLag, appDrivingLag, sinkLag, watch.seen.size());
                    series.flush();
                    if (simEnd > 0 && atLoadEnd == null) {
                        atLoadEnd = last;
                    }
                    // caught up: everything the log held went through the app, and the sink is within a poll
                    if (simEnd > 0 && last[3] <= 0 && last[6] <= sinkSettled && drainEnd < 0) {
                        drainEnd = now;
                    }
                }
                if (drainEnd > 0 || (simEnd > 0 && now > simEnd + drainS * 1000)) {
                    break;
                }
                Thread.sleep(20);
            }
            reader.join(2000);
            follower.running = false;
            following.join(5000);
            Map<TopicPartition, Long> rawEnd1 = offsets(admin, raw, OffsetSpec.latest());
            long collected = rawEnd1.values().stream().mapToLong(Long::longValue).sum()
                    - rawEnd0.values().stream().mapToLong(Long::longValue).sum();
            double loadS = (simEnd - t0) / 1000.0;
            List<Long> latencies = new ArrayList<>();
            int unmatched = 0;
            try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(alertsCsv))) {
                out.println("alert_key,close_wall_ms,seen_ms,latency_ms");
                for (Map.Entry<String, Long> e : new TreeMap<>(watch.seen).entrySet()) {
                    Long close = follower.wallWhenReached(windowStart(e.getKey()) + windowMs + graceMs);
                    if (close == null) {
                        unmatched++; // closed by the idle clock after the load, or a window of an earlier step
                        continue;
                    }
                    latencies.add(e.getValue() - close);
                    out.printf("%s,%d,%d,%d%n", e.getKey(), close, e.getValue(), e.getValue() - close);
                }
            }
            String sim_summary = simOut.toString().trim().replaceAll("\\s+", " ");
            System.out.printf("label=%s load_seconds=%.1f log_lines=%d offered_lps=%.0f collected_lps=%.0f "
                            + "validated_lps=%.0f backlog_at_load_end=%d raw_lag_at_load_end=%d sink_lag_at_load_end=%d "
                            + "drain_seconds=%s backlog_after_drain=%d sink_lag_after_drain=%d alerts=%d alerts_not_timed=%d "
                            + "sink_settled=%d%n",
                    label, loadS, atLoadEnd[1], atLoadEnd[1] / loadS, collected / loadS, atLoadEnd[2] / loadS,
                    atLoadEnd[3], atLoadEnd[4], atLoadEnd[6],
                    drainEnd > 0 ? String.format("%.1f", (drainEnd - simEnd) / 1000.0) : "timeout",
                    last[3], last[6], watch.seen.size(), unmatched, sinkSettled);
            System.out.println("alert_latency_ms " + percentiles(latencies));
            System.out.println("simulator " + sim_summary);
        }
    }
}

package dev.smartcar.streams;

import dev.smartcar.avro.OverSpeedAlert;
import dev.smartcar.schemas.contract.HeaderNames;
import dev.smartcar.schemas.contract.LinePosition;
import dev.smartcar.schemas.registry.SpecificAvroDeserializer;
import dev.smartcar.schemas.rule.OverSpeedReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * What the integration tests share: the stack's addresses (system properties from {@code stack.sh env}), topics
 * and a simulated day of their own per run, a producer of raw lines as the tail source writes them, a
 * read_committed reader of the alert topic, a Redis connection, and waiting for a condition.
 */
final class PipelineItSupport implements AfterEachCallback {

    private StreamsApp app;
    private Path stateDir;

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        if (app != null) {
            app.close();
            app = null;
        }
        if (stateDir != null) {
            try (Stream<Path> paths = Files.walk(stateDir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            stateDir = null;
        }
    }

    private static final byte[] IT_LOG = LinePosition.pathBytes("/it/SmartCarDriverInfo.log");

    final String bootstrap = required("smartcar.it.bootstrap");
    final String registry = required("smartcar.it.registry");
    final String redisAddress = required("smartcar.it.redis");
    final Path redisPasswordFile = Path.of(required("smartcar.it.redisPasswordFile"));
    final Path stackHome = Path.of(required("smartcar.it.stackHome"));
    final String run = UUID.randomUUID().toString().substring(0, 8);
    /** A day of its own per run, so the Redis day set holds only this run's members. */
    final LocalDate day = LocalDate.of(2021, 1, 1).plusDays(new Random().nextInt(3000));
    final String dayKey = day.toString().replace("-", "");

    static String required(String property) {
        String value = System.getProperty(property, "");
        if (value.isBlank() || value.startsWith("${")) {
            throw new IllegalStateException("system property " + property + " is not set: run the ITs with the stack's "
                    + "addresses, e.g. mvn verify -DskipITs=false $(stack/bin/stack.sh --env test env)");
        }
        return value;
    }

    String topic(String name) {
        return "it-" + run + "." + name;
    }

    /** The ITs' grace: short, so the last windows close soon after the input ends (the wall-clock flush). */
    static final long GRACE_MS = 5_000;

    /** The app's settings for this run: its own application id and topics, a short grace and flush period. */
    Map<String, String> appSettings(Path stateDir) {
        Map<String, String> settings = new HashMap<>();
        settings.put("application.id", "smartcar-it-" + run);
        settings.put("bootstrap.servers", bootstrap);
        settings.put("state.dir", stateDir.toString());
        settings.put("session.timeout.ms", "6000");
        settings.put(StreamsAppConfig.SCHEMA_REGISTRY_URL, registry);
        settings.put(StreamsAppConfig.STATUS_RAW_TOPIC, topic("status.raw"));
        settings.put(StreamsAppConfig.DRIVING_RAW_TOPIC, topic("driving.raw"));
        settings.put(StreamsAppConfig.STATUS_TOPIC, topic("status"));
        settings.put(StreamsAppConfig.DRIVING_TOPIC, topic("driving"));
        settings.put(StreamsAppConfig.REJECTED_TOPIC, topic("rejected"));
        settings.put(StreamsAppConfig.OVERSPEED_TOPIC, topic("overspeed"));
        settings.put(StreamsAppConfig.SETASIDE_TOPIC, topic("setaside"));
        settings.put(StreamsAppConfig.GRACE_MS, Long.toString(GRACE_MS));
        settings.put(StreamsAppConfig.FLUSH_INTERVAL_MS, "200");
        settings.put(StreamsAppConfig.REDIS_HOST, redisAddress.substring(0, redisAddress.lastIndexOf(':')));
        settings.put(StreamsAppConfig.REDIS_PORT, redisAddress.substring(redisAddress.lastIndexOf(':') + 1));
        settings.put(StreamsAppConfig.REDIS_PASSWORD_FILE, redisPasswordFile.toString());
        settings.put(StreamsAppConfig.REDIS_BACKOFF_MAX_MS, "1000");
        settings.put(StreamsAppConfig.HTTP_PORT, "0");
        return settings;
    }

    /**
     * Creates the topics, starts the app on them with {@link #appSettings} and a state folder of its own, waits
     * until it is RUNNING. Registered as an extension ({@code @RegisterExtension}), the support closes it after
     * each test and deletes the folder.
     */
    StreamsApp startApp() throws Exception {
        createTopics();
        stateDir = Files.createTempDirectory("smartcar-it-state");
        app = new StreamsApp(new StreamsAppConfig(appSettings(stateDir)));
        app.start();
        await("the app RUNNING", Duration.ofMinutes(2), () -> app.state() == KafkaStreams.State.RUNNING);
        return app;
    }

    void createTopics() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            // Raw driving lines in 4 partitions keyed by car, as deployed (the tail source's key.field=2): each
            // car's lines in one partition and in order, and the app's instances share the cars. Replication: the
            // brokers' default, which the stack sets from the cluster's size.
            admin.createTopics(Stream.of(new Object[][] {{"status.raw", 1}, {"driving.raw", 4}, {"status", 2},
                    {"driving", 4}, {"rejected", 1}, {"overspeed", 2}, {"setaside", 1}})
                    .map(t -> new NewTopic(topic((String) t[0]), Optional.of((Integer) t[1]), Optional.empty()))
                    .toList())
                    .all().get();
        }
    }

    /**
     * Driving lines of this run's day from 00:00:00, 2 s apart, for {@code cars} cars over {@code seconds}: each
     * car has its own speed pattern, some above 80 on average in some windows, some never.
     */
    List<String> drivingLines(int cars, int seconds) {
        return drivingLines(day, 'K', cars, seconds);
    }

    /** The same for another day and car letter. */
    static List<String> drivingLines(LocalDate day, char letter, int cars, int seconds) {
        List<String> lines = new ArrayList<>();
        String date = day.toString().replace("-", "");
        for (int s = 0; s < seconds; s += 2) {
            for (int c = 1; c <= cars; c++) {
                int window = s / 30;
                int speed = switch (c % 4) {
                    case 0 -> 120;                                // always speeding
                    case 1 -> 50;                                 // never
                    case 2 -> window % 2 == 0 ? 100 : 60;         // every other window
                    default -> 78 + (s % 6);                      // around the threshold
                };
                lines.add(String.format("%s%02d%02d%02d,%c%04d,1,0,F,N,%d,A01", date, s / 3600, s / 60 % 60, s % 60,
                        letter, c, speed));
            }
        }
        return lines;
    }

    /** The same per-car rule, with the ITs' settings, over {@code lines} in the order they are produced. */
    static OverSpeedReference reference(List<String> lines) {
        OverSpeedReference reference = new OverSpeedReference(OverSpeedReference.PILOT_WINDOW_MILLIS,
                OverSpeedReference.PILOT_THRESHOLD, GRACE_MS, OverSpeedReference.PILOT_OUTLIER_MILLIS,
                OverSpeedReference.PILOT_CONFIRM_RECORDS);
        dev.smartcar.schemas.log.LogTimestamp time = dev.smartcar.schemas.log.LogTimestamp.defaultZone();
        for (String line : lines) {
            String[] f = line.split(",");
            if (f.length == 8 && f[0].length() == 14 && f[0].chars().allMatch(Character::isDigit)) {
                reference.add(f[1], time.toEpochMillis(f[0]), Integer.parseInt(f[6]));
            }
        }
        return reference;
    }

    /** The alerts an independent computation expects for {@code lines}, as Redis members. */
    static List<String> expectedMembers(List<String> lines) {
        dev.smartcar.schemas.log.LogTimestamp time = dev.smartcar.schemas.log.LogTimestamp.defaultZone();
        return reference(lines).alerts().stream().map(w -> w.carNumber() + "-"
                + time.format(w.windowStart())).sorted().toList();
    }

    /** The tail source's key of a driving line (key.field=2): its second comma-separated field, none without one. */
    static byte[] carKey(String line) {
        String[] fields = line.split(",", 3);
        return fields.length < 2 ? null : fields[1].getBytes(StandardCharsets.UTF_8);
    }

    void produce(List<String> lines) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            long offset = 0;
            for (String line : lines) {
                byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic("driving.raw"), carKey(line), bytes);
                record.headers().add(HeaderNames.POSITION, LinePosition.encode(IT_LOG, 0, offset));
                offset += bytes.length + 1;
                producer.send(record);
            }
            producer.flush();
        }
    }

    /** Every committed alert on this run's alert topic, read from the beginning. */
    List<OverSpeedAlert> committedAlerts() {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        SpecificAvroDeserializer<OverSpeedAlert> values = new SpecificAvroDeserializer<>(OverSpeedAlert.class);
        values.configure(Map.of(StreamsAppConfig.SCHEMA_REGISTRY_URL, registry), false);
        List<OverSpeedAlert> alerts = new ArrayList<>();
        try (KafkaConsumer<String, OverSpeedAlert> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                values)) {
            List<org.apache.kafka.common.TopicPartition> partitions =
                    consumer.partitionsFor(topic("overspeed")).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // Under read_committed, endOffsets is the last stable offset: read until every partition reached it.
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (true) {
                for (ConsumerRecord<String, OverSpeedAlert> record : consumer.poll(Duration.ofMillis(200))) {
                    alerts.add(record.value());
                }
                Map<org.apache.kafka.common.TopicPartition, Long> end = consumer.endOffsets(partitions);
                if (partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p))) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic("overspeed") + " to its end " + end);
                }
            }
        }
        return alerts;
    }

    Jedis redis() {
        HostAndPort address = HostAndPort.from(redisAddress);
        String password;
        try {
            password = Files.readString(redisPasswordFile).strip();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read " + redisPasswordFile, e);
        }
        return new Jedis(address, DefaultJedisClientConfig.builder().password(password).build());
    }

    List<String> redisMembers() {
        return redisMembers(List.of(dayKey));
    }

    /** The members of several day sets, sorted. */
    List<String> redisMembers(List<String> dayKeys) {
        List<String> members = new ArrayList<>();
        try (Jedis jedis = redis()) {
            for (String key : dayKeys) {
                members.addAll(jedis.smembers(key));
            }
        }
        return members.stream().sorted().toList();
    }

    /** Every committed record of one of this run's topics ({@code name} as in {@link #topic}), from the beginning. */
    List<ConsumerRecord<byte[], byte[]>> committedRecords(String name) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<org.apache.kafka.common.TopicPartition> partitions = consumer.partitionsFor(topic(name)).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            Map<org.apache.kafka.common.TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (!partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic(name) + " to its end " + end);
                }
            }
        }
        return records;
    }

    /** Runs the stack script for this env (e.g. to stop and start Redis). */
    void stack(String... args) throws Exception {
        Path repo = stackHome.getParent().getParent();
        List<String> command = new ArrayList<>(List.of(repo.resolve("stack/bin/stack.sh").toString(),
                "--env", stackHome.getFileName().toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("stack.sh " + String.join(" ", args) + " failed with "
                    + process.exitValue());
        }
    }

    /**
     * Waits until {@code condition} holds; {@code limit} only bounds a broken run (this is not a speed check:
     * the benchmark measures speed).
     */
    static void await(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for " + what + " after " + limit);
            }
            Thread.sleep(200);
        }
    }
}

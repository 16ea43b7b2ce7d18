package dev.smartcar.cli.pilot;

import dev.smartcar.avro.OverSpeedAlert;
import dev.smartcar.cli.BootstrapServers;
import dev.smartcar.cli.KafkaClientSettings;
import dev.smartcar.schemas.contract.HeaderNames;
import dev.smartcar.schemas.contract.LinePosition;
import dev.smartcar.schemas.registry.AvroSerdeConfig;
import dev.smartcar.schemas.registry.SpecificAvroDeserializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads what the pipeline said about this run's lines, from the offsets where the run began: every record of
 * {@code smartcar.rejected} and {@code smartcar.setaside} (counted by their reason headers, only those whose origin
 * headers name this run's files), every {@code smartcar.overspeed} alert (decoded through the registry), and the
 * count of this run's records in the raw topics (collected) and in the Avro topics (valid). Committed transactions
 * only, and records, not offsets: an exactly-once producer's commit marker takes an offset that no record fills, so
 * end offsets overstate what arrived (a run once showed more lines collected than written).
 */
public final class PilotTopics implements AutoCloseable {

    /** Header the streams app puts on each rejected record: the reason code, e.g. {@code header-line}. */
    public static final String REASON_HEADER = HeaderNames.REJECT_REASON;
    /**
     * Header the streams app puts on each set-aside record: a {@code SetAsideReason} code,
     * late, clock-outlier or unkeyed.
     */
    public static final String SETASIDE_REASON_HEADER = HeaderNames.SETASIDE_REASON;
    /** Headers the file sources put on each line and the streams app passes through. */
    public static final String FILE_HEADER = HeaderNames.FILE;
    public static final String OFFSET_HEADER = HeaderNames.OFFSET;

    /** How long a live loop reads the topics before it samples its gauges again. */
    static final Duration LIVE_READ = Duration.ofMillis(500);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final SpecificAvroDeserializer<OverSpeedAlert> alerts;
    private final String rejectedTopic;
    private final String overspeedTopic;
    private final String setAsideTopic;
    private final Map<String, Long> setAsideByReason = new TreeMap<>();
    private final Set<String> rawTopics;
    private final Set<String> validTopics;
    private final Predicate<Headers> ours;
    private final Map<String, Long> rejectedByReason = new TreeMap<>();
    private final Map<String, Integer> alertMembers = new HashMap<>();
    private long rejectedOthers;
    private long collected;
    private long valid;

    /**
     * Reads from {@code start}, which names every partition to read: those of the three topics above, and of
     * {@code rawTopics} and {@code validTopics}, whose records are only counted.
     */
    public PilotTopics(BootstrapServers bootstrap, String registry, String rejectedTopic, String overspeedTopic,
                       String setAsideTopic, Set<String> rawTopics, Set<String> validTopics,
                       Map<TopicPartition, Long> start, Predicate<Headers> ours) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap.toString());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "smartcar-pilot-check");
        KafkaClientSettings.addTo(p);
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.alerts = new SpecificAvroDeserializer<>(OverSpeedAlert.class);
        this.alerts.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry), false);
        this.rejectedTopic = rejectedTopic;
        this.overspeedTopic = overspeedTopic;
        this.setAsideTopic = setAsideTopic;
        this.rawTopics = Set.copyOf(rawTopics);
        this.validTopics = Set.copyOf(validTopics);
        this.ours = ours;
        consumer.assign(new ArrayList<>(start.keySet()));
        start.forEach(consumer::seek);
    }

    /** Reads everything available now (for the checks, once the pipeline is quiet). */
    public void poll() {
        poll(Duration.ofDays(1), () -> { });
    }

    /**
     * Reads what is available, until a poll finds nothing or {@code budget} has passed. The live loops sample their
     * gauges every second (the pauses are timed from those samples): with records flowing in steadily, reading
     * "everything" never ends, and one loop once read for 20 s, which showed as a 20 s pause in collection.
     * {@code between} runs after every fetch (at most 100 ms apart): the writers' loop reads the driving log there.
     */
    public void poll(Duration budget, Runnable between) {
        long deadline = System.nanoTime() + budget.toNanos();
        while (System.nanoTime() - deadline < 0) {
            ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
            between.run();
            if (records.isEmpty()) {
                return;
            }
            for (ConsumerRecord<byte[], byte[]> r : records) {
                if (rawTopics.contains(r.topic())) {
                    collected += ours.test(r.headers()) ? 1 : 0;
                } else if (validTopics.contains(r.topic())) {
                    valid += ours.test(r.headers()) ? 1 : 0;
                } else if (r.topic().equals(rejectedTopic)) {
                    if (ours.test(r.headers())) {
                        rejectedByReason.merge(header(r.headers(), REASON_HEADER, "(no reason header)"), 1L, Long::sum);
                    } else {
                        rejectedOthers++;
                    }
                } else if (r.topic().equals(setAsideTopic)) {
                    // The set-aside record keeps the line's source headers (file, offset): the same test applies.
                    if (ours.test(r.headers())) {
                        setAsideByReason.merge(header(r.headers(), SETASIDE_REASON_HEADER, "(no reason header)"), 1L,
                                Long::sum);
                    }
                } else if (r.topic().equals(overspeedTopic)) {
                    OverSpeedAlert a = alerts.deserialize(r.topic(), r.value());
                    alertMembers.merge(a.getCarNumber() + "-" + a.getWindowStartText(), 1, Integer::sum);
                }
            }
        }
    }

    /**
     * Where a record's line came from: the sources' binary position header (raw topics, and the Avro topics, which
     * pass it through), else the text headers the app spells it out in (rejected, set aside); null when neither is
     * readable. The offset is -1 when unknown.
     */
    static LinePosition position(Headers headers) {
        Header binary = headers.lastHeader(HeaderNames.POSITION);
        if (binary != null && binary.value() != null && LinePosition.isValid(binary.value())) {
            return LinePosition.decode(binary.value());
        }
        String file = header(headers, FILE_HEADER, "");
        if (file.isEmpty()) {
            return null;
        }
        try {
            return new LinePosition(file, 0, Long.parseLong(header(headers, OFFSET_HEADER, "-1")));
        } catch (NumberFormatException e) {
            return new LinePosition(file, 0, -1);
        }
    }

    static String header(Headers headers, String key, String missing) {
        Header h = headers.lastHeader(key);
        return h == null || h.value() == null ? missing : new String(h.value(), StandardCharsets.UTF_8);
    }

    public Map<String, Long> rejectedByReason() {
        return rejectedByReason;
    }

    public long rejected() {
        return rejectedByReason.values().stream().mapToLong(Long::longValue).sum();
    }

    /** This run's lines in the raw topics: records of committed transactions, not offsets. */
    public long collected() {
        return collected;
    }

    /** This run's records in the Avro topics (the streams app's valid output). */
    public long valid() {
        return valid;
    }

    public long rejectedOthers() {
        return rejectedOthers;
    }

    /** This run's set-aside driving lines by reason. */
    public Map<String, Long> setAsideByReason() {
        return new TreeMap<>(setAsideByReason);
    }

    public long setAside() {
        return setAsideByReason.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Alert member ({@code car-windowStartText}) → how many alerts the topic holds for it. */
    public Map<String, Integer> alertMembers() {
        return alertMembers;
    }


    @Override
    public void close() {
        consumer.close();
        alerts.close();
    }
}

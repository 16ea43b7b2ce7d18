package dev.smartcar.streams;

import dev.smartcar.schemas.contract.RedisLayout;
import dev.smartcar.schemas.contract.Topics;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The app's settings: one {@link ConfigDef} for the app's own keys ({@code smartcar.*}, {@code redis.*},
 * {@code http.*}, {@code schema.registry.url}); every other key is handed to Kafka Streams unchanged.
 * Read from a properties file, then overridden by environment variables {@code SMARTCAR_<KEY>} (key upper-cased,
 * dots as underscores, a leading {@code smartcar.} dropped: {@code SMARTCAR_OVERSPEED_THRESHOLD_KMH},
 * {@code SMARTCAR_BOOTSTRAP_SERVERS}, {@code SMARTCAR_REDIS_PORT}).
 */
public final class StreamsAppConfig extends AbstractConfig {

    public static final String STATUS_RAW_TOPIC = "smartcar.topic.status.raw";
    public static final String DRIVING_RAW_TOPIC = "smartcar.topic.driving.raw";
    public static final String STATUS_TOPIC = "smartcar.topic.status";
    public static final String DRIVING_TOPIC = "smartcar.topic.driving";
    public static final String REJECTED_TOPIC = "smartcar.topic.rejected";
    public static final String OVERSPEED_TOPIC = "smartcar.topic.overspeed";
    public static final String SETASIDE_TOPIC = "smartcar.topic.setaside";
    public static final String TIME_ZONE = "smartcar.time.zone";
    public static final String WINDOW_MS = "smartcar.overspeed.window.ms";
    public static final String THRESHOLD_KMH = "smartcar.overspeed.threshold.kmh";
    public static final String GRACE_MS = "smartcar.overspeed.grace.ms";
    public static final String TIME_BASIS = "smartcar.overspeed.time.basis";
    public static final String FLUSH_INTERVAL_MS = "smartcar.overspeed.flush.interval.ms";
    public static final String OVERSPEED_INPUT = "smartcar.overspeed.input";
    public static final String CLOCK_OUTLIER_MS = "smartcar.overspeed.clock.outlier.ms";
    public static final String CLOCK_CONFIRM_RECORDS = "smartcar.overspeed.clock.confirm.records";
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String REDIS_ENABLED = "redis.enabled";
    public static final String REDIS_HOST = "redis.host";
    public static final String REDIS_PORT = "redis.port";
    public static final String REDIS_PASSWORD_FILE = "redis.password.file";
    public static final String REDIS_USER = "redis.user";
    public static final String REDIS_SSL = "redis.ssl";
    public static final String REDIS_DATABASE = "redis.database";
    public static final String REDIS_TIMEOUT_MS = "redis.timeout.ms";
    public static final String REDIS_POOL_SIZE = "redis.pool.size";
    public static final String REDIS_EXPIRE_SECONDS = "redis.expire.seconds";
    public static final String REDIS_BACKOFF_INITIAL_MS = "redis.retry.backoff.initial.ms";
    public static final String REDIS_BACKOFF_MAX_MS = "redis.retry.backoff.max.ms";
    public static final String REDIS_BATCH_MAX = "redis.batch.max";
    public static final String HTTP_HOST = "http.host";
    public static final String HTTP_PORT = "http.port";
    public static final String HTTP_ADVERTISED_HOST = "http.advertised.host";

    public static final String EVENT_TIME = "event";
    public static final String PROCESSING_TIME = "processing";
    public static final String INPUT_INLINE = "inline";
    public static final String INPUT_TOPIC = "topic";

    /** Kafka Streams settings this app sets when the configuration does not. */
    static final Map<String, Object> STREAMS_DEFAULTS = Map.of(
            StreamsConfig.APPLICATION_ID_CONFIG, "smartcar-streams",
            StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092",
            StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2,
            // Every commit is a transaction (markers on each output partition, offsets, the coordinator's log): once a
            // second instead of exactly-once's 100 ms. Alerts do not wait for it: a window that alerts asks for the
            // commit at once (OverSpeedWindows), so only smartcar.driving / smartcar.status readers see up to 1 s more.
            StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1_000L,
            // A SIGKILLed instance's tasks move to the others only once the group stops hearing from it: after the
            // session timeout, Kafka's 45 s, which made the killed instance's cars unanswered and their alerts late
            // for 54 s in chaos app-kill-standby. 10 s, heartbeats every 3 s (Kafka's defaults before 3.0); a graceful
            // stop leaves the group at once either way. Plain keys, so that a prefixed setting still wins.
            ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000,
            ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);

    private static final String ENV_PREFIX = "SMARTCAR_";

    static final ConfigDef CONFIG = new ConfigDef()
            .define(STATUS_RAW_TOPIC, Type.STRING, Topics.STATUS_RAW, new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Topic of raw status lines written by the spool-dir source.")
            .define(DRIVING_RAW_TOPIC, Type.STRING, Topics.DRIVING_RAW, new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM,
                    "Topic of raw driving lines written by the tail source.")
            .define(STATUS_TOPIC, Type.STRING, Topics.STATUS, new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Topic of validated CarStatus records (Avro, key = car number).")
            .define(DRIVING_TOPIC, Type.STRING, Topics.DRIVING, new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Topic of validated DrivingRecord records (Avro, key = car number); the over-speed windows read it "
                            + "back with smartcar.overspeed.input=topic.")
            .define(REJECTED_TOPIC, Type.STRING, Topics.REJECTED, new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Topic of rejected lines: the original bytes with the reason and origin in headers.")
            .define(OVERSPEED_TOPIC, Type.STRING, Topics.OVERSPEED, new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Topic of OverSpeedAlert records (Avro, key = car number).")
            .define(SETASIDE_TOPIC, Type.STRING, Topics.SETASIDE, new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Topic of valid driving records the over-speed windows left out: the original line (key = car "
                            + "number) with the reason (late, clock-outlier), the car's clock and the origin in "
                            + "headers.")
            .define(TIME_ZONE, Type.STRING, "Asia/Seoul", new ZoneValidator(), Importance.MEDIUM,
                    "Zone in which the logs' yyyyMMddHHmmss timestamps are read and the alert's window start is "
                            + "written.")
            .define(WINDOW_MS, Type.LONG, 30_000L, Range.atLeast(1_000L), Importance.HIGH,
                    "Size of the tumbling, epoch-aligned over-speed window in milliseconds (the original's 30 s).")
            .define(THRESHOLD_KMH, Type.DOUBLE, 80.0, Range.between(0.0, 250.0), Importance.HIGH,
                    "A car is alerted when its average speed over a window is strictly above this many km/h.")
            .define(GRACE_MS, Type.LONG, 60_000L, Range.atLeast(0L), Importance.HIGH,
                    "How long after its end (on its car's clock) a window still accepts records; later records are set "
                            + "aside as late. The default is twice the ~30 simulated seconds by which the original "
                            + "generator's lines arrive out of order.")
            .define(TIME_BASIS, Type.STRING, EVENT_TIME, ValidString.in(EVENT_TIME, PROCESSING_TIME), Importance.MEDIUM,
                    "Clock of the windows: 'event' = the records' own timestamps; 'processing' = the wall clock, as "
                            + "the original Esper engine.")
            .define(FLUSH_INTERVAL_MS, Type.LONG, 1_000L, Range.between(10L, 60_000L), Importance.LOW,
                    "Wall-clock period at which a car's windows are closed when it stops sending (its clock extended "
                            + "by its idle wall-clock time).")
            .define(CLOCK_OUTLIER_MS, Type.LONG, 600_000L, Range.atLeast(1_000L), Importance.MEDIUM,
                    "How far (event-time ms, ahead or behind) a record may be from its car's clock before it is held "
                            + "as a suspect instead of counted. The default, 10 min, is far beyond a car's 2-s step "
                            + "and 30-s disorder and far short of a new day or a device reset (hours); a wrong clock "
                            + "closer than this still moves its car's clock. Must be more than "
                            + "smartcar.overspeed.grace.ms.")
            .define(CLOCK_CONFIRM_RECORDS, Type.INT, 3, Range.between(1, 1_000), Importance.MEDIUM,
                    "How many held records in a row (the first one included) must agree on a new time before their car "
                            + "re-syncs to it (a new day, a device reset, or a car's first records); fewer are set "
                            + "aside as clock-outlier. 1 = no outlier protection.")
            .define(OVERSPEED_INPUT, Type.STRING, INPUT_INLINE, ValidString.in(INPUT_INLINE, INPUT_TOPIC),
                    Importance.MEDIUM,
                    "Where the over-speed windows take the driving records from: 'inline' = from the validation step "
                            + "in the same task (no second read and decoding of smartcar.driving); with several "
                            + "partitions of smartcar.driving.raw, only records keyed by their car are counted (the "
                            + "tail source's key.field=2), others are set aside as unkeyed. 'topic' = read back from "
                            + "smartcar.driving, which the app keys by car, for raw producers that do not key by car. "
                            + "Both let several app instances share the windows.")
            .define(SCHEMA_REGISTRY_URL, Type.STRING, "http://127.0.0.1:8081/apis/ccompat/v7",
                    new ConfigDef.NonEmptyString(),
                    Importance.HIGH, "Base address of the Confluent-compatible schema registry API, or mock://name for "
                            + "tests.")
            .define(REDIS_ENABLED, Type.BOOLEAN, true, Importance.MEDIUM,
                    "Whether alerts are also written to Redis (false: Kafka only, e.g. for benchmarks).")
            .define(REDIS_HOST, Type.STRING, "127.0.0.1", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Redis host.")
            .define(REDIS_PORT, Type.INT, 6379, Range.between(1, 65_535), Importance.MEDIUM, "Redis port.")
            .define(REDIS_PASSWORD_FILE, Type.STRING, "", Importance.MEDIUM,
                    "File holding the Redis password (first line; empty setting = no AUTH). The password is never "
                            + "logged.")
            .define(REDIS_USER, Type.STRING, "", Importance.MEDIUM,
                    "Redis ACL user the app authenticates as, with the password of " + REDIS_PASSWORD_FILE
                            + " (empty = the default user). It needs SADD, HSET, EXPIRE, PING and CLIENT SETNAME on "
                            + "the alert keys only (the secured profile's user app).")
            .define(REDIS_SSL, Type.BOOLEAN, false, Importance.MEDIUM,
                    "Whether Redis is reached over TLS (the JVM's trust store checks its certificate).")
            .define(REDIS_DATABASE, Type.INT, 0, Range.between(0, 15), Importance.LOW, "Redis database number.")
            .define(REDIS_TIMEOUT_MS, Type.INT, 2_000, Range.between(100, 60_000), Importance.LOW,
                    "Connect and socket timeout of Redis calls in milliseconds.")
            .define(REDIS_POOL_SIZE, Type.INT, 4, Range.between(1, 64), Importance.LOW,
                    "Most pooled Redis connections.")
            .define(REDIS_EXPIRE_SECONDS, Type.INT, (int) RedisLayout.EXPIRE_SECONDS, Range.atLeast(1), Importance.LOW,
                    "Expiry set on the day set and the alert's detail hash (the original's 7 days).")
            .define(REDIS_BACKOFF_INITIAL_MS, Type.LONG, 200L, Range.between(1L, 60_000L), Importance.LOW,
                    "First wait before retrying a failed Redis write; doubles up to the maximum.")
            .define(REDIS_BACKOFF_MAX_MS, Type.LONG, 5_000L, Range.between(1L, 300_000L), Importance.LOW,
                    "Longest wait between Redis retries.")
            .define(REDIS_BATCH_MAX, Type.INT, 500, Range.between(1, 100_000), Importance.LOW,
                    "Most alerts written in one Redis pipeline.")
            .define(HTTP_HOST, Type.STRING, "127.0.0.1", new ConfigDef.NonEmptyString(), Importance.LOW,
                    "Address the HTTP endpoint (health, metrics, car speed) binds to.")
            .define(HTTP_PORT, Type.INT, 8090, Range.between(-1, 65_535), Importance.LOW,
                    "Port of the HTTP endpoint; 0 = any free port, -1 = no endpoint.")
            .define(HTTP_ADVERTISED_HOST, Type.STRING, "", ConfigDef.LambdaValidator.with((name, value) -> {
                        String host = value == null ? "" : value.toString();
                        if (!host.matches("[A-Za-z0-9._-]*")) {
                            throw new ConfigException(name, value,
                                    "expected a host name or IPv4 address without a port, or empty");
                        }
                    }, () -> "a host name or IPv4 address, or empty"), Importance.LOW,
                    "Host other instances reach this one's HTTP endpoint at (its application.server, with the "
                            + "endpoint's port); empty = http.host.");

    public StreamsAppConfig(Map<?, ?> originals) {
        super(CONFIG, originals, false);
        long outlier = getLong(CLOCK_OUTLIER_MS);
        long grace = getLong(GRACE_MS);
        if (outlier <= grace) {
            // Otherwise a record within its window's grace could be held as a clock outlier instead of counted.
            throw new ConfigException(CLOCK_OUTLIER_MS, outlier, "must be more than " + GRACE_MS + " (" + grace
                    + "): raise it with the grace");
        }
    }

    /** The properties file (may be null), overridden by {@code SMARTCAR_*} entries of {@code environment}. */
    public static StreamsAppConfig load(Path file, Map<String, String> environment) {
        Map<String, Object> settings = new HashMap<>();
        if (file != null) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new ConfigException("cannot read the configuration file " + file + ": " + e);
            }
            properties.forEach((k, v) -> settings.put(k.toString(), v.toString().trim()));
        }
        settings.putAll(environmentOverrides(environment));
        return new StreamsAppConfig(settings);
    }

    /**
     * {@code SMARTCAR_OVERSPEED_GRACE_MS=1} → {@code smartcar.overspeed.grace.ms=1}; {@code
     * SMARTCAR_BOOTSTRAP_SERVERS} → {@code bootstrap.servers}.
     */
    static Map<String, String> environmentOverrides(Map<String, String> environment) {
        Map<String, String> overrides = new HashMap<>();
        environment.forEach((name, value) -> {
            if (!name.startsWith(ENV_PREFIX) || name.length() == ENV_PREFIX.length()) {
                return;
            }
            String key = name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
            String own = "smartcar." + key;
            overrides.put(CONFIG.names().contains(own) ? own : key, value);
        });
        return overrides;
    }

    /**
     * Settings for {@link org.apache.kafka.streams.KafkaStreams}: everything that is not the app's own, plus defaults.
     */
    public Properties streamsProperties() {
        Properties properties = new Properties();
        properties.putAll(STREAMS_DEFAULTS);
        originals().forEach((key, value) -> {
            if (!CONFIG.names().contains(key) || key.equals(SCHEMA_REGISTRY_URL)) {
                properties.put(key, value);
            }
        });
        if (!properties.containsKey(ProducerConfig.BATCH_SIZE_CONFIG)) {
            // Kafka's 16 KB holds ~110 driving records, so at tens of thousands a second the producer sent a batch
            // every few records per partition. 256 KB (linger stays Kafka Streams' 100 ms): app CPU per record 0.75x,
            // broker's 0.4-0.6x, records/s 1.5-2x in an A/B (bench/results/2026-12-02T1430Z-streams-ab, c-batch).
            // Set only when the configuration gives no batch.size at all: a prefixed default would override it.
            properties.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG),
                    PRODUCER_BATCH_BYTES);
        }
        return properties;
    }

    /** The producer's batch size this app sets when the configuration gives none (see {@link #streamsProperties}). */
    static final int PRODUCER_BATCH_BYTES = 256 * 1024;

    /** Settings of the Avro serdes. */
    public Map<String, Object> serdeSettings() {
        Map<String, Object> settings = new HashMap<>(originalsWithPrefix("", true));
        settings.keySet().removeIf(k -> CONFIG.names().contains(k) && !k.equals(SCHEMA_REGISTRY_URL));
        settings.put(SCHEMA_REGISTRY_URL, getString(SCHEMA_REGISTRY_URL));
        return settings;
    }

    public String applicationId() {
        return streamsProperties().getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
    }

    /**
     * The status day's instance ({@link SmartCarTopology#status}): the application id with {@code -status}, so that
     * it has a consumer group, transactional producers and stream threads of its own, still under the app's prefix
     * (its ACLs cover it).
     */
    public String statusApplicationId() {
        return applicationId() + STATUS_SUFFIX;
    }

    static final String STATUS_SUFFIX = "-status";

    /**
     * The streams settings of the status day's instance: the app's, under {@link #statusApplicationId} (and a
     * configured {@code client.id} with the same suffix, so that the two instances' metrics do not collide). It has
     * no state stores, so no {@code application.server}: queries go to the drivers' instance.
     */
    public Properties statusStreamsProperties() {
        Properties properties = streamsProperties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, statusApplicationId());
        properties.remove(StreamsConfig.APPLICATION_SERVER_CONFIG);
        Object clientId = properties.get(StreamsConfig.CLIENT_ID_CONFIG);
        if (clientId != null && !clientId.toString().isBlank()) {
            properties.put(StreamsConfig.CLIENT_ID_CONFIG, clientId + STATUS_SUFFIX);
        }
        return properties;
    }

    public ZoneId zone() {
        return ZoneId.of(getString(TIME_ZONE));
    }

    public boolean overspeedInline() {
        return INPUT_INLINE.equals(getString(OVERSPEED_INPUT));
    }

    public boolean eventTime() {
        return EVENT_TIME.equals(getString(TIME_BASIS));
    }

    /** Validates a zone id such as Asia/Seoul. */
    static final class ZoneValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            try {
                ZoneId.of((String) value);
            } catch (DateTimeException | NullPointerException e) {
                throw new ConfigException(name, value, "expected a zone id such as Asia/Seoul or UTC");
            }
        }

        @Override
        public String toString() {
            return "a zone id, e.g. Asia/Seoul";
        }
    }
}

package dev.smartcar.streams;

import dev.smartcar.avro.CarStatus;
import dev.smartcar.avro.DrivingRecord;
import dev.smartcar.avro.OverSpeedAlert;
import dev.smartcar.schemas.log.LogTimestamp;
import dev.smartcar.schemas.registry.RegistryClient;
import dev.smartcar.schemas.registry.SpecificAvroDeserializer;
import dev.smartcar.schemas.registry.SpecificAvroSerde;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the app: {@code java -jar smartcar-streams-app.jar [--config FILE]}, settings overridden by
 * {@code SMARTCAR_*} environment variables. Starts the streams, the Redis writer and the HTTP endpoint; SIGTERM
 * (or Ctrl-C) closes them in reverse order and exits 0. Exit code 1 if the streams fail, 2 on bad settings.
 */
public final class StreamsApp implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StreamsApp.class);

    private final StreamsAppConfig config;
    private final PipelineCounters counters = new PipelineCounters();
    private final KafkaStreams streams;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private RedisAlertWriter redisWriter;
    private Thread redisThread;
    private AlertSink redisSink;
    private OpsEndpoint endpoint;
    private volatile boolean failed;

    StreamsApp(StreamsAppConfig config) {
        this.config = config;
        SmartCarTopology.AvroSerdes serdes = new SmartCarTopology.AvroSerdes(
                serde(CarStatus.class), serde(DrivingRecord.class), serde(OverSpeedAlert.class));
        this.streams = new KafkaStreams(SmartCarTopology.build(config, serdes, counters), config.streamsProperties());
        streams.setUncaughtExceptionHandler(e -> {
            log.error("stream thread failed; stopping the app", e);
            failed = true;
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((now, before) -> {
            log.info("streams state {} -> {}", before, now);
            if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                stopped.countDown();
            }
        });
    }

    public static void main(String[] args) {
        Path file = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                file = Path.of(args[++i]);
            } else {
                System.err.println("usage: java -jar smartcar-streams-app.jar [--config FILE]   (unknown argument '"
                        + args[i] + "'; settings may also come from SMARTCAR_* environment variables)");
                System.exit(2);
            }
        }
        StreamsApp app;
        try {
            if (file != null && !Files.isReadable(file)) {
                throw new ConfigException("configuration file " + file + " does not exist or cannot be read");
            }
            app = new StreamsApp(StreamsAppConfig.load(file, System.getenv()));
            app.start();
        } catch (ConfigException | IOException e) {
            System.err.println("smartcar-streams-app: " + e.getMessage());
            System.exit(2);
            return;
        }
        Thread hook = new Thread(app::close, "shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        app.awaitStop();
        System.exit(app.failed ? 1 : 0);
    }

    void start() throws IOException {
        lookUpSchemas(config);
        if (config.getBoolean(StreamsAppConfig.REDIS_ENABLED)) {
            redisSink = new RedisAlertSink(config);
            redisWriter = new RedisAlertWriter(alertConsumer(), config.getString(StreamsAppConfig.OVERSPEED_TOPIC), redisSink,
                    counters, config.getLong(StreamsAppConfig.REDIS_BACKOFF_INITIAL_MS),
                    config.getLong(StreamsAppConfig.REDIS_BACKOFF_MAX_MS), config.getInt(StreamsAppConfig.REDIS_BATCH_MAX));
            redisThread = new Thread(redisWriter, "redis-writer");
            redisThread.setUncaughtExceptionHandler((t, e) -> log.error("Redis writer stopped", e));
            redisThread.start();
        }
        int port = config.getInt(StreamsAppConfig.HTTP_PORT);
        if (port >= 0) {
            endpoint = new OpsEndpoint(config.getString(StreamsAppConfig.HTTP_HOST), port, streams::state, counters,
                    this::carSpeed, new LogTimestamp(config.zone()));
            log.info("HTTP endpoint on {}:{} (/health, /metrics, /cars/{{car}}/speed)",
                    config.getString(StreamsAppConfig.HTTP_HOST), endpoint.port());
        }
        streams.start();
    }

    /**
     * Looks the three value schemas up in the registry at start-up, so that the serdes' shared cache knows their ids:
     * otherwise the first record of each kind waits for a registry round trip (seconds on a busy machine), and for
     * the first alert that wait lies on its way to Redis. A schema not registered yet is left to the serializer.
     * Returns how many were found.
     */
    static int lookUpSchemas(StreamsAppConfig config) {
        RegistryClient registry = RegistryClient.forUrl(config.getString(StreamsAppConfig.SCHEMA_REGISTRY_URL));
        Map<String, Schema> values = Map.of(
                StreamsAppConfig.STATUS_TOPIC, CarStatus.getClassSchema(),
                StreamsAppConfig.DRIVING_TOPIC, DrivingRecord.getClassSchema(),
                StreamsAppConfig.OVERSPEED_TOPIC, OverSpeedAlert.getClassSchema());
        int found = 0;
        for (Map.Entry<String, Schema> value : values.entrySet()) {
            String subject = config.getString(value.getKey()) + "-value";
            try {
                found += registry.lookup(subject, value.getValue()).isPresent() ? 1 : 0;
            } catch (RuntimeException e) {
                log.warn("looking up the schema of {} at start-up failed ({}); its first record will ask again", subject, e.toString());
            }
        }
        return found;
    }

    void awaitStop() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    int httpPort() {
        return endpoint == null ? -1 : endpoint.port();
    }

    PipelineCounters counters() {
        return counters;
    }

    KafkaStreams.State state() {
        return streams.state();
    }

    private Optional<CarSpeed> carSpeed(String car) {
        ReadOnlyKeyValueStore<WindowKey, SpeedWindow> store = streams.store(
                StoreQueryParameters.fromNameAndType(OverSpeedWindows.WINDOWS_STORE, QueryableStoreTypes.keyValueStore()));
        return CarSpeed.latest(store, car, config.getLong(StreamsAppConfig.WINDOW_MS));
    }

    private KafkaConsumer<String, OverSpeedAlert> alertConsumer() {
        Properties streamsProps = config.streamsProperties();
        Map<String, Object> props = new HashMap<>();
        streamsProps.forEach((k, v) -> {
            String key = k.toString();
            if (key.startsWith("security.") || key.startsWith("ssl.") || key.startsWith("sasl.")) {
                props.put(key, v);
            }
        });
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, streamsProps.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.applicationId() + "-redis");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, config.applicationId() + "-redis-writer");
        // Only alerts of committed transactions: an aborted attempt's alert never reaches Redis.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.getInt(StreamsAppConfig.REDIS_BATCH_MAX));
        SpecificAvroDeserializer<OverSpeedAlert> values = new SpecificAvroDeserializer<>(OverSpeedAlert.class);
        values.configure(config.serdeSettings(), false);
        return new KafkaConsumer<>(props, new StringDeserializer(), values);
    }

    private <T extends SpecificRecord> Serde<T> serde(Class<T> type) {
        SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type);
        serde.configure(config.serdeSettings(), false);
        return serde;
    }

    /** Stops in reverse order: no new HTTP requests, then the streams (committing), then the Redis writer. */
    @Override
    public void close() {
        if (endpoint != null) {
            endpoint.close();
        }
        streams.close(Duration.ofSeconds(30));
        if (redisWriter != null) {
            redisWriter.close();
            try {
                redisThread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            redisSink.close();
        }
        log.info("stopped");
        stopped.countDown();
    }
}

package dev.smartcar.streams;

import com.sun.net.httpserver.HttpServer;
import dev.smartcar.avro.CarStatus;
import dev.smartcar.avro.DrivingRecord;
import dev.smartcar.avro.OverSpeedAlert;
import dev.smartcar.schemas.log.LogTimestamp;
import dev.smartcar.schemas.registry.RegistryClient;
import dev.smartcar.schemas.registry.SpecificAvroDeserializer;
import dev.smartcar.schemas.registry.SpecificAvroSerde;
import dev.smartcar.streams.counters.PipelineCounters;
import dev.smartcar.streams.metrics.AppMetrics;
import dev.smartcar.streams.metrics.StateSize;
import dev.smartcar.streams.overspeed.OverSpeedWindows;
import dev.smartcar.streams.overspeed.WindowHistory;
import dev.smartcar.streams.query.CarQuery;
import dev.smartcar.streams.query.Cluster;
import dev.smartcar.streams.query.LocalCars;
import dev.smartcar.streams.query.Peers;
import dev.smartcar.streams.query.PipelineView;
import dev.smartcar.streams.query.SystemHealth;
import dev.smartcar.streams.redis.AlertSink;
import dev.smartcar.streams.redis.RedisAlertSink;
import dev.smartcar.streams.redis.RedisAlertWriter;
import dev.smartcar.streams.web.AlertFeed;
import dev.smartcar.streams.web.DashboardAssets;
import dev.smartcar.streams.web.OpsEndpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the app: {@code java -jar smartcar-streams-app.jar [--config FILE]}, settings overridden by
 * {@code SMARTCAR_*} environment variables. Starts the streams, the Redis writer and the HTTP endpoint; SIGTERM
 * (or Ctrl-C) closes them in reverse order in a shutdown hook, and the JVM exits 143 (128 + SIGTERM, its convention;
 * {@code AppRestartIT} asserts it). Exit code 1 if the streams fail, 2 on bad settings.
 */
public final class StreamsApp implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StreamsApp.class);

    private final StreamsAppConfig config;
    private final PipelineCounters counters = new PipelineCounters();
    /** The drivers: validation, windows, alerts; its stores answer the queries. */
    private KafkaStreams streams;
    /** The status day's validation, apart so that a day's records never queue ahead of the drivers' in one producer. */
    private KafkaStreams statusStreams;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private RedisAlertWriter redisWriter;
    private Thread redisThread;
    private AlertSink redisSink;
    private OpsEndpoint endpoint;
    private HttpServer http;
    private final HostInfo self;
    private final WindowHistory history = new WindowHistory();
    private AlertFeed alertFeed;
    private Thread alertFeedThread;
    private SystemHealth systemHealth;
    private AppMetrics metrics;
    private volatile boolean failed;

    StreamsApp(StreamsAppConfig config) throws IOException {
        this.config = config;
        SmartCarTopology.AvroSerdes serdes = new SmartCarTopology.AvroSerdes(
                serde(CarStatus.class), serde(DrivingRecord.class), serde(OverSpeedAlert.class));
        Properties streamsProps = config.streamsProperties();
        int port = config.getInt(StreamsAppConfig.HTTP_PORT);
        if (port >= 0) {
            // Bound before the streams exist: the bound port (any free one with 0) is what this instance advertises
            // as application.server, so other instances can forward a car's request to its owner.
            http = OpsEndpoint.bind(config.getString(StreamsAppConfig.HTTP_HOST), port);
            self = advertised(config, streamsProps, http.getAddress().getPort());
            streamsProps.put(StreamsConfig.APPLICATION_SERVER_CONFIG, Cluster.name(self));
        } else {
            self = HostInfo.unavailable();
        }
        try {
            // Kafka Streams' own settings are checked before the broker is asked anything, so a bad one exits at
            // once (the subclass only reaches the constructor that does not log them all: KafkaStreams does).
            new StreamsConfig(streamsProps, false) { };
            this.streams = new KafkaStreams(SmartCarTopology.driving(config, serdes, counters, history,
                    drivingRawPartitions()), streamsProps);
            this.statusStreams = new KafkaStreams(SmartCarTopology.status(config, serdes.status(), counters),
                    config.statusStreamsProperties());
        } catch (RuntimeException e) {
            if (streams != null) {
                streams.close(Duration.ZERO);
            }
            if (http != null) {
                http.stop(0);
            }
            throw e;
        }
        watch(streams, "streams");
        watch(statusStreams, "status streams");
    }

    /** Either instance failing or stopping stops the app: half a pipeline would look healthy while losing a log. */
    private void watch(KafkaStreams instance, String name) {
        instance.setUncaughtExceptionHandler(e -> {
            log.error("{}: stream thread failed; stopping the app", name, e);
            failed = true;
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        instance.setStateListener((now, before) -> {
            log.info("{} state {} -> {}", name, before, now);
            if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                stopped.countDown();
            }
        });
    }

    /** The app's state for health and the pipeline view: the worse of its two instances'. */
    static KafkaStreams.State worse(KafkaStreams.State drivers, KafkaStreams.State status) {
        for (KafkaStreams.State bad : List.of(KafkaStreams.State.ERROR, KafkaStreams.State.PENDING_ERROR,
                KafkaStreams.State.NOT_RUNNING, KafkaStreams.State.PENDING_SHUTDOWN, KafkaStreams.State.CREATED,
                KafkaStreams.State.REBALANCING)) {
            if (drivers == bad || status == bad) {
                return bad;
            }
        }
        return drivers;
    }

    /**
     * How many partitions the raw driving topic has, for the inline windows' key check (-1 when it cannot be told
     * now: the check is then on). Read once at start: partitions added later need a restart to be known here.
     */
    private int drivingRawPartitions() {
        if (!config.overspeedInline()) {
            return 1;
        }
        String topic = config.getString(StreamsAppConfig.DRIVING_RAW_TOPIC);
        Admin admin = null;
        try {
            admin = Admin.create(adminProperties());
            int partitions = admin.describeTopics(List.of(topic), new DescribeTopicsOptions().timeoutMs(10_000))
                    .allTopicNames().get(15, TimeUnit.SECONDS).get(topic).partitions().size();
            log.info("{} has {} partition(s): the inline windows {}", topic, partitions, partitions == 1
                    ? "see every car in one task" : "take only records keyed by their car");
            return partitions;
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            // KafkaException: a client setting the admin refuses; Kafka Streams reports it right after, by name.
            log.warn("could not describe {} ({}): the inline windows take only records keyed by their car", topic,
                    e.getMessage());
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } finally {
            if (admin != null) {
                admin.close(Duration.ofSeconds(1)); // not the default wait of up to a minute for timed-out calls
            }
        }
    }

    /**
     * This instance's endpoint as other instances reach it: {@code application.server} when set, else
     * {@code http.advertised.host} (or {@code http.host}) with the bound port.
     */
    static HostInfo advertised(StreamsAppConfig config, Properties streamsProps, int boundPort) {
        Object given = streamsProps.get(StreamsConfig.APPLICATION_SERVER_CONFIG);
        if (given != null && !given.toString().isBlank()) {
            String server = given.toString().trim();
            int colon = server.lastIndexOf(':');
            try {
                return new HostInfo(server.substring(0, colon), Integer.parseInt(server.substring(colon + 1)));
            } catch (RuntimeException e) {
                throw new ConfigException(StreamsConfig.APPLICATION_SERVER_CONFIG, given, "expected host:port");
            }
        }
        String host = config.getString(StreamsAppConfig.HTTP_ADVERTISED_HOST);
        return new HostInfo(host.isBlank() ? config.getString(StreamsAppConfig.HTTP_HOST) : host, boundPort);
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
            redisSink = new RedisAlertSink(new RedisAlertSink.Settings(config.getString(StreamsAppConfig.REDIS_HOST),
                    config.getInt(StreamsAppConfig.REDIS_PORT), config.getInt(StreamsAppConfig.REDIS_DATABASE),
                    config.getInt(StreamsAppConfig.REDIS_TIMEOUT_MS), config.getInt(StreamsAppConfig.REDIS_POOL_SIZE),
                    config.getString(StreamsAppConfig.REDIS_PASSWORD_FILE),
                    config.getInt(StreamsAppConfig.REDIS_EXPIRE_SECONDS), config.zone(),
                    config.getString(StreamsAppConfig.REDIS_USER), config.getBoolean(StreamsAppConfig.REDIS_SSL)));
            redisWriter = new RedisAlertWriter(alertConsumer(config.applicationId() + "-redis"),
                    config.getString(StreamsAppConfig.OVERSPEED_TOPIC), redisSink,
                    counters, new RedisAlertWriter.Pacing(config.getInt(StreamsAppConfig.REDIS_BATCH_MAX),
                            config.getLong(StreamsAppConfig.REDIS_BACKOFF_INITIAL_MS),
                            config.getLong(StreamsAppConfig.REDIS_BACKOFF_MAX_MS)));
            redisThread = new Thread(redisWriter, "redis-writer");
            redisThread.setUncaughtExceptionHandler((t, e) -> log.error("Redis writer stopped", e));
            redisThread.start();
        }
        if (http != null) {
            startEndpoint();
        }
        streams.start();
        statusStreams.start();
    }

    /** The dashboard and the JSON endpoints: they answer from the streams, the alert feed and the counters. */
    private void startEndpoint() {
        LogTimestamp time = new LogTimestamp(config.zone());
        alertFeed = new AlertFeed(alertConsumer(null), config.getString(StreamsAppConfig.OVERSPEED_TOPIC), time);
        alertFeedThread = new Thread(alertFeed, "alert-feed");
        alertFeedThread.setDaemon(true);
        alertFeedThread.setUncaughtExceptionHandler((t, e) -> log.error("alert feed stopped", e));
        alertFeedThread.start();
        Cluster cluster = Cluster.of(streams, self);
        Peers peers = new Peers();
        LocalCars local = new LocalCars(p -> store(OverSpeedWindows.WINDOWS_STORE, p), p ->
                store(OverSpeedWindows.CAR_CLOCKS_STORE, p),
                history, config.getLong(StreamsAppConfig.WINDOW_MS));
        CarQuery cars = new CarQuery(cluster, local, peers,
                car -> alertFeed.recent(a -> car.equals(a.get("car_number")), CarQuery.ALERTS_PER_CAR),
                streams::state, time, config.getDouble(StreamsAppConfig.THRESHOLD_KMH));
        systemHealth = new SystemHealth(Admin.create(adminProperties()),
                List.of(config.applicationId(), config.statusApplicationId(), config.applicationId() + "-redis"),
                config.getString(StreamsAppConfig.SCHEMA_REGISTRY_URL),
                redisSink instanceof RedisAlertSink redis ? redis::ping : null);
        PipelineView pipeline = new PipelineView(cluster, peers, counters, this::state, systemHealth::snapshot);
        // The state's size, read through interactive queries like the cars: active stores only.
        StateSize state = new StateSize(SmartCarTopology.stateStores(config),
                name -> store(name, LocalCars.ANY_PARTITION), () -> System.nanoTime() / 1_000_000);
        metrics = new AppMetrics(counters, state, List.of(new KafkaStreamsMetrics(streams),
                new KafkaStreamsMetrics(statusStreams)));
        endpoint = new OpsEndpoint(http, new OpsEndpoint.Sources(this::state, cars, pipeline, alertFeed,
                new DashboardAssets(), metrics));
        log.info("HTTP endpoint on {}:{}, advertised as {} (dashboard /, /health, /metrics, /metrics/prometheus, "
                + "/cars/{{car}}, /fleet, /pipeline, /events/alerts)", config.getString(StreamsAppConfig.HTTP_HOST),
                endpoint.port(), Cluster.name(self));
    }

    private <K, V> ReadOnlyKeyValueStore<K, V> store(String name, int partition) {
        StoreQueryParameters<ReadOnlyKeyValueStore<K, V>> parameters =
                StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore());
        return streams.store(partition == LocalCars.ANY_PARTITION ? parameters : parameters.withPartition(partition));
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
                log.warn("looking up the schema of {} at start-up failed ({}); its first record will ask again",
                        subject, e.toString());
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

    /** This instance's advertised endpoint ({@code application.server}). */
    HostInfo self() {
        return self;
    }

    /** The instance that owns the car's partition now, if known. */
    java.util.Optional<Cluster.Owner> ownerOf(String car) {
        return Cluster.of(streams, self).ownerOf(car);
    }

    PipelineCounters counters() {
        return counters;
    }

    KafkaStreams.State state() {
        return worse(streams.state(), statusStreams.state());
    }

    /** Kafka's connection settings (bootstrap, security) of the streams, for the app's own clients. */
    private Map<String, Object> adminProperties() {
        Properties streamsProps = config.streamsProperties();
        Map<String, Object> props = new HashMap<>();
        streamsProps.forEach((k, v) -> {
            String key = k.toString();
            if (key.startsWith("security.") || key.startsWith("ssl.") || key.startsWith("sasl.")) {
                props.put(key, v);
            }
        });
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, streamsProps.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, config.applicationId() + "-dashboard-admin");
        return props;
    }

    /** A read_committed alert consumer: in {@code group} (the Redis writer's), or in none (the dashboard's feed). */
    private KafkaConsumer<String, OverSpeedAlert> alertConsumer(String group) {
        Map<String, Object> props = adminProperties();
        if (group != null) {
            props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
            props.put(ConsumerConfig.CLIENT_ID_CONFIG, config.applicationId() + "-redis-writer");
        } else {
            props.put(ConsumerConfig.CLIENT_ID_CONFIG, config.applicationId() + "-alert-feed");
        }
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
        } else if (http != null) {
            http.stop(0);
        }
        if (alertFeed != null) {
            alertFeed.close();
        }
        if (systemHealth != null) {
            systemHealth.close();
        }
        if (metrics != null) {
            metrics.close();
        }
        statusStreams.close(Duration.ZERO);   // both stop at once; each commits what it has processed
        streams.close(Duration.ofSeconds(30));
        statusStreams.close(Duration.ofSeconds(30));
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

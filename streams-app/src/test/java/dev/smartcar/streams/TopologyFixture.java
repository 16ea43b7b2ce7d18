package dev.smartcar.streams;

import dev.smartcar.avro.CarStatus;
import dev.smartcar.avro.DrivingRecord;
import dev.smartcar.avro.OverSpeedAlert;
import dev.smartcar.schemas.contract.HeaderNames;
import dev.smartcar.schemas.contract.LinePosition;
import dev.smartcar.schemas.registry.InMemoryRegistryClient;
import dev.smartcar.schemas.registry.SpecificAvroSerde;
import dev.smartcar.streams.counters.PipelineCounters;
import dev.smartcar.streams.metrics.StateSize;
import dev.smartcar.streams.overspeed.CarClock;
import dev.smartcar.streams.overspeed.OverSpeedWindows;
import dev.smartcar.streams.overspeed.SpeedWindow;
import dev.smartcar.streams.overspeed.WindowHistory;
import dev.smartcar.streams.overspeed.WindowKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The app's two topologies, each in a TopologyTestDriver (the drivers' and the status day's, as the app runs them in
 * two instances), with the in-memory registry and typed topics.
 */
public final class TopologyFixture implements AutoCloseable {

    /** The driver's wall clock at start; event times in the tests are in 2020, so the two never mix up. */
    static final Instant WALL_START = Instant.parse("2026-11-22T00:00:00Z");

    final String registry = "ttd-" + UUID.randomUUID();
    final StreamsAppConfig config;
    public final PipelineCounters counters = new PipelineCounters();
    public final WindowHistory history = new WindowHistory();
    final TopologyTestDriver driver;
    final TopologyTestDriver statusDriver;
    final TestInputTopic<byte[], byte[]> drivingLines;
    final TestInputTopic<byte[], byte[]> statusLines;
    final TestOutputTopic<String, DrivingRecord> driving;
    final TestOutputTopic<String, CarStatus> status;
    /** Rejected driving lines. */
    final TestOutputTopic<byte[], byte[]> rejected;
    /** Rejected status lines. */
    final TestOutputTopic<byte[], byte[]> statusRejected;
    final TestOutputTopic<String, OverSpeedAlert> alerts;
    final TestOutputTopic<String, byte[]> setAside;

    public TopologyFixture(Path stateDir, Map<String, String> overrides) {
        this(stateDir, overrides, 1);
    }

    /** The app's topology as it is built for a raw driving topic of {@code drivingRawPartitions} partitions. */
    public TopologyFixture(Path stateDir, Map<String, String> overrides, int drivingRawPartitions) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(StreamsConfig.APPLICATION_ID_CONFIG, "ttd");
        settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        settings.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        settings.put(StreamsAppConfig.SCHEMA_REGISTRY_URL, "mock://" + registry);
        settings.putAll(overrides);
        config = new StreamsAppConfig(settings);
        Serde<CarStatus> statusSerde = serde(CarStatus.class);
        Serde<DrivingRecord> drivingSerde = serde(DrivingRecord.class);
        Serde<OverSpeedAlert> alertSerde = serde(OverSpeedAlert.class);
        driver = new TopologyTestDriver(
                SmartCarTopology.driving(config, new SmartCarTopology.AvroSerdes(statusSerde, drivingSerde,
                        alertSerde), counters, history, drivingRawPartitions),
                config.streamsProperties(), WALL_START);
        statusDriver = new TopologyTestDriver(SmartCarTopology.status(config, statusSerde, counters),
                config.statusStreamsProperties(), WALL_START);
        drivingLines = driver.createInputTopic("smartcar.driving.raw", Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer());
        statusLines = statusDriver.createInputTopic("smartcar.status.raw", Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer());
        driving = driver.createOutputTopic("smartcar.driving", Serdes.String().deserializer(),
                drivingSerde.deserializer());
        status = statusDriver.createOutputTopic("smartcar.status", Serdes.String().deserializer(),
                statusSerde.deserializer());
        rejected = driver.createOutputTopic("smartcar.rejected", Serdes.ByteArray().deserializer(),
                Serdes.ByteArray().deserializer());
        statusRejected = statusDriver.createOutputTopic("smartcar.rejected", Serdes.ByteArray().deserializer(),
                Serdes.ByteArray().deserializer());
        alerts = driver.createOutputTopic("smartcar.overspeed", Serdes.String().deserializer(),
                alertSerde.deserializer());
        setAside = driver.createOutputTopic("smartcar.setaside", Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
    }

    private <T extends org.apache.avro.specific.SpecificRecord> Serde<T> serde(Class<T> type) {
        SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type);
        serde.configure(config.serdeSettings(), false);
        return serde;
    }

    /** A driving line piped in with connector-like headers; the wall clock does not move. */
    public void drive(String line) {
        drive(line.getBytes(StandardCharsets.UTF_8), headers("/data/SmartCarDriverInfo.log", 0));
    }

    public void drive(byte[] line, Headers headers) {
        drivingLines.pipeInput(new org.apache.kafka.streams.test.TestRecord<>(null, line, headers, WALL_START));
    }

    /** A driving line with a raw key, as the tail source keys it by car. */
    public void drive(String key, String line) {
        drivingLines.pipeInput(new org.apache.kafka.streams.test.TestRecord<>(
                key == null ? null : key.getBytes(StandardCharsets.UTF_8), line.getBytes(StandardCharsets.UTF_8),
                headers("/data/SmartCarDriverInfo.log", 0), WALL_START));
    }

    void status(String line) {
        statusLines.pipeInput(new org.apache.kafka.streams.test.TestRecord<>(null,
                line.getBytes(StandardCharsets.UTF_8),
                headers("/spool/SmartCarStatusInfo_20200322.txt", 7), WALL_START));
    }

    /** The headers a file source puts on a line: its binary position (no line number, as the tail source). */
    static Headers headers(String file, long offset) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(HeaderNames.POSITION, LinePosition.encode(LinePosition.pathBytes(file), 0, offset));
        return headers;
    }

    /** The text headers earlier versions of the file sources wrote instead of the position. */
    static Headers legacyHeaders(String file, long offset) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(HeaderNames.FILE, file.getBytes(StandardCharsets.UTF_8));
        headers.add(HeaderNames.OFFSET, Long.toString(offset).getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    /** A valid driving line: accelerator 1, no brake, straight ahead. */
    public static String line(String timestamp, String car, int speed) {
        return timestamp + "," + car + ",1,0,F,N," + speed + ",A01";
    }

    void advanceWallClock(Duration duration) {
        driver.advanceWallClockTime(duration);
    }

    public KeyValueStore<WindowKey, SpeedWindow> windowStore() {
        return driver.getKeyValueStore(OverSpeedWindows.WINDOWS_STORE);
    }

    public KeyValueStore<String, CarClock> clockStore() {
        return driver.getKeyValueStore(OverSpeedWindows.CAR_CLOCKS_STORE);
    }

    /** The size of the driver's state stores, measured as the app measures its own; {@code millis} for the cache. */
    public StateSize stateSize(LongSupplier millis) {
        return new StateSize(SmartCarTopology.stateStores(config), driver::getKeyValueStore, millis);
    }

    @Override
    public void close() {
        driver.close();
        statusDriver.close();
        InMemoryRegistryClient.drop(registry);
    }
}

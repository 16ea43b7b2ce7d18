package dev.smartcar.streams;

import dev.smartcar.avro.CarStatus;
import dev.smartcar.avro.DrivingRecord;
import dev.smartcar.avro.OverSpeedAlert;
import dev.smartcar.avro.TimeBasis;
import dev.smartcar.schemas.log.CarStatusParser;
import dev.smartcar.schemas.log.DrivingLineParser;
import dev.smartcar.schemas.log.LogTimestamp;
import dev.smartcar.streams.counters.PipelineCounters;
import dev.smartcar.streams.metrics.StateSize;
import dev.smartcar.streams.overspeed.CarClock;
import dev.smartcar.streams.overspeed.CarClockSerde;
import dev.smartcar.streams.overspeed.OverSpeedWindows;
import dev.smartcar.streams.overspeed.SpeedWindow;
import dev.smartcar.streams.overspeed.WindowHistory;
import dev.smartcar.streams.overspeed.WindowKey;
import dev.smartcar.streams.store.WriteBackStore;
import dev.smartcar.streams.validation.LineValidation;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.Topology;
import java.util.List;
import org.apache.kafka.streams.state.Stores;

/** The app's topology, built from its settings. */
public final class SmartCarTopology {

    private static final String WINDOWS = "overspeed-windows";

    private SmartCarTopology() {
    }

    /** The serdes of the three Avro topics. */
    public record AvroSerdes(Serde<CarStatus> status, Serde<DrivingRecord> driving, Serde<OverSpeedAlert> alert) { }

    /**
     * The status day's topology: the garbage filter only. It runs in an instance of its own ({@link
     * StreamsAppConfig#statusApplicationId}): under exactly-once one producer carries all of a stream thread's tasks,
     * so in one instance a day's records queued ahead of every driving record and alert.
     * <pre>
     * smartcar.status.raw  ─▶ validate-status  ─┬─▶ smartcar.status    (CarStatus, key = car)
     *                                           └─▶ smartcar.rejected  (original bytes + reason headers)
     * </pre>
     * Raw lines are read as bytes so a rejected line is forwarded byte for byte.
     */
    static Topology status(StreamsAppConfig config, Serde<CarStatus> serde, PipelineCounters counters) {
        CarStatusParser parser = new CarStatusParser(new LogTimestamp(config.zone()));
        String statusTopic = config.getString(StreamsAppConfig.STATUS_TOPIC);
        String rejectedTopic = config.getString(StreamsAppConfig.REJECTED_TOPIC);
        Topology topology = new Topology();
        topology.addSource("status-lines", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(),
                        config.getString(StreamsAppConfig.STATUS_RAW_TOPIC))
                .addProcessor("validate-status", () -> new LineValidation<>(parser::parse,
                        CarStatus::getCarNumber,
                        new LineValidation.Route("status-records", statusTopic), null,
                        new LineValidation.Route("status-rejects", rejectedTopic), counters), "status-lines")
                .addSink("status-records", statusTopic, Serdes.String().serializer(), serde.serializer(),
                        "validate-status")
                .addSink("status-rejects", rejectedTopic, Serdes.ByteArray().serializer(),
                        Serdes.ByteArray().serializer(),
                        "validate-status");
        return topology;
    }

    /**
     * The drivers' topology: the garbage filter, then the over-speed windows per car.
     * <pre>
     * smartcar.driving.raw ─▶ validate-driving ─┬─▶ smartcar.driving   (DrivingRecord, key = car)
     *   (key = car)                             ├─▶ smartcar.rejected
     *                                           ├─▶ smartcar.setaside  (unkeyed: not keyed by its car)
     *                                           └─▶ overspeed-windows ─┬─▶ smartcar.overspeed (input = inline)
     *                                                                  └─▶ smartcar.setaside
     * smartcar.driving (read back: partitioned by car) ─▶ overspeed-windows ─▶ (the same two)    (input = topic)
     * </pre>
     * Raw lines are read as bytes so a rejected line is forwarded byte for byte.
     *
     * <p>Where the windows take their records from ({@code smartcar.overspeed.input}): {@code inline}, the default,
     * hands each validated record to the windows in the same task. The tail source keys the raw driving records by
     * car, so each car's records are in one raw partition, in file order, and the raw partitions are shared out over
     * the app's threads and instances like any keyed topic; a record is neither fetched back nor decoded again. With
     * more than one raw partition, a record not keyed by its car would split its car's windows over tasks: it is set
     * aside as {@code unkeyed} (it still goes to {@code smartcar.driving}). {@code topic} reads {@code
     * smartcar.driving}
     * back, partitioned by car by the app itself, for raw topics whose producer does not key by car; it costs a second
     * consumption and Avro decoding of every record.
     *
     * <p>The window stores (open windows, and each car's clock) are in memory and changelogged: the state is a few
     * open windows and one clock per car, restored from the changelog on every start, and it costs no RocksDB files or
     * per-commit fsync. The clocks are keyed by car like the windows, so they move with the car's partition. The
     * windows change on every record and reach their changelog once per commit ({@link WriteBackStore}); the
     * clocks change rarely and keep Kafka's cache.
     *
     * @param history              where the closed windows are kept for the dashboard
     * @param drivingRawPartitions partitions of the raw driving topic (-1: not known); with other than one, the inline
     *                             windows take only records keyed by their car ({@link LineValidation.InlineWindows})
     */
    static Topology driving(StreamsAppConfig config, AvroSerdes serdes, PipelineCounters counters,
                            WindowHistory history, int drivingRawPartitions) {
        LogTimestamp time = new LogTimestamp(config.zone());
        DrivingLineParser drivingParser = new DrivingLineParser(time);
        String drivingTopic = config.getString(StreamsAppConfig.DRIVING_TOPIC);
        String rejectedTopic = config.getString(StreamsAppConfig.REJECTED_TOPIC);

        Topology topology = new Topology();

        boolean inline = config.overspeedInline();
        LineValidation.InlineWindows inlineWindows = inline
                ? new LineValidation.InlineWindows(WINDOWS, OverSpeedWindows.SET_ASIDE_CHILD, drivingRawPartitions != 1)
                : null;
        topology.addSource("driving-lines", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(),
                        config.getString(StreamsAppConfig.DRIVING_RAW_TOPIC))
                .addProcessor("validate-driving", () -> new LineValidation<>(drivingParser::parse,
                        DrivingRecord::getCarNumber,
                        new LineValidation.Route("driving-records", drivingTopic), inlineWindows,
                        new LineValidation.Route("driving-rejects", rejectedTopic), counters),
                        "driving-lines")
                .addSink("driving-records", drivingTopic, Serdes.String().serializer(), serdes.driving().serializer(),
                        "validate-driving")
                .addSink("driving-rejects", rejectedTopic, Serdes.ByteArray().serializer(),
                        Serdes.ByteArray().serializer(),
                        "validate-driving");

        String windowsParent = "validate-driving";
        if (!inline) {
            windowsParent = "driving-by-car";
            topology.addSource(AutoOffsetReset.earliest(), windowsParent,
                    Serdes.String().deserializer(), serdes.driving().deserializer(), drivingTopic);
        }
        OverSpeedWindows.Settings settings = overSpeedSettings(config);
        StateSize.Store<WindowKey, SpeedWindow> windows = windowsStore();
        StateSize.Store<String, CarClock> clocks = carClocksStore(drivingParser);
        topology.addProcessor(WINDOWS, () -> new OverSpeedWindows(settings, time, counters, history), windowsParent)
                .addStateStore(WriteBackStore.on(Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(windows.name()), windows.keys(), windows.values())), WINDOWS)
                .addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(clocks.name()),
                        clocks.keys(), clocks.values()).withCachingEnabled(), WINDOWS)
                .addSink(OverSpeedWindows.ALERTS_CHILD, config.getString(StreamsAppConfig.OVERSPEED_TOPIC),
                        Serdes.String().serializer(), serdes.alert().serializer(), WINDOWS)
                .addSink(OverSpeedWindows.SET_ASIDE_CHILD, config.getString(StreamsAppConfig.SETASIDE_TOPIC),
                        Serdes.String().serializer(), Serdes.ByteArray().serializer(),
                        inline ? new String[] {WINDOWS, "validate-driving"} : new String[] {WINDOWS});
        return topology;
    }

    /**
     * Every state store of the topology, as {@link StateSize} measures them: the same names and serdes as {@link
     * #driving} gives them (a test checks that none is left out).
     */
    static List<StateSize.Store<?, ?>> stateStores(StreamsAppConfig config) {
        return List.of(windowsStore(), carClocksStore(new DrivingLineParser(new LogTimestamp(config.zone()))));
    }

    /** The open windows, keyed by car and window start. */
    private static StateSize.Store<WindowKey, SpeedWindow> windowsStore() {
        return new StateSize.Store<>(OverSpeedWindows.WINDOWS_STORE, WindowKey.serde(), SpeedWindow.serde(),
                WindowKey::car);
    }

    /** Each car's clock, keyed by car. */
    private static StateSize.Store<String, CarClock> carClocksStore(DrivingLineParser parser) {
        return new StateSize.Store<>(OverSpeedWindows.CAR_CLOCKS_STORE, Serdes.String(), CarClockSerde.serde(parser),
                car -> car);
    }

    /** The over-speed rule's settings, from the app's. */
    static OverSpeedWindows.Settings overSpeedSettings(StreamsAppConfig config) {
        return new OverSpeedWindows.Settings(config.getLong(StreamsAppConfig.WINDOW_MS),
                config.getLong(StreamsAppConfig.GRACE_MS), config.getLong(StreamsAppConfig.FLUSH_INTERVAL_MS),
                config.getDouble(StreamsAppConfig.THRESHOLD_KMH),
                config.eventTime() ? TimeBasis.EVENT_TIME : TimeBasis.PROCESSING_TIME,
                config.getLong(StreamsAppConfig.CLOCK_OUTLIER_MS),
                        config.getInt(StreamsAppConfig.CLOCK_CONFIRM_RECORDS));
    }
}

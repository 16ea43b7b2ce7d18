package dev.smartcar.streams;

import dev.smartcar.avro.CarStatus;
import dev.smartcar.avro.DrivingRecord;
import dev.smartcar.avro.OverSpeedAlert;
import dev.smartcar.avro.TimeBasis;
import dev.smartcar.schemas.log.CarStatusParser;
import dev.smartcar.schemas.log.DrivingLineParser;
import dev.smartcar.schemas.log.LogTimestamp;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/** The app's topology, built from its settings. */
public final class SmartCarTopology {

    private SmartCarTopology() {
    }

    /** The serdes of the three Avro topics. */
    public record AvroSerdes(Serde<CarStatus> status, Serde<DrivingRecord> driving, Serde<OverSpeedAlert> alert) { }

    /**
     * <pre>
     * smartcar.status.raw  ─▶ validate-status  ─┬─▶ smartcar.status    (CarStatus, key = car)
     *                                           └─▶ smartcar.rejected  (original bytes + reason headers)
     * smartcar.driving.raw ─▶ validate-driving ─┬─▶ smartcar.driving   (DrivingRecord, key = car)
     *                                           └─▶ smartcar.rejected
     * smartcar.driving (read back: partitioned by car) ─▶ overspeed-windows ─▶ smartcar.overspeed
     * </pre>
     * Raw lines are read as bytes so a rejected line is forwarded byte for byte. The windows read the keyed
     * topic back instead of repartitioning: it is the same data, already partitioned by car.
     *
     * <p>The window stores are in memory and changelogged: the state is a few open windows per car, restored from
     * the changelog on every start, and it costs no RocksDB files or per-commit fsync.
     */
    public static Topology build(StreamsAppConfig config, AvroSerdes serdes, PipelineCounters counters) {
        LogTimestamp time = new LogTimestamp(config.zone());
        CarStatusParser statusParser = new CarStatusParser(time);
        DrivingLineParser drivingParser = new DrivingLineParser(time);
        String statusTopic = config.getString(StreamsAppConfig.STATUS_TOPIC);
        String drivingTopic = config.getString(StreamsAppConfig.DRIVING_TOPIC);
        String rejectedTopic = config.getString(StreamsAppConfig.REJECTED_TOPIC);
        boolean eventTime = config.eventTime();

        Topology topology = new Topology();

        // Status lines: the garbage filter only.
        topology.addSource("status-lines", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(),
                        config.getString(StreamsAppConfig.STATUS_RAW_TOPIC))
                .addProcessor("validate-status", () -> new LineValidation<>(statusParser::parse, CarStatus::getCarNumber,
                        "status-records", statusTopic, "status-rejects", rejectedTopic, counters), "status-lines")
                .addSink("status-records", statusTopic, Serdes.String().serializer(), serdes.status().serializer(),
                        "validate-status")
                .addSink("status-rejects", rejectedTopic, Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer(),
                        "validate-status");

        // Driving lines: the garbage filter, then the over-speed windows per car.
        topology.addSource("driving-lines", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(),
                        config.getString(StreamsAppConfig.DRIVING_RAW_TOPIC))
                .addProcessor("validate-driving", () -> new LineValidation<>(drivingParser::parse, DrivingRecord::getCarNumber,
                        "driving-records", drivingTopic, "driving-rejects", rejectedTopic, counters), "driving-lines")
                .addSink("driving-records", drivingTopic, Serdes.String().serializer(), serdes.driving().serializer(),
                        "validate-driving")
                .addSink("driving-rejects", rejectedTopic, Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer(),
                        "validate-driving");

        topology.addSource(AutoOffsetReset.earliest(), "driving-by-car",
                        Serdes.String().deserializer(), serdes.driving().deserializer(), drivingTopic)
                .addProcessor("overspeed-windows", () -> new OverSpeedWindows(
                        config.getLong(StreamsAppConfig.WINDOW_MS),
                        config.getLong(StreamsAppConfig.GRACE_MS),
                        config.getLong(StreamsAppConfig.FLUSH_INTERVAL_MS),
                        config.getDouble(StreamsAppConfig.THRESHOLD_KMH),
                        eventTime ? TimeBasis.EVENT_TIME : TimeBasis.PROCESSING_TIME,
                        time, counters), "driving-by-car")
                .addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(OverSpeedWindows.WINDOWS_STORE),
                        WindowKey.serde(), SpeedWindow.serde()).withCachingEnabled(), "overspeed-windows")
                .addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(OverSpeedWindows.CLOCK_STORE),
                        Serdes.String(), Serdes.Long()).withCachingEnabled(), "overspeed-windows")
                .addSink("overspeed-alerts", config.getString(StreamsAppConfig.OVERSPEED_TOPIC),
                        Serdes.String().serializer(), serdes.alert().serializer(), "overspeed-windows");
        return topology;
    }
}

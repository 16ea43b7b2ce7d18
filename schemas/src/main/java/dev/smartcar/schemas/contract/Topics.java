package dev.smartcar.schemas.contract;

import java.util.List;

/**
 * The Kafka topics of the pipeline (docs/contract.md §Topics). Each program can rename a topic through its own
 * setting ({@code smartcar.topic.*} of the streams app, {@code topic}/{@code topics} of the connectors); these are
 * the defaults that every shipped config uses.
 */
public final class Topics {

    /** Raw status lines from the spool-directory source: no key, the line's bytes, source headers. */
    public static final String STATUS_RAW = "smartcar.status.raw";
    /**
     * Raw driving lines from the tail source: key = car number (field {@link #DRIVING_RAW_KEY_FIELD} of the line, the
     * source's {@code key.field}), the line's bytes, source headers.
     */
    public static final String DRIVING_RAW = "smartcar.driving.raw";
    /** Validated status records: key = car number, value = {@code CarStatus} (Avro, Confluent wire format). */
    public static final String STATUS = "smartcar.status";
    /** Validated driving records: key = car number, value = {@code DrivingRecord} (Avro, Confluent wire format). */
    public static final String DRIVING = "smartcar.driving";
    /** Every line that is not a record: no key, the original bytes, headers saying why and where from. */
    public static final String REJECTED = "smartcar.rejected";
    /** Over-speed alerts: key = car number, value = {@code OverSpeedAlert} (Avro, Confluent wire format). */
    public static final String OVERSPEED = "smartcar.overspeed";
    /**
     * Valid driving records the over-speed windows left out (late for their window, or off their car's clock): the
     * original line, key = car number, the reason in headers (docs/contract.md §Per-car clock and set-aside records).
     */
    public static final String SETASIDE = "smartcar.setaside";
    /** Dead letters of the HBase sink (records it cannot turn into a row); a deployment name, not read by code. */
    public static final String HBASE_DLQ = "smartcar.hbase.dlq";

    /** The 1-based field of a driving line that keys {@link #DRIVING_RAW}: the car number. */
    public static final int DRIVING_RAW_KEY_FIELD = 2;

    /** What a topic's records are keyed by. */
    public enum Key { NONE, CAR }

    /**
     * A topic's partitions and key. A topic keyed by car keeps each car's records in one partition, in order, while
     * the consumers share the cars; a topic without a key that needs its lines in order has one partition.
     */
    public record Layout(String topic, int partitions, Key key) { }

    /** Every topic the stack creates (stack/conf/topics.conf), with its partitions and key. */
    public static final List<Layout> LAYOUTS = List.of(
            new Layout(STATUS_RAW, 1, Key.NONE),
            new Layout(DRIVING_RAW, 4, Key.CAR),
            new Layout(STATUS, 4, Key.CAR),
            new Layout(DRIVING, 4, Key.CAR),
            new Layout(OVERSPEED, 4, Key.CAR),
            new Layout(REJECTED, 1, Key.NONE),
            new Layout(SETASIDE, 1, Key.CAR),
            new Layout(HBASE_DLQ, 1, Key.CAR));

    /** The six pipeline topics, in the order data flows through them. */
    public static final List<String> PIPELINE = List.of(STATUS_RAW, DRIVING_RAW, STATUS, DRIVING, REJECTED, OVERSPEED);

    /** The topics whose values are Avro records registered in the schema registry. */
    public static final List<String> AVRO = List.of(STATUS, DRIVING, OVERSPEED);

    private Topics() {
    }

    /** The layout of one of {@link #LAYOUTS}' topics. */
    public static Layout layout(String topic) {
        return LAYOUTS.stream().filter(l -> l.topic().equals(topic)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no contract topic " + topic));
    }

    /** The registry subject of a topic's values, Confluent's TopicNameStrategy: {@code <topic>-value}. */
    public static String valueSubject(String topic) {
        return topic + "-value";
    }
}

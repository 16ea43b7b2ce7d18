package dev.smartcar.streams.overspeed;

import dev.smartcar.avro.DrivingRecord;
import java.util.List;
import org.apache.kafka.common.header.Headers;

/**
 * What a car's clock store keeps of {@link CarWindows}: the latest event time accepted on the car's current timeline,
 * the bound below which its windows are closed, where the timeline began, the closed spans of its earlier timelines,
 * and the records held while the car's next records decide whether their time is the car's new time. Keyed by car
 * and changelogged ({@link CarClockSerde}), so it survives restarts and moves with the car's partition.
 *
 * <p>Written only when something that cannot be recomputed changes (a record held or set aside, a re-sync, an
 * earlier timeline start, a wall-clock close), not on every record: after a restart the clock is the latest of the
 * stored one and the last record of the car's open windows, and the closed bound follows from it.
 *
 * @param time         {@link #NO_CLOCK} for a car with no clock yet
 * @param timelineFrom {@link #NO_WINDOW} before the timeline's first window
 * @param closedSpans  [from, to) pairs: windows of earlier timelines, all closed, oldest first
 */
public record CarClock(long time, long closedBefore, long timelineFrom, long[] closedSpans, List<HeldRecord> held) {

    public static final long NO_CLOCK = Long.MIN_VALUE;
    public static final long NO_WINDOW = Long.MAX_VALUE;
    static final long[] NO_SPANS = new long[0];

    /** A car that has sent nothing yet. */
    static final CarClock NONE = new CarClock(NO_CLOCK, Long.MIN_VALUE, NO_WINDOW, NO_SPANS, List.of());

    /** A record held while the car's next records decide about its time; headers include its origin. */
    public record HeldRecord(DrivingRecord record, long eventTime, long timestamp, Headers headers) { }

    public boolean hasClock() {
        return time != NO_CLOCK;
    }
}

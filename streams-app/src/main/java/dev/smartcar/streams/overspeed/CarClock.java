package dev.smartcar.streams.overspeed;

import dev.smartcar.avro.DrivingRecord;
import dev.smartcar.schemas.log.DrivingLineParser;
import dev.smartcar.schemas.log.ParseResult;
import dev.smartcar.schemas.rule.OverSpeedReference;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * One car's clock for the over-speed windows (the rule is {@link OverSpeedWindows}'s): the latest event time
 * accepted for the car, the bound below which its windows are closed, where its current timeline began, the
 * closed spans of its earlier timelines, and the records held while the car's next records decide whether their
 * time is the car's new time. These are kept in a changelogged store keyed by car, so they survive restarts and
 * move with the car's partition.
 *
 * <p>The store is written only when something that cannot be recomputed changes (a record held or set aside, a
 * re-sync, an earlier timeline start, a wall-clock close), not on every record: after a restart the clock is the
 * latest of the stored one and the last record of the car's open windows, and the closed bound follows from it.
 * The open windows and the wall-clock time of the last record live in memory only (the windows have their own
 * store; idle time counts from the task's start after a restart, never across it).
 */
public final class CarClock {

    public static final long NO_CLOCK = Long.MIN_VALUE;
    static final long NO_WINDOW = Long.MAX_VALUE;
    static final long NOT_SEEN = Long.MIN_VALUE;
    private static final byte FORMAT_VERSION = 1;
    private static final long[] NO_SPANS = new long[0];

    /** A record held while the car's next records decide about its time; headers include its origin. */
    record HeldRecord(DrivingRecord record, long eventTime, long timestamp, Headers headers) { }

    // Kept in the store.
    /** The latest event time accepted for the car on its current timeline. */
    public long time = NO_CLOCK;
    /** Every window of the car that ends at or before this is closed. */
    long closedBefore = Long.MIN_VALUE;
    /** Start of the earliest window the current timeline accepted a record into. */
    long timelineFrom = NO_WINDOW;
    /** [from, to) pairs: windows of earlier timelines, all closed, oldest first. */
    long[] closedSpans = NO_SPANS;
    public final List<HeldRecord> held = new ArrayList<>(0);

    // Memory only.
    long heldClock = NO_CLOCK;
    long wallAtLastRecord = NOT_SEEN;
    long earliestOpenEnd = Long.MAX_VALUE;
    /** Something the store must get before the commit. */
    boolean dirty;
    private long[] openStarts = new long[2];
    private SpeedWindow[] openWindows = new SpeedWindow[2];
    private int openCount;

    public boolean hasClock() {
        return time != NO_CLOCK;
    }

    int openCount() {
        return openCount;
    }

    long openStart(int i) {
        return openStarts[i];
    }

    SpeedWindow openWindow(int i) {
        return openWindows[i];
    }

    /** The open window starting at {@code start}, or null. A car has one to three open windows: a scan is cheapest. */
    SpeedWindow window(long start) {
        for (int i = 0; i < openCount; i++) {
            if (openStarts[i] == start) {
                return openWindows[i];
            }
        }
        return null;
    }

    void putWindow(long start, SpeedWindow window, long windowMs) {
        for (int i = 0; i < openCount; i++) {
            if (openStarts[i] == start) {
                openWindows[i] = window;
                return;
            }
        }
        if (openCount == openStarts.length) {
            openStarts = Arrays.copyOf(openStarts, openCount * 2);
            openWindows = Arrays.copyOf(openWindows, openCount * 2);
        }
        openStarts[openCount] = start;
        openWindows[openCount++] = window;
        earliestOpenEnd = Math.min(earliestOpenEnd, start + windowMs);
    }

    /** Removes the open window at index {@code i}; the last one takes its place. */
    void removeWindowAt(int i) {
        openCount--;
        openStarts[i] = openStarts[openCount];
        openWindows[i] = openWindows[openCount];
        openWindows[openCount] = null;
    }

    void recomputeEarliestOpenEnd(long windowMs) {
        long earliest = Long.MAX_VALUE;
        for (int i = 0; i < openCount; i++) {
            earliest = Math.min(earliest, openStarts[i] + windowMs);
        }
        earliestOpenEnd = earliest;
    }

    long latestOpenRecord() {
        long latest = NO_CLOCK;
        for (int i = 0; i < openCount; i++) {
            latest = Math.max(latest, openWindows[i].lastDate());
        }
        return latest;
    }

    long earliestOpenStart() {
        long earliest = NO_WINDOW;
        for (int i = 0; i < openCount; i++) {
            earliest = Math.min(earliest, openStarts[i]);
        }
        return earliest;
    }

    boolean inClosedSpan(long start, long windowMs) {
        for (int i = 0; i < closedSpans.length; i += 2) {
            if (start >= closedSpans[i] && start + windowMs <= closedSpans[i + 1]) {
                return true;
            }
        }
        return false;
    }

    /** Keeps the newest {@link OverSpeedReference#CLOSED_SPANS_KEPT} spans, as the reference does. */
    void addClosedSpan(long from, long to) {
        int kept = Math.min(closedSpans.length / 2, OverSpeedReference.CLOSED_SPANS_KEPT - 1);
        long[] spans = new long[kept * 2 + 2];
        System.arraycopy(closedSpans, closedSpans.length - kept * 2, spans, 0, kept * 2);
        spans[kept * 2] = from;
        spans[kept * 2 + 1] = to;
        closedSpans = spans;
    }

    void hold(HeldRecord record) {
        held.add(record);
        heldClock = Math.max(heldClock, record.eventTime());
    }

    List<HeldRecord> takeHeld() {
        List<HeldRecord> taken = new ArrayList<>(held);
        held.clear();
        heldClock = NO_CLOCK;
        return taken;
    }

    public static Serde<CarClock> serde(DrivingLineParser parser) {
        return Serdes.serdeFrom(
                (topic, clock) -> clock == null ? null : write(clock),
                (topic, bytes) -> bytes == null ? null : read(topic, bytes, parser));
    }

    private static byte[] write(CarClock c) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_VERSION);
            out.writeLong(c.time);
            out.writeLong(c.closedBefore);
            out.writeLong(c.timelineFrom);
            out.writeInt(c.closedSpans.length / 2);
            for (long bound : c.closedSpans) {
                out.writeLong(bound);
            }
            out.writeInt(c.held.size());
            for (HeldRecord h : c.held) {
                // The line, not the Avro record: it is what the set-aside topic gets, and it parses back exactly.
                out.writeUTF(DrivingLineText.of(h.record()));
                out.writeLong(h.timestamp());
                Header[] headers = h.headers().toArray();
                out.writeInt(headers.length);
                for (Header header : headers) {
                    out.writeUTF(header.key());
                    byte[] value = header.value();
                    out.writeInt(value == null ? -1 : value.length);
                    if (value != null) {
                        out.write(value);
                    }
                }
            }
        } catch (IOException e) {
            throw new SerializationException("cannot write a car clock", e);
        }
        return bytes.toByteArray();
    }

    private static CarClock read(String topic, byte[] bytes, DrivingLineParser parser) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != FORMAT_VERSION) {
                throw new SerializationException("car clock on " + topic + " has format " + version
                        + ", expected " + FORMAT_VERSION);
            }
            CarClock c = new CarClock();
            c.time = in.readLong();
            c.closedBefore = in.readLong();
            c.timelineFrom = in.readLong();
            int spans = in.readInt();
            c.closedSpans = spans == 0 ? NO_SPANS : new long[spans * 2];
            for (int i = 0; i < spans * 2; i++) {
                c.closedSpans[i] = in.readLong();
            }
            int held = in.readInt();
            for (int i = 0; i < held; i++) {
                String line = in.readUTF();
                long timestamp = in.readLong();
                int headerCount = in.readInt();
                RecordHeaders headers = new RecordHeaders();
                for (int h = 0; h < headerCount; h++) {
                    String key = in.readUTF();
                    int length = in.readInt();
                    byte[] value = length < 0 ? null : in.readNBytes(length);
                    headers.add(key, value);
                }
                ParseResult<DrivingRecord> parsed = parser.parse(line.getBytes(StandardCharsets.US_ASCII));
                if (!parsed.isValid()) {
                    throw new SerializationException("held line '" + line + "' of a car clock on " + topic
                            + " does not parse: " + parsed.rejection().message());
                }
                DrivingRecord record = parsed.record();
                c.hold(new HeldRecord(record, record.getDate().toEpochMilli(), timestamp, headers));
            }
            return c;
        } catch (IOException e) {
            throw new SerializationException("cannot read a car clock of " + bytes.length + " bytes on " + topic, e);
        }
    }
}

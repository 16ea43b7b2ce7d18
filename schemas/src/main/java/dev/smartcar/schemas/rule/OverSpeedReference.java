package dev.smartcar.schemas.rule;

import dev.smartcar.schemas.contract.SetAsideReason;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The over-speed rule computed the plainest way, to check the streams app against. Feed each car's records in the
 * order that car's records arrive ({@link #add}); other cars' records may be interleaved in any way, they change
 * nothing for this car. Per car:
 * <ul>
 *   <li><b>Windows</b>: tumbling, {@code windowMillis} long, aligned to the epoch, on the records' own time; a window
 *       alerts when its average speed is strictly above {@code threshold}.</li>
 *   <li><b>The car's clock</b>: the latest time accepted for the car. A record within {@code outlierMillis} of it
 *       is accepted: the clock moves to it if it is later, and every window of the car that ends at or before
 *       clock − {@code graceMillis} is closed. An accepted record whose window is closed is set aside as
 *       {@link #LATE}.</li>
 *   <li><b>Suspects</b>: a record further than {@code outlierMillis} from the car's clock (or any record of a car
 *       with no clock yet) is held. Held records that agree with each other (each within {@code outlierMillis}
 *       of the latest held one) re-sync the car once there are {@code confirmRecords} of them: the car's open
 *       windows close, the span of windows its old timeline covered stays closed (so no window alerts twice),
 *       and the held records are accepted in order on the new timeline. A record that agrees with the car's
 *       clock, or with neither the clock nor the held records, sets the held ones aside as
 *       {@link #CLOCK_OUTLIER}; so does the end of the input.</li>
 * </ul>
 * No wall clock: compare with a run whose input ended and whose windows all closed. Every record ends up either
 * in a window or set aside: {@code windowedRecords() + setAsideTotal()} = records added. Memory grows with cars and
 * alerts, not with records or quiet windows: a window is judged when its car's clock closes it (no record can reach
 * it after that) and kept only if it alerts. Per car about 400 bytes and its open windows (the grace over the window
 * length plus one or two: 3-4 at the pilot's settings, about 100 bytes each); per alert about 80 bytes.
 */
public final class OverSpeedReference {

    /** Reason: the record's window had already closed on its car's clock. */
    public static final String LATE = SetAsideReason.LATE.code();
    /** Reason: the record was far from its car's clock and the car's next records did not confirm its time. */
    public static final String CLOCK_OUTLIER = SetAsideReason.CLOCK_OUTLIER.code();
    /** How many earlier timelines a car keeps the closed span of (the streams app keeps as many). */
    public static final int CLOSED_SPANS_KEPT = 16;

    public static final long PILOT_WINDOW_MILLIS = 30_000;
    public static final double PILOT_THRESHOLD = 80.0;
    public static final long PILOT_GRACE_MILLIS = 60_000;
    public static final long PILOT_OUTLIER_MILLIS = 600_000;
    public static final int PILOT_CONFIRM_RECORDS = 3;

    /** One window of one car that broke the rule. */
    public record Window(String carNumber, long windowStart, long windowEnd, int count, long speedSum, int maxSpeed) {
        public double averageSpeed() {
            return (double) speedSum / count;
        }
    }

    private static final long NO_CLOCK = Long.MIN_VALUE;
    private static final long NO_WINDOW = Long.MAX_VALUE;

    /** One car: its clock, its closed bounds, its held records and its windows on the current timeline. */
    private static final class Car {
        long clock = NO_CLOCK;
        long closedBefore = Long.MIN_VALUE;
        long timelineFrom = NO_WINDOW;
        final ArrayDeque<long[]> closedSpans = new ArrayDeque<>();
        final List<long[]> held = new ArrayList<>();
        long heldClock = NO_CLOCK;
        final Map<Long, long[]> windows = new HashMap<>();
    }

    private final long windowMillis;
    private final double threshold;
    private final long graceMillis;
    private final long outlierMillis;
    private final int confirmRecords;
    private final Map<String, Car> cars = new HashMap<>();
    private final List<Window> finished = new ArrayList<>();
    private final Map<String, Long> setAside = new TreeMap<>();
    private long windowed;
    private long resyncs;
    private Consumer<Window> closedByClock = w -> { };
    private boolean ended;

    public OverSpeedReference(long windowMillis, double threshold, long graceMillis, long outlierMillis,
                              int confirmRecords) {
        if (windowMillis <= 0) {
            throw new IllegalArgumentException("windowMillis must be positive, was " + windowMillis);
        }
        if (graceMillis < 0) {
            throw new IllegalArgumentException("graceMillis must be 0 or more, was " + graceMillis);
        }
        if (outlierMillis <= graceMillis) {
            throw new IllegalArgumentException("outlierMillis must be more than graceMillis (" + graceMillis + "), was "
                    + outlierMillis);
        }
        if (confirmRecords < 1) {
            throw new IllegalArgumentException("confirmRecords must be 1 or more, was " + confirmRecords);
        }
        this.windowMillis = windowMillis;
        this.threshold = threshold;
        this.graceMillis = graceMillis;
        this.outlierMillis = outlierMillis;
        this.confirmRecords = confirmRecords;
    }

    /** The pilot's rule with the streams app's default settings: 30 s, above 80 km/h, grace 60 s, 10 min, 3 records. */
    public static OverSpeedReference pilot() {
        return new OverSpeedReference(PILOT_WINDOW_MILLIS, PILOT_THRESHOLD, PILOT_GRACE_MILLIS, PILOT_OUTLIER_MILLIS,
                PILOT_CONFIRM_RECORDS);
    }

    /** One valid record; a car's records must come in the order they arrive. */
    public void add(String carNumber, long epochMillis, int speed) {
        if (ended) {
            throw new IllegalStateException("the input has ended (alerts or counts were read)");
        }
        Car car = cars.computeIfAbsent(carNumber, c -> new Car());
        if (car.clock != NO_CLOCK && Math.abs(epochMillis - car.clock) <= outlierMillis) {
            setAsideHeld(car);
            accept(carNumber, car, epochMillis, speed);
            return;
        }
        if (!car.held.isEmpty() && Math.abs(epochMillis - car.heldClock) > outlierMillis) {
            setAsideHeld(car);
        }
        car.held.add(new long[] {epochMillis, speed});
        car.heldClock = Math.max(car.heldClock, epochMillis);
        if (car.held.size() >= confirmRecords) {
            resync(carNumber, car);
        }
    }

    private void accept(String carNumber, Car car, long t, int speed) {
        if (t > car.clock) {
            car.clock = t;
            long closed = Math.floorDiv(t - graceMillis, windowMillis) * windowMillis;
            if (closed > car.closedBefore) {
                car.closedBefore = closed;
                judgeClosed(carNumber, car);
            }
        }
        long start = Math.floorDiv(t, windowMillis) * windowMillis;
        if (start + windowMillis <= car.closedBefore || inClosedSpan(car, start)) {
            setAside.merge(LATE, 1L, Long::sum);
            return;
        }
        car.timelineFrom = Math.min(car.timelineFrom, start);
        long[] w = car.windows.computeIfAbsent(start, s -> new long[3]);
        w[0]++;
        w[1] += speed;
        w[2] = Math.max(w[2], speed);
        windowed++;
    }

    /**
     * Calls {@code listener} with each alerting window at the moment the car's clock closes it: the record just
     * added is the one that closes it, so a live check can time the app's alert from there. Not called for windows
     * a re-sync or the end of the input closes.
     */
    public void onAlertClosedByClock(Consumer<Window> listener) {
        this.closedByClock = listener;
    }

    /** The car's windows its clock has closed: judged now, as no record can reach them any more. */
    private void judgeClosed(String carNumber, Car car) {
        car.windows.entrySet().removeIf(e -> {
            if (e.getKey() + windowMillis > car.closedBefore) {
                return false;
            }
            Window alert = judge(carNumber, e.getKey(), e.getValue());
            if (alert != null) {
                closedByClock.accept(alert);
            }
            return true;
        });
    }

    /**
     * Keeps a finished window if it alerts, and returns it then; a quiet one is only counted
     * ({@link #windowedRecords()}) and gives null.
     */
    private Window judge(String carNumber, long start, long[] w) {
        Window window = window(carNumber, start, w);
        if (alerts(window)) {
            finished.add(window);
            return window;
        }
        return null;
    }

    private boolean alerts(Window w) {
        // sum > threshold * count, in exact arithmetic when the threshold is whole
        return (double) w.speedSum() / w.count() > threshold;
    }

    private boolean inClosedSpan(Car car, long start) {
        for (long[] span : car.closedSpans) {
            if (start >= span[0] && start + windowMillis <= span[1]) {
                return true;
            }
        }
        return false;
    }

    private void resync(String carNumber, Car car) {
        if (car.clock != NO_CLOCK) {
            resyncs++;
            if (car.timelineFrom != NO_WINDOW) {
                long to = Math.max(car.closedBefore, Math.floorDiv(car.clock, windowMillis) * windowMillis
                        + windowMillis);
                car.closedSpans.addLast(new long[] {car.timelineFrom, to});
                if (car.closedSpans.size() > CLOSED_SPANS_KEPT) {
                    car.closedSpans.removeFirst();
                }
            }
            car.windows.forEach((start, w) -> judge(carNumber, start, w));
            car.windows.clear();
        }
        car.clock = NO_CLOCK;
        car.closedBefore = Long.MIN_VALUE;
        car.timelineFrom = NO_WINDOW;
        List<long[]> held = new ArrayList<>(car.held);
        car.held.clear();
        car.heldClock = NO_CLOCK;
        for (long[] r : held) {
            accept(carNumber, car, r[0], (int) r[1]);
        }
    }

    private void setAsideHeld(Car car) {
        if (!car.held.isEmpty()) {
            setAside.merge(CLOCK_OUTLIER, (long) car.held.size(), Long::sum);
            car.held.clear();
            car.heldClock = NO_CLOCK;
        }
    }

    private Window window(String car, long start, long[] w) {
        return new Window(car, start, start + windowMillis, (int) w[0], w[1], (int) w[2]);
    }

    /** Ends the input: records still held were not confirmed and are set aside. Later calls change nothing. */
    public void finish() {
        if (!ended) {
            ended = true;
            cars.values().forEach(this::setAsideHeld);
        }
    }

    /** The windows that alert once the input has ended, ordered by window start, then car. */
    public List<Window> alerts() {
        finish();
        List<Window> all = new ArrayList<>(finished);
        cars.forEach((car, c) -> c.windows.forEach((start, w) -> all.add(window(car, start, w))));
        List<Window> out = new ArrayList<>();
        for (Window w : all) {
            if (alerts(w)) {
                out.add(w);
            }
        }
        out.sort(Comparator.comparingLong(Window::windowStart).thenComparing(Window::carNumber));
        return out;
    }

    /** Records counted in a window, once the input has ended. */
    public long windowedRecords() {
        finish();
        return windowed;
    }

    /** Records set aside, by reason ({@link #LATE}, {@link #CLOCK_OUTLIER}), once the input has ended. */
    public Map<String, Long> setAsideByReason() {
        finish();
        return new TreeMap<>(setAside);
    }

    public long setAsideTotal() {
        return setAsideByReason().values().stream().mapToLong(Long::longValue).sum();
    }

    /** Windows held now: every car's open ones and the alerting ones judged (what the memory grows with). */
    int windowsHeld() {
        return finished.size() + cars.values().stream().mapToInt(c -> c.windows.size()).sum();
    }

    /** How many times a car that had a clock moved to a new timeline. */
    public long clockResyncs() {
        return resyncs;
    }
}

package dev.smartcar.streams.overspeed;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last few closed windows of each car, as the over-speed windows close them, for the dashboard's "speed over
 * time". The window stores hold only open windows (a closed one is deleted in the transaction that alerts), so
 * the history is kept beside them: in memory, on the instance that closed the windows, a handful per car. It is
 * not changelogged on purpose: it is a view for people, not state the rule depends on, and a changelog would add
 * a write per close to the exactly-once path. So after a car's partition moves, its new owner's history starts
 * from the windows it closes itself.
 */
public final class WindowHistory {

    /** Closed windows kept per car: 20 × 30 s = the last 10 minutes of event time. */
    static final int PER_CAR = 20;

    /** One closed window. */
    public record Closed(long start, long end, double averageSpeed, int recordCount, int maxSpeed, boolean alerted) { }

    /** A history that keeps nothing (tests and tools that build the topology without a dashboard). */
    static final WindowHistory NONE = new WindowHistory(0);

    private final int perCar;
    private final Map<String, Deque<Closed>> cars = new ConcurrentHashMap<>();

    public WindowHistory() {
        this(PER_CAR);
    }

    public WindowHistory(int perCar) {
        this.perCar = perCar;
    }

    /** Called by the stream thread when a car's window closes. */
    void closed(String car, long start, long windowMs, SpeedWindow window, boolean alerted) {
        if (perCar == 0) {
            return;
        }
        Deque<Closed> closed = cars.computeIfAbsent(car, c -> new ArrayDeque<>(perCar));
        synchronized (closed) {
            if (closed.size() == perCar) {
                closed.removeFirst();
            }
            closed.addLast(new Closed(start, start + windowMs, window.average(), window.count(), window.maxSpeed(),
                    alerted));
        }
    }

    /** The car's closed windows, oldest first (empty if none closed here). */
    public List<Closed> of(String car) {
        Deque<Closed> closed = cars.get(car);
        if (closed == null) {
            return List.of();
        }
        synchronized (closed) {
            return List.copyOf(closed);
        }
    }

    /** The latest closed window of every car known here. */
    public Map<String, Closed> latest() {
        Map<String, Closed> latest = new java.util.TreeMap<>();
        cars.forEach((car, closed) -> {
            synchronized (closed) {
                if (!closed.isEmpty()) {
                    latest.put(car, closed.peekLast());
                }
            }
        });
        return latest;
    }
}

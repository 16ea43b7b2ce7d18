package dev.smartcar.schemas.rule;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The over-speed rule computed the plainest way, to check the streams app against: per car, tumbling windows of
 * {@code windowMillis} aligned to the epoch on the records' own timestamps; a window alerts when its average speed
 * is strictly above {@code threshold}. Every record counts (no grace, no lateness): compare with a run whose grace
 * kept every record. Not for production: it holds every window in memory.
 */
public final class OverSpeedReference {

    /** One window of one car that broke the rule. */
    public record Window(String carNumber, long windowStart, long windowEnd, int count, long speedSum, int maxSpeed) {
        public double averageSpeed() {
            return (double) speedSum / count;
        }
    }

    private final long windowMillis;
    private final double threshold;
    private final Map<String, Map<Long, long[]>> windows = new HashMap<>();

    public OverSpeedReference(long windowMillis, double threshold) {
        if (windowMillis <= 0) {
            throw new IllegalArgumentException("windowMillis must be positive, was " + windowMillis);
        }
        this.windowMillis = windowMillis;
        this.threshold = threshold;
    }

    /** The pilot's rule: 30 s windows, average strictly above 80 km/h. */
    public static OverSpeedReference pilot() {
        return new OverSpeedReference(30_000, 80.0);
    }

    public void add(String carNumber, long epochMillis, int speed) {
        long start = Math.floorDiv(epochMillis, windowMillis) * windowMillis;
        long[] w = windows.computeIfAbsent(carNumber, c -> new HashMap<>()).computeIfAbsent(start, s -> new long[3]);
        w[0]++;
        w[1] += speed;
        w[2] = Math.max(w[2], speed);
    }

    /** The windows that alert, ordered by window start, then car. */
    public List<Window> alerts() {
        List<Window> out = new ArrayList<>();
        windows.forEach((car, byStart) -> byStart.forEach((start, w) -> {
            // sum > threshold * count, in exact arithmetic when the threshold is whole
            if ((double) w[1] / w[0] > threshold) {
                out.add(new Window(car, start, start + windowMillis, (int) w[0], w[1], (int) w[2]));
            }
        }));
        out.sort(Comparator.comparingLong(Window::windowStart).thenComparing(Window::carNumber));
        return out;
    }
}

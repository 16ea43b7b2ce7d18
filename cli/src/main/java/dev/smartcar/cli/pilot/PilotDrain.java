package dev.smartcar.cli.pilot;

import java.time.Duration;
import java.util.Set;

/**
 * Waits, after the writers end, until the pipeline has settled: the sink has committed up to the end, the gauges
 * stopped moving for 3 s, and every alert and set-aside record the recomputation expects has arrived — or, when
 * they have not, until the last windows had time to close ({@code --close-wait} after the writers ended and after
 * the last record reached the app, whichever is later: a car's windows close a grace after its last record
 * arrives, and a collector that was down delivers the last records late) and nothing moved for 5 s.
 * Bounded by {@code --drain-timeout}; a server away meanwhile only postpones it.
 */
final class PilotDrain {

    private final PilotGauges gauges;
    private final PilotTopics topics;
    private final OutageWatch watch;
    private final ProgressLine progress;
    private final PauseWatch pauses;

    PilotDrain(PilotGauges gauges, PilotTopics topics, OutageWatch watch, ProgressLine progress, PauseWatch pauses) {
        this.pauses = pauses;
        this.gauges = gauges;
        this.topics = topics;
        this.watch = watch;
        this.progress = progress;
    }


    /** @return whether the pipeline settled before the timeout */
    boolean await(Duration closeWait, Duration timeout, Set<String> alertDays, int expectedAlerts,
                  long expectedSetAside, long written, long t0) throws InterruptedException {
        long doneAt = System.nanoTime();
        ProgressLine.Gauges last = null;
        int stableTicks = 0;
        long lastArrival = doneAt;
        long lastChange = doneAt;
        while (System.nanoTime() - doneAt < timeout.toNanos()) {
            ProgressLine.Gauges g = watch.read(() -> {
                topics.poll(PilotTopics.LIVE_READ, () -> { });
                return gauges.read(alertDays, topics, written);
            });
            long now = System.nanoTime();
            pauses.sample(now, g, false);
            if (g == null) {
                stableTicks = 0;   // a server is away: nothing counts as settled until it is back
                last = null;
                lastChange = now;
                Thread.sleep(1_000);
                continue;
            }
            progress.show("draining", PilotCommand.elapsed(t0), g);
            if (g.equals(last)) {
                stableTicks++;
            } else {
                stableTicks = 0;
                lastChange = now;
            }
            if (last != null && (g.valid() != last.valid() || g.rejected() != last.rejected())) {
                lastArrival = System.nanoTime();
            }
            last = g;
            long distinctTopicAlerts = topics.alertMembers().keySet().stream()
                    .filter(m -> m.length() >= 14 && alertDays.contains(m.substring(m.length() - 14, m.length() - 6)))
                    .count();
            // Set-aside records count too: a held record is decided when its car's next record comes, or after the
            // car's silence for the grace.
            boolean alertsComplete = g.alerts() == expectedAlerts && distinctTopicAlerts == expectedAlerts
                    && topics.setAside() == expectedSetAside;
            boolean waitedForWindows = System.nanoTime() - lastArrival >= closeWait.toNanos();
            // The sink's offsets are read on their own thread: only a read begun after the gauges last moved counts.
            PilotGauges.Sink sink = gauges.sink();
            boolean sinkCaughtUp = sink.caughtUp() && sink.startedNanos() >= lastChange;
            if (sinkCaughtUp && stableTicks >= 3 && (alertsComplete || waitedForWindows
                    && stableTicks >= 5)) {
                return true;
            }
            Thread.sleep(1_000);
        }
        return false;
    }
}

package dev.smartcar.cli.pilot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class PauseWatchTest {

    private static final long S = 1_000_000_000L;

    private static ProgressLine.Gauges g(long collected, long valid, long alerts) {
        return new ProgressLine.Gauges(0, collected, valid, 0, 0, alerts);
    }

    @Test
    void theLongestStillStretchOfEachGaugeCountsUnreachableSamplesAsNoProgress() {
        PauseWatch w = new PauseWatch();
        w.sample(0, null);              // before the first answer: not counted
        w.sample(1 * S, g(10, 5, 0));
        w.sample(2 * S, g(20, 10, 0));
        w.sample(3 * S, null);          // the broker is away
        w.sample(4 * S, null);
        w.sample(5 * S, g(20, 10, 1));  // answers again, nothing moved yet
        w.sample(6 * S, g(30, 20, 1));
        w.sample(7 * S, g(40, 30, 1));
        assertEquals(4_000, w.longestMillis(0));
        assertEquals(4_000, w.longestMillis(1));
        assertEquals(4_000, w.longestMillis(2));   // 0 from 1 s to 5 s, then 1 from 5 s to 7 s
        StringWriter text = new StringWriter();
        w.print(new PrintWriter(text, true));
        assertEquals("longest pause while the drivers wrote (no progress, sampled every second): collection 4 s,"
                + " valid records 4 s, alerts in Redis 4 s", text.toString().strip());
    }

    @Test
    void aGaugeThatMovesEverySecondPausesOneSecond() {
        PauseWatch w = new PauseWatch();
        for (int i = 0; i < 5; i++) {
            w.sample(i * S, g(i, i, i));
        }
        assertEquals(1_000, w.longestMillis(0));
    }
}

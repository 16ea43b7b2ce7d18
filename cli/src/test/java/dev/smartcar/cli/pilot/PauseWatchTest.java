package dev.smartcar.cli.pilot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PauseWatchTest {

    private static final long S = 1_000_000_000L;

    private static ProgressLine.Gauges g(long collected, long valid, long alerts) {
        return new ProgressLine.Gauges(0, collected, valid, 0, 0, alerts);
    }

    @Test
    void aStallEndsWhenTheGaugeMovesAgainAndUnreachableSamplesAreNoProgress() throws Exception {
        PauseWatch w = new PauseWatch(0, null);
        w.sample(0, null, true);                // before the first answer: not counted
        w.sample(1 * S, g(10, 5, 0), true);
        w.sample(2 * S, g(20, 10, 0), true);
        w.sample(3 * S, null, true);            // the broker is away
        w.sample(4 * S, null, true);
        w.sample(5 * S, g(20, 10, 1), true);    // answers again, only an alert moved
        w.sample(6 * S, g(30, 20, 1), true);
        w.sample(7 * S, g(40, 30, 1), true);
        w.sample(9 * S, g(50, 40, 2), true);    // the next alert
        assertEquals(4_000, w.longestMillis(0));   // 20 from 2 s to 6 s
        assertEquals(4_000, w.longestMillis(1));
        assertEquals(4_000, w.longestMillis(2));   // 1 from 5 s to 9 s; 0 until 5 s was the run's start, not a pause
        StringWriter text = new StringWriter();
        w.print(new PrintWriter(text, true));
        assertEquals("longest pause (no progress, sampled every second; alerts while the drivers wrote): collection"
                + " 4 s (from 00:02), valid records 4 s (from 00:02), alerts in Redis 4 s (from 00:05)",
                text.toString().strip());
    }

    @Test
    void aStallThatOutlastsTheDriversEndsWithTheCatchUpWhileTheStillTimeAtTheEndIsNoPause() throws Exception {
        PauseWatch w = new PauseWatch(0, null);
        w.sample(0, g(0, 0, 0), true);
        w.sample(1 * S, g(10, 10, 1), true);
        w.sample(2 * S, g(10, 10, 1), false);   // the drivers are done, two nodes of three still down
        w.sample(30 * S, g(10, 10, 1), false);
        w.sample(31 * S, g(50, 50, 2), false);  // back: the catch-up, and the windows closing after the drive
        for (int s = 32; s < 200; s++) {
            w.sample(s * S, g(50, 50, 2), false);
        }
        assertEquals(30_000, w.longestMillis(0));
        assertEquals(30_000, w.longestMillis(1));
        assertEquals(0, w.longestMillis(2));   // the alert after the drive is the windows closing, not a pause
    }

    @Test
    void theTimelineHasEveryAnsweredSampleAfterTheFirstAsCsv(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("t.csv");
        PauseWatch w = new PauseWatch(0, csv);
        w.sample(1 * S, g(10, 5, 0), true);     // the first answer is the baseline
        w.sample(2 * S, null, true);            // unreachable: no line, so the gap shows
        w.sample(3 * S, g(20, 10, 1), false);
        assertEquals(List.of("seconds,collected,valid,alerts,drivers_writing", "3.000,20,10,1,0"),
                Files.readAllLines(csv));
    }
}

package dev.smartcar.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smartcar.schemas.log.DrivingLineParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a driving run starts, interleaves and stops; and that bad lines never disturb the good ones. */
class DrivingRunTest {

    static final SimulatedDay DAY = new SimulatedDay(2020, 3, 22, "20200322");

    @TempDir
    Path dir;

    private DrivingRun.Totals run(Path file, int cars, long seed, long paceMs, long lines, long durationMs,
                                  double garbage) throws IOException {
        return run(file, new DrivingFleet(cars, seed, DrivingCommand.DEFAULT_DISORDER_SECONDS), paceMs, lines,
                durationMs, garbage);
    }

    private DrivingRun.Totals run(Path file, DrivingFleet fleet, long paceMs, long lines, long durationMs,
                                  double garbage) throws IOException {
        DrivingRun run = new DrivingRun(DAY, fleet, TimeUnit.MILLISECONDS.toNanos(paceMs),
                lines, TimeUnit.MILLISECONDS.toNanos(durationMs), garbage);
        try (DrivingLogFile log = new DrivingLogFile(file, 0, RotationMode.RENAME, 5)) {
            return run.writeTo(log, Progress.silent());
        }
    }

    @Test
    void lineLimitStopsAfterExactlyThatManyDataLines() throws IOException {
        Path file = dir.resolve("d.log");
        DrivingRun.Totals t = run(file, 10, 1L, 0, 1234, 0, 0);
        assertEquals(DrivingRun.End.LINE_LIMIT, t.end());
        assertEquals(1234, t.records());
        assertEquals(10, t.headers());
        assertEquals(1244, LogLines.strings(file).size());
    }

    @Test
    void durationStopsAPacedRunBeforeTheDayEnds() throws IOException {
        Path file = dir.resolve("d.log");
        DrivingRun.Totals t = run(file, 3, 1L, 50, 0, 300, 0);
        assertEquals(DrivingRun.End.DURATION, t.end());
        // A whole day at 50 ms per line would take 36 minutes: the duration, not the day, ended the run.
        assertTrue(t.records() < 3L * DrivingCar.LINES_PER_DAY, "records " + t.records());
        assertEquals(t.records() + t.headers(), LogLines.strings(file).size());
    }

    @Test
    void stopEndsTheRunWithWholeLines() throws Exception {
        Path file = dir.resolve("d.log");
        DrivingRun run = new DrivingRun(DAY, new DrivingFleet(5, 1L), TimeUnit.MILLISECONDS.toNanos(100), 0, 0, 0);
        DrivingRun.Totals[] result = new DrivingRun.Totals[1];
        Thread runner = new Thread(() -> {
            try (DrivingLogFile log = new DrivingLogFile(file, 0, RotationMode.RENAME, 5)) {
                result[0] = run.writeTo(log, Progress.silent());
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        runner.start();
        run.stop();
        runner.join();
        assertEquals(DrivingRun.End.STOPPED, result[0].end());
        assertEquals(result[0].records() + result[0].headers(), LogLines.strings(file).size());
    }

    @Test
    void theFileDependsOnTheSeedNotOnThePace() throws IOException {
        Path fast = dir.resolve("fast.log");
        Path paced = dir.resolve("paced.log");
        run(fast, 20, 12L, 0, 400, 0, 0.1);
        DrivingRun.Totals t = run(paced, 20, 12L, 1, 400, 0, 0.1);
        assertTrue(t.idleWaits() > 0, "the paced run did wait");
        assertEquals(-1, Files.mismatch(fast, paced), "same seed, same bytes, whatever the pace");
    }

    @Test
    void linesOfDifferentCarsAreOutOfOrderByAtMostTheDisorder() throws IOException {
        assertEquals(30, maxLagSeconds(new DrivingFleet(100, 4L, 30)));
        assertEquals(10, maxLagSeconds(new DrivingFleet(100, 4L, 10)));
        assertEquals(0, maxLagSeconds(new DrivingFleet(100, 4L, 0)));
    }

    /** How far, in simulated seconds, a line's timestamp lies behind the latest one before it in the file. */
    private long maxLagSeconds(DrivingFleet fleet) throws IOException {
        Path file = dir.resolve("lag.log");
        Files.deleteIfExists(file);
        run(file, fleet, 0, 20_000, 0, 0);
        long[] latest = {0, 0}; // latest second seen, largest lag
        LogLines.forEach(file, (b, off, len) -> {
            if (b[off] == 'D') {
                return; // header
            }
            String t = new String(b, off + 8, 6, StandardCharsets.US_ASCII);
            int second = Integer.parseInt(t.substring(0, 2)) * 3600 + Integer.parseInt(t.substring(2, 4)) * 60
                    + Integer.parseInt(t.substring(4));
            latest[0] = Math.max(latest[0], second);
            latest[1] = Math.max(latest[1], latest[0] - second);
        });
        return latest[1];
    }

    @Test
    void eachCarsLinesDependOnTheSeedOnlyNotOnTheInterleaving() throws IOException {
        Path file = dir.resolve("d.log");
        run(file, 5, 99L, 0, 1000, 0, 0);
        Map<String, List<String>> inFile = new HashMap<>();
        for (String line : LogLines.strings(file)) {
            if (!line.equals(DrivingLineParser.HEADER)) {
                inFile.computeIfAbsent(line.substring(15, 20), k -> new ArrayList<>()).add(line);
            }
        }
        // The same seed, each car driven alone: the same lines.
        DrivingFleet alone = new DrivingFleet(5, 99L, 0);
        LineBuffer buffer = new LineBuffer(64);
        for (int i = 0; i < alone.size(); i++) {
            DrivingCar car = alone.car(i);
            List<String> lines = inFile.get(new String(car.carNumber(), StandardCharsets.US_ASCII));
            assertTrue(lines.size() > 150, "skewed cars still wrote most lines: " + lines.size());
            List<String> expected = new ArrayList<>();
            for (int n = 0; n < lines.size(); n++) {
                buffer.clear();
                car.appendNextLine(buffer, DAY);
                expected.add(new String(buffer.array(), 0, buffer.length() - 1, StandardCharsets.US_ASCII));
            }
            assertEquals(expected, lines);
        }
    }

    @Test
    void garbageIsInsertedBesideTheDataLinesWithoutChangingThem() throws IOException {
        Path clean = dir.resolve("clean.log");
        Path dirty = dir.resolve("dirty.log");
        run(clean, 10, 7L, 0, 4000, 0, 0);
        DrivingRun.Totals t = run(dirty, 10, 7L, 0, 4000, 0, 0.5);

        DrivingLineParser parser = new DrivingLineParser();
        List<String> cleanRecords = new ArrayList<>();
        LogLines.forEach(clean, (b, off, len) -> {
            if (parser.parse(b, off, len).isValid()) {
                cleanRecords.add(new String(b, off, len, StandardCharsets.US_ASCII));
            }
        });
        List<String> dirtyRecords = new ArrayList<>();
        long[] rejected = {0, 0}; // headers, other
        LogLines.forEach(dirty, (b, off, len) -> {
            if (parser.parse(b, off, len).isValid()) {
                dirtyRecords.add(new String(b, off, len, StandardCharsets.US_ASCII));
            } else if (new String(b, off, len, StandardCharsets.ISO_8859_1).equals(DrivingLineParser.HEADER)) {
                rejected[0]++;
            } else {
                rejected[1]++;
            }
        });
        assertEquals(4000, cleanRecords.size());
        assertEquals(cleanRecords, dirtyRecords, "the good lines are the same, in the same order");
        assertEquals(10, rejected[0]);
        assertEquals(t.garbage(), rejected[1], "every inserted bad line is rejected by the shared parser");
        double share = (double) t.garbage() / t.records();
        assertTrue(share > 0.45 && share < 0.55, "garbage per data line " + share);
        for (Map.Entry<GarbageKind, Long> e : t.garbageByKind().entrySet()) {
            assertTrue(e.getValue() > 0, "kind " + e.getKey() + " produced");
        }
    }
}

package dev.smartcar.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smartcar.avro.OverSpeedAlert;
import dev.smartcar.schemas.log.LogTimestamp;
import dev.smartcar.schemas.rule.OverSpeedReference;
import dev.smartcar.streams.counters.PipelineCounters.Count;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The simulator's driving log for 100 cars over two simulated hours, delivered up to 30 simulated seconds out
 * of order (as the original generator's threads did), through the topology: the alerts must be exactly those of
 * an independent computation over the same lines (the shared reference with the same per-car rule, fed by a
 * plain split of each line in the order they arrive).
 * Both inputs of the windows: the validated records in the same task ({@code inline}) and {@code smartcar.driving}
 * read back ({@code topic}).
 */
class SimulatedFleetTest {

    private static final int CARS = 100;
    private static final int LINES = CARS * 3600;   // 2 s per line: two simulated hours
    private static final int MAX_DISORDER_SECONDS = 30;
    private static final LogTimestamp TIME = LogTimestamp.defaultZone();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "smartcar.overspeed.input={0}")
    @ValueSource(strings = {StreamsAppConfig.INPUT_INLINE, StreamsAppConfig.INPUT_TOPIC})
    void alertsEqualAnIndependentComputationOverTheSameLines(String input) throws Exception {
        List<String> lines = simulatorLines(dir.resolve("SmartCarDriverInfo.log"));
        List<String> delivered = outOfOrder(lines, new Random(20200322));

        OverSpeedReference reference = OverSpeedReference.pilot();
        for (String line : delivered) {
            String[] f = line.split(",");
            if (f.length == 8 && f[0].chars().allMatch(Character::isDigit)) {
                reference.add(f[1], epochMillis(f[0]), Integer.parseInt(f[6]));
            }
        }
        List<OverSpeedReference.Window> expected = reference.alerts();
        assertEquals(LINES, reference.windowedRecords());

        List<OverSpeedAlert> alerts;
        try (TopologyFixture app = new TopologyFixture(dir.resolve("state"),
                Map.of(StreamsAppConfig.OVERSPEED_INPUT, input))) {
            for (String line : delivered) {
                app.drive(line);
            }
            app.advanceWallClock(Duration.ofMinutes(5));
            alerts = app.alerts.readValuesToList();
            assertEquals(0, app.counters.setAsideTotal(), "the default grace keeps every line: "
                    + app.counters.snapshot().get("set_aside_by_reason"));
            assertEquals(LINES, app.counters.count(Count.WINDOWED_RECORDS));
            assertEquals((long) CARS, app.counters.rejectedCount("header-line"));
        }

        assertTrue(expected.size() > 50, "the fleet has speeders: " + expected.size());
        List<String> actual = alerts.stream()
                .sorted(Comparator.comparing((OverSpeedAlert a) ->
                        a.getWindowStart()).thenComparing(OverSpeedAlert::getCarNumber))
                .map(a -> a.getCarNumber() + " " + a.getWindowStart().toEpochMilli() + " n=" + a.getRecordCount()
                        + " sum=" + a.getSpeedSum() + " max=" + a.getMaxSpeed())
                .toList();
        List<String> wanted = expected.stream()
                .map(w -> w.carNumber() + " " + w.windowStart() + " n=" + w.count() + " sum=" + w.speedSum() + " max="
                        + w.maxSpeed())
                .toList();
        assertEquals(wanted, actual);
    }

    /** The simulator run as a child JVM on this test's classpath, as fast as it can write. */
    private List<String> simulatorLines(Path out) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "dev.smartcar.simulator.Simulator", "driving", "--date", "20200322", "--cars", Integer.toString(CARS),
                "--out", out.toString(), "--pace-ms", "0", "--lines", Integer.toString(LINES), "--seed", "42")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("simulator.out").toFile())
                .start();
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new AssertionError("simulator failed: " + Files.readString(dir.resolve("simulator.out")));
        }
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertEquals(LINES + CARS, lines.size(), "data lines plus one header per car");
        return lines;
    }

    /** Each line held back by a random 0-30 simulated seconds, then delivered in that order. */
    private static List<String> outOfOrder(List<String> lines, Random random) {
        record Delayed(long due, int index, String line) { }
        List<Delayed> delayed = new ArrayList<>(lines.size());
        long lastSecond = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.length() > 14 && Character.isDigit(line.charAt(0))) {
                lastSecond = epochMillis(line.substring(0, 14)) / 1000;
            }
            delayed.add(new Delayed(lastSecond + random.nextInt(MAX_DISORDER_SECONDS + 1), i, line));
        }
        delayed.sort(Comparator.comparingLong(Delayed::due).thenComparingInt(Delayed::index));
        return delayed.stream().map(Delayed::line).toList();
    }

    /** The logs' time rule is shared (hour 24 included); what this test checks independently is the window rule. */
    private static long epochMillis(String digits) {
        return TIME.toEpochMillis(digits);
    }

}

package dev.smartcar.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: help, the one-line errors with their exit codes, and the one-line summaries. */
class SimulatorTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return new Simulator(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false).run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** An error is one line on stderr. */
    private String oneLineError() {
        String e = err();
        assertEquals(1, e.lines().count(), "one line: " + e);
        return e;
    }

    @Test
    void toolAndCommandsHaveHelp() {
        assertEquals(0, run("--help"));
        assertTrue(out().contains("status") && out().contains("driving"), out());
        out.reset();
        assertEquals(0, run("status", "--help"));
        assertTrue(out().contains("--step-seconds") && out().contains("--seed"), out());
        assertTrue(out().contains("1-259974"), "--cars names its range: " + out());
        out.reset();
        assertEquals(0, run("driving", "--help"));
        for (String option : new String[] {"--pace-ms", "--lines", "--duration", "--rotate-bytes", "--rotate-mode",
            "--garbage-rate", "--seed"}) {
            assertTrue(out().contains(option), option);
        }
        assertEquals("", err());
    }

    @Test
    void noArgumentsIsAUsageError() {
        assertEquals(2, run());
        assertTrue(err().contains("Usage"));
    }

    @Test
    void unknownCommand() {
        assertEquals(2, run("speed"));
        assertTrue(oneLineError().contains("unknown command 'speed'"), err());
    }

    @Test
    void badDateNamesTheOptionAndTheFormat() {
        assertEquals(2, run("status", "--date", "20201332", "--cars", "1", "--out", dir.toString()));
        String e = oneLineError();
        assertTrue(e.contains("--date") && e.contains("20201332") && e.contains("yyyyMMdd"), e);

        err.reset();
        assertEquals(2, run("driving", "--date", "2020-03-22", "--out", dir.resolve("d.log").toString()));
        assertTrue(oneLineError().contains("--date: '2020-03-22' is not a date"), err());
    }

    @Test
    void unknownOptionIsNamed() {
        assertEquals(2, run("status", "--date", "20200322", "--out", dir.toString(), "--speed", "3"));
        assertTrue(oneLineError().contains("unknown option --speed"), err());
    }

    @Test
    void badNumbersSayWhatIsExpected() {
        assertEquals(2, run("status", "--date", "20200322", "--cars", "many", "--out", dir.toString()));
        assertTrue(oneLineError().contains("--cars 'many' is not a whole number; expected 1-259974"), err());
        err.reset();
        assertEquals(2, run("status", "--date", "20200322", "--cars", "0", "--out", dir.toString()));
        assertTrue(oneLineError().contains("--cars 0 is out of range; expected 1-259974"), err());
        err.reset();
        assertEquals(2, run("driving", "--date", "20200322", "--cars", "259975", "--out", "x.log"));
        assertTrue(oneLineError().contains("--cars 259975 is out of range; expected 1-259974"), err());
        err.reset();
        assertEquals(2, run("driving", "--date", "20200322", "--out", "x.log", "--garbage-rate", "1.5"));
        assertTrue(oneLineError().contains("--garbage-rate '1.5'"), err());
        err.reset();
        assertEquals(2, run("driving", "--date", "20200322", "--out", "x.log", "--duration", "10 minutes"));
        assertTrue(oneLineError().contains("--duration"), err());
        err.reset();
        assertEquals(2, run("driving", "--date", "20200322", "--out", "x.log", "--rotate-bytes", "100",
                "--rotate-mode", "move"));
        assertTrue(oneLineError().contains("--rotate-mode 'move' is not one of rename or copytruncate"), err());
    }

    @Test
    void missingValueAndMissingOption() {
        assertEquals(2, run("status", "--date", "20200322", "--out"));
        assertTrue(oneLineError().contains("--out needs a value"), err());
        err.reset();
        assertEquals(2, run("status", "--cars", "3", "--out", dir.toString()));
        assertTrue(oneLineError().contains("--date is required"), err());
    }

    @Test
    void repeatedOptionsStrayWordsAndHelpByName() {
        assertEquals(2, run("status", "--date", "20200322", "--cars", "2", "--cars", "3", "--out", dir.toString()));
        assertTrue(oneLineError().contains("status: option --cars given twice"), err());
        err.reset();
        assertEquals(2, run("status", "--date", "20200322", "--out", dir.toString(), "extra"));
        assertTrue(oneLineError().contains("unexpected argument 'extra'; options start with --"), err());
        err.reset();
        assertEquals(0, run("help", "driving"));
        assertTrue(out().contains("--rotate-bytes") && out().contains("--copy-to"), out());
        assertEquals("", err());
    }

    @Test
    void durationsFollowTheSharedGrammarAndMustBePositive() throws IOException {
        assertEquals(2, run("driving", "--date", "20200322", "--out", "x.log", "--duration", "0s"));
        assertTrue(oneLineError().contains("--duration must be more than 0"), err());
        err.reset();
        assertEquals(2, run("driving", "--date", "20200322", "--out", "x.log", "--duration", "3x"));
        assertTrue(oneLineError().contains("--duration '3x' is not a duration; expected a number and ms, s, m or h"),
                err());
        assertEquals(0, run("driving", "--date", "20200322", "--cars", "1", "--out", dir.resolve("d.log").toString(),
                "--pace-ms", "0", "--duration", "50MS", "--seed", "1"));
        assertTrue(out().contains(" end="), out());
    }

    @Test
    void linesAndDurationExcludeEachOther() {
        assertEquals(2, run("driving", "--date", "20200322", "--out", "x.log", "--lines", "5", "--duration", "1s"));
        assertTrue(oneLineError().contains("--lines or --duration, not both"), err());
    }

    @Test
    void unwritableDirectoryIsAnIoError() throws IOException {
        Path file = Files.writeString(dir.resolve("plain-file"), "not a directory\n");
        // Below a regular file nothing can be created, whoever runs the test (root ignores permission bits).
        assertEquals(1, run("status", "--date", "20200322", "--cars", "1", "--out", file.resolve("spool").toString()));
        String e = oneLineError();
        assertTrue(e.contains("status: --out " + file.resolve("spool") + ": cannot create"), e);

        err.reset();
        assertEquals(1, run("driving", "--date", "20200322", "--cars", "1", "--lines", "1",
                "--out", file.resolve("d.log").toString()));
        assertTrue(oneLineError().contains("plain-file is a file, not a directory"), err());
        assertEquals("not a directory\n", Files.readString(file), "nothing written");
    }

    @Test
    void existingDayFileIsAnIoErrorWithoutOverwrite() throws IOException {
        Files.writeString(dir.resolve("SmartCarStatusInfo_20200322.txt"), "collected\n");
        assertEquals(1, run("status", "--date", "20200322", "--cars", "1", "--out", dir.toString()));
        assertTrue(oneLineError().contains("--overwrite"), err());
    }

    @Test
    void statusPrintsAOneLineSummary() throws IOException {
        assertEquals(0, run("status", "--date", "20200322", "--cars", "2", "--out", dir.toString(), "--seed", "4"));
        Path file = dir.resolve("SmartCarStatusInfo_20200322.txt");
        String summary = out();
        assertEquals(1, summary.lines().count(), summary);
        assertTrue(summary.startsWith("status: file=" + file + " lines=43204 records=43202 headers=2 bytes="
                + Files.size(file) + " seconds="), summary);
        assertTrue(summary.strip().endsWith("seed=4"), summary);
    }

    @Test
    void drivingPrintsAOneLineSummaryWithGarbageCounts() throws IOException {
        Path file = dir.resolve("logs/SmartCarDriverInfo.log");
        assertEquals(0, run("driving", "--date", "20200322", "--cars", "4", "--out", file.toString(),
                "--pace-ms", "0", "--lines", "400", "--garbage-rate", "0.25", "--seed", "-8"));
        String summary = out();
        assertEquals(1, summary.lines().count(), summary);
        assertTrue(summary.contains(" records=400 headers=4 ") && summary.contains(" end=line-limit seed=-8 "),
                summary);
        assertTrue(summary.contains("garbage_kinds=truncated:"), summary);
        assertTrue(summary.contains(" bytes=" + Files.size(file) + " "), summary);
    }

    @Test
    void withoutSeedTheSeedIsPrintedAndRepeatsTheRun() throws IOException {
        assertEquals(0, run("status", "--date", "20200229", "--cars", "2", "--out", dir.resolve("a").toString()));
        String seed = out().strip().replaceAll(".* seed=", "");
        assertEquals(0, run("status", "--date", "20200229", "--cars", "2", "--out", dir.resolve("b").toString(),
                "--seed", seed));
        assertEquals(-1, Files.mismatch(dir.resolve("a/SmartCarStatusInfo_20200229.txt"),
                dir.resolve("b/SmartCarStatusInfo_20200229.txt")));
    }
}

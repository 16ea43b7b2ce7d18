package dev.smartcar.simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Whole-line writes and rotation of the driving log, as a tailer following the file would see them. */
class DrivingLogFileTest {

    static final SimulatedDay DAY = new SimulatedDay(2020, 3, 22, "20200322");

    @TempDir
    Path dir;

    @Test
    void fileNeverHoldsHalfALineBetweenWrites() throws IOException {
        Path file = dir.resolve("d.log");
        SplittableRandom random = new SplittableRandom(3);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        // A small write batch, so that batches fill up and are written in the middle of appending.
        try (DrivingLogFile log = new DrivingLogFile(file, 0, RotationMode.RENAME, 5, 100)) {
            for (int i = 0; i < 300; i++) {
                byte[] line = line(i, random.nextInt(60));
                log.appendLine(line, 0, line.length);
                expected.write(line);
                byte[] now = Files.readAllBytes(file);
                assertTrue(now.length == 0 || now[now.length - 1] == '\n', "after line " + i
                        + " the file ends mid-line");
            }
        }
        assertArrayEquals(expected.toByteArray(), Files.readAllBytes(file));
    }

    @Test
    void appendsToAnExistingLog() throws IOException {
        Path file = dir.resolve("d.log");
        Files.writeString(file, "earlier\n");
        try (DrivingLogFile log = new DrivingLogFile(file, 0, RotationMode.RENAME, 5)) {
            byte[] line = "later\n".getBytes(StandardCharsets.US_ASCII);
            log.appendLine(line, 0, line.length);
        }
        assertEquals("earlier\nlater\n", Files.readString(file));
    }

    @ParameterizedTest
    @EnumSource(RotationMode.class)
    void rotationKeepsEveryLineExactlyOnce(RotationMode mode) throws IOException {
        Path plain = dir.resolve("plain.log");
        write(plain, 0, mode, 1000);
        Path rotated = dir.resolve("rotated.log");
        DrivingRun.Totals t = write(rotated, 5_000, mode, 1000);
        assertTrue(t.rotations() > 10, "rotations " + t.rotations());

        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (int i = t.rotations(); i >= 1; i--) {
            Path part = dir.resolve("rotated.log." + i);
            byte[] bytes = Files.readAllBytes(part);
            assertTrue(bytes.length <= 5_000 && bytes.length > 4_900, part + " has " + bytes.length + " bytes");
            assertEquals('\n', bytes[bytes.length - 1], part + " ends with a whole line");
            joined.write(bytes);
        }
        assertFalse(Files.exists(dir.resolve("rotated.log." + (t.rotations() + 1))));
        joined.write(Files.readAllBytes(rotated));
        assertArrayEquals(Files.readAllBytes(plain), joined.toByteArray(),
                "FILE.n ... FILE.1, FILE = the unrotated log");
    }

    @Test
    void copytruncateKeepsTheFileRenameReplacesIt() throws IOException {
        Path copied = dir.resolve("copied.log");
        Files.createFile(copied);
        Object before = Files.getAttribute(copied, "unix:ino");
        write(copied, 5_000, RotationMode.COPYTRUNCATE, 3);
        assertEquals(before, Files.getAttribute(copied, "unix:ino"), "copytruncate keeps FILE's inode");

        Path renamed = dir.resolve("renamed.log");
        Files.createFile(renamed);
        Object original = Files.getAttribute(renamed, "unix:ino");
        // Keep every rotated file, so that no inode is freed and reused while the test looks at them.
        DrivingRun.Totals t = write(renamed, 5_000, RotationMode.RENAME, 1000);
        assertEquals(original, Files.getAttribute(dir.resolve("renamed.log." + t.rotations()), "unix:ino"),
                "rename moves the first FILE to FILE.1, then on");
        assertNotEquals(original, Files.getAttribute(renamed, "unix:ino"), "rename makes a new FILE");
    }

    @ParameterizedTest
    @EnumSource(RotationMode.class)
    void theCopyHoldsTheWholeRunWhileOldRotationsAreDeleted(RotationMode mode) throws IOException {
        Path plain = dir.resolve("plain.log");
        write(plain, 0, mode, 1000);
        Path file = dir.resolve("d.log");
        Path copy = dir.resolve("copy.log");
        DrivingRun run = new DrivingRun(DAY, new DrivingFleet(10, 11L), 0, 3000, 0, 0);
        DrivingRun.Totals t;
        try (DrivingLogFile log = new DrivingLogFile(file, 5_000, mode, 2, copy)) {
            t = run.writeTo(log, Progress.silent());
        }
        assertTrue(t.rotations() > 3, "rotations " + t.rotations());
        assertFalse(Files.exists(dir.resolve("d.log.3")), "only 2 rotated files are kept");
        assertArrayEquals(Files.readAllBytes(plain), Files.readAllBytes(copy), "the copy = the unrotated log");
    }

    @ParameterizedTest
    @EnumSource(RotationMode.class)
    void compressedRotationGzipsEachRotatedFileAndKeepsEveryLineExactlyOnce(RotationMode mode) throws IOException {
        Path plain = dir.resolve("plain.log");
        write(plain, 0, mode, 1000);
        Path file = dir.resolve("zipped.log");
        DrivingRun run = new DrivingRun(DAY, new DrivingFleet(10, 11L), 0, 3000, 0, 0);
        DrivingRun.Totals t;
        try (DrivingLogFile log = new DrivingLogFile(file, 5_000, mode, 1000)) {
            log.compressRotated(0);
            t = run.writeTo(log, Progress.silent());
        }
        assertTrue(t.rotations() > 10, "rotations " + t.rotations());
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (int i = t.rotations(); i >= 1; i--) {
            assertFalse(Files.exists(dir.resolve("zipped.log." + i)), "the plain FILE." + i + " was removed");
            try (InputStream in = new GZIPInputStream(Files.newInputStream(dir.resolve("zipped.log." + i + ".gz")))) {
                in.transferTo(joined);
            }
        }
        joined.write(Files.readAllBytes(file));
        assertArrayEquals(Files.readAllBytes(plain), joined.toByteArray(),
                "FILE.n.gz ... FILE.1.gz decompressed, FILE = the unrotated log");
    }

    @Test
    void onlyTheNewestRotatedFilesAreKept() throws IOException {
        Path file = dir.resolve("d.log");
        DrivingRun.Totals t = write(file, 5_000, RotationMode.RENAME, 3);
        assertTrue(t.rotations() > 3);
        assertTrue(Files.exists(dir.resolve("d.log.3")));
        assertFalse(Files.exists(dir.resolve("d.log.4")));
    }

    private static DrivingRun.Totals write(Path file, long rotateBytes, RotationMode mode,
            int keep) throws IOException {
        DrivingRun run = new DrivingRun(DAY, new DrivingFleet(10, 11L), 0, 3000, 0, 0);
        try (DrivingLogFile log = new DrivingLogFile(file, rotateBytes, mode, keep)) {
            return run.writeTo(log, Progress.silent());
        }
    }

    private static byte[] line(int i, int padding) {
        return ("line " + i + " " + "x".repeat(padding) + "\n").getBytes(StandardCharsets.US_ASCII);
    }
}

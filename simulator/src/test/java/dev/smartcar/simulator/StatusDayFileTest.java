package dev.smartcar.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spool-dir publication rule: a hidden temporary name while writing, one atomic rename when complete. */
class StatusDayFileTest {

    static final SimulatedDay DAY = new SimulatedDay(2020, 3, 22, "20200322");

    @TempDir
    Path dir;

    @Test
    void fileAppearsOnlyCompleteAndNoTemporaryIsLeft() throws IOException {
        List<List<String>> seenWhileWriting = new ArrayList<>();
        StatusDayFile.Content content = (out, progress) -> {
            for (int i = 0; i < 3; i++) {
                out.write(ByteBuffer.wrap(("line " + i + "\n").getBytes(StandardCharsets.US_ASCII)));
                seenWhileWriting.add(names(dir));
            }
            return new StatusDayWriter.Totals(3, 0, 21);
        };
        StatusDayFile.publish(dir, DAY, false, content, Progress.silent());

        for (List<String> seen : seenWhileWriting) {
            assertEquals(List.of(".SmartCarStatusInfo_20200322.txt.tmp"), seen, "while writing, only the hidden temp");
        }
        assertEquals(List.of("SmartCarStatusInfo_20200322.txt"), names(dir));
        assertEquals("line 0\nline 1\nline 2\n", Files.readString(dir.resolve("SmartCarStatusInfo_20200322.txt")));
    }

    @Test
    void failedWriteLeavesNothingBehind() {
        StatusDayFile.Content failing = (out, progress) -> {
            out.write(ByteBuffer.wrap("half a day\n".getBytes(StandardCharsets.US_ASCII)));
            throw new IOException("disk full");
        };
        IOException e = assertThrows(IOException.class,
                () -> StatusDayFile.publish(dir, DAY, false, failing, Progress.silent()));
        assertEquals("disk full", e.getMessage());
        assertEquals(List.of(), names(dir));
    }

    @Test
    void existingDayFileIsNotReplacedUnlessAsked() throws IOException {
        Path target = dir.resolve("SmartCarStatusInfo_20200322.txt");
        Files.writeString(target, "already collected\n");
        StatusDayFile.Content content = (out, progress) -> {
            out.write(ByteBuffer.wrap("new\n".getBytes(StandardCharsets.US_ASCII)));
            return new StatusDayWriter.Totals(1, 0, 4);
        };
        FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class,
                () -> StatusDayFile.publish(dir, DAY, false, content, Progress.silent()));
        assertTrue(e.getMessage().contains("--overwrite"), e.getMessage());
        assertEquals("already collected\n", Files.readString(target));

        StatusDayFile.publish(dir, DAY, true, content, Progress.silent());
        assertEquals("new\n", Files.readString(target));
        assertFalse(Files.exists(StatusDayFile.temporaryFor(target)));
    }

    @Test
    void missingDirectoryIsCreated() throws IOException {
        Path spool = dir.resolve("a/b/spool");
        StatusDayFile.publish(spool, DAY, false, new StatusDayWriter(DAY, 1, 4, 1L), Progress.silent());
        assertEquals(List.of("SmartCarStatusInfo_20200322.txt"), names(spool));
    }

    private static List<String> names(Path dir) {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}

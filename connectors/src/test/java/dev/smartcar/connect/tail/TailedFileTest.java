package dev.smartcar.connect.tail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smartcar.connect.file.FileIdentity;
import dev.smartcar.connect.file.Line;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TailedFileTest {

    @TempDir
    Path dir;

    /**
     * The task checks a file for truncation and then reads it. A copy-truncate between the two, followed by
     * enough new writes to reach the read position, used to be read as the old content: new bytes from the
     * middle of the new content came out as the old file's next lines, and the read position moved past old
     * lines that the copy then skipped (TailSourceIT lost one line of 60,020 on a loaded machine).
     */
    @Test
    void aCopyTruncateBetweenTheCheckAndTheReadIsNotReadAsTheOldContent() throws Exception {
        Path log = dir.resolve("SmartCarDriverInfo.log");
        Path copy = dir.resolve("SmartCarDriverInfo.log.1");
        Files.writeString(log, "a1-456789\na2-456789\na3-456789\n");
        // A read buffer of one line, so the file is read in steps as a long file is.
        try (TailedFile file = TailedFile.open(log, FileIdentity.of(log), null, false, 8192, 10, 0)) {
            List<String> sent = new ArrayList<>();
            sent.add(text(file.next(0)));
            assertEquals(false, file.truncated(), "the task's check before it reads on");

            // The writer, between the check and the read: copy, truncate, and write past the read position.
            Files.copy(log, copy);
            try (FileChannel writer = FileChannel.open(log, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                writer.truncate(0);
                writer.write(StandardCharsets.US_ASCII.encode("b1-456789\nb2-456789\nb3-456789\nb4-456789\n"));
            }

            for (Line line = file.next(0); line != null; line = file.next(0)) {
                sent.add(text(line));
            }
            assertTrue(file.truncated(), "the next check sees the copy-truncate");
            // What the task does next: the copy continues where the original had been read to.
            sent.addAll(linesFrom(copy, file.position()));
            assertEquals(List.of("a1-456789", "a2-456789", "a3-456789"), sent,
                    "each line of the old content once, none of the new one");
        }
    }

    @Test
    void aFileThatOnlyGrowsIsReadToItsEndAcrossSmallReads() throws Exception {
        Path log = dir.resolve("SmartCarDriverInfo.log");
        Files.writeString(log, "a1-456789\na2-456789\n");
        try (TailedFile file = TailedFile.open(log, FileIdentity.of(log), null, false, 8192, 10, 0)) {
            assertEquals("a1-456789", text(file.next(0)));
            Files.writeString(log, "a3-456789\n", StandardOpenOption.APPEND);
            assertEquals("a2-456789", text(file.next(0)));
            assertEquals("a3-456789", text(file.next(0)));
            assertNull(file.next(0));
            assertEquals(false, file.truncated());
            assertEquals(30, file.position());
        }
    }

    private static String text(Line line) {
        return line == null ? null : new String(line.bytes(), StandardCharsets.US_ASCII);
    }

    /** The copy's lines from {@code position} on, or from its end if shorter, as the task resumes a copy. */
    private static List<String> linesFrom(Path file, long position) throws IOException {
        byte[] all = Files.readAllBytes(file);
        int from = (int) Math.min(position, all.length);
        String rest = new String(all, from, all.length - from, StandardCharsets.US_ASCII);
        return rest.isEmpty() ? List.of() : List.of(rest.split("\n"));
    }
}

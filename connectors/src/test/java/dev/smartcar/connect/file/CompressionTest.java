package dev.smartcar.connect.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompressionTest {

    @TempDir
    Path dir;

    Compression of(byte[] bytes) throws Exception {
        Path file = Files.write(dir.resolve("f"), bytes);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return Compression.of(channel);
        }
    }

    @Test
    void isToldByMagicBytes() throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write("a line\n".getBytes(StandardCharsets.US_ASCII));
        }
        assertEquals(Compression.GZIP, of(gz.toByteArray()));
        assertEquals(Compression.XZ, of(new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0, 1, 2}));
        assertEquals(Compression.ZSTD, of(new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 1}));
        assertEquals(Compression.BZIP2, of(new byte[] {'B', 'Z', 'h', '9', 0x31, 0x41, 0x59, 0x26, 0x53, 0x59}));
        assertEquals(Compression.NONE, of("BZh is how this text line starts\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(Compression.NONE, of(new byte[0]));
        assertEquals(Compression.NONE, of(new byte[] {0x1f}), "one byte of a gzip file being written: not yet");
    }

    boolean undecided(byte[] bytes) throws Exception {
        Path file = Files.write(dir.resolve("u"), bytes);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return Compression.undecided(channel);
        }
    }

    @Test
    void aFileTooShortToTellIsUndecidedUntilItsBytesDifferFromEveryMagic() throws Exception {
        assertTrue(undecided(new byte[0]), "empty: gzip may have just created it");
        assertTrue(undecided(new byte[] {0x1f}));
        assertTrue(undecided("BZh9".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(false, undecided("B\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(false, undecided("a1\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(false, undecided(new byte[] {0x1f, (byte) 0x8b}), "decided: gzip");
    }

    @Test
    void aRefusalNamesTheFileAndWhatIsRead() {
        String message = Compression.XZ.refusal(Path.of("/data/SmartCarDriverInfo.log.1.xz"));
        assertTrue(message.contains("/data/SmartCarDriverInfo.log.1.xz is xz-compressed"), message);
        assertTrue(message.contains("gzip"), message);
    }

    @Test
    void theHeadOfAGzipFileBeingWrittenIsWhatThereIsSoFar() throws Exception {
        byte[] text = "0123456789\n".repeat(500).getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(text);
        }
        Path file = Files.write(dir.resolve("f.gz"), java.util.Arrays.copyOf(gz.toByteArray(), 12));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            Gunzip.Head head = Gunzip.head(channel, Fingerprint.MAX_BYTES);
            assertTrue(head.cutShort());
            assertTrue(head.undecided(Fingerprint.MAX_BYTES));
        }
        Files.write(file, gz.toByteArray());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            Gunzip.Head head = Gunzip.head(channel, Fingerprint.MAX_BYTES);
            assertEquals(Fingerprint.MAX_BYTES, head.bytes().length);
            assertEquals(Fingerprint.of(text, Fingerprint.MAX_BYTES), Fingerprint.of(head.bytes(), 4096));
            assertTrue(channel.isOpen(), "the caller's channel stays open");
        }
    }
}

package dev.smartcar.connect.tail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smartcar.connect.file.FileIdentity;
import dev.smartcar.connect.file.Fingerprint;
import dev.smartcar.connect.file.SentLines;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/**
 * Rotations with logrotate's {@code compress}: the pattern {@code LOG*} also matches the compressed generations,
 * which must be recognised (never read as text), skipped when their lines were or are sent from the plain file,
 * resumed inside the decompressed stream when they were sent in part, and read decompressed when unknown.
 */
class TailCompressedRotationTest extends TailTaskFixture {

    /** {@code count} driving-like lines of about 40 bytes, random enough that gzip does not shrink them to nothing. */
    static List<String> lines(String car, int count) {
        Random random = new Random(car.hashCode());
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add(String.format("20200322%06d,%s,%08x,%d", i * 2, car, random.nextInt(), random.nextInt(200)));
        }
        return lines;
    }

    void append(Path file, List<String> lines) throws IOException {
        append(file, String.join("\n", lines) + "\n");
    }

    Path rotated(int n) {
        return dir.resolve("SmartCarDriverInfo.log." + n);
    }

    /** gzip FILE into FILE.gz and remove FILE, as logrotate's {@code compress} does (keeping the time). */
    static Path gzip(Path file) throws IOException {
        Path gz = file.resolveSibling(file.getFileName() + ".gz");
        Files.write(gz, gzipped(Files.readAllBytes(file)));
        Files.setLastModifiedTime(gz, Files.getLastModifiedTime(file));
        Files.delete(file);
        return gz;
    }

    static byte[] gzipped(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    TailSourceTask startWithGenerations(String... extra) {
        List<String> props = new ArrayList<>(List.of(TailSourceConfig.FILES, log + "*"));
        props.addAll(Arrays.asList(extra));
        return start(props.toArray(String[]::new));
    }

    @Test
    void renameAndCompressBetweenTwoPollsSendEveryLineOnceAndTheCompressedFileIsNotRead() throws Exception {
        List<String> a = lines("A0001", 60);
        List<String> b = lines("B0002", 3);
        append(log, a.subList(0, 50));
        TailSourceTask task = startWithGenerations();
        assertEquals(a.subList(0, 50), pollValues(task, 1));
        append(log, a.subList(50, 60));
        Files.move(log, rotated(1));
        append(log, b);
        gzip(rotated(1));
        assertEquals(concat(a.subList(50, 60), b), pollValues(task, 10),
                "the rest of the renamed file from its open channel, then the new file; nothing of the .gz");
        assertEquals(1L, context.metric("FilesSkipped"));
        assertEquals(0L, context.metric("FilesFailed"));
    }

    @Test
    void aRenamedGenerationCompressedLaterIsNotReadAgain() throws Exception {
        List<String> a = lines("A0001", 60);
        append(log, a);
        TailSourceTask task = startWithGenerations();
        assertEquals(a, pollValues(task, 1));
        Files.move(log, rotated(1));
        append(log, "b1\n");
        assertEquals(List.of("b1"), pollValues(task, 2));
        gzip(rotated(1));
        append(log, "b2\n");
        assertEquals(List.of("b2"), pollValues(task, 10));
        assertEquals(1L, context.metric("FilesSkipped"));
    }

    @Test
    void aGzipFileFoundEmptyJustAfterGzipCreatedItIsNotReadAsText() throws Exception {
        List<String> a = lines("A0001", 60);
        append(log, a);
        TailSourceTask task = startWithGenerations();
        assertEquals(a, pollValues(task, 1));
        Files.move(log, rotated(1));
        append(log, "b1\n");
        Path gz = dir.resolve("SmartCarDriverInfo.log.1.gz");
        Files.createFile(gz);
        assertEquals(List.of("b1"), pollValues(task, 2), "the empty .gz is followed, but not read yet");
        Files.write(gz, gzipped(Files.readAllBytes(rotated(1))));
        Files.delete(rotated(1));
        append(log, "b2\n");
        assertEquals(List.of("b2"), pollValues(task, 10));
        assertEquals(1L, context.metric("FilesSkipped"));
    }

    @Test
    void afterARestartAGenerationAlreadySentToItsEndIsSkipped() throws Exception {
        List<String> a = lines("A0001", 60);
        append(log, a);
        TailSourceTask first = startWithGenerations();
        assertEquals(a, pollValues(first, 1));
        first.stop();
        Files.move(log, rotated(1));
        append(log, "b1\n");
        gzip(rotated(1));

        TailSourceTask second = startWithGenerations();
        assertEquals(List.of("b1"), pollValues(second, 3));
        assertEquals(1L, context.metric("FilesSkipped"));
        assertEquals(0L, context.metric("FilesDone"));
    }

    @Test
    void aGenerationSentInPartBeforeTheWorkerWentDownResumesInsideTheDecompressedStream() throws Exception {
        List<String> a = lines("A0001", 60);
        List<String> b = lines("B0002", 2);
        append(log, a);
        TailSourceTask first = startWithGenerations(TailSourceConfig.BATCH_SIZE, "40");
        List<SourceRecord> before = pollRecords(first, 1);
        assertEquals(a.subList(0, 40), values(before));
        first.stop();
        // The worker is down while logrotate renames the log and compresses the renamed file.
        Files.move(log, rotated(1));
        append(log, b);
        gzip(rotated(1));

        TailSourceTask second = startWithGenerations();
        List<SourceRecord> after = pollRecords(second, 3);
        assertEquals(concat(a.subList(40, 60), b), values(after));
        SourceRecord resumed = after.get(0);
        assertEquals(before.get(0).sourcePartition(), resumed.sourcePartition(),
                "the generation keeps its partition through the rename and the compression");
        long uncompressed = String.join("\n", a.subList(0, 40)).length() + 1;
        assertEquals(uncompressed, SentLines.position(resumed).offset(), "offsets count uncompressed bytes");
        assertEquals(dir.resolve("SmartCarDriverInfo.log.1.gz").toString(), SentLines.position(resumed).file());
        assertEquals(1L, context.metric("FilesDone"));
    }

    @Test
    void aCompressedFileOfNoKnownGenerationIsReadDecompressedFromItsStartOnce() throws Exception {
        List<String> old = lines("C0003", 30);
        append(rotated(3), old);
        gzip(rotated(3));
        List<String> small = List.of("tiny-1", "tiny-2");   // shorter than a fingerprint: its inode's partition
        append(rotated(4), small);
        gzip(rotated(4));
        append(log, "b1\n");
        TailSourceTask task = startWithGenerations();
        List<String> values = pollValues(task, 3);
        assertEquals(List.of("b1"), values.subList(values.size() - 1, values.size()),
                "the compressed generations first, as older");
        assertEquals(concat(old, small).stream().sorted().toList(),
                values.subList(0, values.size() - 1).stream().sorted().toList());
        append(log, "b2\n");
        assertEquals(List.of("b2"), pollValues(task, 3), "each compressed file is read once");
        assertEquals(2L, context.metric("FilesDone"));
    }

    @Test
    void copyTruncateWithCompressRecoversTheLinesWrittenBeforeTheTruncationOnce() throws Exception {
        List<String> a = lines("A0001", 60);
        List<String> b = lines("B0002", 2);
        append(log, a.subList(0, 50));
        TailSourceTask task = startWithGenerations();
        assertEquals(a.subList(0, 50), pollValues(task, 1));
        // Written after the last read: in the copy only.
        append(log, a.subList(50, 60));
        Files.copy(log, rotated(1));
        try (FileChannel channel = FileChannel.open(log, StandardOpenOption.WRITE)) {
            channel.truncate(0);
        }
        append(log, b);
        gzip(rotated(1));
        List<String> values = pollValues(task, 4);
        assertEquals(concat(a.subList(50, 60), b).stream().sorted().toList(), values.stream().sorted().toList());
        append(log, "b3\n");
        assertEquals(List.of("b3"), pollValues(task, 2));
    }

    @Test
    void aLongFilesOffsetKeyedByItsInodeByAnEarlierVersionIsStillUsed() throws Exception {
        List<String> a = lines("A0001", 60);
        append(log, a);
        long afterForty = String.join("\n", a.subList(0, 40)).length() + 1;
        Fingerprint fingerprint = Fingerprint.of(log);
        assertTrue(fingerprint.complete());
        // What the version before the content partition committed for this file.
        context.commit(List.of(new SourceRecord(TailedFile.partitionOf(FileIdentity.of(log)),
                Map.of(TailedFile.OFFSET_POSITION, afterForty, TailedFile.OFFSET_FINGERPRINT, fingerprint.encode()),
                "t", null, null)));
        TailSourceTask task = startWithGenerations();
        List<SourceRecord> records = pollRecords(task, 1);
        assertEquals(a.subList(40, 60), values(records));
        assertEquals(TailedFile.contentPartition(dir, fingerprint), records.get(0).sourcePartition(),
                "from now on under its content's partition");
    }

    @Test
    void xzZstdAndBzip2FilesAreRefusedNotReadAsText() throws Exception {
        byte[] garbage = "\nnot\na\nline\n".getBytes(StandardCharsets.US_ASCII);
        Files.write(rotated(2).resolveSibling("SmartCarDriverInfo.log.2.xz"),
                concat(new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0}, garbage));
        Files.write(rotated(3).resolveSibling("SmartCarDriverInfo.log.3.zst"),
                concat(new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd}, garbage));
        Files.write(rotated(4).resolveSibling("SmartCarDriverInfo.log.4.bz2"),
                concat(new byte[] {'B', 'Z', 'h', '9', 0x31, 0x41, 0x59, 0x26, 0x53, 0x59}, garbage));
        append(log, "b1\n");
        TailSourceTask task = startWithGenerations();
        assertEquals(List.of("b1"), pollValues(task, 3));
        assertEquals(3L, context.metric("FilesFailed"), "each refused once, not at every scan");
    }

    @Test
    void aGzipFileStillBeingWrittenIsReadAsFarAsItGoesThenToItsEnd() throws Exception {
        List<String> old = lines("C0003", 400);
        byte[] whole = gzipped((String.join("\n", old) + "\n").getBytes(StandardCharsets.US_ASCII));
        Path gz = dir.resolve("SmartCarDriverInfo.log.3.gz");
        Files.write(gz, Arrays.copyOf(whole, whole.length / 2));
        append(log, "b1\n");
        TailSourceTask task = startWithGenerations();
        List<String> first = pollValues(task, 3);
        assertTrue(first.contains("b1"), first.toString());
        List<String> partly = first.stream().filter(v -> !v.equals("b1")).toList();
        assertTrue(!partly.isEmpty() && partly.size() < old.size(), "half the file gives some lines: " + partly.size());
        Files.write(gz, Arrays.copyOfRange(whole, whole.length / 2, whole.length), StandardOpenOption.APPEND);
        assertEquals(old, concat(partly, pollValues(task, 3)));
        assertEquals(0L, context.metric("FilesFailed"));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}

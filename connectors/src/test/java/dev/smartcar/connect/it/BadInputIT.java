package dev.smartcar.connect.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.smartcar.connect.file.LineConverters;
import dev.smartcar.schemas.contract.HeaderNames;
import dev.smartcar.schemas.contract.LinePosition;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario 6 of the reliability suite: bad input for both file sources on the real worker. Each case runs its own
 * connector on a temp folder and a unique topic, injects one kind of bad input, checks the connector's documented
 * behaviour for it, then checks the three things every case must keep: the task is still RUNNING, a good file
 * (or good lines) dropped afterwards arrives complete, and the reason is visible (error-folder file, header flag,
 * or a line in the worker's log naming the file).
 */
class BadInputIT {

    @RegisterExtension
    static final ScenarioReport REPORT = new ScenarioReport("bad-input", "6. Bad input",
            "Spool-directory and tail sources on the real Connect worker, one connector and topic per case. After "
                    + "every case: task RUNNING (GET /connectors/X/status), a good file or good lines dropped "
                    + "afterwards arrive complete and in order, and the reason is visible.");

    private static final int MAX_LINE = 8192;
    private static final int GOOD_LINES = 200;
    private static final String INCLUDE = "SmartCarStatusInfo_\\d{8}\\.txt(\\.gz)?";
    private static final Duration READ_LIMIT = Duration.ofMinutes(4);

    private final ConnectRest connect = new ConnectRest(StackUnderTest.connect());

    // ------------------------------------------------------------------ spool-directory source cases

    @Test
    void randomBytesFileIsSentByteForByte() throws Exception {
        byte[] content = randomBytes(256 * 1024, 11);
        REPORT.injected("256 KiB of random bytes named SmartCarStatusInfo_20200101.txt");
        REPORT.checked("one record per \\n-separated piece, byte-faithful in the value (invalid UTF-8 "
                + "too), last piece flagged unterminated");
        try (Spool spool = Spool.start(connect, "random")) {
            spool.drop("SmartCarStatusInfo_20200101.txt", content);
            List<byte[]> pieces = pieces(content);
            List<ConsumerRecord<byte[], byte[]>> records = spool.read(pieces.size());
            assertEquals(pieces.size(), records.size(), "one record per piece");
            long flagged = assertSameLines(pieces, records);
            assertTrue(flagged > 0, "precondition: some pieces are not valid UTF-8");
            assertTrue(records.get(records.size() - 1).headers().lastHeader(HeaderNames.UNTERMINATED) != null,
                    "the last piece has no newline and is flagged");
            REPORT.count("records", records.size());
            REPORT.count("invalid UTF-8, byte for byte", flagged);
            spool.goodFileArrives(records.size());
            spool.finishedFile("SmartCarStatusInfo_20200101.txt");
        }
    }

    @Test
    void binaryFileIsSentWithOverLongLinesCutAndFlagged() throws Exception {
        Path binary = Path.of(System.getProperty("java.home"), "lib", "server", "libjvm.so");
        byte[] all = Files.readAllBytes(binary);
        byte[] content = Arrays.copyOf(all, Math.min(all.length, 3 * 1024 * 1024));
        REPORT.injected("the first " + content.length + " bytes of " + binary.getFileName()
                + " (ELF binary) named SmartCarStatusInfo_20200102.txt");
        REPORT.checked("pieces byte-faithful; pieces > max.line.bytes cut at 8192 with smartcar.truncated and the "
                + "full smartcar.length");
        try (Spool spool = Spool.start(connect, "binary")) {
            spool.drop("SmartCarStatusInfo_20200102.txt", content);
            List<byte[]> pieces = pieces(content);
            List<ConsumerRecord<byte[], byte[]>> records = spool.read(pieces.size());
            assertEquals(pieces.size(), records.size(), "one record per piece");
            assertSameLines(pieces, records);
            long longPieces = pieces.stream().filter(p -> p.length > MAX_LINE).count();
            long truncated = records.stream().filter(r ->
                    r.headers().lastHeader(HeaderNames.TRUNCATED) != null).count();
            assertEquals(longPieces, truncated, "every over-long piece is flagged, no other");
            REPORT.count("records", records.size());
            REPORT.count("cut and flagged", truncated);
            spool.goodFileArrives(records.size());
            spool.finishedFile("SmartCarStatusInfo_20200102.txt");
        }
    }

    @Test
    void hugeLinesAreCutAndFlaggedWithTheirLength() throws Exception {
        int huge = 5 * 1024 * 1024;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write("first\n".getBytes(StandardCharsets.US_ASCII));
        out.write(repeat((byte) 'A', huge));
        out.write("\nthird\n".getBytes(StandardCharsets.US_ASCII));
        out.write(repeat((byte) 'B', huge));
        byte[] content = out.toByteArray();
        REPORT.injected("a file with two 5 MiB lines, the second without a newline at the end of the file");
        REPORT.checked("4 records; both huge lines cut at 8192 bytes, smartcar.truncated, smartcar.length=5242880; "
                + "the last also smartcar.unterminated");
        try (Spool spool = Spool.start(connect, "huge")) {
            spool.drop("SmartCarStatusInfo_20200104.txt", content);
            List<ConsumerRecord<byte[], byte[]>> records = spool.read(4);
            assertEquals(4, records.size());
            assertEquals("first", text(records.get(0)));
            assertEquals("third", text(records.get(2)));
            for (int i : new int[] {1, 3}) {
                ConsumerRecord<byte[], byte[]> record = records.get(i);
                assertEquals(MAX_LINE, record.value().length, "the value holds the first max.line.bytes bytes");
                assertEquals("true", header(record, HeaderNames.TRUNCATED));
                assertEquals(String.valueOf(huge), header(record, HeaderNames.LENGTH));
            }
            assertEquals("true", header(records.get(3), HeaderNames.UNTERMINATED));
            REPORT.count("records", 4);
            REPORT.count("cut", 2);
            spool.goodFileArrives(records.size());
            spool.finishedFile("SmartCarStatusInfo_20200104.txt");
        }
    }

    @Test
    void emptyFileIsFinishedWithoutRecords() throws Exception {
        REPORT.injected("an empty file SmartCarStatusInfo_20200105.txt");
        REPORT.checked("moved to the finished folder, no record, the worker log says it was finished");
        try (Spool spool = Spool.start(connect, "empty")) {
            Path dropped = spool.drop("SmartCarStatusInfo_20200105.txt", new byte[0]);
            spool.finishedFile("SmartCarStatusInfo_20200105.txt");
            spool.goodFileArrives(0);
            List<String> logged = WorkerLog.await("Finished " + dropped);
            REPORT.count("records from it", 0);
            REPORT.count("log lines", logged.size());
        }
    }

    @Test
    void fileWithTheWrongNameIsLeftInPlaceAndLoggedOnce() throws Exception {
        REPORT.injected("SmartCarStatusInfo_2020-03-22.txt and notes.csv (names outside spool.include.pattern)");
        REPORT.checked("no record, both left in the spool folder, exactly one worker-log line each (naming the "
                + "setting) over at least 15 scans");
        try (Spool spool = Spool.start(connect, "name")) {
            Path dashed = spool.drop("SmartCarStatusInfo_2020-03-22.txt",
                    "20200322,a\n".getBytes(StandardCharsets.US_ASCII));
            Path notes = spool.drop("notes.csv", "a,b\n".getBytes(StandardCharsets.US_ASCII));
            spool.goodFileArrives(0);
            // Let the task scan (every 200 ms) at least 15 more times: a repeated report would show now.
            Thread.sleep(3_000);
            spool.goodFileArrives(GOOD_LINES, "again");
            for (Path file : List.of(dashed, notes)) {
                assertTrue(Files.exists(file), file + " stays where it is");
                List<String> lines = WorkerLog.await(file.toString());
                assertEquals(1, lines.size(), "reported once, not at every scan: " + lines);
                assertTrue(lines.get(0).contains("spool.include.pattern"), lines.get(0));
            }
            REPORT.count("records from them", 0);
            REPORT.count("log lines per file", 1);
        }
    }

    @Test
    void fileRemovedWhileItIsReadIsSentCompletely() throws Exception {
        int lines = 1_000_000;
        ByteArrayOutputStream out = new ByteArrayOutputStream(lines * 44);
        for (int i = 1; i <= lines; i++) {
            out.write(String.format("removed,%07d,0123456789012345678901234567%n",
                    i).getBytes(StandardCharsets.US_ASCII));
        }
        REPORT.injected("a " + out.size() / 1_000_000 + " MB file of " + lines + " lines, deleted as soon as its "
                + "first records reached the topic");
        REPORT.checked("the worker reads the open file to its end: every line once, in order; no crash; the "
                + "worker log says the file was removed before it could be finished");
        try (Spool spool = Spool.start(connect, "removed")) {
            Path dropped = spool.drop("SmartCarStatusInfo_20200106.txt", out.toByteArray());
            long seen = TopicReader.readAtLeast(StackUnderTest.bootstrap(), spool.topic, 1, READ_LIMIT, r -> { });
            Files.delete(dropped);
            assertTrue(seen < lines, "precondition: the file was deleted while it was being read (" + seen
                    + " of " + lines + " lines were in the topic)");
            long[] next = {1};
            boolean[] inOrder = {true};
            long read = TopicReader.read(StackUnderTest.bootstrap(), spool.topic, lines, READ_LIMIT, r -> {
                inOrder[0] &= position(r).line() == next[0]++;
            });
            assertEquals(lines, read, "every line exactly once");
            assertTrue(inOrder[0], "line numbers 1.." + lines + " without gap or repeat");
            WorkerLog.await(dropped + " was removed from the spool directory");
            REPORT.count("lines in topic at deletion", seen);
            REPORT.count("lines in topic at the end", read);
            spool.goodFileArrives(lines);
        }
    }

    @Test
    void spoolDirectoryWithoutWritePermission() throws Exception {
        REPORT.injected("`chattr +i` on the spool folder holding a 500-line file (root ignores mode bits; the "
                + "immutable flag refuses the move; another user gets mode r-x), undone afterwards");
        REPORT.checked("the 500 lines sent once; the file stays; one worker-log line naming file and reason over "
                + "at least 15 scans; after chattr -i it is finished and a good file arrives");
        byte[] content = lines("locked", 500);
        Spool spool = Spool.prepare(connect, "locked");
        Path file = Files.write(spool.incoming.resolve("SmartCarStatusInfo_20200107.txt"), content);
        try (spool) {
            chattr("+i", spool.incoming);
            try {
                spool.create();
                List<ConsumerRecord<byte[], byte[]>> records = spool.read(500);
                assertEquals(500, records.size(), "each line once");
                List<String> failures = WorkerLog.await("Cannot finish " + file);
                Thread.sleep(3_000);
                assertEquals(500, spool.read(500).size(), "the file is not read again while it cannot be finished");
                failures = WorkerLog.await("Cannot finish " + file);
                assertEquals(1, failures.size(), "the failure is logged once, not at every scan: " + failures);
                assertTrue(failures.get(0).contains("Operation not permitted")
                        || failures.get(0).contains("AccessDenied"),
                        failures.get(0));
                assertTrue(Files.exists(file), "the file stays in place");
                spool.assertRunning();
                REPORT.count("records", 500);
                REPORT.count("failure log lines", failures.size());
            } finally {
                chattr("-i", spool.incoming);
            }
            spool.goodFileArrives(500);
            spool.finishedFile(file.getFileName().toString());
            WorkerLog.await("Finished " + file + " at a later attempt");
        }
    }

    @Test
    void truncatedGzipGoesToTheErrorFolderWithItsReason() throws Exception {
        byte[] plain = lines("gz", 20_000);
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
            gz.write(plain);
        }
        byte[] cut = Arrays.copyOf(zipped.toByteArray(), zipped.size() / 2);
        REPORT.injected("a gzip of 20,000 lines cut to half its " + zipped.size() + " bytes (.txt.gz)");
        REPORT.checked("the lines before the damage arrive intact and in order, none after; the file is moved "
                + "to the error folder; the worker log names it and the zlib error");
        try (Spool spool = Spool.start(connect, "gzcut")) {
            Path dropped = spool.drop("SmartCarStatusInfo_20200108.txt.gz", cut);
            spool.errorFile(dropped.getFileName().toString());
            List<String> logged = WorkerLog.await("Cannot read " + dropped, "Moved it to " + spool.error);
            int readable = decodableLines(cut);
            List<ConsumerRecord<byte[], byte[]>> records = spool.read(readable);
            List<byte[]> expected = pieces(plain);
            assertTrue(readable < expected.size(), "not every line can be in a damaged file");
            assertEquals(readable, records.size(), "every line before the damage, once");
            assertSameLines(expected.subList(0, records.size()), records);
            REPORT.count("lines before the damage", records.size());
            REPORT.count("log", logged.get(0).replaceAll(".*Cannot read", "Cannot read"));
            spool.goodFileArrives(records.size());
        }
    }

    @Test
    void gzipWithACorruptHeaderGoesToTheErrorFolder() throws Exception {
        byte[] content = randomBytes(64 * 1024, 13);
        content[0] = (byte) 0x1f;
        content[1] = (byte) 0x8b;
        REPORT.injected("64 KiB: gzip magic bytes followed by random bytes (.txt.gz)");
        REPORT.checked("no record; moved to the error folder; the worker log names it and the reason");
        try (Spool spool = Spool.start(connect, "gzbad")) {
            Path dropped = spool.drop("SmartCarStatusInfo_20200109.txt.gz", content);
            spool.errorFile(dropped.getFileName().toString());
            List<String> logged = WorkerLog.await("Cannot read " + dropped, "Moved it to " + spool.error);
            spool.goodFileArrives(0);
            REPORT.count("records from it", 0);
            REPORT.count("log", logged.get(0).replaceAll(".*Cannot read", "Cannot read"));
        }
    }

    // ------------------------------------------------------------------ tail source cases

    @Test
    void randomBytesAppendedToATailedFile() throws Exception {
        byte[] random = randomBytes(64 * 1024, 17);
        REPORT.injected("64 KiB of random bytes (then a newline) appended to a followed driving log between good "
                + "lines");
        REPORT.checked("every piece once, byte-faithful (invalid UTF-8 too); the good lines after it intact");
        try (Tail tail = Tail.start(connect, "random")) {
            tail.append(lines("before", 3));
            tail.append(random);
            tail.append("\n".getBytes(StandardCharsets.US_ASCII));
            List<byte[]> expected = new ArrayList<>(pieces(lines("before", 3)));
            expected.addAll(pieces(random));
            List<ConsumerRecord<byte[], byte[]>> records = tail.read(expected.size());
            assertEquals(expected.size(), records.size());
            long flagged = assertSameLines(expected, records);
            assertTrue(flagged > 0, "precondition: some pieces are not valid UTF-8");
            REPORT.count("records", records.size());
            REPORT.count("invalid UTF-8, byte for byte", flagged);
            tail.goodLinesArrive(records.size());
        }
    }

    @Test
    void hugeLineAppendedToATailedFile() throws Exception {
        int huge = 5 * 1024 * 1024;
        REPORT.injected("one 5 MiB line appended to a followed driving log");
        REPORT.checked("one record cut at 8192 bytes with smartcar.truncated and smartcar.length=5242880; the "
                + "good lines after it intact");
        try (Tail tail = Tail.start(connect, "huge")) {
            tail.append(lines("before", 1));
            tail.append(repeat((byte) 'C', huge));
            tail.append("\n".getBytes(StandardCharsets.US_ASCII));
            List<ConsumerRecord<byte[], byte[]>> records = tail.read(2);
            assertEquals(2, records.size());
            assertEquals("before,1", text(records.get(0)));
            assertEquals(MAX_LINE, records.get(1).value().length);
            assertEquals("true", header(records.get(1), HeaderNames.TRUNCATED));
            assertEquals(String.valueOf(huge), header(records.get(1), HeaderNames.LENGTH));
            REPORT.count("records", 2);
            REPORT.count("cut", 1);
            tail.goodLinesArrive(2);
        }
    }

    // ------------------------------------------------------------------ the two sources under test

    /** A spool-directory connector of its own: folders, topic, connector; removed on close if the test passed. */
    private static final class Spool implements AutoCloseable {
        final ConnectRest connect;
        final Path work;
        final Path staging;
        final Path incoming;
        final Path finished;
        final Path error;
        final String topic;
        final String name;
        int goodFiles;

        private Spool(ConnectRest connect, String label) throws Exception {
            this.connect = connect;
            work = StackUnderTest.workDir("it-bad-" + label + "-");
            staging = Files.createDirectories(work.resolve("staging"));
            incoming = Files.createDirectories(work.resolve("incoming"));
            finished = work.resolve("finished");
            error = work.resolve("error");
            topic = StackUnderTest.unique("it.bad." + label + ".");
            name = StackUnderTest.unique("it-bad-" + label + "-");
            TopicReader.createTopic(StackUnderTest.bootstrap(), topic, 1);
        }

        static Spool prepare(ConnectRest connect, String label) throws Exception {
            return new Spool(connect, label);
        }

        static Spool start(ConnectRest connect, String label) throws Exception {
            Spool spool = new Spool(connect, label);
            spool.create();
            return spool;
        }

        void create() throws Exception {
            Map<String, String> config = SpoolConnectorConfig.of(topic, incoming, finished, error);
            config.put("spool.include.pattern", INCLUDE);
            config.put("spool.scan.interval.ms", "200");
            config.put("max.line.bytes", String.valueOf(MAX_LINE));
            connect.putConfig(name, config);
            connect.awaitRunning(name, Duration.ofMinutes(2));
        }

        /** Writes the file beside the spool folder and renames it in, as a well-behaved producer does. */
        Path drop(String fileName, byte[] content) throws IOException {
            Path staged = Files.write(staging.resolve(fileName), content);
            return Files.move(staged, incoming.resolve(fileName), StandardCopyOption.ATOMIC_MOVE);
        }

        List<ConsumerRecord<byte[], byte[]>> read(long expected) {
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            TopicReader.read(StackUnderTest.bootstrap(), topic, expected, READ_LIMIT, records::add);
            return records;
        }

        /** Drops a good file after {@code before} records: all its lines arrive, in order, after them. */
        void goodFileArrives(long before) throws Exception {
            goodFileArrives(before, "good");
        }

        void goodFileArrives(long before, String tag) throws Exception {
            String fileName = String.format("SmartCarStatusInfo_2099%04d.txt", ++goodFiles);
            byte[] good = lines(tag, GOOD_LINES);
            drop(fileName, good);
            finishedFile(fileName);   // its records are committed: reading to the topic's end then sees them all
            long[] index = {0};
            List<String> tail = new ArrayList<>();
            long read = TopicReader.read(StackUnderTest.bootstrap(), topic, before + GOOD_LINES, READ_LIMIT,
                    r -> {
                        if (index[0]++ >= before) {
                            tail.add(text(r));
                        }
                    });
            assertEquals(before + GOOD_LINES, read, "the good file's lines arrive, nothing else");
            assertEquals(new String(good, StandardCharsets.US_ASCII).lines().toList(), tail,
                    "the good file complete and in order");
            assertRunning();
        }

        void assertRunning() throws Exception {
            JsonNode status = connect.status(name);
            assertEquals("RUNNING", status.path("connector").path("state").asText(), status.toString());
            assertEquals(1, status.path("tasks").size(), status.toString());
            assertEquals("RUNNING", status.path("tasks").get(0).path("state").asText(), status.toString());
        }

        void finishedFile(String fileName) throws InterruptedException {
            awaitFile(finished.resolve(fileName), "moved to the finished folder");
            assertFalse(Files.exists(incoming.resolve(fileName)), fileName + " left the spool folder");
        }

        void errorFile(String fileName) throws InterruptedException {
            awaitFile(error.resolve(fileName), "moved to the error folder");
            assertFalse(Files.exists(incoming.resolve(fileName)), fileName + " left the spool folder");
        }

        @Override
        public void close() throws Exception {
            connect.delete(name);
            deleteQuietly(work);
        }
    }

    /** A tail connector of its own, following one file in a temp folder. */
    private static final class Tail implements AutoCloseable {
        final ConnectRest connect;
        final Path work;
        final Path log;
        final String topic;
        final String name;

        private Tail(ConnectRest connect, String label) throws Exception {
            this.connect = connect;
            work = StackUnderTest.workDir("it-bad-tail-" + label + "-");
            log = Files.createFile(work.resolve("SmartCarDriverInfo.log"));
            topic = StackUnderTest.unique("it.bad.tail." + label + ".");
            name = StackUnderTest.unique("it-bad-tail-" + label + "-");
            TopicReader.createTopic(StackUnderTest.bootstrap(), topic, 1);
        }

        static Tail start(ConnectRest connect, String label) throws Exception {
            Tail tail = new Tail(connect, label);
            Map<String, String> config = new HashMap<>();
            config.put("connector.class", "dev.smartcar.connect.tail.TailSourceConnector");
            config.put("tasks.max", "1");
            config.put("topic", tail.topic);
            config.put("tail.files", tail.log.toString());
            config.put("max.line.bytes", String.valueOf(MAX_LINE));
            config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
            LineConverters.SETTINGS.forEach(setting -> config.put(setting, LineConverters.REQUIRED));
            connect.putConfig(tail.name, config);
            connect.awaitRunning(tail.name, Duration.ofMinutes(2));
            return tail;
        }

        void append(byte[] bytes) throws IOException {
            try (OutputStream out = Files.newOutputStream(log, StandardOpenOption.APPEND)) {
                out.write(bytes);
            }
        }

        List<ConsumerRecord<byte[], byte[]>> read(long expected) {
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            TopicReader.read(StackUnderTest.bootstrap(), topic, expected, READ_LIMIT, records::add);
            return records;
        }

        void goodLinesArrive(long before) throws Exception {
            byte[] good = lines("good", GOOD_LINES);
            append(good);
            List<ConsumerRecord<byte[], byte[]>> records = read(before + GOOD_LINES);
            assertEquals(before + GOOD_LINES, records.size(), "the good lines arrive, nothing else");
            assertEquals(new String(good, StandardCharsets.US_ASCII).lines().toList(),
                    records.subList((int) before, records.size()).stream().map(BadInputIT::text).toList());
            JsonNode status = connect.status(name);
            assertEquals("RUNNING", status.path("tasks").get(0).path("state").asText(), status.toString());
        }

        @Override
        public void close() throws Exception {
            connect.delete(name);
            deleteQuietly(work);
        }
    }

    /** The Connect worker's log, .stack/ENV/logs/connect.log. */
    private static final class WorkerLog {
        /** Waits (at most a minute, against a hang) until lines containing all the needles exist; returns them. */
        static List<String> await(String... needles) throws IOException, InterruptedException {
            Path log = StackUnderTest.stackHome().resolve("logs").resolve("connect.log");
            List<String> found = List.of();
            for (int i = 0; i < 120 && found.isEmpty(); i++) {
                if (i > 0) {
                    Thread.sleep(500);
                }
                try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
                    found = lines.filter(l -> Arrays.stream(needles).allMatch(l::contains)).toList();
                }
            }
            assertFalse(found.isEmpty(), "the worker log " + log + " has a line with " + Arrays.toString(needles));
            return found;
        }
    }

    // ------------------------------------------------------------------ helpers

    private static void deleteQuietly(Path dir) {
        try {
            StackUnderTest.deleteTree(dir);
        } catch (IOException e) {
            System.out.println("could not delete " + dir + ": " + e);
        }
    }

    /** How many complete lines a (damaged) gzip yields before its damage. */
    private static int decodableLines(byte[] gzip) {
        int lines = 0;
        byte[] buffer = new byte[65536];
        try (java.util.zip.GZIPInputStream in =
                new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gzip))) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                for (int i = 0; i < n; i++) {
                    lines += buffer[i] == '\n' ? 1 : 0;
                }
            }
        } catch (IOException expected) {
            // the damage: everything before it was counted
        }
        return lines;
    }

    private static void awaitFile(Path file, String what) throws InterruptedException {
        for (int i = 0; i < 240 && !Files.exists(file); i++) {
            Thread.sleep(250);
        }
        assertTrue(Files.exists(file), file + " " + what);
    }

    /**
     * Takes write permission away from a folder ({@code +i}) or gives it back ({@code -i}). Root ignores mode
     * bits, so as root the folder is made immutable with chattr; any other user gets mode r-x.
     */
    private static void chattr(String flag, Path dir) throws IOException, InterruptedException {
        if (!"root".equals(System.getProperty("user.name"))) {
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString(
                    flag.startsWith("+") ? "r-xr-xr-x" : "rwxr-xr-x"));
            return;
        }
        Process process = new ProcessBuilder("chattr", flag, dir.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), "chattr " + flag + " " + dir + ": " + output);
    }

    /**
     * Compares records with the expected pieces: byte for byte, or the first max.line.bytes of a cut one. Returns
     * how many of them are not valid UTF-8 (they travel as they are too).
     */
    private static long assertSameLines(List<byte[]> expected, List<ConsumerRecord<byte[], byte[]>> records) {
        long flagged = 0;
        for (int i = 0; i < expected.size(); i++) {
            ConsumerRecord<byte[], byte[]> record = records.get(i);
            byte[] want = expected.get(i);
            byte[] got = record.value() == null ? new byte[0] : record.value();
            flagged += validUtf8(want) ? 0 : 1;
            if (want.length > MAX_LINE) {
                assertEquals(String.valueOf(want.length), header(record, HeaderNames.LENGTH), "length of piece " + i);
                want = Arrays.copyOf(want, MAX_LINE);
            }
            assertArrayEquals(want, got, "piece " + i + " byte for byte");
        }
        return flagged;
    }

    /** The content split at each \n (without it); a last piece without \n counts too. */
    private static List<byte[]> pieces(byte[] content) {
        List<byte[]> pieces = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < content.length; i++) {
            if (content[i] == '\n') {
                pieces.add(Arrays.copyOfRange(content, start, i));
                start = i + 1;
            }
        }
        if (start < content.length) {
            pieces.add(Arrays.copyOfRange(content, start, content.length));
        }
        return pieces;
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        bytes[0] = 'R'; // never the gzip magic: these cases are about plain files
        return bytes;
    }

    private static byte[] repeat(byte value, int count) {
        byte[] bytes = new byte[count];
        Arrays.fill(bytes, value);
        return bytes;
    }

    private static byte[] lines(String tag, int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            text.append(tag).append(',').append(i).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(ConsumerRecord<byte[], byte[]> record) {
        return new String(record.value(), StandardCharsets.UTF_8);
    }

    private static boolean validUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    private static LinePosition position(ConsumerRecord<byte[], byte[]> record) {
        return LinePosition.decode(record.headers().lastHeader(HeaderNames.POSITION).value());
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

package dev.smartcar.connect.spooldir;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smartcar.connect.FakeSourceTaskContext;
import dev.smartcar.connect.FakeTime;
import dev.smartcar.connect.file.LineConverters;
import dev.smartcar.connect.file.SentLines;
import dev.smartcar.schemas.contract.HeaderNames;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolDirSourceTaskTest {

    @TempDir
    Path tmp;
    Path spool;
    Path finished;
    Path errors;
    FakeTime time;
    FakeSourceTaskContext context;
    final List<SpoolDirSourceTask> started = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        spool = Files.createDirectory(tmp.resolve("spool"));
        finished = tmp.resolve("finished");
        errors = tmp.resolve("errors");
        // Files written now are an hour old on this clock, so the minimum age never holds them back ...
        time = new FakeTime(System.currentTimeMillis() + 3_600_000L);
        context = new FakeSourceTaskContext();
    }

    @AfterEach
    void tearDown() {
        started.forEach(SpoolDirSourceTask::stop);
    }

    Map<String, String> props(String... extra) {
        Map<String, String> props = new HashMap<>();
        props.put(SpoolDirSourceConfig.SPOOL_DIR, spool.toString());
        props.put(SpoolDirSourceConfig.FINISHED_DIR, finished.toString());
        props.put(SpoolDirSourceConfig.ERROR_DIR, errors.toString());
        props.put(SpoolDirSourceConfig.INCLUDE, "SmartCarStatusInfo_\\d{8}\\.txt(\\.gz)?");
        props.put("name", "spool-test");
        for (int i = 0; i < extra.length; i += 2) {
            props.put(extra[i], extra[i + 1]);
        }
        return props;
    }

    SpoolDirSourceTask start(Map<String, String> props) {
        SpoolDirSourceTask task = new SpoolDirSourceTask(time);
        task.initialize(context);
        task.start(props);
        started.add(task);
        return task;
    }

    static String lines(String prefix, int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            text.append(prefix).append(',').append(i).append('\n');
        }
        return text.toString();
    }

    /** Polls until {@code count} records came back (or 100 polls passed). */
    static List<SourceRecord> pollRecords(SpoolDirSourceTask task, int count) throws InterruptedException {
        List<SourceRecord> all = new ArrayList<>();
        for (int i = 0; i < 100 && all.size() < count; i++) {
            List<SourceRecord> batch = task.poll();
            if (batch != null) {
                all.addAll(batch);
            }
        }
        return all;
    }

    static List<String> values(List<SourceRecord> records) {
        return records.stream().map(SentLines::text).toList();
    }

    static void acknowledge(SpoolDirSourceTask task, List<SourceRecord> records) {
        records.forEach(r -> task.commitRecord(r, null));
    }

    @Test
    void sendsEveryLineWithHeadersAndMovesTheFileOnlyAfterAllAreAcknowledged() throws Exception {
        Path file = Files.writeString(spool.resolve("SmartCarStatusInfo_20200322.txt"), lines("20200322", 5));
        SpoolDirSourceTask task = start(props());
        List<SourceRecord> records = pollRecords(task, 5);
        assertEquals(List.of("20200322,1", "20200322,2", "20200322,3", "20200322,4", "20200322,5"), values(records));
        SourceRecord third = records.get(2);
        assertEquals(file.toString(), SentLines.position(third).file());
        assertEquals(3L, SentLines.position(third).line());
        assertEquals(22L, SentLines.position(third).offset());

        acknowledge(task, records.subList(0, 4));
        assertNull(task.poll());
        assertTrue(Files.exists(file), "one record is not yet acknowledged: the file must stay");

        acknowledge(task, records.subList(4, 5));
        assertNull(task.poll());
        assertFalse(Files.exists(file));
        assertEquals(lines("20200322", 5), Files.readString(finished.resolve(file.getFileName())));
        assertEquals(5L, context.metric("LinesRead"));
        assertEquals(1L, context.metric("FilesDone"));
    }

    @Test
    void resumesExactlyAtTheCommittedOffset() throws Exception {
        Files.writeString(spool.resolve("SmartCarStatusInfo_20200322.txt"), lines("d", 10));
        SpoolDirSourceTask first = start(props(SpoolDirSourceConfig.BATCH_SIZE, "3"));
        List<SourceRecord> firstBatch = first.poll();
        assertEquals(List.of("d,1", "d,2", "d,3"), values(firstBatch));
        context.commit(firstBatch);
        first.stop();

        SpoolDirSourceTask second = start(props(SpoolDirSourceConfig.BATCH_SIZE, "3"));
        List<SourceRecord> rest = pollRecords(second, 7);
        assertEquals(List.of("d,4", "d,5", "d,6", "d,7", "d,8", "d,9", "d,10"), values(rest));
        assertEquals(4L, SentLines.position(rest.get(0)).line());
    }

    @Test
    void readsGzipTransparentlyAndResumesInsideIt() throws Exception {
        Path file = spool.resolve("SmartCarStatusInfo_20200323.txt.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(lines("gz", 6).getBytes(UTF_8));
        }
        SpoolDirSourceTask first = start(props(SpoolDirSourceConfig.BATCH_SIZE, "4"));
        List<SourceRecord> batch = first.poll();
        assertEquals(List.of("gz,1", "gz,2", "gz,3", "gz,4"), values(batch));
        context.commit(batch);
        first.stop();
        SpoolDirSourceTask second = start(props());
        assertEquals(List.of("gz,5", "gz,6"), values(pollRecords(second, 2)));
    }

    @Test
    void anUnreadableFileGoesToTheErrorFolderAndTheNextFileIsRead() throws Exception {
        Path broken = spool.resolve("SmartCarStatusInfo_20200101.txt.gz");
        Files.write(broken, new byte[] {0x1f, (byte) 0x8b, 1, 2, 3, 4, 5});
        Path good = Files.writeString(spool.resolve("SmartCarStatusInfo_20200102.txt"), lines("ok", 2));
        Files.setLastModifiedTime(broken, FileTime.fromMillis(1_000));
        Files.setLastModifiedTime(good, FileTime.fromMillis(2_000));
        SpoolDirSourceTask task = start(props());
        assertEquals(List.of("ok,1", "ok,2"), values(pollRecords(task, 2)));
        assertTrue(Files.exists(errors.resolve(broken.getFileName())));
        assertFalse(Files.exists(broken));
    }

    @Test
    void skipsHiddenTemporaryIgnoredAndTooYoungFiles() throws Exception {
        Files.writeString(spool.resolve(".SmartCarStatusInfo_20200322.txt"), "hidden\n");
        Files.writeString(spool.resolve("SmartCarStatusInfo_20200322.txt.tmp"), "temp\n");
        Files.writeString(spool.resolve("notes.txt"), "not included\n");
        Files.writeString(spool.resolve("SmartCarStatusInfo_20200324.txt"), "ignored\n");
        Path young = Files.writeString(spool.resolve("SmartCarStatusInfo_20200325.txt"), "young\n");
        Files.setLastModifiedTime(young, FileTime.fromMillis(time.milliseconds() - 500));
        SpoolDirSourceTask task = start(props(SpoolDirSourceConfig.IGNORE, ".*_20200324\\.txt",
                SpoolDirSourceConfig.MIN_FILE_AGE_MS, "60000"));
        assertNull(task.poll());
        assertNull(task.poll());
        time.advance(60_000);
        assertEquals(List.of("young"), values(pollRecords(task, 1)));
    }

    @Test
    void picksTheOldestFileFirst() throws Exception {
        Path newer = Files.writeString(spool.resolve("SmartCarStatusInfo_20200101.txt"), "newer\n");
        Path older = Files.writeString(spool.resolve("SmartCarStatusInfo_20200102.txt"), "older\n");
        Files.setLastModifiedTime(newer, FileTime.fromMillis(5_000));
        Files.setLastModifiedTime(older, FileTime.fromMillis(1_000));
        SpoolDirSourceTask task = start(props());
        assertEquals(List.of("older", "newer"), values(pollRecords(task, 2)));
    }

    @Test
    void cutsOverLongLinesAndFlagsThem() throws Exception {
        Files.writeString(spool.resolve("SmartCarStatusInfo_20200322.txt"), "y".repeat(5000) + "\nshort\n");
        SpoolDirSourceTask task = start(props(SpoolDirSourceConfig.MAX_LINE_BYTES, "64"));
        List<SourceRecord> records = pollRecords(task, 2);
        assertEquals("y".repeat(64), SentLines.text(records.get(0)));
        assertEquals("true", SentLines.flag(records.get(0), HeaderNames.TRUNCATED));
        assertEquals("5000", SentLines.flag(records.get(0), HeaderNames.LENGTH));
        assertEquals("short", SentLines.text(records.get(1)));
        assertEquals(5001L, SentLines.position(records.get(1)).offset());
    }

    @Test
    void tasksSplitTheFilesWithoutOverlap() throws Exception {
        for (int day = 1; day <= 24; day++) {
            Files.writeString(spool.resolve(String.format("SmartCarStatusInfo_202003%02d.txt", day)), "day" + day
                    + "\n");
        }
        Map<String, String> base = props(SpoolDirSourceConfig.FINISH_POLICY, "LEAVE");
        LineConverters.SETTINGS.forEach(s -> base.put(s, LineConverters.REQUIRED));
        SpoolDirSourceConnector connector = new SpoolDirSourceConnector();
        connector.start(base);
        List<Map<String, String>> taskConfigs = connector.taskConfigs(3);
        assertEquals(3, taskConfigs.size());
        List<String> all = new ArrayList<>();
        int busyTasks = 0;
        for (Map<String, String> config : taskConfigs) {
            List<String> mine = values(pollRecords(start(config), 24));
            busyTasks += mine.isEmpty() ? 0 : 1;
            all.addAll(mine);
        }
        Set<String> distinct = new HashSet<>(all);
        assertEquals(24, all.size(), "every file read once: " + all);
        assertEquals(24, distinct.size());
        assertTrue(busyTasks >= 2, "the files should be spread over the tasks");
    }

    @Test
    void deletePolicyDeletesAfterAcknowledgement() throws Exception {
        Path file = Files.writeString(spool.resolve("SmartCarStatusInfo_20200322.txt"), "a\nb\n");
        SpoolDirSourceTask task = start(props(SpoolDirSourceConfig.FINISH_POLICY, "DELETE"));
        List<SourceRecord> records = pollRecords(task, 2);
        assertTrue(Files.exists(file));
        acknowledge(task, records);
        task.poll();
        assertFalse(Files.exists(file));
    }

    @Test
    void leavePolicyDoesNotSendAFinishedFileAgainAfterARestart() throws Exception {
        Path file = Files.writeString(spool.resolve("SmartCarStatusInfo_20200322.txt"), "a\nb\n");
        SpoolDirSourceTask first = start(props(SpoolDirSourceConfig.FINISH_POLICY, "LEAVE"));
        List<SourceRecord> records = pollRecords(first, 2);
        acknowledge(first, records);
        context.commit(records);
        assertTrue(pollRecords(first, 1).isEmpty());
        first.stop();
        SpoolDirSourceTask second = start(props(SpoolDirSourceConfig.FINISH_POLICY, "LEAVE"));
        assertTrue(pollRecords(second, 1).isEmpty());
        assertTrue(Files.exists(file));
    }

    @Test
    void aReusedInodeWithOtherContentIsReadFromTheStart() throws Exception {
        Path file = Files.writeString(spool.resolve("SmartCarStatusInfo_20200322.txt"), "old1\nold2\nold3\n");
        SpoolDirSourceTask first = start(props(SpoolDirSourceConfig.FINISH_POLICY, "LEAVE",
                SpoolDirSourceConfig.BATCH_SIZE, "2"));
        context.commit(first.poll());
        first.stop();
        // Same inode (rewritten in place), different first bytes: the committed offset is not this file's.
        Files.writeString(file, "new1\nnew2\nnew3\n");
        SpoolDirSourceTask second = start(props(SpoolDirSourceConfig.FINISH_POLICY, "LEAVE"));
        assertEquals(List.of("new1", "new2", "new3"), values(pollRecords(second, 3)));
    }

    @Test
    void anIdleTaskSleepsInsteadOfSpinning() throws Exception {
        SpoolDirSourceTask task = start(props());
        assertNull(task.poll());
        assertNull(task.poll());
        assertEquals(List.of(500L, 500L), time.sleeps());
    }
}

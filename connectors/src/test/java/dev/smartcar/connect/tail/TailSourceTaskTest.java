package dev.smartcar.connect.tail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smartcar.connect.file.LineConverters;
import dev.smartcar.connect.file.SentLines;
import dev.smartcar.schemas.contract.HeaderNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class TailSourceTaskTest extends TailTaskFixture {

    @Test
    void emitsOnlyCompleteLinesAndHoldsThePartialOne() throws Exception {
        append(log, "l1\nl2\npart");
        TailSourceTask task = start();
        assertEquals(List.of("l1", "l2"), pollValues(task, 2));
        append(log, "ial\nl4\n");
        List<SourceRecord> records = pollRecords(task, 2);
        assertEquals(List.of("partial", "l4"), values(records));
        assertEquals(6L, SentLines.position(records.get(0)).offset());
        assertEquals(log.toString(), SentLines.position(records.get(0)).file());
        // Counted in the worker's plugin metrics (KIP-877), which it tags with the connector and task.
        assertEquals(4L, context.metric("LinesRead"));
        assertEquals(0L, context.metric("LinesTruncated"));
    }

    @Test
    void renameRotationSendsTheRestOfTheOldFileThenTheNewOne() throws Exception {
        append(log, "a1\na2\n");
        TailSourceTask task = start();
        assertEquals(List.of("a1", "a2"), pollValues(task, 1));
        append(log, "a3\na4\n");
        Files.move(log, dir.resolve("SmartCarDriverInfo.log.1"));
        append(log, "b1\nb2\n");
        append(dir.resolve("SmartCarDriverInfo.log.1"), "a5\n");
        assertEquals(List.of("a3", "a4", "a5", "b1", "b2"), pollValues(task, 3));
        append(log, "b3\n");
        assertEquals(List.of("b3"), pollValues(task, 10));
    }

    @Test
    void aNewFileAfterARenameIsFollowedEvenWhenItStartsLikeTheOldFilesShortBeginning() throws Exception {
        append(log, "2020032200");   // the old file, first seen while its first line was being written
        TailSourceTask task = start();
        assertEquals(List.of(), pollValues(task, 1));
        append(log, "0000,A0001\n20200322000002,A0001\n");
        Files.move(log, dir.resolve("SmartCarDriverInfo.log.1"));
        // The next generation, seen before the old file was read again: the same minute, so the same first bytes
        // as the old file had when it was fingerprinted. It is a new file, not a copy-truncate copy.
        append(log, "20200322000004,B0002\n");
        assertEquals(List.of("20200322000000,A0001", "20200322000002,A0001", "20200322000004,B0002"),
                pollValues(task, 3));
    }

    @Test
    void aRenameWhileTheTaskLooksUpAFilesOffsetDoesNotMixUpTheTwoGenerations() throws Exception {
        TailSourceTask task = start(TailSourceConfig.FILES, log + "*");   // rotated generations too, as deployed
        assertEquals(List.of(), pollValues(task, 1));
        append(log, "a1\na2\n");
        // The worker's offset lookup (a read of the offsets topic) takes a while: the log rotates meanwhile, so
        // the name the task is about to open names the next generation, not the file it looked up. (A new file
        // is looked up twice: once while the known files are matched, again when it is opened.)
        context.duringLookup(2, () -> {
            try {
                Path rotated = Files.move(log, dir.resolve("SmartCarDriverInfo.log.1"));
                // Its last write a moment before the new file's first (within one file-system tick they'd tie).
                Files.setLastModifiedTime(rotated, FileTime.fromMillis(System.currentTimeMillis() - 1000));
                append(log, "b1\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        assertEquals(List.of("a1", "a2", "b1"), pollValues(task, 4));
        append(log, "b2\n");
        assertEquals(List.of("b2"), pollValues(task, 4));
    }

    @Test
    void copyTruncateRotationStartsOverAtZeroWithoutDuplicates() throws Exception {
        append(log, "a1\na2\na3\n");
        TailSourceTask task = start();
        assertEquals(List.of("a1", "a2", "a3"), pollValues(task, 1));
        Files.copy(log, dir.resolve("SmartCarDriverInfo.log.1"));
        try (FileChannel channel = FileChannel.open(log, StandardOpenOption.WRITE)) {
            channel.truncate(0);
        }
        append(log, "b1\n");
        assertEquals(List.of("b1"), pollValues(task, 2));
        append(log, "b2\n");
        assertEquals(List.of("b2"), pollValues(task, 2));
    }

    @Test
    void aFollowedCopyTakesOverWhereTheTruncatedFileWasLeftSoNothingIsLostOrRepeated() throws Exception {
        append(log, "a1\na2\na3\n");
        TailSourceTask task = start(TailSourceConfig.FILES, log + "*");
        assertEquals(List.of("a1", "a2", "a3"), pollValues(task, 1));
        append(log, "a4\na5-half");
        Files.copy(log, dir.resolve("SmartCarDriverInfo.log.1"));
        append(dir.resolve("SmartCarDriverInfo.log.1"), "\n");
        try (FileChannel channel = FileChannel.open(log, StandardOpenOption.WRITE)) {
            channel.truncate(0);
        }
        append(log, "b1\n");
        List<String> values = pollValues(task, 3);
        assertEquals(List.of("a4", "a5-half", "b1"), values.stream().sorted().toList());
        append(log, "b2\n");
        assertEquals(List.of("b2"), pollValues(task, 2));
    }

    @Test
    void aCopySeenBeforeTheTruncationIsHeldSoTheOriginalsLinesAreNotSentTwice() throws Exception {
        append(log, "a1\n");
        TailSourceTask task = start(TailSourceConfig.FILES, log + "*");
        assertEquals(List.of("a1"), pollValues(task, 1));
        Files.copy(log, dir.resolve("SmartCarDriverInfo.log.1"));
        append(log, "a2\n");
        assertEquals(List.of("a2"), pollValues(task, 2), "the copy is held, the original still read");
        try (FileChannel channel = FileChannel.open(log, StandardOpenOption.WRITE)) {
            channel.truncate(0);
        }
        append(log, "b1\n");
        assertEquals(List.of("b1"), pollValues(task, 2));
    }

    @Test
    void afterARestartAnAlreadySentCopyIsNotSentAgain() throws Exception {
        append(log, "a1\na2\na3\n");
        TailSourceTask first = start(TailSourceConfig.FILES, log + "*");
        assertEquals(List.of("a1", "a2", "a3"), pollValues(first, 1));
        Files.copy(log, dir.resolve("SmartCarDriverInfo.log.1"));
        try (FileChannel channel = FileChannel.open(log, StandardOpenOption.WRITE)) {
            channel.truncate(0);
        }
        append(log, "b1\n");
        assertEquals(List.of("b1"), pollValues(first, 3));
        first.stop();

        TailSourceTask second = start(TailSourceConfig.FILES, log + "*");
        assertEquals(List.of(), pollValues(second, 3), "the copy holds only lines sent before the restart");
        append(log, "b2\n");
        assertEquals(List.of("b2"), pollValues(second, 2));
    }

    @Test
    void copyTruncateIsDetectedEvenWhenTheNewContentIsAlreadyLonger() throws Exception {
        append(log, "a1\n");
        TailSourceTask task = start();
        assertEquals(List.of("a1"), pollValues(task, 1));
        try (FileChannel channel = FileChannel.open(log, StandardOpenOption.WRITE)) {
            channel.truncate(0);
        }
        append(log, "b1\nb2\nb3\n");
        assertEquals(List.of("b1", "b2", "b3"), pollValues(task, 2));
    }

    @Test
    void resumesAtTheCommittedOffsetOfTheSameFileEvenAfterARename() throws Exception {
        append(log, "x1\nx2\nx3\n");
        TailSourceTask first = start(TailSourceConfig.BATCH_SIZE, "2");
        assertEquals(List.of("x1", "x2"), pollValues(first, 1));
        first.stop();
        Path renamed = dir.resolve("SmartCarDriverInfo-renamed.log");
        Files.move(log, renamed);
        append(renamed, "x4\n");
        TailSourceTask second = start(TailSourceConfig.FILES, dir.resolve("*.log").toString());
        assertEquals(List.of("x3", "x4"), pollValues(second, 2));
    }

    @Test
    void startAtEndSkipsExistingLinesButNotNewFiles() throws Exception {
        append(log, "old1\nold2\nhalf");
        TailSourceTask task = start(TailSourceConfig.START_POSITION, "end",
                TailSourceConfig.FILES, dir.resolve("*.log").toString());
        assertEquals(List.of(), pollValues(task, 1));
        append(log, "-line\nnew\n");
        Path later = dir.resolve("later.log");
        append(later, "first\n");
        assertEquals(List.of("half-line", "new", "first"), pollValues(task, 2));
    }

    @Test
    void theUnterminatedEndOfARotatedFileIsSentFlaggedWhenItIsClosed() throws Exception {
        append(log, "a1\nno-newline");
        TailSourceTask task = start();
        assertEquals(List.of("a1"), pollValues(task, 1));
        Files.move(log, dir.resolve("SmartCarDriverInfo.log.1"));
        List<SourceRecord> records = pollRecords(task, 10);
        assertEquals(List.of("no-newline"), values(records));
        assertEquals("true", SentLines.flag(records.get(0), HeaderNames.UNTERMINATED));
    }

    @Test
    void anIdleFileIsPolledWithGrowingPausesNotBusySpinning() throws Exception {
        append(log, "");
        TailSourceTask task = start(TailSourceConfig.MAX_WAIT_MS, "100");
        for (int i = 0; i < 7; i++) {
            assertNull(task.poll());
        }
        assertEquals(List.of(5L, 10L, 20L, 40L, 80L, 100L, 100L), time.sleeps());
        append(log, "now\n");
        assertEquals(List.of("now"), values(task.poll()));
        assertNull(task.poll());
        assertEquals(5L, time.sleeps().get(7), "after data the pause starts small again");
    }

    @Test
    void connectorSharesPatternsAcrossTasksAndSupportsExactlyOnce() {
        TailSourceConnector connector = new TailSourceConnector();
        Map<String, String> props = new HashMap<>(Map.of(TailSourceConfig.FILES, "/a/x.log,/b/y.log,/c/*.log"));
        LineConverters.SETTINGS.forEach(s -> props.put(s, LineConverters.REQUIRED));
        connector.start(props);
        List<Map<String, String>> configs = connector.taskConfigs(2);
        assertEquals(2, configs.size());
        assertEquals("/a/x.log,/b/y.log", configs.get(0).get(TailSourceConfig.FILES));
        assertEquals("/c/*.log", configs.get(1).get(TailSourceConfig.FILES));
        assertEquals(1, connector.taskConfigs(1).size());
        assertEquals(org.apache.kafka.connect.source.ExactlyOnceSupport.SUPPORTED,
                connector.exactlyOnceSupport(Map.of()));
    }

    @Test
    void aRelativeOrGlobbedDirectoryIsRejectedWithAClearMessage() {
        var results = new TailSourceConnector().validate(Map.of(TailSourceConfig.FILES, "logs/*.log,/var/*/x.log"))
                .configValues().stream().filter(v -> v.name().equals(TailSourceConfig.FILES)).findFirst().orElseThrow();
        assertTrue(results.errorMessages().get(0).contains("must be an absolute path"),
                results.errorMessages().toString());
    }
}

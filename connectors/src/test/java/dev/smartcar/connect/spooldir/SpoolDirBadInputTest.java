package dev.smartcar.connect.spooldir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smartcar.connect.FakeSourceTaskContext;
import dev.smartcar.connect.FakeTime;
import dev.smartcar.connect.file.SentLines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input in the spool folder must be reported once, not at every scan: a file with a name outside the
 * pattern, a file that cannot be finished (no write permission), a file removed while it is read.
 */
class SpoolDirBadInputTest {

    @TempDir
    Path tmp;
    Path spool;
    Path finished;
    FakeTime time;
    SpoolDirSourceTask task;
    final CapturedLog log = new CapturedLog();

    @BeforeEach
    void setUp() throws IOException {
        spool = Files.createDirectory(tmp.resolve("spool"));
        finished = tmp.resolve("finished");
        time = new FakeTime(System.currentTimeMillis() + 3_600_000L);
        log.attach();
    }

    @AfterEach
    void tearDown() {
        if (task != null) {
            task.stop();
        }
        log.detach();
    }

    void start(String... extra) {
        Map<String, String> props = new HashMap<>();
        props.put(SpoolDirSourceConfig.SPOOL_DIR, spool.toString());
        props.put(SpoolDirSourceConfig.FINISHED_DIR, finished.toString());
        props.put(SpoolDirSourceConfig.INCLUDE, "SmartCarStatusInfo_\\d{8}\\.txt");
        props.put(SpoolDirSourceConfig.SCAN_INTERVAL_MS, "10");
        props.put("name", "spool-bad-input");
        for (int i = 0; i < extra.length; i += 2) {
            props.put(extra[i], extra[i + 1]);
        }
        task = new SpoolDirSourceTask(time);
        task.initialize(new FakeSourceTaskContext());
        task.start(props);
    }

    /** Polls {@code polls} times (each idle poll sleeps past a scan interval), acknowledging every record. */
    List<SourceRecord> pollAndAcknowledge(int polls) throws InterruptedException {
        List<SourceRecord> all = new ArrayList<>();
        for (int i = 0; i < polls; i++) {
            List<SourceRecord> batch = task.poll();
            if (batch != null) {
                all.addAll(batch);
                batch.forEach(r -> task.commitRecord(r, null));
            }
            time.advance(20);
        }
        return all;
    }

    @Test
    void aFileOutsideTheNamePatternIsLoggedOnceAndLeftInPlace() throws Exception {
        Path stranger = Files.writeString(spool.resolve("notes.csv"), "a,b\n");
        start();
        assertTrue(pollAndAcknowledge(50).isEmpty(), "nothing is read from it");
        assertTrue(Files.exists(stranger), "it stays where it is");
        assertEquals(1, log.linesContaining(stranger.toString()).size(), "reported once over 50 scans: " + log.lines());
        assertTrue(log.linesContaining(stranger.toString()).get(0).contains(SpoolDirSourceConfig.INCLUDE),
                "the reason names the setting: " + log.lines());

        Files.delete(stranger);
        pollAndAcknowledge(3);
        Files.writeString(stranger, "again\n");
        pollAndAcknowledge(3);
        assertEquals(2, log.linesContaining(stranger.toString()).size(), "dropped again, reported again");
    }

    @Test
    void aFileThatCannotBeFinishedIsSentOnceReportedOnceAndFinishedWhenPossible() throws Exception {
        // A regular file where the finished folder should be: moving fails as it does without write permission.
        Files.writeString(finished, "in the way");
        Path day = Files.writeString(spool.resolve("SmartCarStatusInfo_20200322.txt"), "l1\nl2\nl3\n");
        start();
        List<SourceRecord> records = pollAndAcknowledge(50);
        assertEquals(3, records.size(), "each line once, the file is not read again while it cannot be finished");
        assertTrue(Files.exists(day), "it stays in the spool folder");
        List<String> failures = log.linesContaining("Cannot finish " + day);
        assertEquals(1, failures.size(), "the failure is logged once over 50 scans: " + log.lines());

        Files.delete(finished);
        assertTrue(pollAndAcknowledge(3).isEmpty());
        assertFalse(Files.exists(day), "finished at the next scan once the folder can be made");
        assertTrue(Files.exists(finished.resolve(day.getFileName())));
        assertEquals(1, log.linesContaining("Finished " + day + " at a later attempt").size(), log.lines().toString());
    }

    @Test
    void aFileRemovedWhileItIsReadIsReadToItsEndAndTheRemovalLogged() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 100; i++) {
            text.append("line ").append(i).append('\n');
        }
        Path day = Files.writeString(spool.resolve("SmartCarStatusInfo_20200322.txt"), text);
        start(SpoolDirSourceConfig.BATCH_SIZE, "10");
        List<SourceRecord> records = new ArrayList<>(task.poll());
        assertEquals(10, records.size());
        Files.delete(day);
        records.addAll(pollAndAcknowledge(30));
        records.subList(0, 10).forEach(r -> task.commitRecord(r, null));
        pollAndAcknowledge(2);
        assertEquals(100, records.size(), "the open file is read to its end");
        assertEquals("line 100", SentLines.text(records.get(99)));
        assertEquals(1, log.linesContaining(day + " was removed from the spool directory").size(),
                log.lines().toString());
        assertFalse(Files.exists(finished.resolve(day.getFileName())));
    }

    /** The log events of the spool classes, captured through a Log4j appender on their loggers. */
    static final class CapturedLog extends AbstractAppender {
        private final List<String> lines = new ArrayList<>();

        CapturedLog() {
            super("captured", null, null, true, Property.EMPTY_ARRAY);
        }

        @Override
        public synchronized void append(LogEvent event) {
            lines.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
        }

        synchronized List<String> lines() {
            return List.copyOf(lines);
        }

        synchronized List<String> linesContaining(String text) {
            return lines.stream().filter(l -> l.contains(text) && !l.startsWith("DEBUG")).toList();
        }

        void attach() {
            LoggerContext context = (LoggerContext) LogManager.getContext(false);
            Configuration config = context.getConfiguration();
            start();
            for (Class<?> type : List.of(SpoolDirSourceTask.class, SpoolDirectory.class)) {
                LoggerConfig logger = new LoggerConfig(type.getName(), Level.INFO, true);
                logger.addAppender(this, Level.INFO, null);
                config.addLogger(type.getName(), logger);
            }
            context.updateLoggers();
        }

        void detach() {
            LoggerContext context = (LoggerContext) LogManager.getContext(false);
            for (Class<?> type : List.of(SpoolDirSourceTask.class, SpoolDirectory.class)) {
                context.getConfiguration().removeLogger(type.getName());
            }
            context.updateLoggers();
            stop();
        }
    }
}

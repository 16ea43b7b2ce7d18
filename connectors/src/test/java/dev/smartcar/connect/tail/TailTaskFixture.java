package dev.smartcar.connect.tail;

import dev.smartcar.connect.FakeSourceTaskContext;
import dev.smartcar.connect.FakeTime;
import dev.smartcar.connect.file.SentLines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A tail source task on a temporary folder, a fake clock and an in-memory offset store, polled as the worker does. */
abstract class TailTaskFixture {

    @TempDir
    Path dir;
    Path log;
    FakeTime time;
    FakeSourceTaskContext context;
    final List<TailSourceTask> started = new ArrayList<>();

    @BeforeEach
    void setUp() {
        log = dir.resolve("SmartCarDriverInfo.log");
        time = new FakeTime(1_000_000L);
        context = new FakeSourceTaskContext();
    }

    @AfterEach
    void tearDown() {
        started.forEach(TailSourceTask::stop);
    }

    TailSourceTask start(String... extra) {
        Map<String, String> props = new HashMap<>();
        props.put(TailSourceConfig.FILES, log.toString());
        props.put(TailSourceConfig.ROTATED_DRAIN_MS, "1000");
        for (int i = 0; i < extra.length; i += 2) {
            props.put(extra[i], extra[i + 1]);
        }
        TailSourceTask task = new TailSourceTask(time);
        task.initialize(context);
        task.start(props);
        started.add(task);
        return task;
    }

    void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Polls {@code polls} times, moving the clock past the scan interval each time, and collects the values. */
    List<String> pollValues(TailSourceTask task, int polls) throws InterruptedException {
        return values(pollRecords(task, polls));
    }

    List<SourceRecord> pollRecords(TailSourceTask task, int polls) throws InterruptedException {
        List<SourceRecord> all = new ArrayList<>();
        for (int i = 0; i < polls; i++) {
            time.advance(300);
            List<SourceRecord> batch = task.poll();
            if (batch != null) {
                all.addAll(batch);
                context.commit(batch);
            }
        }
        return all;
    }

    static List<String> values(List<SourceRecord> records) {
        return records.stream().map(SentLines::text).toList();
    }
}

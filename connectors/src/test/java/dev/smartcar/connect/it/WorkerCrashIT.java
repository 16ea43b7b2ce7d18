package dev.smartcar.connect.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The Connect worker is killed with SIGKILL while the spool source is in the middle of a status file and the
 * HBase sink in the middle of a load, then started again: the topic holds every line exactly once (the stack's
 * worker runs exactly-once source support) and HBase holds exactly the expected rows. Kills only the PID the
 * stack recorded for its Connect worker, and starts it again through the stack script.
 */
class WorkerCrashIT {

    @Test
    void sigkillInTheMiddleLosesNothing() throws Exception {
        Path work = StackUnderTest.workDir("it-crash-");
        Path staging = Files.createDirectories(work.resolve("staging"));
        Path incoming = Files.createDirectories(work.resolve("incoming"));
        StackUnderTest.simulate("status", "--date", "20200323", "--cars", "30", "--out", staging.toString(),
                "--seed", "11");
        Path day = staging.resolve("SmartCarStatusInfo_20200323.txt");
        long lines = 0;
        MessageDigest fileDigest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(day)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                fileDigest.update(buffer, 0, n);
                for (int i = 0; i < n; i++) {
                    lines += buffer[i] == '\n' ? 1 : 0;
                }
            }
        }
        // Avro load for the sink, still being written when the worker dies: a 2-car status day at one reading a car
        // every 20 s (8,640 rows) and 20,000 driving lines.
        StackUnderTest.simulate("status", "--date", "20200322", "--cars", "2", "--step-seconds", "20", "--out",
                work.toString(), "--seed", "9");
        Path drivingLog = work.resolve("SmartCarDriverInfo.log");
        StackUnderTest.simulate("driving", "--date", "20200322", "--cars", "10", "--out", drivingLog.toString(),
                "--pace-ms", "0", "--lines", "20000", "--seed", "9");

        String id = StackUnderTest.unique("");
        String rawTopic = "it.status.raw.crash." + id;
        String drivingTopic = "it.driving." + id;
        String statusTopic = "it.status." + id;
        String drivingTable = "ItDriverCarInfo_" + id;
        String statusTable = "ItSmartCarStatusInfo_" + id;
        TopicReader.createTopic(StackUnderTest.bootstrap(), rawTopic, 1);
        TopicReader.createTopic(StackUnderTest.bootstrap(), drivingTopic, 2);
        TopicReader.createTopic(StackUnderTest.bootstrap(), statusTopic, 2);
        Map<String, Map<String, String>> expectedDriving = new TreeMap<>();
        Map<String, Map<String, String>> expectedStatus = new TreeMap<>();
        PilotSinkLoad.produce(drivingTopic, statusTopic, Files.readAllLines(drivingLog),
                Files.readAllLines(work.resolve("SmartCarStatusInfo_20200322.txt")), expectedDriving, expectedStatus);

        ConnectRest connect = new ConnectRest(StackUnderTest.connect());
        String spool = "it-crash-spool-" + id;
        String sink = "it-crash-sink-" + id;
        Map<String, String> spoolConfig = SpoolConnectorConfig.of(rawTopic, incoming, work.resolve("finished"),
                work.resolve("error"));
        connect.putConfig(spool, spoolConfig);
        connect.putConfig(sink, PilotSinkLoad.pilotConfig(drivingTopic, statusTopic, drivingTable, statusTable,
                "it.hbase.dlq." + id));
        try {
            connect.awaitRunning(spool, Duration.ofMinutes(2));
            connect.awaitRunning(sink, Duration.ofMinutes(2));
            Files.move(day, incoming.resolve(day.getFileName()));
            long seen = awaitEndOffset(rawTopic, lines / 5, Duration.ofMinutes(3));
            assertTrue(seen < lines, "the kill must come in the middle of the file (saw " + seen + " of " + lines
                    + ")");

            long pid = StackUnderTest.recordedPid("connect");
            ProcessHandle worker = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException(
                    "no Connect worker with the recorded PID " + pid));
            worker.destroyForcibly();
            worker.onExit().get(60, TimeUnit.SECONDS);
            System.out.printf("SIGKILLed the Connect worker (pid %d) after %d of %d lines%n", pid, seen, lines);
            StackUnderTest.stack("up", "--only", "connect");
            connect.awaitRunning(spool, Duration.ofMinutes(3));
            connect.awaitRunning(sink, Duration.ofMinutes(3));

            MessageDigest topicDigest = MessageDigest.getInstance("SHA-256");
            long read = TopicReader.read(StackUnderTest.bootstrap(), rawTopic, lines, Duration.ofMinutes(8),
                    record -> {
                        topicDigest.update(record.value());
                        topicDigest.update((byte) '\n');
                    });
            assertEquals(lines, read, "every line exactly once across the crash");
            assertArrayEquals(fileDigest.digest(), topicDigest.digest(), "byte for byte, in order");

            PilotSinkLoad.awaitCommitted(sink, List.of(drivingTopic, statusTopic), Duration.ofMinutes(5));
            try (Connection hbase = PilotSinkLoad.hbase()) {
                assertEquals(expectedDriving, PilotSinkLoad.scan(hbase, drivingTable));
                assertEquals(expectedStatus, PilotSinkLoad.scan(hbase, statusTable));
                PilotSinkLoad.dropTables(hbase, drivingTable, statusTable);
            }
            StackUnderTest.deleteTree(work);
        } finally {
            connect.delete(spool);
            connect.delete(sink);
        }
    }

    private static long awaitEndOffset(String topic, long atLeast, Duration limit) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, StackUnderTest.bootstrap());
        try (Admin admin = Admin.create(props)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            long deadline = System.nanoTime() + limit.toNanos();
            while (System.nanoTime() < deadline) {
                long end = admin.listOffsets(Map.of(partition,
                        OffsetSpec.latest())).all().get().get(partition).offset();
                if (end >= atLeast) {
                    return end;
                }
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException(topic + " did not reach " + atLeast + " records within " + limit);
    }
}

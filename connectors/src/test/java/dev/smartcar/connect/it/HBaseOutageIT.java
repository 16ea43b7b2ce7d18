package dev.smartcar.connect.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.hbase.client.Connection;
import org.junit.jupiter.api.Test;

/**
 * HBase stopped for 15 s in the middle of a load: the sink retries with back-off (Connect redelivers), and once
 * HBase is back every row is there, exactly as docs/contract.md §HBase lays it out. Stops and starts the stack's HBase.
 */
class HBaseOutageIT {

    @Test
    void hbaseDownMidLoadLosesNothing() throws Exception {
        Path work = StackUnderTest.workDir("it-outage-");
        StackUnderTest.simulate("status", "--date", "20200322", "--cars", "2", "--step-seconds", "40", "--out",
                work.toString(), "--seed", "5");
        List<String> statusLines = Files.readAllLines(work.resolve("SmartCarStatusInfo_20200322.txt"));
        Path drivingLog = work.resolve("SmartCarDriverInfo.log");
        StackUnderTest.simulate("driving", "--date", "20200322", "--cars", "10", "--out", drivingLog.toString(),
                "--pace-ms", "0", "--lines", "4000", "--seed", "5");
        List<String> drivingLines = Files.readAllLines(drivingLog);

        String id = StackUnderTest.unique("");
        String drivingTopic = "it.driving." + id;
        String statusTopic = "it.status." + id;
        String drivingTable = "ItDriverCarInfo_" + id;
        String statusTable = "ItSmartCarStatusInfo_" + id;
        TopicReader.createTopic(StackUnderTest.bootstrap(), drivingTopic, 2);
        TopicReader.createTopic(StackUnderTest.bootstrap(), statusTopic, 2);
        Map<String, Map<String, String>> expectedDriving = new TreeMap<>();
        Map<String, Map<String, String>> expectedStatus = new TreeMap<>();

        String name = "it-outage-" + id;
        ConnectRest connect = new ConnectRest(StackUnderTest.connect());
        Map<String, String> config = PilotSinkLoad.pilotConfig(drivingTopic, statusTopic, drivingTable, statusTable,
                "it.hbase.dlq." + id);
        config.put("retry.backoff.ms", "500");
        config.put("retry.backoff.max.ms", "4000");
        config.put("hbase.client.operation.timeout.ms", "10000");
        connect.putConfig(name, config);
        boolean hbaseStopped = false;
        try {
            connect.awaitRunning(name, Duration.ofMinutes(2));
            // First half while HBase is up.
            PilotSinkLoad.produce(drivingTopic, statusTopic, drivingLines.subList(0, drivingLines.size() / 2),
                    statusLines.subList(0, statusLines.size() / 2), expectedDriving, expectedStatus);
            PilotSinkLoad.awaitCommitted(name, List.of(drivingTopic, statusTopic), Duration.ofMinutes(5));

            StackUnderTest.stack("down", "--only", "hbase");
            hbaseStopped = true;
            // Second half while HBase is away; it stays away for 15 s (the sink retries every 0.5-4 s meanwhile).
            long stoppedAt = System.nanoTime();
            PilotSinkLoad.produce(drivingTopic, statusTopic,
                    drivingLines.subList(drivingLines.size() / 2, drivingLines.size()),
                    statusLines.subList(statusLines.size() / 2, statusLines.size()), expectedDriving, expectedStatus);
            Thread.sleep(Math.max(0, 15_000 - (System.nanoTime() - stoppedAt) / 1_000_000));
            StackUnderTest.stack("up", "--only", "hbase");
            hbaseStopped = false;

            PilotSinkLoad.awaitCommitted(name, List.of(drivingTopic, statusTopic), Duration.ofMinutes(8));
            connect.awaitRunning(name, Duration.ofSeconds(30));
            try (Connection hbase = PilotSinkLoad.hbase()) {
                assertEquals(expectedDriving, PilotSinkLoad.scan(hbase, drivingTable));
                assertEquals(expectedStatus, PilotSinkLoad.scan(hbase, statusTable));
                PilotSinkLoad.dropTables(hbase, drivingTable, statusTable);
            }
            StackUnderTest.deleteTree(work);
        } finally {
            if (hbaseStopped) {
                StackUnderTest.stack("up", "--only", "hbase");
            }
            connect.delete(name);
        }
    }
}

package dev.smartcar.connect.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The pilot's sink configuration (config/smartcar-hbase-sink.json) on the real worker, registry and HBase: the
 * Avro records of a status day and a driving log become exactly the rows docs/contract.md §HBase lays out, worked out
 * here
 * independently from the log lines; a record that can never be a row goes to the dead-letter queue; sending
 * everything again changes nothing.
 */
class HBaseSinkIT {

    @Test
    void recordsBecomeTheOriginalsRowsExactlyOnce() throws Exception {
        Path work = StackUnderTest.workDir("it-hbase-");
        StackUnderTest.simulate("status", "--date", "20200322", "--cars", "2", "--step-seconds", "40", "--out",
                work.toString(), "--seed", "3");
        Path drivingLog = work.resolve("SmartCarDriverInfo.log");
        StackUnderTest.simulate("driving", "--date", "20200322", "--cars", "10", "--out", drivingLog.toString(),
                "--pace-ms", "0", "--lines", "4000", "--seed", "3");
        List<String> statusLines = Files.readAllLines(work.resolve("SmartCarStatusInfo_20200322.txt"));
        List<String> drivingLines = Files.readAllLines(drivingLog);

        String id = StackUnderTest.unique("");
        String drivingTopic = "it.driving." + id;
        String statusTopic = "it.status." + id;
        String drivingTable = "ItDriverCarInfo_" + id;
        String statusTable = "ItSmartCarStatusInfo_" + id;
        String dlq = "it.hbase.dlq." + id;
        TopicReader.createTopic(StackUnderTest.bootstrap(), drivingTopic, 2);
        TopicReader.createTopic(StackUnderTest.bootstrap(), statusTopic, 2);

        Map<String, Map<String, String>> expectedDriving = new TreeMap<>();
        Map<String, Map<String, String>> expectedStatus = new TreeMap<>();
        int produced = PilotSinkLoad.produce(drivingTopic, statusTopic, drivingLines, statusLines,
                expectedDriving, expectedStatus);
        System.out.printf("HBase sink IT: %d records, %d driving rows and %d status rows expected%n", produced,
                expectedDriving.size(), expectedStatus.size());

        String name = "it-hbase-" + id;
        ConnectRest connect = new ConnectRest(StackUnderTest.connect());
        connect.putConfig(name, PilotSinkLoad.pilotConfig(drivingTopic, statusTopic, drivingTable, statusTable, dlq));
        try (Connection hbase = PilotSinkLoad.hbase()) {
            long start = System.nanoTime();
            connect.awaitRunning(name, Duration.ofMinutes(2));
            PilotSinkLoad.awaitCommitted(name, List.of(drivingTopic, statusTopic), Duration.ofMinutes(5));
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("HBase sink: %d rows in %.1f s (deploy to committed) = %.0f rows/s%n",
                    expectedDriving.size() + expectedStatus.size(), seconds,
                    (expectedDriving.size() + expectedStatus.size()) / seconds);
            assertEquals(expectedDriving, PilotSinkLoad.scan(hbase, drivingTable));
            assertEquals(expectedStatus, PilotSinkLoad.scan(hbase, statusTable));
            try (Admin admin = hbase.getAdmin()) {
                assertEquals(5, admin.getRegions(TableName.valueOf(drivingTable)).size(),
                        "created with the split points 2,4,6,8");
            }

            // A tombstone cannot become a row: it goes to the dead-letter queue, the sink carries on.
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(PilotSinkLoad.producerProps(),
                    new StringSerializer(), (topic, value) -> value)) {
                producer.send(new ProducerRecord<>(drivingTopic, "X0001", null)).get();
            }
            // Everything again: the same rows, the same cells.
            PilotSinkLoad.produce(drivingTopic, statusTopic, drivingLines, statusLines, new TreeMap<>(),
                    new TreeMap<>());
            PilotSinkLoad.awaitCommitted(name, List.of(drivingTopic, statusTopic), Duration.ofMinutes(5));
            assertEquals(expectedDriving, PilotSinkLoad.scan(hbase, drivingTable), "a replay changes nothing");
            assertEquals(expectedStatus, PilotSinkLoad.scan(hbase, statusTable), "a replay changes nothing");
            long dead = TopicReader.read(StackUnderTest.bootstrap(), dlq, 1, Duration.ofMinutes(1),
                    record -> { });
            assertEquals(1, dead, "the tombstone, and only it, is in the dead-letter queue");
            PilotSinkLoad.dropTables(hbase, drivingTable, statusTable);
            StackUnderTest.deleteTree(work);
        } finally {
            connect.delete(name);
        }
    }
}

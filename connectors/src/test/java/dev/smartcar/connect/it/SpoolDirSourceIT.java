package dev.smartcar.connect.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smartcar.schemas.contract.HeaderNames;
import dev.smartcar.schemas.contract.LinePosition;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A whole 100-car status day (2,160,200 lines, 104 MB) through the spool source on the real worker: every line
 * arrives once, in order, byte for byte, and the file is moved to the finished folder afterwards.
 */
class SpoolDirSourceIT {

    @Test
    void aStatusDayArrivesCompleteAndExactlyOnce() throws Exception {
        Path work = StackUnderTest.workDir("it-spool-");
        Path staging = Files.createDirectories(work.resolve("staging"));
        Path incoming = Files.createDirectories(work.resolve("incoming"));
        Path finished = work.resolve("finished");
        StackUnderTest.simulate("status", "--date", "20200322", "--cars", "100", "--out", staging.toString(),
                "--seed", "42");
        Path day = staging.resolve("SmartCarStatusInfo_20200322.txt");
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
        long bytes = Files.size(day);

        String topic = StackUnderTest.unique("it.status.raw.");
        String name = StackUnderTest.unique("it-spool-");
        TopicReader.createTopic(StackUnderTest.bootstrap(), topic, 1);
        ConnectRest connect = new ConnectRest(StackUnderTest.connect());
        Map<String, String> config = SpoolConnectorConfig.of(topic, incoming, finished, work.resolve("error"));
        config.put("spool.include.pattern", "SmartCarStatusInfo_\\d{8}\\.txt(\\.gz)?");
        config.put("batch.size", "5000");
        config.put("producer.override.linger.ms", "20");
        config.put("producer.override.batch.size", "524288");
        config.put("producer.override.compression.type", "lz4");
        connect.putConfig(name, config);
        try {
            connect.awaitRunning(name, Duration.ofMinutes(2));
            long start = System.nanoTime();
            Files.move(day, incoming.resolve(day.getFileName()));

            MessageDigest topicDigest = MessageDigest.getInstance("SHA-256");
            long[] expectedLine = {1};
            boolean[] linesInOrder = {true};
            long[] lastArrival = {0};
            long read = TopicReader.read(StackUnderTest.bootstrap(), topic, lines, Duration.ofMinutes(8),
                    record -> {
                        topicDigest.update(record.value());
                        topicDigest.update((byte) '\n');
                        long number = LinePosition.decode(
                                record.headers().lastHeader(HeaderNames.POSITION).value()).line();
                        linesInOrder[0] &= number == expectedLine[0]++;
                        lastArrival[0] = System.nanoTime();
                    });
            double seconds = (lastArrival[0] - start) / 1e9;
            System.out.printf("spool source: %d lines, %d bytes into Kafka in %.1f s = %.0f lines/s, %.1f MB/s%n",
                    read, bytes, seconds, read / seconds, bytes / seconds / 1e6);

            assertEquals(lines, read, "every line exactly once");
            assertTrue(linesInOrder[0], "line-number headers run 1.." + lines + " without gap or repeat");
            assertArrayEquals(fileDigest.digest(), topicDigest.digest(), "the topic holds the file byte for byte");
            Path done = finished.resolve(day.getFileName());
            for (int i = 0; i < 120 && !Files.exists(done); i++) {
                Thread.sleep(500);
            }
            assertTrue(Files.exists(done), "the file is moved to the finished folder once all lines are acknowledged");
            assertEquals(bytes, Files.size(done));
            StackUnderTest.deleteTree(work);
        } finally {
            connect.delete(name);
        }
    }
}

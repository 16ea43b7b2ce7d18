package dev.smartcar.connect.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smartcar.connect.file.LineConverters;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The driving log written by the simulator while it rotates (by rename, by copy-truncate, and by rename with
 * logrotate's compress, each LOG.1 gzipped into LOG.1.gz) and followed by the tail source on the real worker: the
 * topic ends up with exactly the lines of all the log's generations, none lost, none twice, and nothing else (no
 * compressed bytes read as lines, which would be rejects downstream).
 */
class TailSourceIT {

    @ParameterizedTest(name = "rotation by {0}")
    @ValueSource(strings = {"rename", "copytruncate", "rename-compress"})
    void aRotatingDrivingLogLosesAndDuplicatesNothing(String mode) throws Exception {
        boolean compress = mode.endsWith("-compress");
        Path work = StackUnderTest.workDir("it-tail-" + mode + "-");
        Path log = work.resolve("SmartCarDriverInfo.log");
        String topic = StackUnderTest.unique("it.driving.raw." + mode + ".");
        String name = StackUnderTest.unique("it-tail-" + mode + "-");
        TopicReader.createTopic(StackUnderTest.bootstrap(), topic, 1);
        ConnectRest connect = new ConnectRest(StackUnderTest.connect());
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "dev.smartcar.connect.tail.TailSourceConnector");
        config.put("tasks.max", "1");
        config.put("topic", topic);
        // The pattern also matches the rotated generations (log.1, log.2 ...), as the pilot config does.
        config.put("tail.files", log + "*");
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        LineConverters.SETTINGS.forEach(setting -> config.put(setting, LineConverters.REQUIRED));
        connect.putConfig(name, config);
        try {
            connect.awaitRunning(name, Duration.ofMinutes(2));
            // 20 cars at 1 ms pace: about 60,000 lines (2.7 MB) in roughly 3 s, rotated every 400 kB.
            List<String> args = new ArrayList<>(List.of("driving", "--date", "20200322", "--cars", "20", "--out",
                    log.toString(), "--pace-ms", "1", "--lines", "60000", "--rotate-bytes", "400000", "--rotate-mode",
                    mode.replace("-compress", ""), "--rotate-keep", "1000", "--seed", "7"));
            if (compress) {
                args.add("--rotate-compress");
            }
            StackUnderTest.simulate(args.toArray(String[]::new));
            Map<String, Integer> expected = linesOfAllGenerations(log);
            int total = expected.values().stream().mapToInt(Integer::intValue).sum();
            try (Stream<Path> files = Files.list(work)) {
                List<Path> all = files.toList();
                assertTrue(all.size() > 3, "the log rotated several times");
                assertEquals(compress, all.stream().anyMatch(f -> f.toString().endsWith(".gz")), all.toString());
            }

            Map<String, Integer> received = new TreeMap<>();
            long read = TopicReader.read(StackUnderTest.bootstrap(), topic, total, Duration.ofMinutes(3),
                    record -> received.merge(
                            new String(record.value(), StandardCharsets.UTF_8), 1, Integer::sum));
            long notWritten = received.entrySet().stream().filter(e -> !expected.containsKey(e.getKey()))
                    .mapToLong(Map.Entry::getValue).sum();
            assertEquals(0, notWritten, "records that are no line of the log (compressed bytes read as text)");
            assertEquals(total, read, "as many records as lines written");
            assertEquals(new TreeMap<>(expected), received, "each line exactly as often as it was written");
            StackUnderTest.deleteTree(work);
        } finally {
            connect.delete(name);
        }
    }

    /**
     * Every line of the log and its rotated generations (decompressed), counted (header lines repeat once per car).
     */
    private static Map<String, Integer> linesOfAllGenerations(Path log) throws IOException {
        Map<String, Integer> lines = new HashMap<>();
        try (Stream<Path> files = Files.list(log.getParent())) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith(log.getFileName().toString()))
                    .toList()) {
                byte[] bytes = Files.readAllBytes(file);
                if (file.toString().endsWith(".gz")) {
                    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
                        bytes = in.readAllBytes();
                    }
                }
                String content = new String(bytes, StandardCharsets.UTF_8);
                content.lines().forEach(line -> lines.merge(line, 1, Integer::sum));
            }
        }
        return lines;
    }
}

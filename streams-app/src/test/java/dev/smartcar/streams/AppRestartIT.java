package dev.smartcar.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smartcar.avro.OverSpeedAlert;
import java.io.IOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runnable jar as a separate process: killed mid-run and restarted, it emits no duplicate alert. */
class AppRestartIT {

    @TempDir
    Path dir;
    private final PipelineItSupport it = new PipelineItSupport();
    private final HttpClient http = HttpClient.newHttpClient();
    private Process app;
    private int port;

    @AfterEach
    void stop() throws InterruptedException {
        if (app != null && app.isAlive()) {
            app.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private Process startJar(Path config, int attempt) throws IOException {
        Path jar = Path.of(PipelineItSupport.required("smartcar.it.appJar"));
        assertTrue(Files.isRegularFile(jar), "build the jar first (mvn package): " + jar);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(java.toString(), "-Xmx384m", "-jar", jar.toString(), "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("app-" + attempt + ".log").toFile()).start();
    }

    private boolean healthy() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Set<String> distinct(List<OverSpeedAlert> alerts) {
        Set<String> keys = new HashSet<>();
        alerts.forEach(a -> keys.add(a.getCarNumber() + "-" + a.getWindowStartText()));
        return keys;
    }

    @Test
    void killedAndRestartedTheAppProducesNoDuplicateAlert() throws Exception {
        it.createTopics();
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Map<String, String> settings = it.appSettings(dir.resolve("state"));
        settings.put(StreamsAppConfig.HTTP_PORT, Integer.toString(port));
        Properties properties = new Properties();
        properties.putAll(settings);
        Path config = dir.resolve("app.properties");
        try (Writer out = Files.newBufferedWriter(config)) {
            properties.store(out, "AppRestartIT");
        }
        List<String> lines = it.drivingLines(8, 240);
        List<String> expected = PipelineItSupport.expectedMembers(lines);
        int half = lines.size() / 2;

        app = startJar(config, 1);
        PipelineItSupport.await("the app healthy", Duration.ofMinutes(2), this::healthy);
        it.produce(lines.subList(0, half));
        PipelineItSupport.await("first alerts on the topic", Duration.ofMinutes(3), () ->
                !it.committedAlerts().isEmpty());

        app.destroyForcibly().waitFor(30, TimeUnit.SECONDS);   // kill -9: no commit, no clean close
        it.produce(lines.subList(half, lines.size()));
        app = startJar(config, 2);
        PipelineItSupport.await("every alert on the topic", Duration.ofMinutes(4),
                () -> distinct(it.committedAlerts()).equals(new HashSet<>(expected)));
        PipelineItSupport.await("every alert in Redis", Duration.ofMinutes(2), () ->
                it.redisMembers().equals(expected));

        String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(metrics.contains("\"late_records\":0"), metrics);

        app.destroy();                                          // SIGTERM: a clean shutdown
        assertTrue(app.waitFor(60, TimeUnit.SECONDS), "stopped after SIGTERM");
        // A JVM ended by SIGTERM exits 143 (128 + 15) once its shutdown hooks ran; the hook closed everything.
        assertEquals(143, app.exitValue(), "exit code after SIGTERM");
        String log = Files.readString(dir.resolve("app-2.log"));
        assertTrue(log.contains("PENDING_SHUTDOWN -> NOT_RUNNING") && log.contains("StreamsApp: stopped"),
                "clean close in the app's log:\n" + log.substring(Math.max(0, log.length() - 3000)));
        List<OverSpeedAlert> alerts = it.committedAlerts();
        assertEquals(expected.size(), alerts.size(), "no duplicate: " + new ArrayList<>(alerts.stream()
                .map(a -> a.getCarNumber() + "-" + a.getWindowStartText()).sorted().toList()));
    }
}

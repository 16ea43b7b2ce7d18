package dev.smartcar.streams.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.smartcar.schemas.log.LogTimestamp;
import dev.smartcar.streams.TopologyFixture;
import dev.smartcar.streams.metrics.PrometheusText;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics/prometheus}: valid exposition text (promtool's parser and lint), the app's counters and state size
 * in it equal to the JSON {@code /metrics}, and the format chosen by the Accept header.
 */
class PrometheusMetricsTest {

    @TempDir
    Path stateDir;
    private TopologyFixture app;
    private OpsEndpoint endpoint;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        app = new TopologyFixture(stateDir, Map.of());
        endpoint = Endpoints.single(stateDir, app, () -> KafkaStreams.State.RUNNING, () -> true, new AlertFeed(
                new MockConsumer<>("earliest"), "smartcar.overspeed", LogTimestamp.defaultZone()));
    }

    @AfterEach
    void stop() {
        endpoint.close();
        app.close();
    }

    private HttpResponse<String> get(String path, String accept) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + path))
                .timeout(Duration.ofSeconds(10));
        if (accept != null) {
            request.header("Accept", accept);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theCountersInPrometheusTextEqualTheJson() throws Exception {
        app.drive(TopologyFixture.line("20200322001402", "N0036", 100));
        app.drive(TopologyFixture.line("20200322001412", "N0036", 90));
        app.drive(TopologyFixture.line("20200322001530", "N0036", 60)); // 60 s of grace past 00:14:30: an alert
        app.drive(TopologyFixture.line("20200322001403", "N0036", 60)); // its window closed: set aside as late
        app.drive("garbage");
        app.drive(TopologyFixture.line("20200322001532", "N0036", 999));

        HttpResponse<String> text = get("/metrics/prometheus", null);
        assertEquals(200, text.statusCode());
        assertTrue(text.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        PrometheusText.promtoolAccepts("the app's text", text.body(), "smartcar_");
        String json = get("/metrics", null).body();
        int compared = PrometheusText.countersEqualJson(text.body(), new ObjectMapper().readTree(json));
        assertTrue(compared >= 13, "every family and count compared: " + compared + " series");
        assertEquals(5, PrometheusText.stateEqualsJson(text.body(), new ObjectMapper().readTree(json)),
                "two stores' entries and bytes, and the cars");
        Map<String, Double> samples = PrometheusText.samples(text.body());
        assertEquals(6, samples.get("smartcar_lines_in_total{topic=\"smartcar.driving.raw\"}"));
        assertEquals(1, samples.get("smartcar_rejected_total{reason=\"field-count\"}"));
        assertEquals(1, samples.get("smartcar_set_aside_total{reason=\"late\"}"));
        assertEquals(1, samples.get("smartcar_alerts_total"));
        assertEquals(1, samples.get("smartcar_state_cars"), "one car's state");
        assertEquals(1, samples.get("smartcar_state_entries{store=\"overspeed-windows\"}"),
                "its one open window (00:15:30); 00:14:00 closed with its alert");
        assertTrue(samples.get("smartcar_state_bytes{store=\"overspeed-car-clocks\"}") > 0, "its clock's bytes");
        assertTrue(samples.containsKey("jvm_memory_used_bytes{area=\"heap\",id=\"G1 Eden Space\"}")
                || samples.keySet().stream().anyMatch(s -> s.startsWith("jvm_memory_used_bytes")), "JVM metrics");
    }

    @Test
    void openMetricsWhenTheScraperAsksForIt() throws Exception {
        app.drive(TopologyFixture.line("20200322001402", "N0036", 100));
        // What Prometheus 2.x sends.
        HttpResponse<String> open = get("/metrics/prometheus", "application/openmetrics-text;version=1.0.0,"
                + "application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1");
        assertEquals(200, open.statusCode());
        assertTrue(open.headers().firstValue("Content-Type").orElse("").startsWith("application/openmetrics-text"));
        assertTrue(open.body().endsWith("# EOF\n"), "OpenMetrics ends with # EOF");
        assertEquals(1, PrometheusText.samples(open.body())
                .get("smartcar_lines_in_total{topic=\"smartcar.driving.raw\"}"));
        assertEquals("application/json", get("/metrics", "text/plain").headers().firstValue("Content-Type")
                .orElse(""), "the JSON /metrics stays JSON, whatever is asked");
    }
}

package dev.smartcar.streams.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.smartcar.schemas.log.LogTimestamp;
import dev.smartcar.streams.TopologyFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP endpoint over loopback, its car query served from a real window store (TopologyTestDriver's). */
class OpsEndpointTest {

    @TempDir
    Path stateDir;
    private TopologyFixture app;
    private OpsEndpoint endpoint;
    private final AtomicReference<KafkaStreams.State> state = new AtomicReference<>(KafkaStreams.State.REBALANCING);
    private final AtomicReference<Boolean> storeReady = new AtomicReference<>(true);
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void start() throws Exception {
        app = new TopologyFixture(stateDir, Map.of());
        endpoint = Endpoints.single(stateDir, app, state::get, storeReady::get, new AlertFeed(
                new org.apache.kafka.clients.consumer.MockConsumer<>("earliest"), "smartcar.overspeed",
                        LogTimestamp.defaultZone()));
    }

    @AfterEach
    void stop() {
        endpoint.close();
        app.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthIsReadyOnlyWhenRunning() throws Exception {
        HttpResponse<String> rebalancing = get("/health");
        assertEquals(503, rebalancing.statusCode());
        assertEquals("REBALANCING", json.readTree(rebalancing.body()).get("state").asText());
        state.set(KafkaStreams.State.RUNNING);
        assertEquals(200, get("/health").statusCode());
    }

    @Test
    void metricsShowTheCounters() throws Exception {
        app.drive(TopologyFixture.line("20200322001420", "N0036", 85));
        app.drive("garbage");

        JsonNode metrics = json.readTree(get("/metrics").body());
        assertEquals(2, metrics.get("lines_in").get("smartcar.driving.raw").asInt());
        assertEquals(1, metrics.get("records_out").get("smartcar.driving").asInt());
        assertEquals(1, metrics.get("rejected_by_reason").get("field-count").asInt());
        assertEquals(0, metrics.get("late_records").asInt());
        assertEquals(0, metrics.get("alerts").asInt());
        assertTrue(metrics.has("redis_pending") && metrics.has("redis_written"));
    }

    @Test
    void carSpeedIsTheLatestOpenWindowFromTheStore() throws Exception {
        app.drive(TopologyFixture.line("20200322001402", "N0036", 100));
        app.drive(TopologyFixture.line("20200322001432", "N0036", 90));
        app.drive(TopologyFixture.line("20200322001436", "N0036", 60));

        HttpResponse<String> response = get("/cars/N0036/speed");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode speed = json.readTree(response.body());
        assertEquals("20200322001430", speed.get("window_start").asText());
        assertEquals("20200322001500", speed.get("window_end").asText());
        assertEquals(75.0, speed.get("average_speed").asDouble());
        assertEquals(2, speed.get("record_count").asInt());
        assertEquals("20200322001436", speed.get("last_date").asText());
    }

    @Test
    void unknownCarBadCarStoreNotReadyAndUnknownPathsAreClearErrors() throws Exception {
        assertEquals(404, get("/cars/Z9999/speed").statusCode());
        HttpResponse<String> bad = get("/cars/z99/speed");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("z99"));
        storeReady.set(false);
        assertEquals(503, get("/cars/N0036/speed").statusCode());
        assertEquals(404, get("/nothing").statusCode());
        assertEquals(405, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port()
                + "/health"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
    }
}

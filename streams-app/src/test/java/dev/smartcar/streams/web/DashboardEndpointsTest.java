package dev.smartcar.streams.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.smartcar.schemas.log.LogTimestamp;
import dev.smartcar.streams.TopologyFixture;
import dev.smartcar.streams.query.Cluster;
import dev.smartcar.streams.query.Peers;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances' endpoints over loopback, no Kafka: A owns nothing, B owns every car (stores of a TopologyTestDriver).
 * A forwards a car's request to B, merges B's fleet and counters, and answers 503 with Retry-After while an owner is
 * unknown, restoring or unreachable; parameters are checked; the page and its charts are served from the jar.
 */
class DashboardEndpointsTest {

    @TempDir
    Path dirA;
    @TempDir
    Path dirB;
    private TopologyFixture appA;
    private TopologyFixture appB;
    private OpsEndpoint a;
    private OpsEndpoint b;
    private final Endpoints.FixedCluster clusterA = new Endpoints.FixedCluster();
    private final Endpoints.FixedCluster clusterB = new Endpoints.FixedCluster();
    private final AtomicBoolean bStoreReady = new AtomicBoolean(true);
    private final AtomicReference<KafkaStreams.State> state = new AtomicReference<>(KafkaStreams.State.RUNNING);
    private AlertFeed feed;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void start() throws Exception {
        appA = new TopologyFixture(dirA, Map.of());
        appB = new TopologyFixture(dirB, Map.of());
        feed = new AlertFeed(new MockConsumer<>("earliest"), "smartcar.overspeed", LogTimestamp.defaultZone());
        a = Endpoints.serve(clusterA, appA, state::get, () -> true, feed, new Peers(), appA.history);
        b = Endpoints.serve(clusterB, appB, state::get, bStoreReady::get, feed, new Peers(), appB.history);
        clusterA.self = new HostInfo("127.0.0.1", a.port());
        clusterB.self = new HostInfo("127.0.0.1", b.port());
        clusterA.others = List.of(clusterB.self);
        clusterB.others = List.of(clusterA.self);
        clusterA.owner = Optional.of(new Cluster.Owner(clusterB.self, 3));
        clusterB.owner = Optional.of(new Cluster.Owner(clusterB.self, 3));
        // B's car: a window that closed with an alert (the third record is beyond the 60-s grace) and an open one;
        // a car's first 3 records agree on its clock, so they are counted.
        appB.drive(TopologyFixture.line("20200322001402", "N0036", 100));
        appB.drive(TopologyFixture.line("20200322001412", "N0036", 90));
        appB.drive(TopologyFixture.line("20200322001532", "N0036", 60));
        appB.drive("garbage");
        appA.drive(TopologyFixture.line("20200322001402", "K0001", 50));
        appA.drive(TopologyFixture.line("20200322001404", "K0001", 50));
        appA.drive(TopologyFixture.line("20200322001406", "K0001", 50));
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
        appA.close();
        appB.close();
    }

    private HttpResponse<String> get(OpsEndpoint endpoint, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aCarOwnedByTheOtherInstanceIsAnsweredByItsOwnerThroughAnyInstance() throws Exception {
        HttpResponse<String> viaA = get(a, "/cars/N0036");
        assertEquals(200, viaA.statusCode(), viaA.body());
        assertEquals(get(b, "/cars/N0036").body(), viaA.body(), "A passes B's answer on unchanged");
        JsonNode car = json.readTree(viaA.body());
        assertEquals("127.0.0.1:" + b.port(), car.get("served_by").asText());
        assertEquals(3, car.get("partition").asInt());
        assertEquals("20200322001532", car.get("clock").asText());
        assertEquals(60.0, car.get("open_window").get("average_speed").asDouble());
        JsonNode closed = car.get("closed_windows");
        assertEquals(1, closed.size());
        assertEquals("20200322001400", closed.get(0).get("window_start").asText());
        assertEquals(95.0, closed.get(0).get("average_speed").asDouble());
        assertTrue(closed.get(0).get("alert").asBoolean());
        // the original endpoint, forwarded the same way
        HttpResponse<String> speed = get(a, "/cars/N0036/speed");
        assertEquals(200, speed.statusCode(), speed.body());
        assertEquals("20200322001530", json.readTree(speed.body()).get("window_start").asText());
    }

    @Test
    void unknownOwnersRestoringStoresAndLeftInstancesAre503WithRetryAfter() throws Exception {
        clusterA.owner = Optional.empty();
        HttpResponse<String> unknown = get(a, "/cars/N0036");
        assertEquals(503, unknown.statusCode());
        assertEquals("2", unknown.headers().firstValue("Retry-After").orElse(""));

        clusterA.owner = Optional.of(new Cluster.Owner(clusterB.self, 3));
        bStoreReady.set(false);
        HttpResponse<String> restoring = get(a, "/cars/N0036");
        assertEquals(503, restoring.statusCode(), "B's 503 passed on");
        assertTrue(restoring.headers().firstValue("Retry-After").isPresent());

        // B's metadata is older: it thinks A owns the car, and must not forward a forwarded request back
        clusterB.owner = Optional.of(new Cluster.Owner(clusterA.self, 3));
        bStoreReady.set(true);
        HttpResponse<String> moved = get(a, "/cars/N0036");
        assertEquals(503, moved.statusCode(), moved.body());
        assertTrue(moved.body().contains("not by this instance"), moved.body());

        clusterA.owner = Optional.of(new Cluster.Owner(new HostInfo("127.0.0.1", 1), 3));
        HttpResponse<String> gone = get(a, "/cars/N0036");
        assertEquals(503, gone.statusCode());
        assertEquals(Integer.toString(Peers.UNREACHABLE_RETRY_SECONDS),
                gone.headers().firstValue("Retry-After").orElse(""));
    }

    @Test
    void unknownCarIs404BadParametersAre400NamingThemAndOnlyGetIsServed() throws Exception {
        assertEquals(404, get(a, "/cars/Z9999").statusCode());
        HttpResponse<String> badCar = get(a, "/cars/z99");
        assertEquals(400, badCar.statusCode());
        assertTrue(badCar.body().contains("z99"));
        for (String[] bad : new String[][] {{"/alerts?day=20201341", "day"}, {"/alerts?car=N36", "car"},
                {"/alerts?area=G01", "area"}, {"/alerts?limit=0", "limit"}, {"/fleet?scope=everywhere", "scope"},
                {"/events/alerts?colour=red", "colour"}, {"/metrics?x=1", "x"}, {"/?car=N0036", "car"}}) {
            HttpResponse<String> response = get(a, bad[0]);
            assertEquals(400, response.statusCode(), bad[0]);
            assertTrue(response.body().contains("'" + bad[1] + "'"), bad[0] + " names the parameter: "
                    + response.body());
        }
        for (String method : List.of("POST", "PUT", "DELETE")) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.port()
                    + "/fleet"))
                    .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(405, response.statusCode(), method);
            assertEquals("GET", response.headers().firstValue("Allow").orElse(""));
        }
    }

    @Test
    void fleetAndPipelineAddUpEveryInstance() throws Exception {
        JsonNode fleet = json.readTree(get(a, "/fleet").body());
        assertTrue(fleet.get("complete").asBoolean());
        assertEquals(2, fleet.get("cars").size(), fleet.toString());
        JsonNode n0036 = fleet.get("cars").get(1);
        assertEquals("N0036", n0036.get("car_number").asText());
        assertEquals(60.0, n0036.get("average_speed").asDouble());
        assertFalse(n0036.get("speeding").asBoolean());
        assertEquals("127.0.0.1:" + b.port(), n0036.get("served_by").asText());

        JsonNode pipeline = json.readTree(get(a, "/pipeline").body());
        JsonNode total = pipeline.get("total");
        long linesA = json.readTree(get(a, "/metrics").body()).get("lines_in").get("smartcar.driving.raw").asLong();
        long linesB = json.readTree(get(b, "/metrics").body()).get("lines_in").get("smartcar.driving.raw").asLong();
        assertEquals(linesA + linesB, total.get("lines_in").get("smartcar.driving.raw").asLong());
        assertEquals(1, total.get("rejected_total").asLong());
        JsonNode file = pipeline.get("files").get("/data/SmartCarDriverInfo.log");
        assertEquals(7, file.get("lines_read").asLong());
        assertEquals(6, file.get("valid").asLong());
        assertEquals(1, file.get("rejected").asLong());
        assertEquals(2, pipeline.get("instances").size());
    }

    @Test
    void fleetTopAndPagesAreCutOnEachInstanceThenMerged() throws Exception {
        // A: K0001 at 50 and K0002 at 120; B: N0036 at 60 and N0037 at 90 (open windows, a car's first 3 records).
        for (String t : List.of("20200322001402", "20200322001404", "20200322001406")) {
            appA.drive(TopologyFixture.line(t, "K0002", 120));
            appB.drive(TopologyFixture.line(t, "N0037", 90));
        }
        JsonNode top = json.readTree(get(a, "/fleet?top=2").body());
        assertEquals(List.of("K0002", "N0037"), numbers(top));
        assertTrue(top.get("more").asBoolean());
        assertEquals(4, top.get("cars_total").asInt());
        assertEquals(2, top.get("speeding_total").asInt());
        assertFalse(top.has("next_after"));
        assertEquals(2, top.get("instances").get(1).get("cars").asInt(), "B's count of every car it knows");

        JsonNode first = json.readTree(get(b, "/fleet?limit=3").body());
        assertEquals(List.of("K0001", "K0002", "N0036"), numbers(first));
        assertTrue(first.get("more").asBoolean());
        assertEquals("N0036", first.get("next_after").asText());
        JsonNode last = json.readTree(get(b, "/fleet?limit=3&after=N0036").body());
        assertEquals(List.of("N0037"), numbers(last));
        assertFalse(last.get("more").asBoolean());
        assertFalse(last.has("next_after"));

        JsonNode all = json.readTree(get(a, "/fleet").body());
        assertEquals(List.of("K0001", "K0002", "N0036", "N0037"), numbers(all), "every car without a view");
        assertFalse(all.has("more"));
        for (String[] bad : new String[][] {{"/fleet?top=0", "top"}, {"/fleet?top=2&limit=2", "top"},
                {"/fleet?after=N36", "after"}, {"/fleet?limit=1001", "limit"}}) {
            HttpResponse<String> response = get(a, bad[0]);
            assertEquals(400, response.statusCode(), bad[0]);
            assertTrue(response.body().contains("'" + bad[1] + "'"), response.body());
        }
    }

    private static List<String> numbers(JsonNode fleet) {
        List<String> cars = new ArrayList<>();
        fleet.get("cars").forEach(c -> cars.add(c.get("car_number").asText()));
        return cars;
    }

    @Test
    void liveAlertsAreServerSentEventsFilteredByDayCarAndArea() throws Exception {
        feed.publish(alert("N0036", "20200322001400", "A01"));
        HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + a.port() + "/events/alerts?car=K0001&day=20200322")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, stream.statusCode());
        assertTrue(stream.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            assertEquals(": keep-alive", lines.readLine());
            feed.publish(alert("N0036", "20200322001430", "A01"));   // another car: filtered out
            feed.publish(alert("K0001", "20200321001430", "A01"));   // another day: filtered out
            feed.publish(alert("K0001", "20200322001430", "B02"));
            String next = lines.readLine();
            while (next.isEmpty() || next.startsWith(":")) {
                next = lines.readLine();
            }
            assertEquals("event: alert", next);
            JsonNode alert = json.readTree(lines.readLine().substring("data: ".length()));
            assertEquals("K0001", alert.get("car_number").asText());
            assertEquals("20200322001430", alert.get("window_start").asText());
        }
        JsonNode recent = json.readTree(get(a, "/alerts?area=A01").body()).get("alerts");
        assertEquals(3, recent.size());
        JsonNode perCar = json.readTree(get(a, "/cars/N0036").body()).get("alerts");
        assertEquals(2, perCar.size(), "the car's recent alerts");
    }

    @Test
    void thePageAndItsChartsAreServedFromTheJar() throws Exception {
        HttpResponse<String> page = get(a, "/");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("/webjars/echarts/echarts.min.js"));
        HttpResponse<String> charts = get(a, DashboardAssets.ECHARTS_PATH);
        assertEquals(200, charts.statusCode());
        assertTrue(charts.body().length() > 500_000, "the whole library");
        HttpResponse<String> script = get(a, "/dashboard.js");
        assertEquals(200, script.statusCode());
        // A fleet of 10,000 cars must not be fetched and drawn every refresh: the page asks for its fastest cars.
        assertTrue(script.body().contains("'/fleet?top=' + FLEET_TILES"), "the page asks for a bounded fleet view");
        assertTrue(page.body().contains("id=\"find-car\""), "and finds any other car by its number");
        assertEquals(200, get(a, "/dashboard.css").statusCode());
        assertEquals(404, get(a, "/webjars/other.js").statusCode());
    }

    private static Map<String, Object> alert(String car, String windowStart, String area) {
        return Map.of("car_number", car, "window_start", windowStart, "day", windowStart.substring(0, 8),
                "average_speed", 90.0, "record_count", 15, "max_speed", 120, "last_area_number", area);
    }
}

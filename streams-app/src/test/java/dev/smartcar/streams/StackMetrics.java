package dev.smartcar.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.smartcar.streams.metrics.PrometheusText;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The ITs' look at every metrics endpoint of the running stack, as Prometheus scrapes them: the app's
 * {@code /metrics/prometheus} (its counters equal to its JSON {@code /metrics}) and the JMX exporter of each Kafka
 * node and the Connect worker ({@code smartcar.it.metricsUrls}, from {@code stack.sh env}), each parsed by promtool.
 */
final class StackMetrics {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** What Prometheus 2.x asks for when it may not have OpenMetrics: the text format 0.0.4, which promtool reads. */
    private static final String TEXT = "text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    private StackMetrics() {
    }

    /** The app's scrape against its JSON (taken again when the counters moved in between), then the agents'. */
    static void check(StreamsApp app) throws Exception {
        long start = System.nanoTime();
        String base = "http://127.0.0.1:" + app.httpPort();
        ObjectMapper json = new ObjectMapper();
        for (int attempt = 1; ; attempt++) {
            JsonNode before = json.readTree(get(base + "/metrics", null));
            String text = get(base + "/metrics/prometheus", TEXT);
            if (!before.equals(json.readTree(get(base + "/metrics", null))) && attempt < 5) {
                continue; // the app counted something meanwhile
            }
            PrometheusText.promtoolAccepts("the app's /metrics/prometheus", text, "smartcar_");
            int compared = PrometheusText.countersEqualJson(text, before);
            assertTrue(text.contains("\nkafka_stream_"), "Kafka Streams' metrics are there");
            System.out.println("the app's /metrics/prometheus: " + compared + " counters equal to /metrics, "
                    + text.lines().filter(l -> !l.startsWith("#")).count() + " samples");
            break;
        }
        for (String url : agents()) {
            String text = getWhenUp(url);
            boolean broker = !text.contains("kafka_connect_") && text.contains("kafka_server_");
            PrometheusText.promtoolAccepts(url, text, broker ? "kafka_server_" : "jvm_");
            if (broker) {
                assertEquals(0.0, PrometheusText.samples(text).get("kafka_server_under_replicated_partitions"),
                        url + ": no partition under-replicated");
            }
            System.out.println(url + ": parsed, " + text.lines().filter(l -> !l.startsWith("#")).count()
                    + " samples");
        }
        System.out.printf("every metrics endpoint checked in %d ms%n", (System.nanoTime() - start) / 1_000_000);
    }

    private static List<String> agents() {
        String urls = System.getProperty("smartcar.it.metricsUrls", "");
        return urls.isBlank() || urls.startsWith("${") ? List.of() : Arrays.asList(urls.split(","));
    }

    /**
     * An agent's scrape; while its JVM is down, again every 2 s for up to 2 minutes: the connectors' ITs, which run
     * beside these, SIGKILL and restart the Connect worker ({@code WorkerCrashIT}).
     */
    private static String getWhenUp(String url) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            try {
                return get(url, TEXT);
            } catch (java.io.IOException down) {
                if (System.nanoTime() > deadline) {
                    throw down;
                }
                System.out.println(url + " does not answer (" + down + "): its JVM may be restarting; again in 2 s");
                Thread.sleep(2_000);
            }
        }
    }

    private static String get(String url, String accept) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
        if (accept != null) {
            request.header("Accept", accept);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), url);
        return response.body();
    }
}

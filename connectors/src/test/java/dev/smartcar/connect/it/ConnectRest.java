package dev.smartcar.connect.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** The few Connect REST calls the integration tests need. */
final class ConnectRest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;

    ConnectRest(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    void putConfig(String name, Map<String, String> config) throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/connectors/" + name
                + "/config"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(config))).build());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("PUT config of " + name + ": HTTP " + response.statusCode() + " "
                    + response.body());
        }
    }

    /** Waits until the connector and all its tasks run; a FAILED task ends the wait with its trace. */
    void awaitRunning(String name, Duration limit) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(
                    URI.create(base + "/connectors/" + name + "/status")).GET().build());
            last = response.body();
            if (response.statusCode() == 200) {
                JsonNode status = JSON.readTree(last);
                JsonNode tasks = status.path("tasks");
                for (JsonNode task : tasks) {
                    if ("FAILED".equals(task.path("state").asText())) {
                        throw new IllegalStateException("task of " + name + " FAILED: " + task.path("trace").asText());
                    }
                }
                boolean running = "RUNNING".equals(status.path("connector").path("state").asText())
                        && tasks.size() > 0;
                for (JsonNode task : tasks) {
                    running &= "RUNNING".equals(task.path("state").asText());
                }
                if (running) {
                    return;
                }
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(name + " not RUNNING within " + limit + ": " + last);
    }

    /** GET /connectors/NAME/status as JSON (HTTP status other than 200 fails). */
    JsonNode status(String name) throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                URI.create(base + "/connectors/" + name + "/status")).GET().build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET status of " + name + ": HTTP " + response.statusCode() + " "
                    + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** PUT /connector-plugins/CLASS/config/validate; returns the response (error_count, configs). */
    JsonNode validate(String connectorClass, Map<String, String> config) throws IOException, InterruptedException {
        String plugin = connectorClass.substring(connectorClass.lastIndexOf('.') + 1);
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                        URI.create(base + "/connector-plugins/" + plugin + "/config/validate"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(config))).build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("validate " + plugin + ": HTTP " + response.statusCode() + " "
                    + response.body());
        }
        return JSON.readTree(response.body());
    }

    void delete(String name) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(URI.create(base + "/connectors/" + name)).DELETE().build());
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}

package dev.smartcar.streams.query;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Asks another instance of the app (java.net.http), for a car it owns or for its share of the fleet. Its answer is
 * passed on as it came, with its {@code Retry-After}; an instance that does not answer in time is a 503 naming it
 * (it may be leaving: the group moves its partitions after the session timeout).
 */
public class Peers {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);
    /** Seconds a caller is asked to wait when an owner does not answer: about a rebalance's length. */
    public static final int UNREACHABLE_RETRY_SECONDS = 5;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /** {@code GET http://host:port/pathAndQuery} on the other instance. */
    Reply get(HostInfo host, String pathAndQuery) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + Cluster.name(host) + pathAndQuery))
                .timeout(REQUEST_TIMEOUT).header("Accept", "application/json").GET().build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            int retryAfter = response.headers().firstValue("Retry-After").map(Peers::seconds).orElse(0);
            return new Reply(response.statusCode(), response.body(), retryAfter);
        } catch (IOException e) {
            return Reply.retryLater("instance " + Cluster.name(host) + " did not answer ("
                    + e.getClass().getSimpleName()
                    + "); it may be leaving the group, whose rebalance then moves its cars", UNREACHABLE_RETRY_SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Reply.retryLater("interrupted while asking " + Cluster.name(host), 1);
        }
    }

    private static int seconds(String header) {
        try {
            return Math.max(0, Integer.parseInt(header.trim()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}

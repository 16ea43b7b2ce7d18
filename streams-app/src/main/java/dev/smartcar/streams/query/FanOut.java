package dev.smartcar.streams.query;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Asks every instance of the app for its share of an answer that is spread over them (the fleet, the counters):
 * this instance answers from what it has, each other one over HTTP with {@code scope=local}, so a share is never
 * asked for twice.
 */
final class FanOut {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** One instance's share, or (body null) why there is none. */
    record Share<T>(HostInfo host, T body, String error) { }

    private final Cluster cluster;
    private final Peers peers;

    FanOut(Cluster cluster, Peers peers) {
        this.cluster = cluster;
        this.peers = peers;
    }

    /**
     * Every known instance's share of {@code path} (which may carry a query of its own), this instance's first:
     * {@code mine} (null: {@code whyNotMine}), the others' read from their JSON as {@code type}.
     */
    <T> List<Share<T>> ask(String path, Class<T> type, T mine, String whyNotMine) {
        List<Share<T>> shares = new ArrayList<>();
        for (HostInfo host : cluster.instances()) {
            if (host.equals(cluster.self())) {
                shares.add(new Share<>(host, mine, mine == null ? whyNotMine : null));
                continue;
            }
            Reply reply = peers.get(host, path + (path.contains("?") ? "&" : "?") + QueryParams.SCOPE + "="
                    + QueryParams.LOCAL);
            T theirs = reply.status() == 200 ? read(reply.body(), type) : null;
            shares.add(new Share<>(host, theirs, theirs == null ? "answered " + reply.status() + ": "
                    + text(reply.body())
                    : null));
        }
        return shares;
    }

    private static <T> T read(Object body, Class<T> type) {
        try {
            return body instanceof byte[] bytes ? JSON.readValue(bytes, type) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String text(Object body) {
        if (body instanceof byte[] bytes) {
            String text = new String(bytes, StandardCharsets.UTF_8);
            return text.length() > 200 ? text.substring(0, 200) + "…" : text;
        }
        return String.valueOf(body);
    }
}

package dev.smartcar.streams.query;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Lag and health as this instance sees them, for the dashboard: each consumer group's lag (the Admin client: committed
 * offsets against the partitions' ends), and whether Kafka, the registry and Redis answer. Asked at most once per
 * {@link #CACHE_MS} however many pages poll, each probe bounded by {@link #PROBE_TIMEOUT_MS}.
 */
public final class SystemHealth implements AutoCloseable {

    static final long CACHE_MS = 3_000;
    static final long PROBE_TIMEOUT_MS = 2_000;

    private final Admin admin;
    private final List<String> groups;
    private final String registryUrl;
    private final Supplier<String> redisPing;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(PROBE_TIMEOUT_MS)).build();
    private Map<String, Object> cached;
    private long cachedAt;

    /** @param redisPing PING's answer, or null when Redis is off; throws when Redis does not answer */
    public SystemHealth(Admin admin, List<String> groups, String registryUrl, Supplier<String> redisPing) {
        this.admin = admin;
        this.groups = groups;
        this.registryUrl = registryUrl;
        this.redisPing = redisPing;
    }

    public synchronized Map<String, Object> snapshot() {
        long now = System.currentTimeMillis();
        if (cached == null || now - cachedAt >= CACHE_MS) {
            Map<String, Object> view = new LinkedHashMap<>();
            Map<String, Object> health = new LinkedHashMap<>();
            health.put("kafka", probe(this::kafka));
            health.put("registry", probe(this::registry));
            health.put("redis", redisPing == null ? status("off", "redis.enabled=false") : probe(redisPing::get));
            view.put("health", health);
            view.put("lag", lag());
            cached = view;
            cachedAt = now;
        }
        return cached;
    }

    private String kafka() throws Exception {
        int nodes = admin.describeCluster().nodes().get(PROBE_TIMEOUT_MS, TimeUnit.MILLISECONDS).size();
        return nodes + " broker(s)";
    }

    private String registry() throws Exception {
        if (registryUrl.startsWith("mock://")) {
            return "mock";
        }
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(registryUrl.replaceAll("/+$", "")
                + "/subjects"))
                .timeout(Duration.ofMillis(PROBE_TIMEOUT_MS)).GET().build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET /subjects answered " + response.statusCode());
        }
        return "subjects answered 200";
    }

    private interface Probe {
        String run() throws Exception;
    }

    private static Map<String, Object> probe(Probe probe) {
        try {
            return status("up", probe.run());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return status("down", "interrupted");
        } catch (Exception e) {
            Throwable cause = e.getCause() != null && e instanceof java.util.concurrent.ExecutionException
                    ? e.getCause() : e;
            return status("down", cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": "
                    + cause.getMessage()));
        }
    }

    private static Map<String, Object> status(String status, String detail) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("status", status);
        s.put("detail", detail);
        return s;
    }

    /** Per group: total lag and lag per topic; a group that has committed nothing yet has no lag to show. */
    private Map<String, Object> lag() {
        Map<String, Object> lag = new TreeMap<>();
        for (String group : groups) {
            try {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(PROBE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                committed.forEach((tp, offset) -> {
                    if (offset != null) {
                        latest.put(tp, OffsetSpec.latest());
                    }
                });
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = latest.isEmpty() ? Map.of()
                        : admin.listOffsets(latest).all().get(PROBE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
                Map<String, Long> byTopic = new TreeMap<>();
                long total = 0;
                for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end : ends.entrySet()) {
                    long behind = Math.max(0, end.getValue().offset() - committed.get(end.getKey()).offset());
                    byTopic.merge(end.getKey().topic(), behind, Long::sum);
                    total += behind;
                }
                Map<String, Object> g = new LinkedHashMap<>();
                g.put("total", total);
                g.put("topics", byTopic);
                lag.put(group, g);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                lag.put(group, Map.of("error", "interrupted"));
            } catch (Exception e) {
                lag.put(group, Map.of("error", e.toString()));
            }
        }
        return lag;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}

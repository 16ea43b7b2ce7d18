package dev.smartcar.streams.query;

import dev.smartcar.streams.counters.PipelineCounters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;

/**
 * {@code GET /pipeline}: every instance's counters ({@code /metrics}) and lines per source file, their sum, consumer
 * lag per group and each component's health as the app sees it. The counters are per process, so the fleet's total is
 * the sum over the instances, which this view asks (with {@code scope=local}).
 */
public final class PipelineView {

    private final Cluster cluster;
    private final Peers peers;
    private final PipelineCounters counters;
    private final Supplier<KafkaStreams.State> state;
    private final Supplier<Map<String, Object>> system;

    /** @param system lag and health ({@link SystemHealth#snapshot}) */
    public PipelineView(Cluster cluster, Peers peers, PipelineCounters counters, Supplier<KafkaStreams.State> state,
                 Supplier<Map<String, Object>> system) {
        this.cluster = cluster;
        this.peers = peers;
        this.counters = counters;
        this.state = state;
        this.system = system;
    }

    public Reply pipeline(boolean localOnly) {
        Map<String, Object> mine = new LinkedHashMap<>();
        mine.put("server", Cluster.name(cluster.self()));
        mine.put("state", state.get().name());
        mine.put("metrics", counters.snapshot());
        mine.put("files", counters.files());
        if (localOnly) {
            return Reply.ok(mine);
        }
        List<Map<String, Object>> instances = new ArrayList<>();
        boolean complete = true;
        for (HostInfo host : cluster.instances()) {
            if (host.equals(cluster.self())) {
                instances.add(mine);
                continue;
            }
            Reply reply = peers.get(host, "/pipeline?" + QueryParams.SCOPE + "=" + QueryParams.LOCAL);
            Map<String, Object> theirs = reply.status() == 200 ? CarQuery.parse(reply.body()) : null;
            if (theirs == null) {
                complete = false;
                theirs = new LinkedHashMap<>();
                theirs.put("server", Cluster.name(host));
                theirs.put("error", "answered " + reply.status() + ": " + CarQuery.text(reply.body()));
            }
            instances.add(theirs);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("complete", complete);
        body.put("total", sum(instances, "metrics"));
        body.put("files", sum(instances, "files"));
        body.put("instances", instances);
        body.putAll(system.get());
        return Reply.ok(body);
    }

    /** The instances' {@code key} objects added up: numbers summed, nested objects merged key by key. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> sum(List<Map<String, Object>> instances, String key) {
        Map<String, Object> total = new TreeMap<>();
        for (Map<String, Object> instance : instances) {
            Object part = instance.get(key);
            if (part instanceof Map<?, ?> map) {
                add(total, (Map<String, Object>) map);
            }
        }
        return total;
    }

    @SuppressWarnings("unchecked")
    private static void add(Map<String, Object> into, Map<String, Object> from) {
        from.forEach((k, v) -> {
            if (v instanceof Number n) {
                Object had = into.get(k);
                into.put(k, (had instanceof Number h ? h.longValue() : 0L) + n.longValue());
            } else if (v instanceof Map<?, ?> nested) {
                Object had = into.get(k);
                Map<String, Object> target = had instanceof Map<?, ?> m ? (Map<String, Object>) m : new TreeMap<>();
                add(target, (Map<String, Object>) nested);
                into.put(k, target);
            }
        });
    }
}

package dev.smartcar.streams.query;

import dev.smartcar.streams.counters.PipelineCounters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * {@code GET /pipeline}: every instance's counters ({@code /metrics}) and lines per source file, their sum, consumer
 * lag per group and each component's health as the app sees it. The counters are per process, so the fleet's total is
 * the sum over the instances, which this view asks (with {@code scope=local}).
 */
public final class PipelineView {

    private final Cluster cluster;
    private final FanOut fanOut;
    private final PipelineCounters counters;
    private final Supplier<KafkaStreams.State> state;
    private final Supplier<Map<String, Object>> system;

    /** @param system lag and health ({@link SystemHealth#snapshot}) */
    public PipelineView(Cluster cluster, Peers peers, PipelineCounters counters, Supplier<KafkaStreams.State> state,
                        Supplier<Map<String, Object>> system) {
        this.cluster = cluster;
        this.fanOut = new FanOut(cluster, peers);
        this.counters = counters;
        this.state = state;
        this.system = system;
    }

    public Reply pipeline(boolean localOnly) {
        PipelineReply.Instance mine = new PipelineReply.Instance(Cluster.name(cluster.self()), state.get().name(),
                counters.snapshot(), new LinkedHashMap<String, Object>(counters.files()), null);
        if (localOnly) {
            return Reply.ok(mine);
        }
        List<PipelineReply.Instance> instances = new ArrayList<>();
        boolean complete = true;
        for (FanOut.Share<PipelineReply.Instance> share : fanOut.ask("/pipeline", PipelineReply.Instance.class, mine,
                null)) {
            if (share.body() == null) {
                complete = false;
                instances.add(new PipelineReply.Instance(Cluster.name(share.host()), null, null, null, share.error()));
            } else {
                instances.add(share.body());
            }
        }
        return Reply.ok(new PipelineReply(complete, sum(instances, PipelineReply.Instance::metrics),
                sum(instances, PipelineReply.Instance::files), instances, system.get()));
    }

    /** The instances' {@code part} objects added up: numbers summed, nested objects merged key by key. */
    static Map<String, Object> sum(List<PipelineReply.Instance> instances,
                                   Function<PipelineReply.Instance, Map<String, ?>> part) {
        Map<String, Object> total = new TreeMap<>();
        for (PipelineReply.Instance instance : instances) {
            Map<String, ?> map = part.apply(instance);
            if (map != null) {
                add(total, map);
            }
        }
        return total;
    }

    @SuppressWarnings("unchecked")
    private static void add(Map<String, Object> into, Map<String, ?> from) {
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

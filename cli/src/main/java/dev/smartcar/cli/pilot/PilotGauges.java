package dev.smartcar.cli.pilot;

import dev.smartcar.cli.redis.AlertStore;
import dev.smartcar.schemas.contract.Topics;
import java.util.List;
import java.util.Set;

/**
 * The numbers of the progress line, for this run only: this run's records collected, valid and rejected (counted
 * by {@link PilotTopics}), the sink's committed offsets minus where they stood when the run began (so "in HBase" is
 * approximate: a commit marker takes an offset), the alerts in Redis.
 */
final class PilotGauges {

    private final PipelineOffsets offsets;
    private final AlertStore redis;
    private final String sinkGroup;
    private final long sink;

    private PilotGauges(PipelineOffsets offsets, AlertStore redis, String sinkGroup, long sink) {
        this.offsets = offsets;
        this.redis = redis;
        this.sinkGroup = sinkGroup;
        this.sink = sink;
    }

    /** Takes the offsets as the run begins. */
    static PilotGauges take(PipelineOffsets o, AlertStore redis, String sinkGroup) {
        return new PilotGauges(o, redis, sinkGroup,
                o.committedSum(sinkGroup, Topics.STATUS) + o.committedSum(sinkGroup, Topics.DRIVING));
    }

    ProgressLine.Gauges read(Set<String> alertDays, PilotTopics topics, long written) {
        long alerts = 0;
        for (String d : alertDays) {
            alerts += redis.count(d);
        }
        return new ProgressLine.Gauges(written, topics.collected(), topics.valid(), topics.rejected(),
                offsets.committedSum(sinkGroup, Topics.STATUS) + offsets.committedSum(sinkGroup, Topics.DRIVING) - sink,
                alerts);
    }

    /**
     * The sink has consumed everything: per partition, its committed offset is at the end or one short (a
     * transaction's commit marker takes an offset that no record fills).
     */
    boolean sinkCaughtUp() {
        for (String topic : List.of(Topics.STATUS, Topics.DRIVING)) {
            long end = offsets.endOffsetSum(topic);
            long committed = offsets.committedSum(sinkGroup, topic);
            if (end - committed > offsets.partitions(topic).size()) {
                return false;
            }
        }
        return true;
    }
}

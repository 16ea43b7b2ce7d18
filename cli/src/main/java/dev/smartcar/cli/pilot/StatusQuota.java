package dev.smartcar.cli.pilot;

import dev.smartcar.cli.CliException;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * A Kafka produce quota on the spool source's producer for the length of a run ({@code --status-quota}): the
 * broker holds the status day's collection to that many bytes a second, so on a host the day shares with a large
 * fleet's drivers it does not take the cores their alerts need (issue #26). Removed when the run ends; a broker
 * that refuses it (no right to alter quotas) leaves the day at full speed, and the run says so.
 */
final class StatusQuota implements AutoCloseable {

    /** The spool source's producer as Connect names it: its connector's name and task 0 (the source has one). */
    static final String CLIENT_ID = "connector-producer-smartcar-status-spooldir-0";

    private final PipelineOffsets kafka;
    private final PrintWriter out;
    private final boolean set;

    private StatusQuota(PipelineOffsets kafka, PrintWriter out, boolean set) {
        this.kafka = kafka;
        this.out = out;
        this.set = set;
    }

    /** Sets the quota through the pilot's admin client ({@code bytesPerSecond} > 0), or does nothing at 0. */
    static StatusQuota apply(PipelineOffsets kafka, long bytesPerSecond, PrintWriter out) {
        if (bytesPerSecond <= 0) {
            return new StatusQuota(kafka, out, false);
        }
        boolean set = alter(kafka, (double) bytesPerSecond, out);
        out.println(set
                ? String.format(Locale.ROOT, "  status day  capped at %,d bytes/s by a Kafka quota on %s for this run"
                        + " (--status-quota 0: none)", bytesPerSecond, CLIENT_ID)
                : "  status day  at full speed: the broker did not take the quota on " + CLIENT_ID);
        return new StatusQuota(kafka, out, set);
    }

    /** Sets ({@code rate}) or removes (null) the quota; false, with the reason printed, when the broker refuses. */
    private static boolean alter(PipelineOffsets kafka, Double rate, PrintWriter out) {
        try {
            kafka.producerQuota(CLIENT_ID, rate);
            return true;
        } catch (CliException e) {
            out.println("  " + e.getMessage());
            return false;
        }
    }

    @Override
    public void close() {
        if (set && !alter(kafka, null, out)) {
            out.println("  remove it by hand: kafka-configs --alter --delete-config producer_byte_rate"
                    + " --entity-type clients --entity-name " + CLIENT_ID);
        }
    }
}

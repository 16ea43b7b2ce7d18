package dev.smartcar.cli.pilot;

import dev.smartcar.cli.CliException;
import java.io.PrintWriter;
import java.util.function.Supplier;
import org.apache.kafka.common.KafkaException;

/**
 * Reads of the servers that ride out an outage (the reliability suite stops servers on purpose): a read that finds
 * a server unreachable gives null, and the run says so once per distinct reason, and again when it is back.
 */
final class OutageWatch {

    private final PrintWriter out;
    private final ProgressLine progress;
    private String lastUnreachable;

    OutageWatch(PrintWriter out, ProgressLine progress) {
        this.out = out;
        this.progress = progress;
    }

    <T> T read(Supplier<T> read) {
        try {
            T value = read.get();
            if (lastUnreachable != null) {
                progress.finish();
                out.println("reachable again after: " + lastUnreachable);
                out.flush();
                lastUnreachable = null;
            }
            return value;
        } catch (CliException | KafkaException e) {
            String reason = String.valueOf(e.getMessage());
            if (!reason.equals(lastUnreachable)) {
                progress.finish();
                out.println("unreachable, retrying every second: " + reason);
                out.flush();
                lastUnreachable = reason;
            }
            return null;
        }
    }
}

package dev.smartcar.cli;

import dev.smartcar.cli.redis.Alert;
import dev.smartcar.cli.redis.AlertStore;
import dev.smartcar.cli.redis.DetailKey;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code alerts --date yyyyMMdd [--follow]}: the day's over-speeding cars from Redis, like the original pilot's
 * console client ({@code SMEMBERS <yyyyMMdd>} every 10 s) but with the details beside each member, sorted by
 * window start, and without deleting anything.
 */
@Command(name = "alerts", mixinStandardHelpOptions = true,
        description = {"The day's over-speeding cars from Redis, with their details, by time.",
                "Reads set <yyyyMMdd> (members <car>-<window start>) and the details the streams app stores",
                "beside each member. Read-only: unlike the original console client, it deletes nothing."})
public final class AlertsCommand implements Callable<Integer> {

    @Mixin
    RedisOptions redis;

    @Option(names = "--date", required = true, paramLabel = "yyyyMMdd", description = "the day, e.g. 20200322")
    String date;

    @Option(names = "--follow", description = "keep running and print new alerts as they arrive (Ctrl-C stops)")
    boolean follow;

    @Option(names = "--poll-ms", defaultValue = "1000", paramLabel = "MS",
            description = "with --follow: how often to look for new members (default ${DEFAULT-VALUE})")
    long pollMs;

    @Option(names = "--detail-key", paramLabel = "PATTERN",
            defaultValue = "${env:SMARTCAR_ALERT_DETAIL_KEY:-" + DetailKey.DEFAULT_PATTERN + "}",
            description = "key of an alert's details, with {car} and {start} (default ${DEFAULT-VALUE})")
    String detailKey;

    @Spec
    CommandSpec spec;

    /** Tests stop a follow loop with this; the command line stops it with Ctrl-C. */
    BooleanSupplier keepFollowing = () -> true;

    @Override
    public Integer call() throws InterruptedException {
        String day = LogTime.format(new LogTime().day(date, "--date"));
        if (pollMs < 100 || pollMs > 3_600_000) {
            throw CliException.usage("--poll-ms " + pollMs + " is out of range; expected 100-3600000");
        }
        DetailKey key;
        try {
            key = new DetailKey(detailKey);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--detail-key: " + e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        try (AlertStore store = AlertStore.open(redis.address(), redis.user(), redis.passwordFile(), key)) {
            Set<String> members = store.members(day);
            List<Alert> alerts = store.details(members);
            out.println(AlertTable.title(day, alerts.size(), store.timeToLive(day)));
            alerts.forEach(a -> out.println(AlertTable.row(a)));
            out.flush();
            if (follow) {
                follow(store, day, new HashSet<>(members), out);
            }
        }
        return CliException.OK;
    }

    /**
     * Polls the day set and prints members not seen before. Memory is bounded by the day set itself (one entry
     * per member seen), which Redis holds anyway.
     */
    private void follow(AlertStore store, String day, Set<String> seen, PrintWriter out) throws InterruptedException {
        out.println("following " + day + " (every " + pollMs + " ms; Ctrl-C stops) ...");
        out.flush();
        while (keepFollowing.getAsBoolean()) {
            Thread.sleep(pollMs);
            List<String> fresh = new ArrayList<>();
            for (String m : store.members(day)) {
                if (seen.add(m)) {
                    fresh.add(m);
                }
            }
            if (!fresh.isEmpty()) {
                store.details(fresh).forEach(a -> out.println(AlertTable.row(a)));
                out.flush();
            }
        }
    }
}

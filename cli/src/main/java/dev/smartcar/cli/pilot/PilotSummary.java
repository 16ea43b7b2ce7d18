package dev.smartcar.cli.pilot;

import dev.smartcar.cli.AlertTable;
import dev.smartcar.cli.Check;
import dev.smartcar.cli.DurationText;
import dev.smartcar.cli.redis.Alert;
import dev.smartcar.cli.redis.AlertStore;
import dev.smartcar.schemas.contract.RedisLayout.DetailField;
import dev.smartcar.cli.redis.AlertMember;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the run prints at its end: the totals and the checks, expected vs actual, with the verdict (chaos.sh quotes
 * the lines from {@code Pilot summary} to the verdict, so their form is kept); after a pass, each alert day's total
 * and its highest averages (every alert with {@code --all-alerts}), the dashboard's address and where to look next.
 */
final class PilotSummary {

    /** Alerts shown per day unless all are asked for: the highest averages. */
    static final int TOP_ALERTS = 10;
    /** Alerts whose details are fetched (and held) at once. */
    static final int DETAILS_BATCH = 2_000;

    private final PrintWriter out;

    PilotSummary(PrintWriter out) {
        this.out = out;
    }

    void printTotals(String dayText, long seed, PilotCommand.Settings s, LineTally status, LineTally driving,
                     Map<String, Long> setAside, List<Check> checks, long seconds) {
        out.println();
        out.printf(Locale.ROOT, "Pilot summary: day %s, %d cars%s, drivers %s at %d ms, seed %d, %d:%02d elapsed%n",
                dayText, s.cars(), s.statusCars() != s.cars() ? " (status day " + s.statusCars() + ")" : "",
                DurationText.format(s.duration()), s.paceMs(), seed, seconds / 60, seconds % 60);
        out.printf(Locale.ROOT,
                "  lines written: status %,d (%,d valid, %,d invalid), driving %,d (%,d valid, %,d invalid)%n",
                status.lines(), status.valid(), status.invalid(), driving.lines(), driving.valid(), driving.invalid());
        out.println("  driving lines set aside by the windows (smartcar.setaside): " + (setAside.isEmpty() ? "none"
                : setAside.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %,d", e.getKey(), e.getValue()))
                        .collect(Collectors.joining(", "))));
        int width = checks.stream().mapToInt(c -> c.name().length()).max().orElse(10);
        out.printf(Locale.ROOT, "  %-4s  %-" + width + "s  %14s  %s%n", "", "check", "expected", "actual");
        for (Check c : checks) {
            out.printf(Locale.ROOT, "  %-4s  %-" + width + "s  %14s  %s%n", c.mark(), c.name(), c.expected(),
                    c.actual());
        }
        long failed = checks.stream().filter(c -> !c.passed()).count();
        out.println(failed == 0 ? "VERDICT: PASS (" + checks.size() + " checks)"
                : "  " + failed + " of " + checks.size() + " checks failed");
        out.flush();
    }

    void printFailure(String dayText) {
        out.println("VERDICT: FAIL — the numbers above disagree. Look around: bin/smartcar alerts --date "
                + dayText + "; make status; logs under .stack/dev/logs/");
        out.flush();
    }

    void printSuccess(AlertStore redis, String dayText, Set<String> alertDays, LineTally driving, String dashboard,
                      boolean allAlerts) {
        out.println();
        for (String d : alertDays) {
            printAlerts(d, redis.timeToLive(d), redis.members(d), redis::details, allAlerts);
        }
        out.println();
        out.println("Dashboard: " + dashboard + "   (the streams app: alerts as they fire, speeds, the pipeline)");
        String someCar = driving.samples().isEmpty() ? "N0036" : driving.samples().get(0).carNumber();
        out.println();
        out.println("Look around (the stack stays up):");
        out.println("  bin/smartcar alerts --date " + dayText
                + "            # the day's alerts (--follow for new ones)");
        out.println("  bin/smartcar driving --car " + someCar + " --from " + dayText + "000000 --to " + dayText
                + "235959");
        out.println("  bin/smartcar status --car " + someCar + " --date " + dayText);
        out.println("  make status                                     # components, topics, tables, alert keys");
        out.println("Stop the stack: make down   (keeps the data; `make clean` deletes it)");
        out.flush();
    }

    /**
     * A day's total, then its alerts by time when all are asked for or few, else its highest averages. The alerts are
     * the day set's members, their details fetched {@link #DETAILS_BATCH} at a time, so the summary
     * holds one batch of details and the {@link #TOP_ALERTS} highest, never the details of every alert: a run of
     * 10,000 cars for 10 minutes makes hundreds of thousands of alerts, each detail hash about 1.5 KB in the JVM.
     */
    void printAlerts(String day, long ttlSeconds, Set<String> members, Function<List<String>, List<Alert>> details,
                     boolean all) {
        out.println(AlertTable.title(day, members.size(), ttlSeconds));
        List<String> byTime = members.stream().map(AlertMember::parse).sorted(AlertMember.BY_TIME)
                .map(AlertMember::member).toList();
        Comparator<Alert> byAverage = Comparator.comparingDouble(PilotSummary::averageSpeed);
        boolean listAll = all || members.size() <= TOP_ALERTS;
        if (!listAll) {
            out.println("  the " + TOP_ALERTS + " highest averages (all " + members.size()
                    + ": bin/smartcar alerts --date " + day + ", or pilot --all-alerts):");
        }
        PriorityQueue<Alert> highest = new PriorityQueue<>(byAverage);
        for (int from = 0; from < byTime.size(); from += DETAILS_BATCH) {
            for (Alert a : details.apply(byTime.subList(from, Math.min(byTime.size(), from + DETAILS_BATCH)))) {
                if (listAll) {
                    out.println("  " + AlertTable.row(a));
                } else if (highest.size() < TOP_ALERTS || byAverage.compare(a, highest.peek()) > 0) {
                    highest.add(a);
                    if (highest.size() > TOP_ALERTS) {
                        highest.poll();
                    }
                }
            }
        }
        highest.stream().sorted(byAverage.reversed().thenComparing(Alert::member, AlertMember.BY_TIME))
                .forEach(a -> out.println("  " + AlertTable.row(a)));
    }

    /** The window's average speed the streams app stored; an alert without it sorts last. */
    static double averageSpeed(Alert alert) {
        try {
            return Double.parseDouble(alert.details().getOrDefault(DetailField.AVERAGE_SPEED.key(), ""));
        } catch (NumberFormatException e) {
            return Double.NEGATIVE_INFINITY;
        }
    }
}

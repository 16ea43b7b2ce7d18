package dev.smartcar.cli.pilot;

import dev.smartcar.cli.Check;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The pilot's checks, as plain arithmetic over numbers gathered elsewhere, each with expected and actual:
 * (a) every valid line is in HBase exactly once (row counts per table equal the distinct valid lines, and a
 * sample of rows matches its lines byte for byte); (b) every invalid line is on {@code smartcar.rejected} with
 * its reason; (c) the alerts in Redis and on {@code smartcar.overspeed} are exactly the reference alerts;
 * (d) every valid driving line is in a window or on {@code smartcar.setaside}, with the reference's reasons.
 */
public final class Verdict {

    /** What was counted. Maps and sets are compared whole; a missing key counts as 0. */
    public record Inputs(String day, String drivingDays,
                         long drivingExpectedRows, long drivingRows,
                         long statusExpectedRows, long statusRows,
                         int samplesChecked, List<String> sampleMismatches,
                         Map<String, Long> expectedRejects, Map<String, Long> actualRejects,
                         Set<String> expectedAlerts, Set<String> redisAlerts, Map<String, Integer> topicAlerts) { }

    /**
     * The over-speed windows' bookkeeping: valid driving lines (the recount of the file), the lines the reference
     * counted in a window, and the set-aside lines by reason, expected (the reference) and actual (the topic).
     */
    public record SetAside(long validLines, long expectedWindowed, Map<String, Long> expectedByReason,
                           Map<String, Long> actualByReason) { }

    private static final int SHOWN = 5;

    private Verdict() { }

    public static List<Check> checks(Inputs in) {
        List<Check> checks = new ArrayList<>();
        checks.add(equal("(a) DriverCarInfo rows of " + in.drivingDays(), in.drivingExpectedRows(), in.drivingRows()));
        checks.add(equal("(a) SmartCarStatusInfo rows of " + in.day(), in.statusExpectedRows(), in.statusRows()));
        int bad = in.sampleMismatches().size();
        checks.add(new Check("(a) sampled rows byte for byte", in.samplesChecked() + " of " + in.samplesChecked(),
                (in.samplesChecked() - bad) + " of " + in.samplesChecked()
                        + (bad == 0 ? "" : "; " + String.join("; ", in.sampleMismatches().subList(0, Math.min(SHOWN,
                                bad)))),
                bad == 0 && in.samplesChecked() > 0));
        Set<String> reasons = new TreeSet<>(in.expectedRejects().keySet());
        reasons.addAll(in.actualRejects().keySet());
        long expectedTotal = 0;
        long actualTotal = 0;
        for (String reason : reasons) {
            long e = in.expectedRejects().getOrDefault(reason, 0L);
            long a = in.actualRejects().getOrDefault(reason, 0L);
            expectedTotal += e;
            actualTotal += a;
            checks.add(equal("(b) rejected: " + reason, e, a));
        }
        if (reasons.isEmpty()) {
            checks.add(equal("(b) rejected lines", 0, 0));
        } else if (reasons.size() > 1) {
            checks.add(equal("(b) rejected lines, all reasons", expectedTotal, actualTotal));
        }
        checks.add(sameSet("(c) alerts in Redis", in.expectedAlerts(), in.redisAlerts()));
        checks.add(sameSet("(c) alerts on smartcar.overspeed", in.expectedAlerts(), in.topicAlerts().keySet()));
        Map<String, Integer> duplicates = new TreeMap<>();
        in.topicAlerts().forEach((member, n) -> {
            if (n > 1) {
                duplicates.put(member, n);
            }
        });
        checks.add(new Check("(c) one alert per car and window", "0 duplicates",
                duplicates.size() + " duplicates" + (duplicates.isEmpty() ? "" : " " + first(duplicates.toString())),
                duplicates.isEmpty()));
        return checks;
    }

    /**
     * (d) per reason, the set-aside lines on the topic equal the reference's; and conservation: every valid line is
     * in a window or set aside (a line the app set aside that the reference counted, or the reverse, fails both).
     */
    public static List<Check> setAsideChecks(SetAside in) {
        List<Check> checks = new ArrayList<>();
        Set<String> reasons = new TreeSet<>(in.expectedByReason().keySet());
        reasons.addAll(in.actualByReason().keySet());
        long actualTotal = 0;
        for (String reason : reasons) {
            long a = in.actualByReason().getOrDefault(reason, 0L);
            actualTotal += a;
            checks.add(equal("(d) set aside: " + reason, in.expectedByReason().getOrDefault(reason, 0L), a));
        }
        if (reasons.isEmpty()) {
            checks.add(equal("(d) set aside", 0, 0));
        }
        checks.add(equal("(d) valid = in a window + set aside", in.validLines(), in.expectedWindowed() + actualTotal));
        return checks;
    }

    public static boolean passed(List<Check> checks) {
        return checks.stream().allMatch(Check::passed);
    }

    static Check equal(String name, long expected, long actual) {
        return new Check(name, String.format("%,d", expected), String.format("%,d", actual), expected == actual);
    }

    static Check sameSet(String name, Set<String> expected, Set<String> actual) {
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(actual);
        Set<String> extra = new TreeSet<>(actual);
        extra.removeAll(expected);
        String detail = String.format("%,d", actual.size());
        if (!missing.isEmpty()) {
            detail += "; missing " + missing.size() + ": " + first(missing.toString());
        }
        if (!extra.isEmpty()) {
            detail += "; extra " + extra.size() + ": " + first(extra.toString());
        }
        return new Check(name, String.format("%,d", expected.size()), detail, missing.isEmpty() && extra.isEmpty());
    }

    private static String first(String list) {
        return list.length() <= 120 ? list : list.substring(0, 117) + "...";
    }
}

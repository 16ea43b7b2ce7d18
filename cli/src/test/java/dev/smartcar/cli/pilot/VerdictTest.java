package dev.smartcar.cli.pilot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smartcar.cli.Check;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The verdict's arithmetic with made-up numbers: every disagreement fails its own check with both numbers. */
class VerdictTest {

    static Verdict.Inputs agreeing() {
        return new Verdict.Inputs("20200322", "20200322", 180_000, 180_000, 2_160_100, 2_160_100, 400, List.of(),
                Map.of("header-line", 200L), Map.of("header-line", 200L),
                Set.of("R0039-20200322000130", "A0001-20200322000200"),
                Set.of("R0039-20200322000130", "A0001-20200322000200"),
                Map.of("R0039-20200322000130", 1, "A0001-20200322000200", 1));
    }

    static Check named(List<Check> checks, String prefix) {
        return checks.stream().filter(c -> c.name().startsWith(prefix)).findFirst().orElseThrow();
    }

    @Test
    void agreeingNumbersPass() {
        List<Check> checks = Verdict.checks(agreeing());
        assertTrue(Verdict.passed(checks), checks::toString);
        assertEquals("180,000", named(checks, "(a) DriverCarInfo").expected());
        assertEquals("400 of 400", named(checks, "(a) sampled").actual());
    }

    @Test
    void aMissingHBaseRowFailsWithBothCounts() {
        Verdict.Inputs in = agreeing();
        in = new Verdict.Inputs(in.day(), in.drivingDays(), 180_000, 179_999, in.statusExpectedRows(), in.statusRows(),
                400, List.of(),
                in.expectedRejects(), in.actualRejects(), in.expectedAlerts(), in.redisAlerts(), in.topicAlerts());
        List<Check> checks = Verdict.checks(in);
        assertFalse(Verdict.passed(checks));
        Check c = named(checks, "(a) DriverCarInfo");
        assertFalse(c.passed());
        assertEquals("180,000", c.expected());
        assertEquals("179,999", c.actual());
    }

    @Test
    void rejectsAreComparedPerReasonAndInTotal() {
        Verdict.Inputs a = agreeing();
        Verdict.Inputs in = new Verdict.Inputs(a.day(), a.drivingDays(), 1, 1, 1, 1, 2, List.of(),
                Map.of("header-line", 200L, "field-count", 3L), Map.of("header-line", 200L, "bad-code", 3L),
                a.expectedAlerts(), a.redisAlerts(), a.topicAlerts());
        List<Check> checks = Verdict.checks(in);
        assertFalse(named(checks, "(b) rejected: field-count").passed());
        assertEquals("0", named(checks, "(b) rejected: field-count").actual());
        assertFalse(named(checks, "(b) rejected: bad-code").passed());
        assertTrue(named(checks, "(b) rejected: header-line").passed());
        // Same total, different reasons: the total alone would have hidden it.
        assertTrue(named(checks, "(b) rejected lines, all reasons").passed());
        assertFalse(Verdict.passed(checks));
    }

    @Test
    void alertSetsMustBeEqualAndTheTopicHoldsEachOnce() {
        Verdict.Inputs a = agreeing();
        Verdict.Inputs in = new Verdict.Inputs(a.day(), a.drivingDays(), 1, 1, 1, 1, 2, List.of(), Map.of(), Map.of(),
                Set.of("R0039-20200322000130", "A0001-20200322000200"),
                Set.of("R0039-20200322000130", "Z0100-20200322000200"),
                Map.of("R0039-20200322000130", 2, "A0001-20200322000200", 1));
        List<Check> checks = Verdict.checks(in);
        Check redis = named(checks, "(c) alerts in Redis");
        assertFalse(redis.passed());
        assertEquals("2; missing 1: [A0001-20200322000200]; extra 1: [Z0100-20200322000200]", redis.actual());
        assertTrue(named(checks, "(c) alerts on smartcar.overspeed").passed());
        Check once = named(checks, "(c) one alert per car and window");
        assertFalse(once.passed());
        assertEquals("1 duplicates {R0039-20200322000130=2}", once.actual());
        assertTrue(named(checks, "(b) rejected lines").passed());
    }

    @Test
    void aSampleMismatchOrNoSampleAtAllFails() {
        Verdict.Inputs a = agreeing();
        Verdict.Inputs bad = new Verdict.Inputs(a.day(), a.drivingDays(), 1, 1, 1, 1, 10,
                List.of("DriverCarInfo has no row x"),
                Map.of(), Map.of(), Set.of(), Set.of(), Map.of());
        Check c = named(Verdict.checks(bad), "(a) sampled");
        assertFalse(c.passed());
        assertEquals("9 of 10; DriverCarInfo has no row x", c.actual());
        Verdict.Inputs none = new Verdict.Inputs(a.day(), a.drivingDays(), 0, 0, 0, 0, 0, List.of(), Map.of(), Map.of(),
                Set.of(),
                Set.of(), Map.of());
        assertFalse(named(Verdict.checks(none), "(a) sampled").passed());
    }

    @Test
    void setAsideLinesAreComparedPerReasonAndEveryValidLineIsInAWindowOrSetAside() {
        List<Check> agreeing = Verdict.setAsideChecks(new Verdict.SetAside(1_000, 998,
                Map.of("clock-outlier", 1L, "late", 1L), Map.of("clock-outlier", 1L, "late", 1L)));
        assertTrue(Verdict.passed(agreeing), agreeing::toString);
        assertEquals("1,000", named(agreeing, "(d) valid = in a window + set aside").actual());

        // The app set aside a line the recount put in a window: its reason and the conservation both fail.
        List<Check> extra = Verdict.setAsideChecks(new Verdict.SetAside(1_000, 999, Map.of("clock-outlier", 1L),
                Map.of("clock-outlier", 1L, "late", 1L)));
        assertFalse(named(extra, "(d) set aside: late").passed());
        assertEquals("1,001", named(extra, "(d) valid = in a window + set aside").actual());
        assertFalse(named(extra, "(d) valid = in a window + set aside").passed());

        // Nothing set aside anywhere: one passing row says so.
        List<Check> none = Verdict.setAsideChecks(new Verdict.SetAside(10, 10, Map.of(), Map.of()));
        assertTrue(Verdict.passed(none));
        assertTrue(named(none, "(d) set aside").passed());
    }
}

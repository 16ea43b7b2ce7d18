package dev.smartcar.schemas.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class OverSpeedReferenceTest {

    @Test
    void alertsOnlyStrictlyAboveTheThresholdPerCarAndEpochAlignedWindow() {
        OverSpeedReference rule = OverSpeedReference.pilot();
        // car A, window [0, 30 s): average exactly 80 -> no alert
        rule.add("A0001", 0, 70);
        rule.add("A0001", 29_999, 90);
        // car A, window [30 s, 60 s): average 80.5 -> alert
        rule.add("A0001", 30_000, 81);
        rule.add("A0001", 59_000, 80);
        // car B, window [30 s, 60 s): one record of 250 -> alert; window [60 s, 90 s): 0 -> none
        rule.add("B0002", 45_000, 250);
        rule.add("B0002", 60_000, 0);
        List<OverSpeedReference.Window> alerts = rule.alerts();
        assertEquals(List.of(
                new OverSpeedReference.Window("A0001", 30_000, 60_000, 2, 161, 81),
                new OverSpeedReference.Window("B0002", 30_000, 60_000, 1, 250, 250)), alerts);
        assertEquals(80.5, alerts.get(0).averageSpeed());
    }

    @Test
    void alignsWindowsBeforeTheEpochToo() {
        OverSpeedReference rule = new OverSpeedReference(30_000, 80);
        rule.add("C0003", -1, 100);
        assertEquals(-30_000, rule.alerts().get(0).windowStart());
    }

    @Test
    void refusesAnEmptyWindow() {
        assertThrows(IllegalArgumentException.class, () -> new OverSpeedReference(0, 80));
    }
}

package dev.smartcar.cli.pilot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smartcar.cli.redis.Alert;
import dev.smartcar.cli.redis.AlertMember;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The summary's alerts: a day's total and its highest averages, or every alert when asked. */
class PilotSummaryTest {

    static Alert alert(String car, String start, String average) {
        AlertMember m = AlertMember.parse(car + "-" + start);
        return new Alert(m, "overspeed:" + car + ":" + start, average == null ? Map.of()
                : Map.of("average_speed", average, "record_count", "15", "max_speed", "130"));
    }

    static List<String> print(List<Alert> alerts, boolean all) {
        return print(alerts, all, new ArrayList<>());
    }

    /** Prints as the summary does from Redis, noting the size of each batch of details asked for. */
    static List<String> print(List<Alert> alerts, boolean all, List<Integer> batches) {
        Map<String, Alert> redis = new HashMap<>();
        alerts.forEach(a -> redis.put(a.member().member(), a));
        StringWriter text = new StringWriter();
        new PilotSummary(new PrintWriter(text)).printAlerts("20200322", 604_000, redis.keySet(), members -> {
            batches.add(members.size());
            return members.stream().map(redis::get).toList();
        }, all);
        return text.toString().lines().toList();
    }

    /** 12 alerts by time, averages 81 ... 92, the 6th without details. */
    static List<Alert> twelve() {
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            alerts.add(alert(String.format("A%04d", i + 1), String.format("202003220001%02d", i * 2),
                    i == 5 ? null : Integer.toString(81 + i)));
        }
        return alerts;
    }

    @Test
    void manyAlertsShowTheTotalAndTheTenHighestAverages() {
        List<String> lines = print(twelve(), false);
        assertEquals("Over-speed alerts of 20200322 (Redis set 20200322): 12 alerts, expires in 604000 s",
                lines.get(0));
        assertEquals("  the 10 highest averages (all 12: bin/smartcar alerts --date 20200322, or pilot --all-alerts):",
                lines.get(1));
        assertEquals(12, lines.size());
        assertEquals("  2020-03-22 00:01:22  A0012  avg 92 km/h over 15 records, max 130", lines.get(2));
        assertEquals("  2020-03-22 00:01:02  A0002  avg 82 km/h over 15 records, max 130", lines.get(11));
        // The lowest average (81, A0001) and the alert without details are the two left out.
        assertEquals(0, lines.stream().filter(l -> l.contains("A0001") || l.contains("A0006")).count());
    }

    @Test
    void fewAlertsOrAllAskedForAreListedByTime() {
        List<String> all = print(twelve(), true);
        assertEquals(13, all.size());
        assertEquals("  2020-03-22 00:01:00  A0001  avg 81 km/h over 15 records, max 130", all.get(1));
        List<String> few = print(twelve().subList(0, 3), false);
        assertEquals(4, few.size());
        assertEquals("  2020-03-22 00:01:04  A0003  avg 83 km/h over 15 records, max 130", few.get(3));
    }

    @Test
    void manyAlertsAreReadInBatchesAndOnlyTheHighestKept() {
        // 4,500 alerts (issue #26: a large fleet makes hundreds of thousands): details in batches, the top 10 kept.
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < 4_500; i++) {
            alerts.add(alert(String.format("B%04d", i % 9_999 + 1), String.format("20200322%06d", i * 2 % 240_000),
                    Integer.toString(81 + (i * 37) % 4_500 / 100)));
        }
        List<Integer> batches = new ArrayList<>();
        List<String> lines = print(alerts, false, batches);
        assertEquals(List.of(2_000, 2_000, 500), batches);
        assertEquals(12, lines.size());
        assertTrue(lines.subList(2, 12).stream().allMatch(l -> l.contains("avg 125 km/h")), String.join("\n", lines));
        batches.clear();
        assertEquals(4_501, print(alerts, true, batches).size());
        assertEquals(List.of(2_000, 2_000, 500), batches);
    }
}

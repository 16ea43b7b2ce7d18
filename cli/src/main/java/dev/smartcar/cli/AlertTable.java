package dev.smartcar.cli;

import dev.smartcar.cli.redis.Alert;
import dev.smartcar.cli.redis.AlertMember;
import java.util.Map;
import java.util.StringJoiner;

/** How an alert is printed: the window start readable, the car, then every detail the streams app stored. */
public final class AlertTable {

    private AlertTable() { }

    public static String title(String day, int count, long ttlSeconds) {
        String expiry = ttlSeconds >= 0 ? ", expires in " + ttlSeconds + " s"
                : ttlSeconds == -1 ? ", no expiry" : "";
        return "Over-speed alerts of " + day + " (Redis set " + day + "): " + count + (count == 1 ? " alert" : " alerts")
                + expiry;
    }

    public static String row(Alert alert) {
        AlertMember m = alert.member();
        if (!m.wellFormed()) {
            return "?                    " + m.member() + "   (member not of the form <car>-<yyyyMMddHHmmss>)";
        }
        String s = m.windowStartText();
        String when = s.substring(0, 4) + "-" + s.substring(4, 6) + "-" + s.substring(6, 8) + " "
                + s.substring(8, 10) + ":" + s.substring(10, 12) + ":" + s.substring(12, 14);
        Map<String, String> d = alert.details();
        if (d.isEmpty()) {
            return when + "  " + m.carNumber() + "  (no details at " + alert.detailKey() + ")";
        }
        if (d.containsKey("average_speed") && d.containsKey("record_count") && d.containsKey("max_speed")) {
            // The streams app's layout (streams-app AlertRedisLayout): the numbers a person reads first.
            return when + "  " + m.carNumber() + "  avg " + d.get("average_speed") + " km/h over "
                    + d.get("record_count") + " records, max " + d.get("max_speed")
                    + (d.containsKey("window_end") ? ", until " + d.get("window_end") : "")
                    + (d.containsKey("last_area_number") ? ", area " + d.get("last_area_number") : "");
        }
        StringJoiner details = new StringJoiner(" ");
        for (Map.Entry<String, String> e : d.entrySet()) {
            details.add(e.getKey() + "=" + e.getValue());
        }
        return when + "  " + m.carNumber() + "  " + details;
    }
}

package dev.smartcar.cli;

import dev.smartcar.cli.redis.Alert;
import dev.smartcar.cli.redis.AlertMember;
import dev.smartcar.schemas.contract.RedisLayout.DetailField;
import java.util.Map;
import java.util.StringJoiner;

/** How an alert is printed: the window start readable, the car, then every detail the streams app stored. */
public final class AlertTable {

    private AlertTable() { }

    public static String title(String day, int count, long ttlSeconds) {
        String expiry = ttlSeconds >= 0 ? ", expires in " + ttlSeconds + " s"
                : ttlSeconds == -1 ? ", no expiry" : "";
        return "Over-speed alerts of " + day + " (Redis set " + day + "): " + count + (count == 1 ? " alert"
                : " alerts")
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
        String average = DetailField.AVERAGE_SPEED.key();
        String count = DetailField.RECORD_COUNT.key();
        String max = DetailField.MAX_SPEED.key();
        String end = DetailField.WINDOW_END.key();
        String area = DetailField.LAST_AREA_NUMBER.key();
        if (d.containsKey(average) && d.containsKey(count) && d.containsKey(max)) {
            // The streams app's detail hash (docs/contract.md §Redis): the numbers a person reads first.
            return when + "  " + m.carNumber() + "  avg " + d.get(average) + " km/h over "
                    + d.get(count) + " records, max " + d.get(max)
                    + (d.containsKey(end) ? ", until " + d.get(end) : "")
                    + (d.containsKey(area) ? ", area " + d.get(area) : "");
        }
        StringJoiner details = new StringJoiner(" ");
        for (Map.Entry<String, String> e : d.entrySet()) {
            details.add(e.getKey() + "=" + e.getValue());
        }
        return when + "  " + m.carNumber() + "  " + details;
    }
}

package dev.smartcar.cli.pilot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smartcar.cli.redis.Alert;
import dev.smartcar.cli.redis.AlertMember;
import dev.smartcar.schemas.log.LogTimestamp;
import dev.smartcar.schemas.rule.OverSpeedReference;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AlertDelaysTest {

    private static final LogTimestamp UTC = new LogTimestamp(ZoneOffset.UTC);

    @Test
    void eachAlertIsTimedFromTheReadOfItsClosingLineToItsFirstWriteInRedis() {
        AtomicLong now = new AtomicLong();
        AlertDelays delays = new AlertDelays(UTC, now::get);
        // 100 alerts, closed at 1 s, 2 s, ...; stored 10 ms, 20 ms, ... 1,000 ms later
        for (int i = 1; i <= 100; i++) {
            now.set(i * 1_000L);
            delays.closed(new OverSpeedReference.Window(String.format("A%04d", i), 0, 30_000, 15, 1_500, 120));
        }
        delays.closed(new OverSpeedReference.Window("A0001", 0, 30_000, 15, 1_500, 120));  // told twice: first wins
        AtomicInteger asked = new AtomicInteger();
        AlertDelays.Result r = delays.measure(members -> {
            asked.incrementAndGet();
            List<Alert> out = new ArrayList<>();
            for (String m : members) {
                int i = Integer.parseInt(m.substring(1, 5));
                Map<String, String> details = i == 100 ? Map.of()   // an app without stored_at_ms
                        : Map.of("stored_at_ms", Long.toString(i * 1_000L + i * 10L));
                out.add(new Alert(AlertMember.parse(m), "overspeed:" + m, details));
            }
            return out;
        }, 30);
        assertEquals(4, asked.get(), "read 30 at a time");
        assertEquals(99, r.sortedMillis().length);
        assertEquals(1, r.missing());
        assertEquals(500, r.percentile(50));
        assertEquals(990, r.percentile(99));
        StringWriter text = new StringWriter();
        r.print(new PrintWriter(text, true));
        assertTrue(text.toString().contains("p50 0.50 s, p99 0.99 s, max 0.99 s over 99 alerts; 1 not in Redis"),
                text.toString());
    }

    @Test
    void noTimedAlertSaysSoInsteadOfAFigure() {
        AlertDelays.Result r = new AlertDelays(UTC, () -> 0).measure(members -> List.of(), 10);
        assertEquals(-1, r.percentile(99));
        StringWriter text = new StringWriter();
        r.print(new PrintWriter(text, true));
        assertTrue(text.toString().startsWith("alert delay: no alert"), text.toString());
    }
}

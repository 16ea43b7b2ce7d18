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
        }, 30, 0, 0);
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
    void theDelaysAreSplitByTheQuarterOfTheDriveTheirWindowClosedIn() {
        AtomicLong now = new AtomicLong();
        AlertDelays delays = new AlertDelays(UTC, now::get);
        // a drive from 0 to 400 s: one alert closing every 4 s; late by 10 s in the first quarter, 0.1 s after
        for (int i = 0; i < 100; i++) {
            now.set(i * 4_000L);
            delays.closed(new OverSpeedReference.Window(String.format("A%04d", i), 0, 30_000, 15, 1_500, 120));
        }
        AlertDelays.Result r = delays.measure(members -> {
            List<Alert> out = new ArrayList<>();
            for (String m : members) {
                long closed = Integer.parseInt(m.substring(1, 5)) * 4_000L;
                long late = closed < 100_000 ? 10_000 : 100;
                out.add(new Alert(AlertMember.parse(m), "overspeed:" + m,
                        Map.of("stored_at_ms", Long.toString(closed + late))));
            }
            return out;
        }, 1000, 0, 400_000);
        assertEquals(25, r.quarters()[0].length);
        assertEquals(10_000, AlertDelays.Result.percentile(r.quarters()[0], 99));
        assertEquals(100, AlertDelays.Result.percentile(r.quarters()[3], 99));
        assertEquals(10_000, r.percentile(99), "the whole drive's p99 is the burst's");
        StringWriter text = new StringWriter();
        r.print(new PrintWriter(text, true));
        assertTrue(text.toString().contains("p50 / p99: 10.00 / 10.00 s (25) | 0.10 / 0.10 s (25) | 0.10 / 0.10 s (25)"
                + " | 0.10 / 0.10 s (25)"), text.toString());
    }

    @Test
    void noTimedAlertSaysSoInsteadOfAFigure() {
        AlertDelays.Result r = new AlertDelays(UTC, () -> 0).measure(members -> List.of(), 10, 0, 0);
        assertEquals(-1, r.percentile(99));
        StringWriter text = new StringWriter();
        r.print(new PrintWriter(text, true));
        assertTrue(text.toString().startsWith("alert delay: no alert"), text.toString());
    }
}

package dev.smartcar.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smartcar.avro.OverSpeedAlert;
import dev.smartcar.schemas.contract.HeaderNames;
import dev.smartcar.schemas.rule.OverSpeedReference;
import dev.smartcar.streams.counters.PipelineCounters;
import dev.smartcar.streams.counters.PipelineCounters.Count;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #11 through the real broker, registry and Redis, the app in this JVM: one car's line dated decades ahead
 * followed by the next day's log, and an earlier day's log after a later one, each give the alerts of the
 * reference (the same per-car rule); the outlier is on the set-aside topic, line for line, with its reason; and
 * every record the windows got is in a window or set aside.
 */
class PerCarClockIT {

    private static final int CARS = 6;
    private static final int SECONDS = 90;

    @RegisterExtension
    final PipelineItSupport it = new PipelineItSupport();
    private StreamsApp app;

    private void startApp() throws Exception {
        app = it.startApp();
    }

    private static String dayKey(LocalDate day) {
        return day.toString().replace("-", "");
    }

    /** Cars W0001-W0006 (a letter no other IT uses), 2 s apart: some speed in every window, some never. */
    private static List<String> day(LocalDate day) {
        return PipelineItSupport.drivingLines(day, 'W', CARS, SECONDS);
    }

    private void awaitEveryRecordDecided(long setAside) throws InterruptedException {
        PipelineItSupport.await("every record in a window or set aside", Duration.ofMinutes(2), () -> {
            PipelineCounters c = app.counters();
            return c.count(Count.HELD_RECORDS) == 0 && c.setAsideTotal() == setAside
                    && c.count(Count.WINDOW_RECORDS_IN) == c.count(Count.WINDOWED_RECORDS) + c.setAsideTotal();
        });
    }

    private Set<String> distinctAlertsOnTheTopic(int expected) {
        List<OverSpeedAlert> alerts = it.committedAlerts();
        Set<String> keys = new HashSet<>();
        for (OverSpeedAlert a : alerts) {
            assertTrue(keys.add(a.getCarNumber() + "-" + a.getWindowStartText()), "duplicate alert " + a);
        }
        assertEquals(expected, alerts.size());
        return keys;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String key) {
        Header h = record.headers().lastHeader(key);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void oneFutureDatedLineThenTheNextDaysLogAlertsLikeTheReference() throws Exception {
        startApp();
        LocalDate first = it.day;
        LocalDate next = first.plusDays(1);
        String wrongClock = "20600101000000,W0001,1,0,F,N,250,A01";
        List<String> lines = new ArrayList<>(day(first));
        lines.add(wrongClock);
        lines.addAll(day(next));
        OverSpeedReference reference = PipelineItSupport.reference(lines);
        List<String> expected = PipelineItSupport.expectedMembers(lines);
        List<String> days = List.of(dayKey(first), dayKey(next));
        assertTrue(expected.stream().filter(m -> m.contains("-" + dayKey(next))).count() >= 6,
                "the next day alerts: " + expected);

        it.produce(lines);
        PipelineItSupport.await("the alerts of both days in Redis", Duration.ofMinutes(3),
                () -> it.redisMembers(days).equals(expected));
        awaitEveryRecordDecided(1);

        assertEquals(new HashSet<>(expected), distinctAlertsOnTheTopic(expected.size()));
        PipelineItSupport.await("the outlier on the set-aside topic", Duration.ofMinutes(1),
                () -> !it.committedRecords("setaside").isEmpty());
        List<ConsumerRecord<byte[], byte[]>> setAside = it.committedRecords("setaside");
        assertEquals(1, setAside.size());
        ConsumerRecord<byte[], byte[]> outlier = setAside.get(0);
        assertEquals(wrongClock, new String(outlier.value(), StandardCharsets.US_ASCII), "the original line");
        assertEquals("W0001", new String(outlier.key(), StandardCharsets.UTF_8));
        assertEquals(OverSpeedReference.CLOCK_OUTLIER, header(outlier, HeaderNames.SETASIDE_REASON));
        assertEquals(dayKey(first) + "000128", header(outlier, HeaderNames.SETASIDE_CAR_CLOCK), "W0001's clock then");
        assertEquals(reference.setAsideByReason(), app.counters().snapshot().get("set_aside_by_reason"));
        assertEquals(reference.windowedRecords(), app.counters().count(Count.WINDOWED_RECORDS));
    }

    @Test
    void anEarlierDaysLogAfterALaterOneAlertsLikeTheReference() throws Exception {
        startApp();
        LocalDate earlier = it.day;
        LocalDate later = earlier.plusDays(1);
        List<String> laterLines = day(later);
        List<String> earlierLines = day(earlier);
        List<String> days = List.of(dayKey(earlier), dayKey(later));

        it.produce(laterLines);
        List<String> laterAlerts = PipelineItSupport.expectedMembers(laterLines);
        PipelineItSupport.await("the later day's alerts in Redis", Duration.ofMinutes(3),
                () -> it.redisMembers(days).equals(laterAlerts));

        it.produce(earlierLines);   // every window of the later day has closed by now
        List<String> lines = new ArrayList<>(laterLines);
        lines.addAll(earlierLines);
        List<String> expected = PipelineItSupport.expectedMembers(lines);
        assertEquals(2 * laterAlerts.size(), expected.size(), "the earlier day alerts as much: " + expected);
        PipelineItSupport.await("the alerts of both days in Redis", Duration.ofMinutes(3),
                () -> it.redisMembers(days).equals(expected));
        awaitEveryRecordDecided(0);

        assertEquals(new HashSet<>(expected), distinctAlertsOnTheTopic(expected.size()));
        assertTrue(it.committedRecords("setaside").isEmpty());
        assertEquals(CARS, app.counters().count(Count.CLOCK_RESYNCS), "each car moved back to the earlier day once");
    }
}

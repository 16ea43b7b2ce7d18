package dev.smartcar.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smartcar.avro.OverSpeedAlert;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/** The app in this JVM against the stack's real broker, registry and Redis. */
class OverSpeedPipelineIT {

    @RegisterExtension
    final PipelineItSupport it = new PipelineItSupport();
    private StreamsApp app;

    private void startApp() throws Exception {
        app = it.startApp();
    }

    @Test
    void alertsAppearInRedisInTheContractLayoutAndOnTheTopicOnce() throws Exception {
        startApp();
        List<String> lines = new ArrayList<>(it.drivingLines(8, 180));
        lines.add(10, "Driver Status Infomation,CarNum,AccStep,BrkStep,WheelStep,DirLightStep,Speed,AreaNum");
        lines.add(20, it.dayKey + "000000,K0001,1,0,F,N,300,A01");
        List<String> expected = PipelineItSupport.expectedMembers(lines);
        assertTrue(expected.size() >= 10, "the scenario has alerts: " + expected);

        it.produce(lines);
        PipelineItSupport.await("the alerts in Redis", Duration.ofMinutes(3), () -> it.redisMembers().equals(expected));

        try (Jedis redis = it.redis()) {
            long ttl = redis.ttl(it.dayKey);
            assertTrue(ttl > 604_000 && ttl <= 604_800, "day set expires in 7 days: " + ttl);
            String member = expected.get(0);
            String car = member.substring(0, 5);
            String start = member.substring(6);
            Map<String, String> details = redis.hgetAll("overspeed:" + car + ":" + start);
            assertEquals(car, details.get("car_number"));
            assertEquals(start, details.get("window_start"));
            assertEquals("15", details.get("record_count"), "15 lines 2 s apart per 30 s window");
            assertTrue(Double.parseDouble(details.get("average_speed")) > 80.0, details.toString());
            assertTrue(redis.ttl("overspeed:" + car + ":" + start) > 604_000);
            // reached Redis once the app had closed the window, on the same host's clock
            assertTrue(Long.parseLong(details.get("stored_at_ms")) >= Long.parseLong(details.get("detected_at_ms")),
                    details.toString());
        }
        List<OverSpeedAlert> alerts = it.committedAlerts();
        Set<String> onTopic = new HashSet<>();
        for (OverSpeedAlert alert : alerts) {
            assertTrue(onTopic.add(alert.getCarNumber() + "-" + alert.getWindowStartText()), "duplicate alert "
                    + alert);
        }
        assertEquals(new HashSet<>(expected), onTopic);
        assertEquals(0, app.counters().lateRecords());
        assertEquals(1, app.counters().rejectedCount("header-line"));
        assertEquals(1, app.counters().rejectedCount("out-of-range"));
        StackMetrics.check(app); // a few seconds: every metrics endpoint of the stack, while it is up anyway
    }

    @Test
    void redisStoppedForTwentySecondsLosesNoAlert() throws Exception {
        startApp();
        List<String> lines = it.drivingLines(8, 240);
        List<String> expected = PipelineItSupport.expectedMembers(lines);
        int firstPart = lines.size() / 3;

        it.produce(lines.subList(0, firstPart));
        PipelineItSupport.await("first alerts in Redis", Duration.ofMinutes(3), () -> !it.redisMembers().isEmpty());

        it.stack("down", "--only", "redis");
        try {
            it.produce(lines.subList(firstPart, lines.size()));
            PipelineItSupport.await("alerts waiting for Redis", Duration.ofMinutes(2), () ->
                    app.counters().redisPending() > 0);
            Thread.sleep(20_000); // the outage itself: the app must carry on without Redis
            assertEquals(KafkaStreams.State.RUNNING, app.state(), "the streams carry on without Redis");
            assertTrue(app.counters().redisPending() > 0);
        } finally {
            it.stack("up", "--only", "redis");
        }

        PipelineItSupport.await("every alert in Redis", Duration.ofMinutes(3), () ->
                it.redisMembers().equals(expected));
        PipelineItSupport.await("nothing pending", Duration.ofMinutes(1), () -> app.counters().redisPending() == 0);
        assertEquals(expected.size(), it.committedAlerts().size(), "one alert per car and window on the topic");
        assertEquals(0, app.counters().lateRecords());
    }
}

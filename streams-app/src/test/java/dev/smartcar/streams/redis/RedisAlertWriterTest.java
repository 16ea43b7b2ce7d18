package dev.smartcar.streams.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smartcar.avro.OverSpeedAlert;
import dev.smartcar.streams.Alerts;
import dev.smartcar.streams.counters.PipelineCounters;
import dev.smartcar.streams.counters.PipelineCounters.Count;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.internals.AutoOffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The writer's bookkeeping against Kafka's MockConsumer and a sink that fails on demand (the real Redis is in the IT).
 */
class RedisAlertWriterTest {

    private static final String TOPIC = "smartcar.overspeed";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);

    /** A sink that fails while {@code failuresLeft} > 0 and records what it wrote. */
    private static final class FlakySink implements AlertSink {
        final List<String> written = new ArrayList<>();
        int failuresLeft;
        int attempts;

        @Override
        public void write(List<OverSpeedAlert> alerts) {
            attempts++;
            if (failuresLeft > 0) {
                failuresLeft--;
                throw new IllegalStateException("Redis down");
            }
            alerts.forEach(a -> written.add(a.getCarNumber() + "-" + a.getWindowStartText()));
        }

        @Override
        public void close() {
        }
    }

    private final MockConsumer<String, OverSpeedAlert> consumer =
            new MockConsumer<>(AutoOffsetResetStrategy.EARLIEST.name());
    private final FlakySink sink = new FlakySink();
    private final PipelineCounters counters = new PipelineCounters();

    private RedisAlertWriter writer() {
        RedisAlertWriter writer = new RedisAlertWriter(consumer, TOPIC, sink, counters,
                new RedisAlertWriter.Pacing(2, 1, 4));
        consumer.rebalance(List.of(P0));
        consumer.updateBeginningOffsets(Map.of(P0, 0L));
        return writer;
    }

    private void alerts(String... cars) {
        long offset = 0;
        for (String car : cars) {
            consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, offset++, car, Alerts.alert(car, "20200322000000")));
        }
        consumer.updateEndOffsets(Map.of(P0, offset));
    }

    private void stepUntil(RedisAlertWriter writer,
            java.util.function.BooleanSupplier done) throws InterruptedException {
        for (int i = 0; i < 1000 && !done.getAsBoolean(); i++) {
            writer.step(System.currentTimeMillis());
            Thread.sleep(1);
        }
    }

    @Test
    void writesInBatchesAndCommitsAfterEachWrite() throws Exception {
        RedisAlertWriter writer = writer();
        alerts("A0001", "B0002", "C0003");

        stepUntil(writer, () -> sink.written.size() == 3);

        assertEquals(List.of("A0001-20200322000000", "B0002-20200322000000", "C0003-20200322000000"), sink.written);
        assertEquals(2, sink.attempts, "batches of at most 2");
        assertEquals(Map.of(P0, new OffsetAndMetadata(3)), consumer.committed(java.util.Set.of(P0)));
        assertEquals(3, counters.count(Count.REDIS_WRITTEN));
        assertEquals(0, counters.redisPending());
    }

    @Test
    void keepsTheBatchWhileRedisFailsAndWritesItWhenItReturns() throws Exception {
        RedisAlertWriter writer = writer();
        sink.failuresLeft = 5;
        alerts("A0001", "B0002");

        stepUntil(writer, () -> sink.attempts == 3);
        assertTrue(sink.written.isEmpty());
        assertEquals(2, counters.redisPending(), "held while Redis is down");
        assertTrue(consumer.committed(java.util.Set.of(P0)).isEmpty(), "nothing committed before the write");
        assertTrue(consumer.paused().contains(P0), "paused while holding a batch");

        stepUntil(writer, () -> sink.written.size() == 2);
        assertEquals(List.of("A0001-20200322000000", "B0002-20200322000000"), sink.written);
        assertEquals(6, sink.attempts);
        assertEquals(new OffsetAndMetadata(2), consumer.committed(java.util.Set.of(P0)).get(P0));
        assertEquals(5L, counters.snapshot().get("redis_failures"));
        writer.step(System.currentTimeMillis());
        assertTrue(consumer.paused().isEmpty(), "resumed after the write");
    }

    @Test
    void revokedPartitionsDropTheirHeldAlertsForTheNextOwner() throws Exception {
        RedisAlertWriter writer = writer();
        sink.failuresLeft = Integer.MAX_VALUE;
        alerts("A0001");
        stepUntil(writer, () -> sink.attempts >= 1);

        consumer.rebalance(List.of());
        sink.failuresLeft = 0;
        for (int i = 0; i < 20; i++) {
            writer.step(System.currentTimeMillis());
        }
        assertTrue(sink.written.isEmpty(), "the revoked partition's alert is left to its new owner");
    }
}

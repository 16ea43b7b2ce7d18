package dev.smartcar.streams.redis;

import dev.smartcar.avro.OverSpeedAlert;
import dev.smartcar.streams.counters.PipelineCounters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies committed alerts from {@code smartcar.overspeed} to Redis. Kafka's exactly-once ends at the topic, so
 * this is at-least-once with idempotent writes: a batch is written to Redis first and its offsets committed
 * after; a crash in between writes the same batch again, which changes nothing.
 *
 * <p>When Redis fails, the batch stays in memory and is retried with exponential back-off; the consumer is
 * paused (it keeps polling, so it stays in its group) and the alerts behind the batch wait in Kafka. Nothing is
 * dropped and nothing crashes; when Redis returns, the batch and then the backlog are written.
 */
public final class RedisAlertWriter implements Runnable, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisAlertWriter.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final Consumer<String, OverSpeedAlert> consumer;
    private final AlertSink sink;
    private final PipelineCounters counters;
    private final Pacing pacing;
    private final List<ConsumerRecord<String, OverSpeedAlert>> held = new ArrayList<>();
    private long backoffMs;
    private long nextAttemptAt;
    private boolean failing;
    private volatile boolean running = true;

    /**
     * How the writer paces Redis: at most {@code batchMax} alerts a write, and after a failed write a wait that
     * starts at {@code initialBackoffMs} and doubles up to {@code maxBackoffMs}.
     */
    public record Pacing(int batchMax, long initialBackoffMs, long maxBackoffMs) { }

    public RedisAlertWriter(Consumer<String, OverSpeedAlert> consumer, String topic, AlertSink sink,
                            PipelineCounters counters, Pacing pacing) {
        this.consumer = consumer;
        this.sink = sink;
        this.counters = counters;
        this.pacing = pacing;
        this.backoffMs = pacing.initialBackoffMs();
        consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                // Uncommitted alerts of a partition we lose are read again by its next owner.
                held.removeIf(r -> partitions.contains(new TopicPartition(r.topic(), r.partition())));
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            }
        });
    }

    @Override
    public void run() {
        try {
            while (running) {
                step(System.currentTimeMillis());
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** One round: poll (paused while a batch is held), then try the held batch if its back-off has passed. */
    void step(long now) {
        if (held.isEmpty()) {
            consumer.resume(consumer.paused());
            for (ConsumerRecord<String, OverSpeedAlert> record : consumer.poll(POLL)) {
                if (record.value() != null) {
                    held.add(record);
                }
            }
        } else {
            consumer.pause(consumer.assignment());
            consumer.poll(now >= nextAttemptAt ? Duration.ZERO : POLL);
        }
        if (!held.isEmpty() && System.currentTimeMillis() >= nextAttemptAt) {
            writeHeld();
        }
        counters.redisPending(held.size() + lag());
    }

    private void writeHeld() {
        int end = Math.min(held.size(), pacing.batchMax());
        List<ConsumerRecord<String, OverSpeedAlert>> batch = held.subList(0, end);
        try {
            sink.write(batch.stream().map(ConsumerRecord::value).toList());
        } catch (RuntimeException e) {
            counters.redisFailure();
            if (!failing) {
                log.warn("Redis write of {} alert(s) failed ({}); keeping them and retrying with back-off up to {} ms",
                        batch.size(), e.toString(), pacing.maxBackoffMs());
            }
            failing = true;
            nextAttemptAt = System.currentTimeMillis() + backoffMs;
            backoffMs = Math.min(pacing.maxBackoffMs(), backoffMs * 2);
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<String, OverSpeedAlert> record : batch) {
            offsets.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset()
                    + 1));
        }
        counters.redisWritten(batch.size());
        batch.clear();
        if (held.isEmpty()) {
            // Everything polled is in Redis: commit the consumer's positions, which are past the transactions'
            // commit markers too. The last record's offset + 1 stops one short of a marker, and the group then shows
            // a lag of 1 per partition (4 on the dashboard) with every alert already in Redis.
            for (TopicPartition partition : offsets.keySet()) {
                offsets.put(partition, new OffsetAndMetadata(consumer.position(partition)));
            }
        }
        if (failing) {
            log.info("Redis is writable again; pending alerts are being written");
            failing = false;
        }
        backoffMs = pacing.initialBackoffMs();
        nextAttemptAt = 0;
        try {
            consumer.commitSync(offsets);
        } catch (RuntimeException e) {
            // Those alerts are in Redis; if the commit is lost they are written again, harmlessly.
            log.warn("committing Redis writer offsets failed: {}", e.toString());
        }
    }

    private long lag() {
        long lag = 0;
        for (TopicPartition partition : consumer.assignment()) {
            OptionalLong partitionLag = consumer.currentLag(partition);
            if (partitionLag.isPresent()) {
                lag += partitionLag.getAsLong();
            }
        }
        return lag;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
    }
}

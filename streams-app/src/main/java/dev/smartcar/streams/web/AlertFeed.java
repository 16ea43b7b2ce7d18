package dev.smartcar.streams.web;

import dev.smartcar.avro.OverSpeedAlert;
import dev.smartcar.schemas.log.LogTimestamp;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every committed alert of the fleet, as it fires, for the dashboard: a {@code read_committed} consumer of the alert
 * topic that assigns itself all its partitions (no group: every instance sees every alert, whichever instance's
 * windows raised it, and nothing is committed), starts a little before the end so the page has recent alerts at
 * once, keeps the latest {@link #KEPT} in memory and pushes each new one to the live subscribers
 * ({@link AlertStream}, server-sent events).
 */
public final class AlertFeed implements Runnable, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AlertFeed.class);
    /** Alerts kept for new subscribers and the per-car view. */
    static final int KEPT = 500;
    /** Alerts read back per partition at start. */
    static final int BACKFILL_PER_PARTITION = 100;
    private static final Duration POLL = Duration.ofMillis(100);
    /** A comment line this often keeps idle connections open and finds the closed ones. */
    private static final long HEARTBEAT_MS = 10_000;

    private final Consumer<String, OverSpeedAlert> consumer;
    private final String topic;
    private final LogTimestamp time;
    private final Deque<Map<String, Object>> recent = new ArrayDeque<>();
    private final List<AlertStream> subscribers = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;
    private long lastHeartbeat;

    public AlertFeed(Consumer<String, OverSpeedAlert> consumer, String topic, LogTimestamp time) {
        this.consumer = consumer;
        this.topic = topic;
        this.time = time;
    }

    @Override
    public void run() {
        try {
            assignAll();
            while (running) {
                for (ConsumerRecord<String, OverSpeedAlert> record : consumer.poll(POLL)) {
                    if (record.value() != null) {
                        publish(view(record.value()));
                    }
                }
                heartbeat(System.currentTimeMillis());
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            consumer.close(Duration.ofSeconds(2));
            subscribers.forEach(AlertStream::close);
        }
    }

    /** Waits for the topic to exist, then reads all its partitions from a little before their ends. */
    private void assignAll() throws InterruptedException {
        List<PartitionInfo> partitions = List.of();
        while (running && partitions.isEmpty()) {
            try {
                List<PartitionInfo> found = consumer.partitionsFor(topic, Duration.ofSeconds(5));
                partitions = found == null ? List.of() : found;
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                log.debug("alert topic {} not found yet", topic);
            }
            if (partitions.isEmpty()) {
                Thread.sleep(1_000); // the topic is deployed later: look again
            }
        }
        List<TopicPartition> assigned = partitions.stream().map(p -> new TopicPartition(p.topic(),
                p.partition())).toList();
        consumer.assign(assigned);
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(assigned);
        consumer.endOffsets(assigned).forEach((tp, end) ->
                consumer.seek(tp, Math.max(begin.getOrDefault(tp, 0L), end - BACKFILL_PER_PARTITION)));
    }

    /** An alert as the dashboard shows it (times as the log writes them, in the configured zone). */
    Map<String, Object> view(OverSpeedAlert alert) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("car_number", alert.getCarNumber());
        view.put("window_start", alert.getWindowStartText());
        view.put("window_end", time.format(alert.getWindowEnd().toEpochMilli()));
        view.put("day", alert.getWindowStartText().substring(0, 8));
        view.put("average_speed", alert.getAverageSpeed());
        view.put("record_count", alert.getRecordCount());
        view.put("max_speed", alert.getMaxSpeed());
        view.put("last_area_number", alert.getLastAreaNumber());
        view.put("detected_at_ms", alert.getDetectedAt().toEpochMilli());
        return view;
    }

    /** Keeps the alert and sends it to every subscriber whose filter it passes; drops the closed subscribers. */
    void publish(Map<String, Object> alert) {
        synchronized (recent) {
            if (recent.size() == KEPT) {
                recent.removeFirst();
            }
            recent.addLast(alert);
        }
        for (AlertStream subscriber : subscribers) {
            if (!subscriber.send(alert)) {
                subscribers.remove(subscriber);
            }
        }
    }

    private void heartbeat(long now) {
        if (now - lastHeartbeat >= HEARTBEAT_MS) {
            lastHeartbeat = now;
            subscribers.removeIf(s -> !s.heartbeat());
        }
    }

    /** The latest alerts that pass {@code filter}, oldest first, at most {@code limit}. */
    public List<Map<String, Object>> recent(Predicate<Map<String, Object>> filter, int limit) {
        List<Map<String, Object>> matching = new ArrayList<>();
        synchronized (recent) {
            var it = recent.descendingIterator();
            while (it.hasNext() && matching.size() < limit) {
                Map<String, Object> alert = it.next();
                if (filter.test(alert)) {
                    matching.add(alert);
                }
            }
        }
        java.util.Collections.reverse(matching);
        return matching;
    }

    /** Starts sending to {@code subscriber}: the recent alerts it wants first, then each new one. */
    void subscribe(AlertStream subscriber, int replay) {
        // Added before the replay so nothing published meanwhile is missed (it may then arrive twice: the page
        // keys alerts by car and window, so a repeat replaces itself).
        subscribers.add(subscriber);
        for (Map<String, Object> alert : recent(subscriber::wants, replay)) {
            if (!subscriber.send(alert)) {
                subscribers.remove(subscriber);
                return;
            }
        }
    }

    int subscriberCount() {
        return subscribers.size();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
    }
}

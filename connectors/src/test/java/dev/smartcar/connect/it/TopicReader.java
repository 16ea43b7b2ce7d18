package dev.smartcar.connect.it;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a topic from its start (committed records only), handing each record to a callback. */
final class TopicReader {

    private TopicReader() {
    }

    static void createTopic(String bootstrap, String topic, int partitions) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            // the brokers' default replication: the stack sets it from the cluster's size
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty()))).all().get();
        }
    }

    /** How long a reader that has its expected records may wait to catch up with the topic's end. */
    private static final Duration CATCH_UP_LIMIT = Duration.ofSeconds(30);

    /**
     * Reads until {@code expected} records arrived (or {@code limit} passed), then on until it has caught up with
     * the topic's end: its position at every partition's high watermark, so every record already written is
     * counted (a duplicate beyond the expected ones shows up), and no transaction is left open (an open one holds
     * a {@code read_committed} reader back until it commits or aborts). A condition, not a pause: the reader stops
     * as soon as it holds. Returns how many records were read.
     */
    static long read(String bootstrap, String topic, long expected, Duration limit,
                     Consumer<ConsumerRecord<byte[], byte[]>> each) {
        return read(bootstrap, topic, expected, limit, true, each);
    }

    /** Reads until {@code expected} records arrived (or {@code limit} passed), and no further: for a precondition. */
    static long readAtLeast(String bootstrap, String topic, long expected, Duration limit,
                            Consumer<ConsumerRecord<byte[], byte[]>> each) {
        return read(bootstrap, topic, expected, limit, false, each);
    }

    private static long read(String bootstrap, String topic, long expected, Duration limit, boolean catchUp,
                             Consumer<ConsumerRecord<byte[], byte[]>> each) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(32 * 1024 * 1024));
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
             Admin admin = Admin.create(adminProps)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long count = 0;
            long deadline = System.nanoTime() + limit.toNanos();
            long catchUpEnd = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, catchUpEnd)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    each.accept(record);
                    count++;
                }
                if (count >= expected && !catchUp) {
                    break;
                }
                if (count >= expected) {
                    if (catchUpEnd == Long.MAX_VALUE) {
                        catchUpEnd = System.nanoTime() + CATCH_UP_LIMIT.toNanos();
                    }
                    if (caughtUp(consumer, admin, partitions)) {
                        break;
                    }
                }
            }
            return count;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + topic, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not read the end offsets of " + topic + ": " + e.getCause(), e);
        }
    }

    /** The reader's position is at every partition's high watermark (past the last commit or abort marker). */
    private static boolean caughtUp(KafkaConsumer<byte[], byte[]> consumer, Admin admin,
                                    List<TopicPartition> partitions) throws InterruptedException, ExecutionException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest,
                new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all().get();
        for (TopicPartition p : partitions) {
            if (consumer.position(p) < ends.get(p).offset()) {
                return false;
            }
        }
        return true;
    }
}

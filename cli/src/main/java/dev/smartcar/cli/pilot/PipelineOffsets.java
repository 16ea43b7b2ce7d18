package dev.smartcar.cli.pilot;

import dev.smartcar.cli.BootstrapServers;
import dev.smartcar.cli.CliException;
import dev.smartcar.cli.KafkaClientSettings;
import dev.smartcar.cli.Reachability;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;

/**
 * The pipeline's cheap live gauges from Kafka's admin API: the end offsets of a topic (all partitions summed) and
 * a consumer group's committed offsets on it. Offsets, not record counts: with transactions (exactly-once sources
 * and Streams) each commit also takes one offset per partition for its marker, so these run slightly above the
 * records; the verdict counts records exactly instead. Safe to share between threads (the pilot reads the sink's
 * offsets on a thread of its own). The pilot's one admin client, so it also sets the status day's quota.
 */
public final class PipelineOffsets implements AutoCloseable {

    private static final long TIMEOUT_S = 10;

    private final Properties settings = new Properties();
    private Admin admin;
    private final BootstrapServers bootstrap;
    private final Map<String, List<TopicPartition>> partitions = new HashMap<>();

    public PipelineOffsets(BootstrapServers bootstrap) {
        Reachability.require("Kafka", bootstrap, "is the stack up? (make up; make status)");
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap.toString());
        settings.put(AdminClientConfig.CLIENT_ID_CONFIG, "smartcar-pilot");
        // (the client refuses an API timeout below its request timeout, 30 s by default: both 10 s)
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(TIMEOUT_S));
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(TIMEOUT_S));
        KafkaClientSettings.addTo(settings);
        this.admin = Admin.create(settings);
        this.bootstrap = bootstrap;
    }

    /** The partitions of a topic; a missing topic is an error that says how to create it. */
    public synchronized List<TopicPartition> partitions(String topic) {
        return partitions.computeIfAbsent(topic, t -> {
            try {
                TopicDescription d = admin.describeTopics(List.of(t)).allTopicNames().get(TIMEOUT_S,
                        TimeUnit.SECONDS).get(t);
                return d.partitions().stream().map(p -> new TopicPartition(t, p.partition())).toList();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    throw CliException.failed("topic " + t + " does not exist on Kafka " + bootstrap
                            + "; create the topics with `make deploy`");
                }
                throw failure("describe topic " + t, e.getCause());
            } catch (TimeoutException | InterruptedException e) {
                throw failure("describe topic " + t, e);
            }
        });
    }

    /** End offset per partition. */
    public synchronized Map<TopicPartition, Long> endOffsets(String topic) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (TopicPartition tp : partitions(topic)) {
            request.put(tp, OffsetSpec.latest());
        }
        try {
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> r =
                    admin.listOffsets(request).all().get(TIMEOUT_S, TimeUnit.SECONDS);
            Map<TopicPartition, Long> out = new HashMap<>();
            r.forEach((tp, info) -> out.put(tp, info.offset()));
            return out;
        } catch (ExecutionException e) {
            throw failure("read the end offsets of " + topic, e.getCause());
        } catch (TimeoutException | InterruptedException e) {
            throw failure("read the end offsets of " + topic, e);
        }
    }

    public synchronized long endOffsetSum(String topic) {
        return endOffsets(topic).values().stream().mapToLong(Long::longValue).sum();
    }

    /** The group's committed offsets on a topic, summed (0 for partitions it never committed). */
    public synchronized long committedSum(String group, String topic) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(TIMEOUT_S,
                            TimeUnit.SECONDS);
            long sum = 0;
            for (TopicPartition tp : partitions(topic)) {
                OffsetAndMetadata o = committed.get(tp);
                sum += o == null ? 0 : o.offset();
            }
            return sum;
        } catch (ExecutionException e) {
            throw failure("read the committed offsets of group " + group, e.getCause());
        } catch (TimeoutException | InterruptedException e) {
            throw failure("read the committed offsets of group " + group, e);
        }
    }

    /**
     * Sets the produce quota of a client id, in bytes a second, or removes it ({@code null}): the status day's
     * cap ({@link StatusQuota}), through this one admin client of the pilot's.
     */
    public void producerQuota(String clientId, Double bytesPerSecond) {
        ClientQuotaEntity client = new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, clientId));
        String what = (bytesPerSecond == null ? "remove" : "set") + " the produce quota of " + clientId;
        try {
            admin.alterClientQuotas(List.of(new ClientQuotaAlteration(client,
                    List.of(new ClientQuotaAlteration.Op("producer_byte_rate", bytesPerSecond))))).all()
                    .get(TIMEOUT_S, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw failure(what, e.getCause());
        } catch (TimeoutException | InterruptedException e) {
            throw failure(what, e);
        }
    }

    private CliException failure(String what, Throwable cause) {
        if (cause instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        // A fresh client asks every bootstrap node again: the old one kept waiting on a dead node's leaderships
        // ("Timed out waiting for a node assignment") for a minute after the cluster had elected new leaders.
        admin.close(Duration.ZERO);
        admin = Admin.create(settings);
        return CliException.failed("Kafka at " + bootstrap + ": could not " + what + " (" + cause + ")", cause);
    }

    @Override
    public void close() {
        admin.close();
    }
}

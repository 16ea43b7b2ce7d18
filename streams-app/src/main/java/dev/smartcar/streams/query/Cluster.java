package dev.smartcar.streams.query;

import dev.smartcar.streams.overspeed.OverSpeedWindows;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Where the app's instances are and which one owns a car, as Kafka Streams' metadata says (each instance
 * advertises its HTTP endpoint as {@code application.server}).
 */
public interface Cluster {

    /** The instance owning a car's partition, and the partition. */
    record Owner(HostInfo host, int partition) { }

    /** This instance's advertised endpoint. */
    HostInfo self();

    /** The active owner of the car's partition; empty while it is not known (a rebalance, a start). */
    Optional<Owner> ownerOf(String car);

    /** Every instance of the application that is known now, this one first. */
    List<HostInfo> instances();

    /** {@code host:port}, as the JSON answers name an instance. */
    static String name(HostInfo host) {
        return host.host() + ":" + host.port();
    }

    /** The cluster of a running {@link KafkaStreams}: the owners of the window store's partitions. */
    static Cluster of(KafkaStreams streams, HostInfo self) {
        return new Cluster() {
            @Override
            public HostInfo self() {
                return self;
            }

            @Override
            public Optional<Owner> ownerOf(String car) {
                KeyQueryMetadata metadata;
                try {
                    // The windows are keyed by car in the source topic, so the car's String bytes pick the partition
                    // exactly as the producer's default partitioner did.
                    metadata = streams.queryMetadataForKey(OverSpeedWindows.WINDOWS_STORE, car, new StringSerializer());
                } catch (IllegalStateException e) {
                    return Optional.empty(); // not running yet, or shutting down
                }
                if (metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)
                        || metadata.activeHost() == null || metadata.activeHost().port() < 0) {
                    return Optional.empty();
                }
                return Optional.of(new Owner(metadata.activeHost(), metadata.partition()));
            }

            @Override
            public List<HostInfo> instances() {
                List<HostInfo> hosts = new ArrayList<>(List.of(self));
                try {
                    for (StreamsMetadata client : streams.metadataForAllStreamsClients()) {
                        HostInfo host = client.hostInfo();
                        if (host != null && host.port() >= 0 && !hosts.contains(host)) {
                            hosts.add(host);
                        }
                    }
                } catch (IllegalStateException e) {
                    // not running: this instance alone
                }
                return hosts;
            }
        };
    }
}

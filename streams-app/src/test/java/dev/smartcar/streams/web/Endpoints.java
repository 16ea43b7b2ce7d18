package dev.smartcar.streams.web;

import dev.smartcar.schemas.log.LogTimestamp;
import dev.smartcar.streams.TopologyFixture;
import dev.smartcar.streams.metrics.AppMetrics;
import dev.smartcar.streams.overspeed.WindowHistory;
import dev.smartcar.streams.query.CarQuery;
import dev.smartcar.streams.query.Cluster;
import dev.smartcar.streams.query.LocalCars;
import dev.smartcar.streams.query.Peers;
import dev.smartcar.streams.query.PipelineView;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;

/** Endpoints for the unit tests: served over loopback from a TopologyTestDriver's stores, no Kafka. */
final class Endpoints {

    private Endpoints() {
    }

    /** A cluster whose owners and instances the test sets. */
    static final class FixedCluster implements Cluster {
        HostInfo self = new HostInfo("127.0.0.1", 1);
        volatile Optional<Owner> owner = Optional.empty();
        volatile List<HostInfo> others = List.of();

        @Override
        public List<HostInfo> instances() {
            return Stream.concat(Stream.of(self), others.stream()).toList();
        }

        @Override
        public Optional<Owner> ownerOf(String car) {
            return owner;
        }

        @Override
        public HostInfo self() {
            return self;
        }
    }

    /** One instance that owns every car (partition 0), its stores those of {@code app}. */
    static OpsEndpoint single(Path stateDir, TopologyFixture app, Supplier<KafkaStreams.State> state,
                              Supplier<Boolean> storeReady, AlertFeed feed) throws IOException {
        FixedCluster cluster = new FixedCluster();
        OpsEndpoint endpoint = serve(cluster, app, state, storeReady, feed, new Peers(), app.history);
        cluster.self = new HostInfo("127.0.0.1", endpoint.port());
        cluster.owner = Optional.of(new Cluster.Owner(cluster.self, 0));
        return endpoint;
    }

    static OpsEndpoint serve(FixedCluster cluster, TopologyFixture app, Supplier<KafkaStreams.State> state,
                             Supplier<Boolean> storeReady, AlertFeed feed, Peers peers, WindowHistory history)
            throws IOException {
        LocalCars local = new LocalCars(p -> {
            if (!storeReady.get()) {
                throw new InvalidStateStoreException("rebalancing");
            }
            return app.windowStore();
        }, p -> app.clockStore(), history, 30_000);
        CarQuery cars = new CarQuery(cluster, local, peers, car -> feed.recent(a -> car.equals(a.get("car_number")),
                20),
                state, LogTimestamp.defaultZone(), 80.0);
        PipelineView pipeline = new PipelineView(cluster, peers, app.counters, state,
                () -> Map.of("health", Map.of(), "lag", Map.of()));
        return new OpsEndpoint("127.0.0.1", 0, new OpsEndpoint.Sources(state, cars, pipeline, feed,
                new DashboardAssets(), new AppMetrics(app.counters, app.stateSize(System::currentTimeMillis),
                List.of())));
    }
}

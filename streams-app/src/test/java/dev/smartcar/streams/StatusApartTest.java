package dev.smartcar.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.smartcar.avro.CarStatus;
import dev.smartcar.avro.DrivingRecord;
import dev.smartcar.avro.OverSpeedAlert;
import dev.smartcar.schemas.registry.SpecificAvroSerde;
import dev.smartcar.streams.counters.PipelineCounters;
import dev.smartcar.streams.overspeed.WindowHistory;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

/** The status day runs in an instance of its own, beside the drivers'. */
class StatusApartTest {

    private final StreamsAppConfig config = new StreamsAppConfig(Map.of(
            StreamsConfig.APPLICATION_SERVER_CONFIG, "127.0.0.1:8090",
            StreamsConfig.CLIENT_ID_CONFIG, "car-app",
            StreamsAppConfig.SCHEMA_REGISTRY_URL, "mock://status-apart"));

    @Test
    void theStatusInstanceHasItsOwnGroupUnderTheAppsPrefixAndNoQueryEndpoint() {
        Properties status = config.statusStreamsProperties();
        assertEquals("smartcar-streams-status", status.get(StreamsConfig.APPLICATION_ID_CONFIG));
        assertEquals("car-app-status", status.get(StreamsConfig.CLIENT_ID_CONFIG),
                "metrics of the two must not collide");
        assertNull(status.get(StreamsConfig.APPLICATION_SERVER_CONFIG), "it has no stores to query");
        assertEquals(StreamsConfig.EXACTLY_ONCE_V2, status.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
        assertEquals("smartcar-streams", config.streamsProperties().get(StreamsConfig.APPLICATION_ID_CONFIG),
                "the drivers' instance keeps the application id, its group, changelogs and state");
    }

    @Test
    void eachTopologyReadsOnlyItsOwnLog() {
        SpecificAvroSerde<CarStatus> serde = serde(CarStatus.class);
        SmartCarTopology.AvroSerdes serdes = new SmartCarTopology.AvroSerdes(serde, serde(DrivingRecord.class),
                serde(OverSpeedAlert.class));
        PipelineCounters counters = new PipelineCounters();
        assertEquals(Set.of("smartcar.status.raw"), sources(SmartCarTopology.status(config, serde, counters)));
        assertEquals(Set.of("smartcar.driving.raw"),
                sources(SmartCarTopology.driving(config, serdes, counters, new WindowHistory(), 1)));
    }

    @Test
    void theAppIsAsHealthyAsTheWorseOfItsTwoInstances() {
        assertEquals(State.RUNNING, StreamsApp.worse(State.RUNNING, State.RUNNING));
        assertEquals(State.REBALANCING, StreamsApp.worse(State.RUNNING, State.REBALANCING));
        assertEquals(State.ERROR, StreamsApp.worse(State.ERROR, State.RUNNING));
        assertEquals(State.ERROR, StreamsApp.worse(State.PENDING_SHUTDOWN, State.ERROR));
        assertEquals(State.NOT_RUNNING, StreamsApp.worse(State.RUNNING, State.NOT_RUNNING));
        assertFalse(StreamsApp.worse(State.REBALANCING, State.RUNNING) == State.RUNNING);
    }

    private <T extends org.apache.avro.specific.SpecificRecord> SpecificAvroSerde<T> serde(Class<T> type) {
        SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type);
        serde.configure(config.serdeSettings(), false);
        return serde;
    }

    private static Set<String> sources(Topology topology) {
        Set<String> topics = new TreeSet<>();
        for (TopologyDescription.Subtopology sub : topology.describe().subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Source source) {
                    topics.addAll(source.topicSet());
                }
            }
        }
        return topics;
    }
}

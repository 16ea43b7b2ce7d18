package dev.smartcar.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.smartcar.avro.DrivingRecord;
import dev.smartcar.avro.OverSpeedAlert;
import dev.smartcar.schemas.registry.InMemoryRegistryClient;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The start-up lookup finds the value schemas already registered and leaves the others to the serializers. */
class SchemaLookupTest {

    private final String name = "lookup-" + UUID.randomUUID();

    @AfterEach
    void drop() {
        InMemoryRegistryClient.drop(name);
    }

    @Test
    void findsTheRegisteredValueSchemasOfTheConfiguredTopics() {
        InMemoryRegistryClient registry = InMemoryRegistryClient.named(name);
        StreamsAppConfig config = new StreamsAppConfig(Map.of(StreamsAppConfig.SCHEMA_REGISTRY_URL, "mock://" + name,
                StreamsAppConfig.OVERSPEED_TOPIC, "alerts"));
        assertEquals(0, StreamsApp.lookUpSchemas(config),
                "nothing registered yet, and nothing registered by the lookup");

        registry.register("alerts-value", OverSpeedAlert.getClassSchema());
        registry.register("smartcar.driving-value", DrivingRecord.getClassSchema());
        registry.register("smartcar.overspeed-value", OverSpeedAlert.getClassSchema());   // not the configured topic
        assertEquals(2, StreamsApp.lookUpSchemas(config));
    }
}

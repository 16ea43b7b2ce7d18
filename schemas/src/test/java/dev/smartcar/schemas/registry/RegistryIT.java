package dev.smartcar.schemas.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smartcar.avro.DrivingRecord;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client, the serde and SchemaRegistration against the stack's real registry (Apicurio's Confluent-compatible
 * API): {@code -Dsmartcar.it.registry=http://127.0.0.1:18081/apis/ccompat/v7}. Subjects of this test carry a
 * random suffix, so runs do not interfere.
 */
class RegistryIT {

    private static String url;
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void registryAddress() {
        url = System.getProperty("smartcar.it.registry", "");
        if (url.isBlank() || url.startsWith("${")) {
            throw new IllegalStateException("system property smartcar.it.registry is not set: expected the test "
                    + "stack's "
                    + "registry, e.g. http://127.0.0.1:18081/apis/ccompat/v7 (see stack/bin/stack.sh --env test env)");
        }
    }

    private static RestRegistryClient freshClient() {
        return new RestRegistryClient(url, Duration.ofSeconds(5), Duration.ofSeconds(15));
    }

    @Test
    void registerIsIdempotentAndIdsResolveFromAnotherClient() {
        String subject = "it-" + run + "-value";
        int id = freshClient().register(subject, DrivingRecord.getClassSchema());
        assertEquals(id, freshClient().register(subject, DrivingRecord.getClassSchema()));
        assertEquals(DrivingRecord.getClassSchema(), freshClient().schemaById(id));
        assertEquals(id, freshClient().lookup(subject, DrivingRecord.getClassSchema()).getAsInt());
        assertTrue(freshClient().lookup("it-" + run + "-absent-value", DrivingRecord.getClassSchema()).isEmpty());
    }

    @Test
    void backwardCompatibilityRefusesAnIncompatibleSchemaWith409() {
        String subject = "it-" + run + "-compat-value";
        Schema v1 = SchemaBuilder.record("ItThing" + run.replace('-', '_')).namespace("dev.smartcar.it").fields()
                .requiredString("a").endRecord();
        Schema v2 = SchemaBuilder.record(v1.getName()).namespace("dev.smartcar.it").fields()
                .requiredString("a").requiredInt("b").endRecord();
        RestRegistryClient client = freshClient();
        client.register(subject, v1);
        client.setCompatibility(subject, CompatibilityLevel.BACKWARD);
        assertEquals(CompatibilityLevel.BACKWARD, client.compatibility(subject));

        RegistryException e = assertThrows(RegistryException.class, () -> client.register(subject, v2));
        assertEquals(409, e.status());
    }

    @Test
    void serdeRoundTripsThroughTheRealRegistry() {
        String topic = "it-" + run + "-driving";
        SpecificAvroSerializer<DrivingRecord> serializer = new SpecificAvroSerializer<>(freshClient(), true, false);
        SpecificAvroDeserializer<DrivingRecord> deserializer = new SpecificAvroDeserializer<>(DrivingRecord.class,
                freshClient());
        DrivingRecord record = TestRecords.driving("N0036", 85);

        byte[] bytes = serializer.serialize(topic, record);

        assertEquals(0, bytes[0]);
        assertEquals(record, deserializer.deserialize(topic, bytes));
        assertEquals(freshClient().lookup(topic + "-value", DrivingRecord.getClassSchema()).getAsInt(),
                java.nio.ByteBuffer.wrap(bytes, 1, 4).getInt());
        SpecificAvroSerializer<DrivingRecord> byConfig = new SpecificAvroSerializer<>();
        byConfig.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, url), false);
        assertEquals(record, deserializer.deserialize(topic, byConfig.serialize(topic, record)));
    }

    @Test
    void schemaRegistrationRegistersTheProjectSubjectsIdempotently() {
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);

        assertEquals(0, SchemaRegistration.run(new String[] {"--url", url},
                new PrintStream(first, true, StandardCharsets.UTF_8), errStream), err.toString(StandardCharsets.UTF_8));
        assertEquals(0, SchemaRegistration.run(new String[] {"--url", url},
                new PrintStream(second, true, StandardCharsets.UTF_8), errStream),
                        err.toString(StandardCharsets.UTF_8));

        assertEquals(first.toString(StandardCharsets.UTF_8), second.toString(StandardCharsets.UTF_8));
        RestRegistryClient client = freshClient();
        SchemaRegistration.SUBJECTS.forEach((subject, schema) -> {
            assertTrue(client.lookup(subject, schema).isPresent(), subject);
            assertEquals(CompatibilityLevel.BACKWARD, client.compatibility(subject), subject);
        });
    }
}

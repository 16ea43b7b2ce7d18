package dev.smartcar.schemas.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smartcar.avro.CarStatus;
import dev.smartcar.avro.DrivingRecord;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InMemoryRegistryClientTest {

    private static final Schema V1 = SchemaBuilder.record("Thing").fields().requiredString("a").endRecord();
    private static final Schema V2_WITH_DEFAULT = SchemaBuilder.record("Thing").fields()
            .requiredString("a").name("b").type().intType().intDefault(0).endRecord();
    private static final Schema V2_WITHOUT_DEFAULT = SchemaBuilder.record("Thing").fields()
            .requiredString("a").requiredInt("b").endRecord();

    @AfterEach
    void drop() {
        InMemoryRegistryClient.drop("mem");
    }

    @Test
    void sameSchemaGetsTheSameIdInEverySubjectAndIdsResolveBack() {
        RegistryClient registry = RegistryClient.forUrl("mock://mem");
        int a = registry.register("a-value", DrivingRecord.getClassSchema());
        int again = registry.register("a-value", DrivingRecord.getClassSchema());
        int b = registry.register("b-value", DrivingRecord.getClassSchema());
        int other = registry.register("c-value", CarStatus.getClassSchema());

        assertEquals(a, again);
        assertEquals(a, b);
        assertNotEquals(a, other);
        assertEquals(DrivingRecord.getClassSchema(), registry.schemaById(a));
        assertEquals(CarStatus.getClassSchema(), registry.schemaById(other));
        assertEquals(a, registry.lookup("b-value", DrivingRecord.getClassSchema()).getAsInt());
        assertTrue(registry.lookup("c-value", DrivingRecord.getClassSchema()).isEmpty());
    }

    @Test
    void backwardRefusesANewRequiredFieldAndAcceptsOneWithADefault() {
        RegistryClient registry = RegistryClient.forUrl("mock://mem");
        registry.setCompatibility("t-value", CompatibilityLevel.BACKWARD);
        registry.register("t-value", V1);

        RegistryException e = assertThrows(RegistryException.class, () -> registry.register("t-value",
                V2_WITHOUT_DEFAULT));
        assertEquals(409, e.status());
        assertTrue(e.getMessage().contains("t-value"), e.getMessage());
        registry.register("t-value", V2_WITH_DEFAULT);
        assertEquals(2, ((InMemoryRegistryClient) registry).versionCount("t-value"));
    }

    @Test
    void noneAcceptsAnything() {
        RegistryClient registry = RegistryClient.forUrl("mock://mem");
        registry.setCompatibility("t-value", CompatibilityLevel.NONE);
        registry.register("t-value", V1);
        registry.register("t-value", V2_WITHOUT_DEFAULT);
        assertEquals(CompatibilityLevel.NONE, registry.compatibility("t-value"));
        assertEquals(CompatibilityLevel.BACKWARD, registry.compatibility("other"), "global default, as Confluent's");
    }

    @Test
    void clientsOfTheSameNameShareOneRegistry() {
        assertSame(RegistryClient.forUrl("mock://mem"), RegistryClient.forUrl("mock://mem"));
        RegistryClient.forUrl("mock://mem").register("s", V1);
        InMemoryRegistryClient.drop("mem");
        assertEquals(0, InMemoryRegistryClient.named("mem").versionCount("s"));
    }

    @Test
    void compatibilityLevelParsingListsTheAcceptedNames() {
        assertEquals(CompatibilityLevel.FULL_TRANSITIVE, CompatibilityLevel.parse(" full_transitive "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                CompatibilityLevel.parse("STRICT"));
        assertTrue(e.getMessage().contains("STRICT") && e.getMessage().contains("BACKWARD"), e.getMessage());
    }
}

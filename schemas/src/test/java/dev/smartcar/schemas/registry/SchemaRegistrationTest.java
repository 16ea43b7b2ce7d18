package dev.smartcar.schemas.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smartcar.avro.CarStatus;
import dev.smartcar.avro.DrivingRecord;
import dev.smartcar.avro.OverSpeedAlert;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SchemaRegistrationTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @AfterEach
    void drop() {
        InMemoryRegistryClient.drop("registration");
    }

    private int run(String... args) {
        return SchemaRegistration.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void registersTheThreeValueSubjectsWithBackwardCompatibilityIdempotently() {
        assertEquals(0, run("--url", "mock://registration"));
        String first = out.toString(StandardCharsets.UTF_8);
        out.reset();
        assertEquals(0, run("--url", "mock://registration"));

        assertEquals(first, out.toString(StandardCharsets.UTF_8), "same ids the second time");
        InMemoryRegistryClient registry = InMemoryRegistryClient.named("registration");
        assertEquals(registry.lookup("smartcar.status-value", CarStatus.getClassSchema()).getAsInt(),
                registry.register("smartcar.status-value", CarStatus.getClassSchema()));
        assertTrue(registry.lookup("smartcar.driving-value", DrivingRecord.getClassSchema()).isPresent());
        assertTrue(registry.lookup("smartcar.overspeed-value", OverSpeedAlert.getClassSchema()).isPresent());
        for (String subject : SchemaRegistration.SUBJECTS.keySet()) {
            assertEquals(1, registry.versionCount(subject), subject);
            assertEquals(CompatibilityLevel.BACKWARD, registry.compatibility(subject), subject);
        }
        assertTrue(first.contains("smartcar.driving-value dev.smartcar.avro.DrivingRecord id="), first);
    }

    @Test
    void compatibilityLevelIsAnOption() {
        assertEquals(0, run("--url", "mock://registration", "--compatibility", "full"));
        assertEquals(CompatibilityLevel.FULL,
                InMemoryRegistryClient.named("registration").compatibility("smartcar.overspeed-value"));
    }

    @Test
    void usageErrorsExitWithTwoAndSayWhatIsWrong() {
        assertEquals(2, run());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--url is required"));
        err.reset();
        assertEquals(2, run("--url", "mock://registration", "--force"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown option '--force'"));
        err.reset();
        assertEquals(2, run("--url"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--url needs a value"));
        err.reset();
        assertEquals(2, run("--url", "mock://registration", "--compatibility", "LOOSE"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("'LOOSE'"));
    }

    @Test
    void unreachableRegistryExitsWithOneNamingTheAddress() {
        assertEquals(1, run("--url", "http://127.0.0.1:1/apis/ccompat/v7"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("127.0.0.1:1"), err.toString(StandardCharsets.UTF_8));
    }
}

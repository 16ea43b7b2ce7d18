package dev.smartcar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smartcar.avro.CarStatus;
import dev.smartcar.schemas.log.CarStatusParser;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The original's daily device checks, at and just past each threshold. */
class DeviceChecksTest {

    private static final CarStatusParser PARSER = new CarStatusParser();

    static CarStatus status(String line) {
        return PARSER.parse(line).record();
    }

    static Check named(List<Check> checks, String prefix) {
        return checks.stream().filter(c -> c.name().startsWith(prefix)).findFirst().orElseThrow();
    }

    @Test
    void healthyCarPassesEveryCheckWithItsNumbers() {
        List<Check> checks = DeviceChecks.of(List.of(
                status("20200322000000,B0001,80,90,100,85,1,1,1,1,A,B,93"),
                status("20200322000004,B0001,80,90,100,85,1,1,1,1,B,A,91")));
        assertEquals(5, checks.size());
        assertTrue(checks.stream().allMatch(Check::passed), checks::toString);
        assertEquals("FL 80.0, FR 90.0, BL 100.0, BR 85.0", named(checks, "tyre").actual());
        assertEquals("92.0", named(checks, "battery").actual());
    }

    @Test
    void tyreAverageJustBelowEightyFails() {
        List<Check> checks = DeviceChecks.of(List.of(
                status("20200322000000,B0001,80,90,90,90,1,1,1,1,A,A,93"),
                status("20200322000004,B0001,79,90,90,90,1,1,1,1,A,A,93")));
        Check tyres = named(checks, "tyre");
        assertFalse(tyres.passed());
        assertEquals("FL 79.5, FR 90.0, BL 90.0, BR 90.0", tyres.actual());
    }

    @Test
    void oneLampFaultEngineCAndBrakeCFail() {
        List<Check> checks = DeviceChecks.of(List.of(
                status("20200322045248,V0015,87,93,98,95,1,1,2,1,C,A,60"),
                status("20200322045252,V0015,87,93,98,95,1,1,1,1,A,C,60")));
        assertFalse(named(checks, "lamp").passed());
        assertEquals("FL 0, FR 0, BL 1, BR 0 records", named(checks, "lamp").actual());
        assertFalse(named(checks, "engine").passed());
        assertEquals("1 of 2 records", named(checks, "engine").actual());
        assertFalse(named(checks, "brake").passed());
        assertTrue(named(checks, "battery").passed());
    }

    @Test
    void batteryAverageThirtyPassesTwentyNinePointFiveFails() {
        assertTrue(named(DeviceChecks.of(List.of(
                status("20200322000000,B0001,90,90,90,90,1,1,1,1,A,A,30"))), "battery").passed());
        Check low = named(DeviceChecks.of(List.of(
                status("20200322000000,B0001,90,90,90,90,1,1,1,1,A,A,30"),
                status("20200322000004,B0001,90,90,90,90,1,1,1,1,A,A,29"))), "battery");
        assertFalse(low.passed());
        assertEquals("29.5", low.actual());
    }

    @Test
    void noRecordsIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> DeviceChecks.of(List.of()));
    }
}

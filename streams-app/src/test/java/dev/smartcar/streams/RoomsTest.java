package dev.smartcar.streams;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The app's rooms (README › Layout): each sub-package of {@code dev.smartcar.streams} is one concern, and the
 * wiring in {@code dev.smartcar.streams} itself is the only place that knows them all. No two rooms depend on each
 * other both ways, and no room reaches back into the wiring.
 */
class RoomsTest {

    private static final JavaClasses APP = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.smartcar.streams");

    @Test
    void theRoomsHaveNoCycles() {
        slices().matching("dev.smartcar.streams.(*)..").should().beFreeOfCycles().check(APP);
    }

    @Test
    void noRoomReachesIntoTheWiring() {
        noClasses().that().resideInAPackage("dev.smartcar.streams.*..")
                .should().dependOnClassesThat().resideInAPackage("dev.smartcar.streams")
                .check(APP);
    }

    @Test
    void theRoomsAreTheOnesTheReadmeNames() {
        java.util.Set<String> rooms = new java.util.TreeSet<>();
        APP.forEach(c -> rooms.add(c.getPackageName()));
        org.junit.jupiter.api.Assertions.assertEquals(java.util.Set.of("dev.smartcar.streams",
                "dev.smartcar.streams.counters", "dev.smartcar.streams.metrics",
                "dev.smartcar.streams.overspeed", "dev.smartcar.streams.query",
                "dev.smartcar.streams.redis", "dev.smartcar.streams.store", "dev.smartcar.streams.validation",
                "dev.smartcar.streams.web"), rooms);
    }
}

package dev.smartcar.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smartcar.avro.CarStatus;
import dev.smartcar.avro.DrivingRecord;
import dev.smartcar.avro.OverSpeedAlert;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The build's guard on schema evolution: every schema in src/main/avro must stay BACKWARD compatible (new
 * readers read old data, as the registry's BACKWARD rule) with the newest released version kept in
 * {@code released/<Name>-v<N>.avsc}. Releasing a schema = copying it there with the next N.
 */
class SchemaEvolutionTest {

    private static final Path CURRENT = Path.of("src/main/avro");
    private static final Path RELEASED = Path.of("released");
    private static final Pattern RELEASE = Pattern.compile("(\\w+)-v(\\d+)\\.avsc");

    static Stream<String> schemaNames() throws IOException {
        try (Stream<Path> files = Files.list(CURRENT)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".avsc"))
                    .map(n -> n.substring(0, n.length() - 5))
                    .sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("schemaNames")
    void currentSchemaReadsDataOfTheLatestRelease(String name) throws IOException {
        Schema current = parse(CURRENT.resolve(name + ".avsc"));
        Path released = latestRelease(name);
        assertNotNull(released, "no released version of " + name + " in " + RELEASED.toAbsolutePath()
                + ": release it by copying src/main/avro/" + name + ".avsc to released/" + name + "-v1.avsc");
        Schema old = parse(released);
        var result = SchemaCompatibility.checkReaderWriterCompatibility(current, old);
        assertEquals(SchemaCompatibilityType.COMPATIBLE, result.getType(),
                () -> name + ".avsc is not BACKWARD compatible with " + released + ": "
                        + result.getResult().getIncompatibilities());
    }

    @Test
    void theCheckCatchesABreakingChange() {
        Schema v1 = new Schema.Parser().parse(
                "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}");
        Schema addedWithoutDefault = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":"
                + "[{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"type\":\"string\"}]}");
        Schema addedWithDefault = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":"
                + "[{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"type\":\"string\",\"default\":\"\"}]}");
        assertEquals(SchemaCompatibilityType.INCOMPATIBLE,
                SchemaCompatibility.checkReaderWriterCompatibility(addedWithoutDefault, v1).getType());
        assertEquals(SchemaCompatibilityType.COMPATIBLE,
                SchemaCompatibility.checkReaderWriterCompatibility(addedWithDefault, v1).getType());
    }

    @ParameterizedTest
    @MethodSource("schemaNames")
    void everyFieldIsDocumented(String name) throws IOException {
        Schema schema = parse(CURRENT.resolve(name + ".avsc"));
        assertNotNull(schema.getDoc(), name + " has no doc");
        for (Schema.Field f : schema.getFields()) {
            assertTrue(f.doc() != null && !f.doc().isBlank(), name + "." + f.name() + " has no doc");
        }
    }

    @Test
    void generatedClassesAreTheSchemasOnDisk() throws IOException {
        // Parsing canonical form: the generated schema adds only Java hints (avro.java.string).
        assertEquals(canonical(parse(CURRENT.resolve("CarStatus.avsc"))), canonical(CarStatus.getClassSchema()));
        assertEquals(canonical(parse(CURRENT.resolve("DrivingRecord.avsc"))),
                canonical(DrivingRecord.getClassSchema()));
        assertEquals(canonical(parse(CURRENT.resolve("OverSpeedAlert.avsc"))),
                canonical(OverSpeedAlert.getClassSchema()));
    }

    @Test
    void timestampsUseTheTimestampLogicalType() throws IOException {
        Schema driving = parse(CURRENT.resolve("DrivingRecord.avsc"));
        assertEquals("timestamp-millis", driving.getField("date").schema().getLogicalType().getName());
        Schema alert = parse(CURRENT.resolve("OverSpeedAlert.avsc"));
        assertEquals("timestamp-millis", alert.getField("window_start").schema().getLogicalType().getName());
        assertFalse(driving.getField("speed").schema().getType() == Schema.Type.STRING);
    }

    private static Path latestRelease(String name) throws IOException {
        int best = -1;
        Path bestPath = null;
        try (Stream<Path> files = Files.list(RELEASED)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Matcher m = RELEASE.matcher(p.getFileName().toString());
                if (m.matches() && m.group(1).equals(name)) {
                    int v = Integer.parseInt(m.group(2));
                    if (v > best) {
                        best = v;
                        bestPath = p;
                    }
                }
            }
        }
        return bestPath;
    }

    private static String canonical(Schema s) {
        return org.apache.avro.SchemaNormalization.toParsingForm(s);
    }

    private static Schema parse(Path p) throws IOException {
        return new Schema.Parser().parse(p.toFile());
    }
}

package dev.smartcar.simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smartcar.avro.CarStatus;
import dev.smartcar.schemas.log.CarStatusParser;
import dev.smartcar.schemas.log.ParseResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The status day file against docs/pilot.md §1.1's published facts, checked with the shared parser. */
class StatusDayTest {

    /** docs/pilot.md §1.1: 100 cars, step 4: 2,160,100 records + 100 headers = 104,073,476 bytes (one sample). */
    static final long PUBLISHED_RECORDS = 2_160_100;
    static final long PUBLISHED_BYTES = 104_073_476;

    /** The shape of a record, written from the table in docs/pilot.md §1.1. */
    static final Pattern RECORD_SHAPE = Pattern.compile(
            "\\d{14},[A-Z]\\d{4},(?:\\d{1,3},){4}(?:[12],){4}[ABC],[ABC],\\d{1,3}");

    static final SimulatedDay DAY = new SimulatedDay(2020, 3, 22, "20200322");

    @TempDir
    Path dir;

    /** Per car, what the full-day scan saw. */
    private static final class CarTrack {
        int records;
        String first;
        String last;
        int lastSecond = -1;
        boolean stepsRegular = true;
        final int[] faultValue = {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1};
        boolean recovered;
        int faults;
    }

    @Test
    void fullDayOfOneHundredCarsMatchesThePublishedFacts() throws IOException {
        StatusDayWriter writer = new StatusDayWriter(DAY, 100, 4, 20200322L);
        StatusDayWriter.Totals totals = StatusDayFile.publish(dir, DAY, false, writer, Progress.silent());
        Path file = dir.resolve("SmartCarStatusInfo_20200322.txt");

        assertEquals(List.of(file), listDir(), "only the published file is left, no temporary");
        assertEquals(PUBLISHED_RECORDS, totals.records());
        assertEquals(100, totals.headers());
        assertEquals(Files.size(file), totals.bytes());

        CarStatusParser parser = new CarStatusParser();
        byte[] header = StatusDayWriter.HEADER;
        Map<String, CarTrack> cars = new HashMap<>();
        long[] counts = new long[3]; // headers, records, car switches
        String[] previousCar = {null};
        long lines = LogLines.forEach(file, (b, off, len) -> {
            if (len == header.length - 1 && new String(b, off, len, StandardCharsets.US_ASCII)
                    .equals(CarStatusParser.HEADER)) {
                counts[0]++;
                return;
            }
            ParseResult<CarStatus> r = parser.parse(b, off, len);
            if (!(r instanceof ParseResult.Valid<CarStatus> valid)) {
                throw new AssertionError("rejected: " + new String(b, off, len, StandardCharsets.ISO_8859_1) + " -> "
                        + r);
            }
            counts[1]++;
            CarStatus s = valid.record();
            String car = s.getCarNumber();
            if (!car.equals(previousCar[0])) {
                counts[2]++;
                previousCar[0] = car;
            }
            CarTrack t = cars.computeIfAbsent(car, k -> new CarTrack());
            String date = s.getRegDateText();
            int second = Integer.parseInt(date.substring(8, 10)) * 3600
                    + Integer.parseInt(date.substring(10, 12)) * 60 + Integer.parseInt(date.substring(12, 14));
            if (t.records == 0) {
                t.first = date;
            } else if (second != Math.min(t.lastSecond + 4, 86_400)) {
                t.stepsRegular = false;
            }
            t.last = date;
            t.lastSecond = second;
            t.records++;
            trackFaults(t, s);
        });

        assertEquals(PUBLISHED_RECORDS + 100, lines);
        assertEquals(100, counts[0], "one header per car");
        assertEquals(PUBLISHED_RECORDS, counts[1]);
        assertEquals(100, cars.size());
        Set<String> indexes = new HashSet<>();
        int faults = 0;
        for (Map.Entry<String, CarTrack> e : cars.entrySet()) {
            CarTrack t = e.getValue();
            indexes.add(e.getKey().substring(1));
            assertEquals(21_601, t.records, e.getKey());
            assertEquals("20200322000000", t.first, e.getKey());
            assertEquals("20200322240000", t.last, e.getKey());
            assertTrue(t.stepsRegular, e.getKey() + " steps 4 s from 000000");
            assertFalse(t.recovered, e.getKey() + " recovered from a fault");
            faults += t.faults;
        }
        assertEquals(100, indexes.size(), "indexes 0001-0100 once each");
        assertTrue(indexes.contains("0001") && indexes.contains("0100"));
        // Faults are rare (2 in a million readings) but a day has 27 million readings: the sticky check is not empty.
        assertTrue(faults > 0, "this seed's day has faults to check for stickiness");
        // Cars interleave in bursts, as threads did: far more switches between cars than cars.
        assertTrue(counts[2] > 10_000, "cars interleave: " + counts[2] + " switches");

        // Size: exact line counts above; the byte count is random (variable-width values). The model's mean and
        // standard deviation (StatusSizeModel) put the published sample within a fraction of sigma of the mean;
        // this file and the published one must each lie within 4 sigma of it.
        StatusSizeModel model = new StatusSizeModel(100, 4);
        assertEquals(104_074_870, model.mean, 1.0, "expected size of a 100-car day");
        assertEquals(23_551, model.standardDeviation, 1.0);
        assertTrue(Math.abs(PUBLISHED_BYTES - model.mean) < 4 * model.standardDeviation, "published sample");
        assertTrue(Math.abs(totals.bytes() - model.mean) < 4 * model.standardDeviation,
                "size " + totals.bytes() + " vs expected " + model.mean + " +- " + model.standardDeviation);
    }

    /** Sticky faults: tyre <= 69, light 2, engine/brake C, battery <= 49 keep that exact value all day. */
    private static void trackFaults(CarTrack t, CarStatus s) {
        int[] values = {
            s.getTireFl(), s.getTireFr(), s.getTireBl(), s.getTireBr(),
            s.getLightFl(), s.getLightFr(), s.getLightBl(), s.getLightBr(),
            s.getEngine().toString().charAt(0), s.getBrake().toString().charAt(0), s.getBattery(),
        };
        for (int i = 0; i < values.length; i++) {
            boolean fault = i < 4 ? values[i] <= 69
                    : i < 8 ? values[i] == 2
                    : i < 10 ? values[i] == 'C'
                    : values[i] <= 49;
            if (t.faultValue[i] >= 0) {
                if (values[i] != t.faultValue[i]) {
                    t.recovered = true;
                }
            } else if (fault) {
                t.faultValue[i] = values[i];
                t.faults++;
            }
        }
    }

    @Test
    void bookStepOfThreeSecondsGives28801RecordsPerCar() throws IOException {
        StatusDayWriter writer = new StatusDayWriter(DAY, 3, 3, 5L);
        StatusDayWriter.Totals totals = StatusDayFile.publish(dir, DAY, false, writer, Progress.silent());
        assertEquals(3 * 28_801, totals.records());
        Map<String, Integer> perCar = new HashMap<>();
        Map<String, String> last = new HashMap<>();
        LogLines.forEach(dir.resolve("SmartCarStatusInfo_20200322.txt"), (b, off, len) -> {
            String line = new String(b, off, len, StandardCharsets.US_ASCII);
            if (!line.equals(CarStatusParser.HEADER)) {
                String car = line.substring(15, 20);
                perCar.merge(car, 1, Integer::sum);
                last.put(car, line.substring(0, 14));
            }
        });
        assertEquals(3, perCar.size());
        assertTrue(perCar.values().stream().allMatch(n -> n == 28_801));
        assertTrue(last.values().stream().allMatch("20200322240000"::equals));
    }

    @Test
    void stepsThatDoNotDivideTheDayStillEndAt240000() {
        assertEquals(21_601, StatusCar.recordsPerDay(4));
        assertEquals(28_801, StatusCar.recordsPerDay(3));
        assertEquals(12_344, StatusCar.recordsPerDay(7)); // 0, 7, ..., 86394, then 86400
        assertEquals(2, StatusCar.recordsPerDay(86_400));
    }

    @Test
    void sameSeedSameBytesOtherSeedOtherBytes() throws Exception {
        byte[] a = sha256(write("a", 42L));
        byte[] b = sha256(write("b", 42L));
        byte[] c = sha256(write("c", 43L));
        assertArrayEquals(a, b);
        assertNotEquals(new String(a, StandardCharsets.ISO_8859_1), new String(c, StandardCharsets.ISO_8859_1));
    }

    @Test
    void recordsHaveTheShapeOfThePublishedExampleLines() throws IOException {
        List<String> examples = List.of(
                "20200322000000,B0001,70,85,83,85,1,1,1,1,A,A,93",
                "20200322045248,V0015,87,93,98,75,1,1,2,1,A,A,60",
                "20200322240000,Y0100,79,98,86,99,1,1,1,1,A,B,91");
        CarStatusParser parser = new CarStatusParser();
        for (String example : examples) {
            assertTrue(RECORD_SHAPE.matcher(example).matches(), example);
            assertTrue(parser.parse(example).isValid(), example);
        }
        List<String> lines = LogLines.strings(write("shape", 9L));
        long records = 0;
        for (String line : lines) {
            if (line.equals(CarStatusParser.HEADER)) {
                continue;
            }
            records++;
            assertTrue(RECORD_SHAPE.matcher(line).matches(), line);
            assertTrue(parser.parse(line).isValid(), line);
        }
        assertEquals(5L * 21_601, records);
    }

    private Path write(String name, long seed) throws IOException {
        Path out = dir.resolve(name);
        StatusDayFile.publish(out, DAY, false, new StatusDayWriter(DAY, 5, 4, seed), Progress.silent());
        return out.resolve("SmartCarStatusInfo_20200322.txt");
    }

    private List<Path> listDir() throws IOException {
        try (var s = Files.list(dir)) {
            return s.toList();
        }
    }

    private static byte[] sha256(Path file) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
    }
}

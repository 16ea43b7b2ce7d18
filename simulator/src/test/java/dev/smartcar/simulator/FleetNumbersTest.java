package dev.smartcar.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Car numbers past 9,999 (issue #26): distinct, in the log's grammar, and no change for the fleets of before. */
class FleetNumbersTest {

    private static final SimulatedDay DAY = StatusDayTest.DAY;

    @Test
    void thirtyThousandCarsHaveDistinctNumbersInTheLogsGrammar() {
        DrivingFleet fleet = new DrivingFleet(30_000, 11L);
        Set<String> numbers = new HashSet<>();
        for (int i = 0; i < fleet.size(); i++) {
            String number = new String(fleet.car(i).carNumber(), StandardCharsets.US_ASCII);
            assertTrue(number.matches("[A-Z](?!0000)\\d{4}"), number);
            assertEquals(String.format("%04d", i % CarNumber.MAX_INDEX + 1), number.substring(1), "car " + (i + 1));
            assertTrue(numbers.add(number), "car " + (i + 1) + " repeats " + number);
        }
    }

    @Test
    void theLargestFleetUsesEveryLetterOfEveryIndexOnce() {
        FleetNumbers numbers = new FleetNumbers(FleetNumbers.MAX_CARS);
        SplittableRandom random = new SplittableRandom(5L);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < FleetNumbers.MAX_CARS; i++) {
            assertTrue(seen.add(new String(numbers.next(random), StandardCharsets.US_ASCII)));
        }
        assertEquals(26 * 9999, seen.size());
    }

    @Test
    void carsPastTheFirstBlockTakeNothingFromTheRandomStream() {
        // So a larger fleet's first 9,999 cars draw what a 9,999-car fleet draws, and the streams after them too.
        assertEquals(streamAfter(9_999, 9_999), streamAfter(20_000, 20_000));
        assertEquals(streamAfter(9_999, 9_999), streamAfter(10_000, 9_999));
    }

    private static long streamAfter(int fleetSize, int taken) {
        FleetNumbers numbers = new FleetNumbers(fleetSize);
        SplittableRandom random = new SplittableRandom(3L);
        for (int i = 0; i < taken; i++) {
            numbers.next(random);
        }
        return random.nextLong();
    }

    @Test
    void fleetsUpToTheOldBoundAreByteForByteWhatTheyWere() throws Exception {
        // Pinned from the generator before issue #26 (git 72e87b8): every car of a 9,999-car fleet, and the first
        // 4 MB of its status day.
        MessageDigest fleet = MessageDigest.getInstance("SHA-256");
        DrivingFleet drivers = new DrivingFleet(9_999, 20200322L, 30);
        for (int i = 0; i < drivers.size(); i++) {
            fleet.update(drivers.car(i).carNumber());
            fleet.update((drivers.car(i).areaLetter() + " " + drivers.car(i).profile() + " "
                    + drivers.skewTicks(i) + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        assertEquals("69a050dac3ba45fc448b0839b44bc2d8b97be678f1fc9cd7df5b85239139f7cb",
                HexFormat.of().formatHex(fleet.digest()));
        assertEquals("b41f2392114bbc560bfbf3f384084043aa7527109ac43e877d4f2bb1076e7bfb",
                statusDayStart(9_999, 20200322L));
    }

    @Test
    void fleetsOutOfRangeAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DrivingFleet(FleetNumbers.MAX_CARS + 1, 1L));
        assertEquals("cars 259975 out of range 1-259974", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new StatusDayWriter(DAY, 0, 4, 1L));
        assertThrows(IllegalArgumentException.class, () -> new StatusDayWriter(DAY, 259_975, 4, 1L));
    }

    /** SHA-256 of the first 4 MB a status day of {@code cars} writes (the writer is stopped there). */
    private static String statusDayStart(int cars, long seed) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        class Enough extends IOException { }
        long[] taken = {0};
        WritableByteChannel out = new WritableByteChannel() {
            @Override
            public int write(ByteBuffer src) throws IOException {
                int n = src.remaining();
                digest.update(src);
                taken[0] += n;
                if (taken[0] >= 4 << 20) {
                    throw new Enough();
                }
                return n;
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() { }
        };
        try {
            new StatusDayWriter(DAY, cars, 4, seed).writeTo(out, Progress.silent());
        } catch (Enough stop) {
            // 4 MB are enough to pin every car's number and the order of the bursts
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}

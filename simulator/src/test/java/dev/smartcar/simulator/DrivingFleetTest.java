package dev.smartcar.simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Who drives: car numbers, home areas and the share of wild drivers, all from the seed. */
class DrivingFleetTest {

    @Test
    void atMostTenPercentOfTheCarsAreWild() {
        for (int cars : new int[] {1, 9, 10, 11, 55, 100, 1000}) {
            for (long seed = 1; seed <= 20; seed++) {
                DrivingFleet fleet = new DrivingFleet(cars, seed);
                int wild = 0;
                for (int i = 0; i < cars; i++) {
                    wild += fleet.car(i).profile() == DriverProfile.WILD ? 1 : 0;
                }
                assertTrue(wild <= cars / 10, cars + " cars, seed " + seed + ": " + wild + " wild");
                if (cars >= 10) {
                    assertTrue(wild >= 1, cars + " cars, seed " + seed + ": no wild driver");
                }
            }
        }
    }

    @Test
    void carNumbersAreALetterAndTheIndex() {
        DrivingFleet fleet = new DrivingFleet(100, 3L);
        Set<Character> letters = new HashSet<>();
        Set<Character> areas = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String number = new String(fleet.car(i).carNumber(), StandardCharsets.US_ASCII);
            assertTrue(number.matches("[A-Z]\\d{4}"), number);
            assertEquals(String.format("%04d", i + 1), number.substring(1));
            letters.add(number.charAt(0));
            areas.add(fleet.car(i).areaLetter());
        }
        assertTrue(letters.size() > 15, "letters drawn at random: " + letters);
        assertEquals(Set.of('A', 'B', 'C', 'D', 'E', 'F'), areas);
    }

    @Test
    void sameSeedSameFleet() {
        DrivingFleet a = new DrivingFleet(50, 8L);
        DrivingFleet b = new DrivingFleet(50, 8L);
        for (int i = 0; i < 50; i++) {
            assertArrayEquals(a.car(i).carNumber(), b.car(i).carNumber());
            assertEquals(a.car(i).profile(), b.car(i).profile());
            assertEquals(a.car(i).areaLetter(), b.car(i).areaLetter());
        }
    }
}

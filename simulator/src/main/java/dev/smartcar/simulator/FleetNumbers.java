package dev.smartcar.simulator;

import java.util.SplittableRandom;

/**
 * The numbers of one run's cars, in car order, all distinct. Cars 1-9999 are the original's: a letter A-Z drawn
 * from the fleet's random stream, then the car as the 4-digit index, so a run of up to 9,999 cars writes the bytes
 * it always did for its seed. The log's four digits end there, so car 9,999 × b + j (block b = 1..25, j =
 * 1..9999) reuses index j under the letter of car j shifted by b (mod 26): the 26 cars sharing an index get 26
 * different letters, and up to {@link #MAX_CARS} cars need no change to the line grammar. Those letters are not
 * drawn, so they take nothing from the random stream.
 */
final class FleetNumbers {

    /** 26 letters × 9,999 indices. */
    static final int MAX_CARS = dev.smartcar.schemas.contract.Fleet.MAX_CARS;

    /** The letters of cars 1..9999 (as drawn), which the later blocks shift. */
    private final char[] firstLetters;
    private int next = 1;

    FleetNumbers(int cars) {
        requireInRange(cars);
        firstLetters = new char[Math.min(cars, CarNumber.MAX_INDEX)];
    }

    /** Refuses a fleet size the numbers cannot cover. */
    static void requireInRange(int cars) {
        if (cars < 1 || cars > MAX_CARS) {
            throw new IllegalArgumentException("cars " + cars + " out of range 1-" + MAX_CARS);
        }
    }

    /** The next car's number; draws its letter from {@code fleet} only for cars 1-9999. */
    byte[] next(SplittableRandom fleet) {
        int car = next++;
        int index = (car - 1) % CarNumber.MAX_INDEX + 1;
        int block = (car - 1) / CarNumber.MAX_INDEX;
        if (block == 0) {
            firstLetters[index - 1] = (char) ('A' + fleet.nextInt(26));
            return CarNumber.of(firstLetters[index - 1], index);
        }
        return CarNumber.of((char) ('A' + (firstLetters[index - 1] - 'A' + block) % 26), index);
    }
}

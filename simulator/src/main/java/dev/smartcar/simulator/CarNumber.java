package dev.smartcar.simulator;

import java.util.SplittableRandom;

/** A car's number as in both logs: one letter A-Z, drawn per car, and the car's 4-digit index 0001... */
final class CarNumber {

    static final int MAX_CARS = 9999;

    private CarNumber() { }

    static byte[] draw(int index, SplittableRandom random) {
        return of((char) ('A' + random.nextInt(26)), index);
    }

    static byte[] of(char letter, int index) {
        if (letter < 'A' || letter > 'Z' || index < 1 || index > MAX_CARS) {
            throw new IllegalArgumentException("car number " + letter + index + ": expected A-Z and 1-" + MAX_CARS);
        }
        return new byte[] {
            (byte) letter,
            (byte) ('0' + index / 1000),
            (byte) ('0' + index / 100 % 10),
            (byte) ('0' + index / 10 % 10),
            (byte) ('0' + index % 10),
        };
    }
}

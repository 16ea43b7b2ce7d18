package dev.smartcar.simulator;

/** A car's number as in both logs: one letter A-Z and a 4-digit index 0001-9999 (docs/pilot.md §1.1). */
final class CarNumber {

    /** The highest index the log's four digits can hold. */
    static final int MAX_INDEX = dev.smartcar.schemas.contract.Fleet.MAX_INDEX;

    private CarNumber() { }

    static byte[] of(char letter, int index) {
        if (letter < 'A' || letter > 'Z' || index < 1 || index > MAX_INDEX) {
            throw new IllegalArgumentException("car number " + letter + index + ": expected A-Z and 1-" + MAX_INDEX);
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

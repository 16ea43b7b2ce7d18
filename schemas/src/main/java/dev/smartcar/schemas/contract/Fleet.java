package dev.smartcar.schemas.contract;

/**
 * How many cars the logs' car numbers can name (docs/pilot.md §1.1): one letter A-Z and a 4-digit index 0001-9999.
 * The original draws a letter per car and numbers the cars by index; past 9,999 cars the simulator repeats the
 * indices under other letters, so 26 × 9,999 cars fit the same line grammar. The simulator numbers the cars and
 * the pilot checks its options against the same bound.
 */
public final class Fleet {

    /** The highest 4-digit index. */
    public static final int MAX_INDEX = 9_999;
    /** The most cars one run can have: 26 letters × 9,999 indices. */
    public static final int MAX_CARS = 26 * MAX_INDEX;

    private Fleet() {
    }
}

package dev.smartcar.simulator;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The cars of a driving run, drawn from the seed: each a number, a home area letter A-F, a driver profile, two
 * random streams of its own (one for its lines, one for the bad lines inserted after them, so that a garbage
 * rate never changes the good lines) and a lag behind the others ({@link #skewTicks}). Wild drivers:
 * {@code cars / 10} indices drawn with replacement, as the original did, so at most 10 % of the cars.
 */
final class DrivingFleet {

    private final DrivingCar[] cars;
    private final SplittableRandom[] garbage;
    private final int[] skewTicks;

    /** A fleet whose lines are in strict time order (no skew). */
    DrivingFleet(int count, long seed) {
        this(count, seed, 0);
    }

    /**
     * @param disorderSeconds how many simulated seconds a car's lines may lag those of others: each car is given
     *                        a lag of 0 to this many seconds (in 2 s steps), drawn from the seed
     */
    DrivingFleet(int count, long seed, int disorderSeconds) {
        FleetNumbers numbers = new FleetNumbers(count);
        SplittableRandom fleet = new SplittableRandom(seed);
        Set<Integer> wild = new HashSet<>();
        for (int i = 0; i < count / 10; i++) {
            wild.add(1 + fleet.nextInt(count));
        }
        cars = new DrivingCar[count];
        garbage = new SplittableRandom[count];
        for (int i = 0; i < count; i++) {
            int index = i + 1;
            byte[] number = numbers.next(fleet);
            int areaLetter = fleet.nextInt(DrivingCar.CONGESTED_AREA.length);
            DriverProfile profile = wild.contains(index) ? DriverProfile.WILD : DriverProfile.NORMAL;
            cars[i] = new DrivingCar(index, number, profile, areaLetter, fleet.split());
            garbage[i] = fleet.split();
        }
        // Drawn last and from a stream of its own, so the skew never changes which lines the cars write.
        SplittableRandom schedule = fleet.split();
        skewTicks = new int[count];
        int maxTicks = disorderSeconds / DrivingCar.STEP_SECONDS;
        for (int i = 0; i < count; i++) {
            skewTicks[i] = maxTicks == 0 ? 0 : schedule.nextInt(maxTicks + 1);
        }
    }

    /** The number of pace periods car i starts late, so its lines lag; 0 without disorder. */
    int skewTicks(int i) {
        return skewTicks[i];
    }

    int size() {
        return cars.length;
    }

    DrivingCar car(int i) {
        return cars[i];
    }

    /** The stream that decides whether and how a bad line follows each of car i's lines. */
    SplittableRandom garbageRandom(int i) {
        return garbage[i];
    }
}

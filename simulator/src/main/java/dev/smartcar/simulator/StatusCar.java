package dev.smartcar.simulator;

import java.util.SplittableRandom;

/**
 * One car of the status log (docs/pilot.md §1.1): its number, its own random stream and its sticky faults. Each call
 * of {@link #appendNextRecord} writes the next reading, from 000000 in steps of {@code stepSeconds} and a last
 * one stamped 240000. A fault (tyre &le; 69, light 2, engine or brake C, battery &le; 49) never recovers that day.
 */
final class StatusCar {

    static final BandedReading TYRE = new BandedReading(
            new double[] {80, 19.9998, 0.0002}, new int[][] {{80, 100}, {70, 79}, {0, 69}});
    static final int TYRE_FAULT_MAX = 69;
    /** Index 0 = light "1" (normal), 1 = "2" (fault). */
    static final WeightedChoice LIGHT = new WeightedChoice(99.9998, 0.0002);
    static final int LIGHT_FAULT = 1;
    /** Engine and brake grade: index 0 = A, 1 = B, 2 = C (fault). */
    static final WeightedChoice GRADE = new WeightedChoice(80, 19.9998, 0.0002);
    static final int GRADE_FAULT = 2;
    static final BandedReading BATTERY = new BandedReading(
            new double[] {90, 9.9998, 0.0002}, new int[][] {{80, 100}, {50, 79}, {0, 49}});
    static final int BATTERY_FAULT_MAX = 49;

    private static final int UNSET = -1;

    private final byte[] carNumber;
    private final SplittableRandom random;
    private final int stepSeconds;

    private final int[] tyres = {UNSET, UNSET, UNSET, UNSET};
    private final int[] lights = {UNSET, UNSET, UNSET, UNSET};
    private int engine = UNSET;
    private int brake = UNSET;
    private int battery = UNSET;
    private int nextSecond;
    private boolean finished;

    StatusCar(byte[] carNumber, SplittableRandom random, int stepSeconds) {
        if (stepSeconds < 1 || stepSeconds > SimulatedDay.SECONDS_PER_DAY) {
            throw new IllegalArgumentException("stepSeconds " + stepSeconds + " out of range 1-86400");
        }
        this.carNumber = carNumber;
        this.random = random;
        this.stepSeconds = stepSeconds;
    }

    /** Records one car writes in a day: one per step before 240000, then the 240000 one. */
    static int recordsPerDay(int stepSeconds) {
        return (SimulatedDay.SECONDS_PER_DAY + stepSeconds - 1) / stepSeconds + 1;
    }

    boolean finished() {
        return finished;
    }

    /** Writes the next record, with its LF; the caller makes sure the buffer has room for one line (96 bytes). */
    void appendNextRecord(LineBuffer out, SimulatedDay day) {
        if (finished) {
            throw new IllegalStateException("car has written its 240000 record");
        }
        int second = nextSecond;
        // The same order of draws as the original's getters: tyres, lights, engine, brake, battery.
        for (int i = 0; i < 4; i++) {
            if (tyres[i] == UNSET || tyres[i] > TYRE_FAULT_MAX) {
                tyres[i] = TYRE.draw(random);
            }
        }
        for (int i = 0; i < 4; i++) {
            if (lights[i] != LIGHT_FAULT) {
                lights[i] = LIGHT.pick(random);
            }
        }
        if (engine != GRADE_FAULT) {
            engine = GRADE.pick(random);
        }
        if (brake != GRADE_FAULT) {
            brake = GRADE.pick(random);
        }
        if (battery == UNSET || battery > BATTERY_FAULT_MAX) {
            battery = BATTERY.draw(random);
        }

        out.appendTimestamp(day, second).append((byte) ',').append(carNumber);
        for (int tyre : tyres) {
            out.append((byte) ',').appendNumber(tyre);
        }
        for (int light : lights) {
            out.append((byte) ',').append((byte) ('1' + light));
        }
        out.append((byte) ',').append((byte) ('A' + engine))
                .append((byte) ',').append((byte) ('A' + brake))
                .append((byte) ',').appendNumber(battery)
                .append((byte) '\n');

        if (second == SimulatedDay.SECONDS_PER_DAY) {
            finished = true;
        } else {
            nextSecond = Math.min(second + stepSeconds, SimulatedDay.SECONDS_PER_DAY);
        }
    }
}

package dev.smartcar.simulator;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * One car of the driving log (docs/pilot.md §1.2): number, driver profile, home area letter, current speed and its
 * own random stream, so its line sequence depends on the seed only, never on how cars interleave. Lines are
 * 2 simulated seconds apart from 000000; the last is stamped 240000.
 */
final class DrivingCar {

    static final byte[] HEADER =
            "Driver Status Infomation,CarNum,AccStep,BrkStep,WheelStep,DirLightStep,Speed,AreaNum\n"
            .getBytes(StandardCharsets.US_ASCII);
    static final int STEP_SECONDS = 2;
    static final int LINES_PER_DAY = SimulatedDay.SECONDS_PER_DAY / STEP_SECONDS + 1;
    static final int MAX_SPEED = 250;
    /** The congested area of each letter A-F: A10, B02, C04, D05, E10, F06. */
    static final int[] CONGESTED_AREA = {10, 2, 4, 5, 10, 6};
    static final int AREAS_PER_LETTER = 10;

    private static final byte[][] WHEEL = {{'F'}, {'L', '1'}, {'L', '2'}, {'L', '3'}, {'R', '1'}, {'R', '2'}, {'R',
            '3'}};
    private static final byte[] INDICATOR = {'N', 'L', 'R'};

    private final int index;
    private final byte[] carNumber;
    private final DriverProfile profile;
    private final int areaLetter;
    private final SplittableRandom random;
    private int speed;
    private int nextSecond;
    private boolean finished;

    /** {@code areaLetter} 0-5 stands for A-F. */
    DrivingCar(int index, byte[] carNumber, DriverProfile profile, int areaLetter, SplittableRandom random) {
        if (areaLetter < 0 || areaLetter >= CONGESTED_AREA.length) {
            throw new IllegalArgumentException("area letter " + areaLetter + " out of range 0-5");
        }
        this.index = index;
        this.carNumber = carNumber;
        this.profile = profile;
        this.areaLetter = areaLetter;
        this.random = random;
    }

    int index() {
        return index;
    }

    byte[] carNumber() {
        return carNumber;
    }

    DriverProfile profile() {
        return profile;
    }

    char areaLetter() {
        return (char) ('A' + areaLetter);
    }

    boolean finished() {
        return finished;
    }

    /** Writes the next line with its LF, in the original's order of draws; the buffer needs room for 64 bytes. */
    void appendNextLine(LineBuffer out, SimulatedDay day) {
        if (finished) {
            throw new IllegalStateException("car has written its 240000 line");
        }
        // 1. accelerator, speed cap, then a drawn area: the letter's congested area cuts speed to 30 %.
        int accelerator = profile.accelerator.pick(random);
        speed = Math.min(speed + profile.acceleratorGain[accelerator], MAX_SPEED);
        if (drawArea() == CONGESTED_AREA[areaLetter]) {
            // The original's arithmetic, kept for byte compatibility: (int) (s - s * 0.7), e.g. 10 -> 2, not 3.
            speed = (int) ((double) speed - (double) speed * 0.7);
        }
        // 2. brake only with the accelerator released, floor 0.
        int brake = 0;
        if (accelerator == 0) {
            brake = profile.brake.pick(random);
            speed = Math.max(speed - profile.brakeLoss[brake], 0);
        }
        // 3. wheel; 4. indicator, following the wheel unless the driver is wild.
        int wheel = profile.wheel.pick(random);
        int indicator = profile.independentIndicator == null
                ? (wheel == 0 ? 0 : wheel <= 3 ? 1 : 2)
                : profile.independentIndicator.pick(random);
        // 6. a fresh area for the line itself.
        int area = drawArea();

        int second = nextSecond;
        out.appendTimestamp(day, second).append((byte) ',').append(carNumber)
                .append((byte) ',').append((byte) ('0' + accelerator))
                .append((byte) ',').append((byte) ('0' + brake))
                .append((byte) ',').append(WHEEL[wheel])
                .append((byte) ',').append(INDICATOR[indicator])
                .append((byte) ',').appendNumber(speed)
                .append((byte) ',').append((byte) ('A' + areaLetter))
                .append((byte) ('0' + area / 10)).append((byte) ('0' + area % 10))
                .append((byte) '\n');
        if (second == SimulatedDay.SECONDS_PER_DAY) {
            finished = true;
        } else {
            nextSecond = second + STEP_SECONDS;
        }
    }

    private int drawArea() {
        return 1 + random.nextInt(AREAS_PER_LETTER);
    }
}

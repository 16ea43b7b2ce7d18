package dev.smartcar.simulator;

/**
 * How a driver works the pedals, the wheel and the indicator (docs/pilot.md §1.2). At most 10 % of the cars have a
 * wild driver: harder on the accelerator and the brake, more steering, an indicator that ignores the wheel.
 */
enum DriverProfile {

    NORMAL(new WeightedChoice(30, 30, 10, 20, 5, 5), new int[] {0, 5, 10, 15, 20, 25},
            new WeightedChoice(30, 45, 20, 5), new int[] {0, 10, 20, 30},
            new WeightedChoice(70, 5, 5, 5, 5, 5, 5),
            null),
    WILD(new WeightedChoice(10, 10, 10, 30, 25, 15), new int[] {0, 5, 10, 20, 30, 40},
            new WeightedChoice(10, 10, 50, 30), new int[] {0, 5, 10, 20},
            new WeightedChoice(40, 10, 10, 10, 10, 10, 10),
            new WeightedChoice(60, 20, 20));

    /** AccStep 0-5, and the km/h each step adds. */
    final WeightedChoice accelerator;
    final int[] acceleratorGain;
    /** BrkStep 0-3 (drawn only when AccStep is 0), and the km/h each step takes off. */
    final WeightedChoice brake;
    final int[] brakeLoss;
    /** WheelStep: F, L1, L2, L3, R1, R2, R3. */
    final WeightedChoice wheel;
    /** DirLightStep N, L, R drawn on its own; null when the indicator follows the wheel. */
    final WeightedChoice independentIndicator;

    DriverProfile(WeightedChoice accelerator, int[] acceleratorGain, WeightedChoice brake, int[] brakeLoss,
                  WeightedChoice wheel, WeightedChoice independentIndicator) {
        this.accelerator = accelerator;
        this.acceleratorGain = acceleratorGain;
        this.brake = brake;
        this.brakeLoss = brakeLoss;
        this.wheel = wheel;
        this.independentIndicator = independentIndicator;
    }
}

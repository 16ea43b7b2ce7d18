package dev.smartcar.simulator;

import java.util.SplittableRandom;

/**
 * Picks an index with probability proportional to its weight, e.g. the accelerator's 30/30/10/20/5/5. The
 * original drew the same distribution with an exponential race per draw; a cumulative table costs one draw.
 */
final class WeightedChoice {

    private final double[] cumulative;
    private final double total;

    WeightedChoice(double... weights) {
        cumulative = new double[weights.length];
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            if (!(weights[i] > 0)) {
                throw new IllegalArgumentException("weight " + i + " must be positive: " + weights[i]);
            }
            sum += weights[i];
            cumulative[i] = sum;
        }
        total = sum;
    }

    int pick(SplittableRandom random) {
        double u = random.nextDouble() * total;
        int last = cumulative.length - 1;
        for (int i = 0; i < last; i++) {
            if (u < cumulative[i]) {
                return i;
            }
        }
        return last;
    }
}

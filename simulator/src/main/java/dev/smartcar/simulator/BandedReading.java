package dev.smartcar.simulator;

import java.util.SplittableRandom;

/**
 * An integer reading drawn as docs/pilot.md §1.1 gives it: pick a band by weight, then a value uniformly within the
 * band, e.g. tyre pressure 80-100 w80 / 70-79 w19.9998 / 0-69 w0.0002.
 */
final class BandedReading {

    private final WeightedChoice band;
    private final int[] low;
    private final int[] high;

    /** {@code bands[i] = {low, high}} (inclusive) with weight {@code weights[i]}. */
    BandedReading(double[] weights, int[][] bands) {
        if (weights.length != bands.length) {
            throw new IllegalArgumentException("one weight per band expected");
        }
        this.band = new WeightedChoice(weights);
        this.low = new int[bands.length];
        this.high = new int[bands.length];
        for (int i = 0; i < bands.length; i++) {
            low[i] = bands[i][0];
            high[i] = bands[i][1];
        }
    }

    int draw(SplittableRandom random) {
        int b = band.pick(random);
        return low[b] + random.nextInt(high[b] - low[b] + 1);
    }
}

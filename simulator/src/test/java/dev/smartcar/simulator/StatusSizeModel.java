package dev.smartcar.simulator;

/**
 * Test support: the expected size of a status day file and its standard deviation, derived from the value model
 * of docs/pilot.md §1.1 (the same bands and weights as {@link StatusCar}). Values are variable-width ("100" has three
 * digits, a faulty "7" one), so a file's size is random; its mean and spread follow from:
 * <ul>
 *   <li>fixed bytes per record: 14 (date) + 5 (car) + 4 lights + 2 grades + 12 commas + LF = 38;</li>
 *   <li>a healthy tyre has 3 digits with probability 80/99.9998 x 1/21 ("100" out of 80..100), else 2;</li>
 *   <li>a healthy battery likewise with 90/99.9998 x 1/21;</li>
 *   <li>sticky faults: with hazard p = 0.0002 % per reading, a tyre (battery) becomes a uniform 0-69 (0-49)
 *       value for the rest of the day, F readings long; E[F] and E[F^2] are summed exactly over the day.</li>
 * </ul>
 */
final class StatusSizeModel {

    static final int FIXED_BYTES_PER_RECORD = 38;
    static final int HEADER_BYTES = StatusDayWriter.HEADER.length;
    static final double FAULT_HAZARD = 0.0002 / 100;

    final double mean;
    final double standardDeviation;

    StatusSizeModel(int cars, int stepSeconds) {
        int n = StatusCar.recordsPerDay(stepSeconds);
        double p = FAULT_HAZARD;
        double q = 1 - p;
        // Faulty readings F of one field of one car: the first fault at reading t (prob q^t p) leaves n - t.
        double ef = 0;
        double ef2 = 0;
        double qt = 1;
        for (int t = 0; t < n; t++) {
            double pr = qt * p;
            ef += pr * (n - t);
            ef2 += pr * (double) (n - t) * (n - t);
            qt *= q;
        }
        Digits tyre = healthy(80, 19.9998);
        Digits battery = healthy(90, 9.9998);
        Digits tyreFault = uniform(0, 69);
        Digits batteryFault = uniform(0, 49);

        double healthyRecord = FIXED_BYTES_PER_RECORD + 4 * tyre.mean + battery.mean;
        double tyreLoss = tyre.mean - tyreFault.mean;          // bytes lost per faulty tyre reading
        double batteryLoss = battery.mean - batteryFault.mean;
        double perCar = n * healthyRecord - 4 * ef * tyreLoss - ef * batteryLoss;
        mean = cars * (perCar + HEADER_BYTES);

        double tyreLoss2 = tyreFault.secondMomentAround(tyre.mean);
        double batteryLoss2 = batteryFault.secondMomentAround(battery.mean);
        double varCar = n * (4 * tyre.variance + battery.variance)
                + 4 * (ef2 * tyreLoss2 - ef * ef * tyreLoss * tyreLoss)
                + (ef2 * batteryLoss2 - ef * ef * batteryLoss * batteryLoss);
        standardDeviation = Math.sqrt(cars * varCar);
    }

    /** Digits of a healthy value: 80-100 with weight {@code high}, else a 2-digit band with weight {@code low}. */
    private static Digits healthy(double high, double low) {
        double three = high / (high + low) / 21;
        double mean = 2 + three;
        return new Digits(mean, three * (1 - three), null);
    }

    private static Digits uniform(int from, int to) {
        int[] digits = new int[to - from + 1];
        double sum = 0;
        for (int v = from; v <= to; v++) {
            digits[v - from] = Integer.toString(v).length();
            sum += digits[v - from];
        }
        double mean = sum / digits.length;
        return new Digits(mean, Double.NaN, digits);
    }

    private record Digits(double mean, double variance, int[] values) {
        double secondMomentAround(double reference) {
            double s = 0;
            for (int d : values) {
                s += (reference - d) * (reference - d);
            }
            return s / values.length;
        }
    }
}

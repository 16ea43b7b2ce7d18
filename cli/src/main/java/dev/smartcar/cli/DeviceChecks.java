package dev.smartcar.cli;

import dev.smartcar.avro.CarStatus;
import dev.smartcar.avro.Grade;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The original pilot's daily device checks over one car's status records of a day (docs/pilot.md §4): a tyre whose
 * average pressure is below 80, a lamp reporting {@code 2} (fault), engine {@code C}, brake {@code C}, a battery
 * whose average is below 30. Each check comes back with the numbers it was decided on.
 */
public final class DeviceChecks {

    public static final double MIN_TYRE_AVERAGE = 80;
    public static final double MIN_BATTERY_AVERAGE = 30;

    private static final String[] TYRES = {"FL", "FR", "BL", "BR"};

    private DeviceChecks() { }

    public static List<Check> of(List<CarStatus> day) {
        if (day.isEmpty()) {
            throw new IllegalArgumentException("no status records: nothing to check");
        }
        int n = day.size();
        long[] tyreSum = new long[4];
        int[] lampFaults = new int[4];
        int engineC = 0;
        int brakeC = 0;
        long batterySum = 0;
        for (CarStatus s : day) {
            int[] tyres = {s.getTireFl(), s.getTireFr(), s.getTireBl(), s.getTireBr()};
            int[] lamps = {s.getLightFl(), s.getLightFr(), s.getLightBl(), s.getLightBr()};
            for (int i = 0; i < 4; i++) {
                tyreSum[i] += tyres[i];
                if (lamps[i] == 2) {
                    lampFaults[i]++;
                }
            }
            if (s.getEngine() == Grade.C) {
                engineC++;
            }
            if (s.getBrake() == Grade.C) {
                brakeC++;
            }
            batterySum += s.getBattery();
        }
        List<Check> checks = new ArrayList<>();
        StringBuilder tyreText = new StringBuilder();
        boolean tyresOk = true;
        for (int i = 0; i < 4; i++) {
            double avg = (double) tyreSum[i] / n;
            tyresOk &= avg >= MIN_TYRE_AVERAGE;
            tyreText.append(i == 0 ? "" : ", ").append(TYRES[i]).append(' ').append(one(avg));
        }
        checks.add(new Check("tyre pressure averages", "each >= 80", tyreText.toString(), tyresOk));
        StringBuilder lampText = new StringBuilder();
        int lampTotal = 0;
        for (int i = 0; i < 4; i++) {
            lampText.append(i == 0 ? "" : ", ").append(TYRES[i]).append(' ').append(lampFaults[i]);
            lampTotal += lampFaults[i];
        }
        checks.add(new Check("lamp faults (light 2)", "none", lampText + " records", lampTotal == 0));
        checks.add(new Check("engine C", "none", engineC + " of " + n + " records", engineC == 0));
        checks.add(new Check("brake C", "none", brakeC + " of " + n + " records", brakeC == 0));
        double battery = (double) batterySum / n;
        checks.add(new Check("battery average", ">= 30", one(battery), battery >= MIN_BATTERY_AVERAGE));
        return checks;
    }

    private static String one(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}

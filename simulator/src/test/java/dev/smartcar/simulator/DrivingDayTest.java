package dev.smartcar.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.smartcar.avro.DrivingRecord;
import dev.smartcar.schemas.log.DrivingLineParser;
import dev.smartcar.schemas.log.ParseResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole 100-car driving day at pace 0, read back with the shared parser and checked against the value model
 * of docs/pilot.md §1.2, line by line: every speed change must be explained by the pedals, with or without the
 * congestion cut.
 */
class DrivingDayTest {

    static final SimulatedDay DAY = new SimulatedDay(2020, 3, 22, "20200322");
    static final long SEED = 322L;

    @TempDir
    Path dir;

    private static final class CarTrack {
        final DrivingCar car;
        int records;
        int lastSecond = -2;
        boolean inOrder = true;
        int speed; // before the first line: 0
        long speedSum;
        long explained;
        long congested;
        long indicatorOffWheel;
        final int[] areaCounts = new int[11];

        CarTrack(DrivingCar car) {
            this.car = car;
        }
    }

    @Test
    void fullDayFollowsTheModel() throws IOException {
        Path file = dir.resolve("SmartCarDriverInfo.log");
        DrivingFleet fleet = new DrivingFleet(100, SEED, DrivingCommand.DEFAULT_DISORDER_SECONDS);
        DrivingRun.Totals totals;
        try (DrivingLogFile log = new DrivingLogFile(file, 0, RotationMode.RENAME, 5)) {
            totals = new DrivingRun(DAY, fleet, 0, 0, 0, 0).writeTo(log, Progress.silent());
        }
        assertEquals(DrivingRun.End.DAY_COMPLETE, totals.end());
        assertEquals(100L * 43_201, totals.records());
        assertEquals(100, totals.headers());
        assertEquals(0, totals.idleWaits(), "pace 0 never waits");

        Map<String, CarTrack> tracks = new HashMap<>();
        for (int i = 0; i < fleet.size(); i++) {
            tracks.put(new String(fleet.car(i).carNumber(), StandardCharsets.US_ASCII), new CarTrack(fleet.car(i)));
        }
        DrivingLineParser parser = new DrivingLineParser();
        long[] headers = {0};
        LogLines.forEach(file, (b, off, len) -> {
            ParseResult<DrivingRecord> r = parser.parse(b, off, len);
            if (!r.isValid()) {
                String line = new String(b, off, len, StandardCharsets.ISO_8859_1);
                assertEquals(DrivingLineParser.HEADER, line, "the only rejected lines are headers");
                headers[0]++;
                return;
            }
            check(tracks, r.record());
        });
        assertEquals(100, headers[0]);

        int wild = 0;
        long explained = 0;
        long congested = 0;
        for (CarTrack t : tracks.values()) {
            String car = new String(t.car.carNumber(), StandardCharsets.US_ASCII);
            assertEquals(43_201, t.records, car);
            assertEquals(86_400, t.lastSecond, car + " ends at 240000");
            assertTrue(t.inOrder, car + " lines 2 s apart in file order");
            for (int area = 1; area <= 10; area++) {
                assertTrue(t.areaCounts[area] > 3_500 && t.areaCounts[area] < 5_100,
                        car + " area " + area + " drawn uniformly: " + t.areaCounts[area]);
            }
            double average = (double) t.speedSum / t.records;
            if (t.car.profile() == DriverProfile.WILD) {
                wild++;
                assertTrue(average >= 140 && average <= 190, car + " wild average " + average);
                assertTrue(t.indicatorOffWheel > 0, car + " wild indicator is independent of the wheel");
            } else {
                assertTrue(average < 95, car + " normal average " + average);
                assertEquals(0, t.indicatorOffWheel, car + " normal indicator follows the wheel");
            }
            explained += t.explained;
            congested += t.congested;
        }
        assertTrue(wild >= 1 && wild <= 10, "at most 10 % wild: " + wild);
        // The congested area is 1 of the 10 areas drawn per line: about 10 % of the explainable speed changes.
        double share = (double) congested / explained;
        assertTrue(share > 0.09 && share < 0.11, "congestion share " + share);
    }

    private static void check(Map<String, CarTrack> tracks, DrivingRecord r) {
        CarTrack t = tracks.get(r.getCarNumber());
        String text = r.getDateText();
        int second = Integer.parseInt(text.substring(8, 10)) * 3600
                + Integer.parseInt(text.substring(10, 12)) * 60 + Integer.parseInt(text.substring(12, 14));
        if (second != t.lastSecond + 2) {
            t.inOrder = false;
        }
        t.lastSecond = second;
        t.records++;

        String area = r.getAreaNumber();
        assertEquals(t.car.areaLetter(), area.charAt(0), "one area letter per car");
        t.areaCounts[Integer.parseInt(area.substring(1))]++;

        int accelerator = r.getSpeedPedal();
        int brake = r.getBreakPedal();
        assertTrue(brake == 0 || accelerator == 0, "brake only with the accelerator released");
        int speed = r.getSpeed();
        assertTrue(speed >= 0 && speed <= 250);
        t.speedSum += speed;

        // Speed model: cap 250 after the accelerator, then maybe the congestion cut, then the brake, floor 0.
        DriverProfile p = t.car.profile();
        int raised = Math.min(t.speed + p.acceleratorGain[accelerator], 250);
        int cut = (int) ((double) raised - (double) raised * 0.7);
        int loss = accelerator == 0 ? p.brakeLoss[brake] : 0;
        int free = Math.max(raised - loss, 0);
        int jammed = Math.max(cut - loss, 0);
        if (speed != free && speed != jammed) {
            fail(r.getCarNumber() + " at " + text + ": speed " + t.speed + " -> " + speed + " is not explained");
        }
        if (free != jammed) {
            t.explained++;
            if (speed == jammed) {
                t.congested++;
            }
        }
        t.speed = speed;

        String wheel = r.getSteerAngle().toString();
        String expectedIndicator = wheel.equals("F") ? "N" : wheel.substring(0, 1);
        if (!r.getDirectLight().toString().equals(expectedIndicator)) {
            t.indicatorOffWheel++;
        }
    }
}

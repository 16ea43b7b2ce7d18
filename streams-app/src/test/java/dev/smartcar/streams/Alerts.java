package dev.smartcar.streams;

import dev.smartcar.avro.OverSpeedAlert;
import dev.smartcar.avro.TimeBasis;
import dev.smartcar.schemas.log.LogTimestamp;
import java.time.Instant;

/** Sample alerts for the unit tests. */
public final class Alerts {

    private Alerts() {
    }

    public static OverSpeedAlert alert(String car, String windowStartText) {
        LogTimestamp time = LogTimestamp.defaultZone();
        long start = time.toEpochMillis(windowStartText);
        return OverSpeedAlert.newBuilder()
                .setCarNumber(car)
                .setWindowStart(Instant.ofEpochMilli(start))
                .setWindowEnd(Instant.ofEpochMilli(start + 30_000))
                .setWindowStartText(windowStartText)
                .setAverageSpeed(93.5)
                .setRecordCount(4)
                .setSpeedSum(374)
                .setMaxSpeed(120)
                .setFirstDate(Instant.ofEpochMilli(start + 2_000))
                .setLastDate(Instant.ofEpochMilli(start + 28_000))
                .setLastAreaNumber("C04")
                .setThreshold(80.0)
                .setTimeBasis(TimeBasis.EVENT_TIME)
                .setDetectedAt(Instant.parse("2026-11-22T00:00:00Z"))
                .build();
    }
}

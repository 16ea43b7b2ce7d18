package dev.smartcar.schemas.registry;

import dev.smartcar.avro.DirectionLight;
import dev.smartcar.avro.DrivingRecord;
import dev.smartcar.avro.SteerAngle;
import java.time.Instant;

/** Sample records shared by the registry tests. */
final class TestRecords {

    private TestRecords() {
    }

    static DrivingRecord driving(String car, int speed) {
        return DrivingRecord.newBuilder()
                .setDate(Instant.parse("2020-03-21T15:14:20Z"))
                .setDateText("20200322001420")
                .setCarNumber(car)
                .setSpeedPedal(3)
                .setBreakPedal(0)
                .setSteerAngle(SteerAngle.L2)
                .setDirectLight(DirectionLight.L)
                .setSpeed(speed)
                .setAreaNumber("C04")
                .build();
    }
}

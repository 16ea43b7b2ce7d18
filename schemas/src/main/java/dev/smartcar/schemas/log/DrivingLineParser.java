package dev.smartcar.schemas.log;

import static dev.smartcar.schemas.log.LineFields.number;

import dev.smartcar.avro.DirectionLight;
import dev.smartcar.avro.DrivingRecord;
import dev.smartcar.avro.SteerAngle;
import dev.smartcar.schemas.log.Rejection.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Parses one line of the driving log ({@code SmartCarDriverInfo.log}, docs/pilot.md §1.2):
 * {@code date,CarNum,AccStep,BrkStep,WheelStep,DirLightStep,Speed,AreaNum}, for example
 * {@code 20200322001420,N0036,3,0,F,N,85,C04}. A line is valid only with exactly 8 fields of the original's
 * types and ranges (docs/contract.md §Parsing and garbage); anything else comes back as a {@link Rejection}.
 *
 * <p>Thread-safe and allocation-light: fields are read in place, with no regex and no substring per field.
 */
public final class DrivingLineParser extends LineParser<DrivingRecord> {

    /** The header each car writes when it starts (typo included, as the original). */
    public static final String HEADER =
            "Driver Status Infomation,CarNum,AccStep,BrkStep,WheelStep,DirLightStep,Speed,AreaNum";
    public static final int FIELD_COUNT = 8;
    /** Longest valid line is 38 bytes; anything past this is rejected without being scanned. */
    public static final int MAX_LINE_BYTES = 64;
    public static final int MAX_SPEED = 250;

    private static final byte[] HEADER_BYTES = HEADER.getBytes(StandardCharsets.US_ASCII);
    private static final SteerAngle[] STEER = SteerAngle.values();
    private static final DirectionLight[] LIGHT = DirectionLight.values();

    public DrivingLineParser(LogTimestamp time) {
        super(time);
    }

    public DrivingLineParser() {
        this(LogTimestamp.defaultZone());
    }

    @Override
    public ParseResult<DrivingRecord> parse(byte[] b, int off, int len) {
        int[] ends = new int[FIELD_COUNT];
        Rejection framing = LineFields.frame(b, off, len, HEADER_BYTES, MAX_LINE_BYTES, "driving", ends);
        if (framing != null) {
            return framing.asResult();
        }
        // 1 date
        int from = off;
        int to = ends[0];
        long millis = LineFields.timestamp(time, b, from, to);
        if (millis == LogTimestamp.INVALID) {
            return LineFields.timestampRejection(time, "date", b, from, to).asResult();
        }
        int dateFrom = from;
        // 2 car number
        from = to + 1;
        to = ends[1];
        if (!LineFields.isCarNumber(b, from, to)) {
            return LineFields.carNumberRejection(b, from, to).asResult();
        }
        int carFrom = from;
        // 3 accelerator
        from = to + 1;
        to = ends[2];
        int accel = number(b, from, to);
        if (accel < 0 || accel > 5) {
            return LineFields.numberRejection("speed_pedal", b, from, to, accel, 0, 5, accel).asResult();
        }
        // 4 brake
        from = to + 1;
        to = ends[3];
        int brake = number(b, from, to);
        if (brake < 0 || brake > 3) {
            return LineFields.numberRejection("break_pedal", b, from, to, brake, 0, 3, brake).asResult();
        }
        // 5 wheel
        from = to + 1;
        to = ends[4];
        SteerAngle steer = steer(b, from, to);
        if (steer == null) {
            return LineFields.codeRejection("steer_angle", b, from, to, "F, L1, L2, L3, R1, R2, R3").asResult();
        }
        // 6 indicator
        from = to + 1;
        to = ends[5];
        DirectionLight light = to - from == 1 ? light(b[from]) : null;
        if (light == null) {
            return LineFields.codeRejection("direct_light", b, from, to, "N, L, R").asResult();
        }
        // 7 speed
        from = to + 1;
        to = ends[6];
        int speed = number(b, from, to);
        if (speed < 0 || speed > MAX_SPEED) {
            return LineFields.numberRejection("speed", b, from, to, speed, 0, MAX_SPEED, speed).asResult();
        }
        // 8 area
        from = to + 1;
        to = ends[7];
        String area = LineFields.area(b, from, to);
        if (area == null) {
            return new Rejection(Reason.BAD_AREA, "area_number '" + LineFields.shown(b, from, to)
                    + "' is not a letter A-F and 01-10").asResult();
        }
        if (brake != 0 && accel != 0) {
            return new Rejection(Reason.INCONSISTENT, "break_pedal " + brake + " with speed_pedal " + accel
                    + ": the brake is pressed only when the accelerator is 0").asResult();
        }
        return new ParseResult.Valid<>(new DrivingRecord(
                Instant.ofEpochMilli(millis),
                LineFields.ascii(b, dateFrom, dateFrom + LogTimestamp.LENGTH),
                LineFields.ascii(b, carFrom, carFrom + 5),
                accel, brake, steer, light, speed, area));
    }


    private static SteerAngle steer(byte[] b, int from, int to) {
        int len = to - from;
        if (len == 1) {
            return b[from] == 'F' ? SteerAngle.F : null;
        }
        if (len != 2) {
            return null;
        }
        int step = b[from + 1] - '0';
        if (step < 1 || step > 3) {
            return null;
        }
        return switch (b[from]) {
            case 'L' -> STEER[step];
            case 'R' -> STEER[3 + step];
            default -> null;
        };
    }

    private static DirectionLight light(byte c) {
        return switch (c) {
            case 'N' -> LIGHT[0];
            case 'L' -> LIGHT[1];
            case 'R' -> LIGHT[2];
            default -> null;
        };
    }
}

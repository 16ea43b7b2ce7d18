package dev.smartcar.schemas.log;

import static dev.smartcar.schemas.log.LineFields.number;

import dev.smartcar.avro.CarStatus;
import dev.smartcar.avro.Grade;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Parses one line of a daily car-status file ({@code SmartCarStatusInfo_yyyyMMdd.txt}, docs/pilot.md §1.1):
 * {@code reg_date,CarNum,TireFL,TireFR,TireBL,TireBR,LightFL,LightFR,LightBL,LightBR,EngineInfo,BreakInfo,BatteryInfo},
 * for example {@code 20200322045248,V0015,87,93,98,75,1,1,2,1,A,A,60}. Valid only with exactly 13 fields of the
 * original's types and ranges; anything else comes back as a {@link Rejection}. Thread-safe.
 */
public final class CarStatusParser extends LineParser<CarStatus> {

    /** The header each car writes when it starts. */
    public static final String HEADER = "SmartCar Status Information,CarNum,TireFL,TireFR,TireBL,TireBR,"
            + "LightFL,LightFR,LightBL,LightBR,EngineInfo,BreakInfo,BatteryInfo";
    public static final int FIELD_COUNT = 13;
    /** Longest valid line is 52 bytes. */
    public static final int MAX_LINE_BYTES = 96;

    private static final byte[] HEADER_BYTES = HEADER.getBytes(StandardCharsets.US_ASCII);
    private static final String[] TIRES = {"tire_fl", "tire_fr", "tire_bl", "tire_br"};
    private static final String[] LIGHTS = {"light_fl", "light_fr", "light_bl", "light_br"};

    public CarStatusParser(LogTimestamp time) {
        super(time);
    }

    public CarStatusParser() {
        this(LogTimestamp.defaultZone());
    }

    @Override
    public ParseResult<CarStatus> parse(byte[] b, int off, int len) {
        int[] ends = new int[FIELD_COUNT];
        Rejection framing = LineFields.frame(b, off, len, HEADER_BYTES, MAX_LINE_BYTES, "status", ends);
        if (framing != null) {
            return framing.asResult();
        }
        int from = off;
        int to = ends[0];
        long millis = LineFields.timestamp(time, b, from, to);
        if (millis == LogTimestamp.INVALID) {
            return LineFields.timestampRejection(time, "reg_date", b, from, to).asResult();
        }
        int dateFrom = from;
        from = to + 1;
        to = ends[1];
        if (!LineFields.isCarNumber(b, from, to)) {
            return LineFields.carNumberRejection(b, from, to).asResult();
        }
        int carFrom = from;
        int[] values = new int[8];
        for (int i = 0; i < 4; i++) { // tyres 0-100
            from = to + 1;
            to = ends[2 + i];
            int v = number(b, from, to);
            if (v < 0 || v > 100) {
                return LineFields.numberRejection(TIRES[i], b, from, to, v, 0, 100, v).asResult();
            }
            values[i] = v;
        }
        for (int i = 0; i < 4; i++) { // lamps 1 normal, 2 fault
            from = to + 1;
            to = ends[6 + i];
            int v = to - from == 1 ? b[from] - '0' : -1;
            if (v != 1 && v != 2) {
                return LineFields.codeRejection(LIGHTS[i], b, from, to, "1 (normal), 2 (fault)").asResult();
            }
            values[4 + i] = v;
        }
        from = to + 1;
        to = ends[10];
        Grade engine = grade(b, from, to);
        if (engine == null) {
            return LineFields.codeRejection("engine", b, from, to, "A, B, C").asResult();
        }
        from = to + 1;
        to = ends[11];
        Grade brake = grade(b, from, to);
        if (brake == null) {
            return LineFields.codeRejection("break", b, from, to, "A, B, C").asResult();
        }
        from = to + 1;
        to = ends[12];
        int battery = number(b, from, to);
        if (battery < 0 || battery > 100) {
            return LineFields.numberRejection("battery", b, from, to, battery, 0, 100, battery).asResult();
        }
        return new ParseResult.Valid<>(new CarStatus(
                Instant.ofEpochMilli(millis),
                LineFields.ascii(b, dateFrom, dateFrom + LogTimestamp.LENGTH),
                LineFields.ascii(b, carFrom, carFrom + 5),
                values[0], values[1], values[2], values[3],
                values[4], values[5], values[6], values[7],
                engine, brake, battery));
    }

    private static Grade grade(byte[] b, int from, int to) {
        if (to - from != 1) {
            return null;
        }
        return switch (b[from]) {
            case 'A' -> Grade.A;
            case 'B' -> Grade.B;
            case 'C' -> Grade.C;
            default -> null;
        };
    }
}

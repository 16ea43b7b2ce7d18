package dev.smartcar.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smartcar.avro.DrivingRecord;
import dev.smartcar.schemas.log.DrivingLineParser;
import dev.smartcar.schemas.log.ParseResult;
import dev.smartcar.schemas.log.Rejection;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each kind of bad line, made from real lines, is rejected by the shared parser for the reason it stands for. */
class GarbageKindTest {

    static final SimulatedDay DAY = new SimulatedDay(2020, 3, 22, "20200322");

    static final Map<GarbageKind, Rejection.Reason> REASON = Map.of(
            GarbageKind.TRUNCATED, Rejection.Reason.FIELD_COUNT,
            GarbageKind.FIELD_COUNT, Rejection.Reason.FIELD_COUNT,
            GarbageKind.BAD_NUMBER, Rejection.Reason.BAD_NUMBER,
            GarbageKind.OUT_OF_RANGE, Rejection.Reason.OUT_OF_RANGE,
            GarbageKind.EMPTY, Rejection.Reason.EMPTY_LINE,
            GarbageKind.CRLF, Rejection.Reason.BAD_ENCODING,
            GarbageKind.INVALID_UTF8, Rejection.Reason.BAD_ENCODING,
            GarbageKind.OVERLONG, Rejection.Reason.LINE_TOO_LONG);

    @ParameterizedTest
    @EnumSource(GarbageKind.class)
    void everyBadLineIsRejectedForItsReason(GarbageKind kind) {
        DrivingLineParser parser = new DrivingLineParser();
        DrivingFleet fleet = new DrivingFleet(20, 5L);
        SplittableRandom random = new SplittableRandom(kind.ordinal());
        LineBuffer buffer = new LineBuffer(GarbageKind.MAX_BYTES + 64);
        for (int n = 0; n < 2000; n++) {
            DrivingCar car = fleet.car(n % fleet.size());
            buffer.clear();
            car.appendNextLine(buffer, DAY);
            int good = buffer.length();
            assertTrue(parser.parse(buffer.array(), 0, good - 1).isValid());

            kind.write(buffer, buffer.array(), 0, good - 1, random);
            byte[] b = buffer.array();
            assertEquals('\n', b[buffer.length() - 1], "a bad line is still a whole line");
            int badLength = buffer.length() - good - 1;
            for (int i = good; i < good + badLength; i++) {
                assertTrue(b[i] != '\n', "one line, no LF inside");
            }
            ParseResult<DrivingRecord> r = parser.parse(b, good, badLength);
            String shown = new String(b, good, Math.min(badLength, 60), StandardCharsets.ISO_8859_1);
            assertFalse(r.isValid(), kind + " accepted: " + shown);
            assertEquals(REASON.get(kind), r.rejection().reason(), kind + ": " + shown + " -> " + r.rejection());
            if (kind == GarbageKind.OVERLONG) {
                assertEquals(GarbageKind.OVERLONG_BYTES, badLength);
            }
        }
    }

    @Test
    void kindsAreDrawnEvenly() {
        SplittableRandom random = new SplittableRandom(1);
        int[] counts = new int[GarbageKind.values().length];
        for (int i = 0; i < 80_000; i++) {
            counts[GarbageKind.draw(random).ordinal()]++;
        }
        for (int c : counts) {
            assertTrue(c > 9_000 && c < 11_000, "count " + c);
        }
    }
}

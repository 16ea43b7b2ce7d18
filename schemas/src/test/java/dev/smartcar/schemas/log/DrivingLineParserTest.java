package dev.smartcar.schemas.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smartcar.avro.DirectionLight;
import dev.smartcar.avro.DrivingRecord;
import dev.smartcar.avro.SteerAngle;
import dev.smartcar.schemas.log.Rejection.Reason;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DrivingLineParserTest {

    private final DrivingLineParser parser = new DrivingLineParser();

    @Test
    void parsesTheOriginalsLine() {
        DrivingRecord r = parser.parse("20200322001420,N0036,3,0,L2,L,85,C04").record();
        assertEquals(LocalDateTime.parse("2020-03-22T00:14:20").atZone(ZoneId.of("Asia/Seoul")).toInstant(),
                r.getDate());
        assertEquals("20200322001420", r.getDateText());
        assertEquals("N0036", r.getCarNumber());
        assertEquals(3, r.getSpeedPedal());
        assertEquals(0, r.getBreakPedal());
        assertEquals(SteerAngle.L2, r.getSteerAngle());
        assertEquals(DirectionLight.L, r.getDirectLight());
        assertEquals(85, r.getSpeed());
        assertEquals("C04", r.getAreaNumber());
    }

    @Test
    void readsEveryCodeOfEveryField() {
        for (String steer : new String[] {"F", "L1", "L2", "L3", "R1", "R2", "R3"}) {
            assertEquals(steer, parser.parse("20200322001420,N0036,0,2," + steer + ",R,0,A10").record()
                    .getSteerAngle().name());
        }
        for (String light : new String[] {"N", "L", "R"}) {
            assertEquals(light, parser.parse("20200322001420,N0036,5,0,F," + light + ",250,F01").record()
                    .getDirectLight().name());
        }
    }

    @Test
    void keepsTheHour24TextAndReadsItAsNextMidnight() {
        DrivingRecord r = parser.parse("20200322240000,Y0100,0,0,F,N,0,B02").record();
        assertEquals("20200322240000", r.getDateText());
        assertEquals(LocalDateTime.parse("2020-03-23T00:00:00").atZone(ZoneId.of("Asia/Seoul")).toInstant(),
                r.getDate());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "Driver Status Infomation,CarNum,AccStep,BrkStep,WheelStep,DirLightStep,Speed,AreaNum | HEADER_LINE | header "
                + "line",
        "20200322001420,N0036,3,0,F,N,85 | FIELD_COUNT | field count 7, expected 8",
        "20200322001420,N0036,3,0,F,N,85,C04,x | FIELD_COUNT | field count 9, expected 8",
        "20200322001420,N0036,3,0,F,N,300,C04 | OUT_OF_RANGE | speed 300 out of range 0-250",
        "20200322001420,N0036,3,0,F,N,-5,C04 | BAD_NUMBER | speed '-5' is not a number (expected 0-250)",
        "20200322001420,N0036,3,0,F,N,085,C04 | BAD_NUMBER | speed '085' has a leading zero (expected 0-250)",
        "20200322001420,N0036,3,0,F,N,8x,C04 | BAD_NUMBER | speed '8x' is not a number (expected 0-250)",
        "20200322001420,N0036,6,0,F,N,85,C04 | OUT_OF_RANGE | speed_pedal 6 out of range 0-5",
        "20200322001420,N0036,0,4,F,N,85,C04 | OUT_OF_RANGE | break_pedal 4 out of range 0-3",
        "20200322001420,N0036,2,1,F,N,85,C04 | INCONSISTENT | break_pedal 1 with speed_pedal 2: the brake is pressed "
                + "only when the accelerator is 0",
        "20200322001420,N0036,3,0,L4,N,85,C04 | BAD_CODE | steer_angle 'L4' is not one of F, L1, L2, L3, R1, R2, R3",
        "20200322001420,N0036,3,0,F,X,85,C04 | BAD_CODE | direct_light 'X' is not one of N, L, R",
        "20200322001420,N0036,3,0,F,N,85,G04 | BAD_AREA | area_number 'G04' is not a letter A-F and 01-10",
        "20200322001420,N0036,3,0,F,N,85,C11 | BAD_AREA | area_number 'C11' is not a letter A-F and 01-10",
        "20200322001420,N0036,3,0,F,N,85,C00 | BAD_AREA | area_number 'C00' is not a letter A-F and 01-10",
        "20200322001420,n0036,3,0,F,N,85,C04 | BAD_CAR_NUMBER | car_number 'n0036' is not a letter A-Z and a 4-digit "
                + "index 0001-9999",
        "20200322001420,N0000,3,0,F,N,85,C04 | BAD_CAR_NUMBER | car_number 'N0000' is not a letter A-Z and a 4-digit "
                + "index 0001-9999",
        "2020032200142,N0036,3,0,F,N,85,C04 | BAD_TIMESTAMP | date '2020032200142' is not 14 digits yyyyMMddHHmmss",
        "20201332001420,N0036,3,0,F,N,85,C04 | BAD_TIMESTAMP | date 20201332001420 is not a real time: month 13 out of "
                + "range 01-12",
        "20200322240100,N0036,3,0,F,N,85,C04 | BAD_TIMESTAMP | date 20200322240100 is not a real time: hour 24 is "
                + "allowed only as 240000 (end of day)",
        "20200322001420,N0036,3,0,F,N,85,C0 | BAD_AREA | area_number 'C0' is not a letter A-F and 01-10",
    })
    void rejectsGarbageWithAReadableReason(String line, Reason reason, String message) {
        Rejection r = parser.parse(line).rejection();
        assertEquals(reason, r.reason());
        assertEquals(message, r.message());
    }

    @Test
    void rejectsEmptyTooLongAndBadlyEncodedLines() {
        assertEquals(new Rejection(Reason.EMPTY_LINE, "empty line"), parser.parse("").rejection());
        Rejection tooLong = parser.parse("2".repeat(10_240)).rejection();
        assertEquals(Reason.LINE_TOO_LONG, tooLong.reason());
        assertEquals("line of 10240 bytes, longer than the 64 of any driving line", tooLong.message());

        assertEquals("carriage return at end of line (CRLF line ending)",
                parser.parse("20200322001420,N0036,3,0,F,N,85,C04\r").rejection().message());
        byte[] invalidUtf8 = "20200322001420,N0036,3,0,F,N,85,C04".getBytes(StandardCharsets.US_ASCII);
        invalidUtf8[16] = (byte) 0xC3;
        invalidUtf8[17] = (byte) 0x28;
        Rejection enc = parser.parse(invalidUtf8).rejection();
        assertEquals(Reason.BAD_ENCODING, enc.reason());
        assertEquals("invalid UTF-8 (byte 0xC3 at byte 17)", enc.message());
        assertEquals("non-ASCII character at byte 16 (the log is ASCII)",
                parser.parse("20200322001420,Ñ0036,3,0,F,N,85,C04").rejection().message());
        assertEquals("control byte 0x00 at byte 1",
                parser.parse(new byte[] {0, '1'}).rejection().message());
    }

    @Test
    void readsALineInsideALargerBuffer() {
        byte[] buf = "xx20200322001420,N0036,3,0,F,N,85,C04yy".getBytes(StandardCharsets.US_ASCII);
        assertTrue(parser.parse(buf, 2, buf.length - 4).isValid());
    }

    @Test
    void reasonCodesAreStable() {
        assertEquals("field-count", Reason.FIELD_COUNT.code());
        assertEquals("header-line", Reason.HEADER_LINE.code());
    }
}

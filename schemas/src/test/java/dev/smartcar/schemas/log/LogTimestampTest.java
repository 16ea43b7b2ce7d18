package dev.smartcar.schemas.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogTimestampTest {

    private final LogTimestamp seoul = LogTimestamp.defaultZone();

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static long expected(String iso, String zone) {
        return LocalDateTime.parse(iso).atZone(ZoneId.of(zone)).toInstant().toEpochMilli();
    }

    @Test
    void readsLocalTimeInTheZone() {
        assertEquals(expected("2020-03-22T00:14:20", "Asia/Seoul"), seoul.toEpochMillis(b("20200322001420"), 0));
    }

    @Test
    void hour24IsMidnightOfTheNextDay() {
        assertEquals(expected("2020-03-23T00:00:00", "Asia/Seoul"), seoul.toEpochMillis(b("20200322240000"), 0));
        assertEquals(expected("2021-01-01T00:00:00", "Asia/Seoul"), seoul.toEpochMillis(b("20201231240000"), 0));
        assertEquals(expected("2020-03-01T00:00:00", "Asia/Seoul"), seoul.toEpochMillis(b("20200229240000"), 0));
    }

    @ParameterizedTest
    @CsvSource({
        "20200322240001, hour 24 is allowed only as 240000 (end of day)",
        "20200322250000, hour 25 out of range 00-24",
        "20201332000000, month 13 out of range 01-12",
        "20200230000000, day 30 out of range 01-29 for 2020-02",
        "20190229000000, day 29 out of range 01-28 for 2019-02",
        "20200322006000, minute 60 out of range 00-59",
        "20200322000060, second 60 out of range 00-59",
        "00000101000000, year 0000 does not exist",
        "2020032200142x, has a non-digit at position 14"
    })
    void rejectsWhatIsNotARealTimeAndSaysWhy(String text, String why) {
        assertEquals(LogTimestamp.INVALID, seoul.toEpochMillis(b(text), 0));
        assertEquals(why, seoul.describeInvalid(b(text), 0));
    }

    @Test
    void describesNothingForAValidTime() {
        assertNull(seoul.describeInvalid(b("20200322240000"), 0));
    }

    @Test
    void agreesWithJavaTimeOnRandomTimesInAZoneWithDaylightSaving() {
        LogTimestamp berlin = new LogTimestamp(ZoneId.of("Europe/Berlin"));
        ZoneId zone = ZoneId.of("Europe/Berlin");
        Random random = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            LocalDateTime t = LocalDateTime.ofEpochSecond(random.nextInt(1_900_000_000), 0, ZoneOffset.UTC);
            String text = String.format("%04d%02d%02d%02d%02d%02d", t.getYear(), t.getMonthValue(),
                    t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond());
            var valid = zone.getRules().getValidOffsets(t);
            long want = valid.isEmpty() ? LogTimestamp.INVALID : t.toInstant(valid.get(0)).toEpochMilli();
            assertEquals(want, berlin.toEpochMillis(b(text), 0), text);
        }
    }

    @Test
    void rejectsATimeInADaylightSavingGap() {
        LogTimestamp berlin = new LogTimestamp(ZoneId.of("Europe/Berlin"));
        assertEquals(LogTimestamp.INVALID, berlin.toEpochMillis(b("20200329023000"), 0));
        assertEquals("does not exist in zone Europe/Berlin (daylight-saving gap)",
                berlin.describeInvalid(b("20200329023000"), 0));
    }

    @Test
    void formatsBackInTheSameZone() {
        long t = seoul.toEpochMillis(b("20200322045248"), 0);
        assertEquals("20200322045248", seoul.format(t));
        assertEquals("20200322", seoul.formatDay(t));
        assertEquals("20200323000000", seoul.format(seoul.toEpochMillis(b("20200322240000"), 0)));
    }

    @Test
    void writesSimulatedClockReadingsWithHour24() {
        byte[] out = new byte[14];
        LogTimestamp.writeDigits(2020, 3, 22, 0, out, 0);
        assertEquals("20200322000000", new String(out, StandardCharsets.US_ASCII));
        LogTimestamp.writeDigits(2020, 3, 22, 86_396, out, 0);
        assertEquals("20200322235956", new String(out, StandardCharsets.US_ASCII));
        LogTimestamp.writeDigits(2020, 3, 22, 86_400, out, 0);
        assertEquals("20200322240000", new String(out, StandardCharsets.US_ASCII));
        assertThrows(IllegalArgumentException.class, () -> LogTimestamp.writeDigits(2020, 3, 22, 86_401, out, 0));
    }

    @Test
    void epochDayMatchesJavaTime() {
        for (LocalDate d = LocalDate.of(1899, 12, 25); d.isBefore(LocalDate.of(2101, 1, 5)); d = d.plusDays(1)) {
            assertEquals(d.toEpochDay(), LogTimestamp.epochDay(d.getYear(), d.getMonthValue(), d.getDayOfMonth()));
        }
    }
}

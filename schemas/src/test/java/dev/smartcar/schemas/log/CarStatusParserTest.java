package dev.smartcar.schemas.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.smartcar.avro.CarStatus;
import dev.smartcar.avro.Grade;
import dev.smartcar.schemas.log.Rejection.Reason;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CarStatusParserTest {

    private final CarStatusParser parser = new CarStatusParser();

    @ParameterizedTest
    @ValueSource(strings = {
        "20200322000000,B0001,70,85,83,85,1,1,1,1,A,A,93",
        "20200322045248,V0015,87,93,98,75,1,1,2,1,A,A,60",
        "20200322240000,Y0100,79,98,86,99,1,1,1,1,A,B,91",
        "20200322000004,Z9999,100,0,5,69,2,2,2,2,C,C,0"
    })
    void acceptsThePilotsExampleLines(String line) {
        assertEquals(line.substring(0, 14), parser.parse(line).record().getRegDateText());
    }

    @Test
    void readsEveryField() {
        CarStatus s = parser.parse("20200322045248,V0015,87,93,98,75,1,1,2,1,A,B,60").record();
        assertEquals("V0015", s.getCarNumber());
        assertEquals(87, s.getTireFl());
        assertEquals(93, s.getTireFr());
        assertEquals(98, s.getTireBl());
        assertEquals(75, s.getTireBr());
        assertEquals(1, s.getLightFl());
        assertEquals(1, s.getLightFr());
        assertEquals(2, s.getLightBl());
        assertEquals(1, s.getLightBr());
        assertEquals(Grade.A, s.getEngine());
        assertEquals(Grade.B, s.getBrake());
        assertEquals(60, s.getBattery());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "SmartCar Status Information,CarNum,TireFL,TireFR,TireBL,TireBR,LightFL,LightFR,LightBL,LightBR,EngineInfo,"
                + "BreakInfo,BatteryInfo | HEADER_LINE | header line",
        "20200322045248,V0015,87,93,98,75,1,1,2,1,A,A | FIELD_COUNT | field count 12, expected 13",
        "20200322045248,V0015,101,93,98,75,1,1,2,1,A,A,60 | OUT_OF_RANGE | tire_fl 101 out of range 0-100",
        "20200322045248,V0015,87,93,98,x,1,1,2,1,A,A,60 | BAD_NUMBER | tire_br 'x' is not a number (expected 0-100)",
        "20200322045248,V0015,87,93,98,75,1,3,2,1,A,A,60 | BAD_CODE | light_fr '3' is not one of 1 (normal), 2 (fault)",
        "20200322045248,V0015,87,93,98,75,1,1,2,1,D,A,60 | BAD_CODE | engine 'D' is not one of A, B, C",
        "20200322045248,V0015,87,93,98,75,1,1,2,1,A,AA,60 | BAD_CODE | break 'AA' is not one of A, B, C",
        "20200322045248,V0015,87,93,98,75,1,1,2,1,A,A,160 | OUT_OF_RANGE | battery 160 out of range 0-100",
        "20200322045260,V0015,87,93,98,75,1,1,2,1,A,A,60 | BAD_TIMESTAMP | reg_date 20200322045260 is not a real time: "
                + "second 60 out of range 00-59",
    })
    void rejectsGarbageWithAReadableReason(String line, Reason reason, String message) {
        Rejection r = parser.parse(line).rejection();
        assertEquals(reason, r.reason());
        assertEquals(message, r.message());
    }
}

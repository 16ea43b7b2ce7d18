package dev.smartcar.streams.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.smartcar.schemas.log.LogTimestamp;
import dev.smartcar.streams.Alerts;
import org.junit.jupiter.api.Test;

class AlertRedisLayoutTest {

    @Test
    void dayKeyAndMemberAreThoseOfTheOriginalPilotsClient() {
        AlertRedisLayout layout = AlertRedisLayout.of(Alerts.alert("R0039", "20200322000130"),
                LogTimestamp.defaultZone());

        assertEquals("20200322", layout.dayKey());
        assertEquals("R0039-20200322000130", layout.member());
        assertEquals("overspeed:R0039:20200322000130", layout.detailKey());
    }

    @Test
    void detailsCarryTheWindowAndItsNumbersAsText() {
        AlertRedisLayout layout = AlertRedisLayout.of(Alerts.alert("R0039", "20200322000130"),
                LogTimestamp.defaultZone());

        assertEquals("20200322000130", layout.details().get("window_start"));
        assertEquals("20200322000200", layout.details().get("window_end"));
        assertEquals("93.5", layout.details().get("average_speed"));
        assertEquals("4", layout.details().get("record_count"));
        assertEquals("374", layout.details().get("speed_sum"));
        assertEquals("120", layout.details().get("max_speed"));
        assertEquals("20200322000132", layout.details().get("first_date"));
        assertEquals("20200322000158", layout.details().get("last_date"));
        assertEquals("C04", layout.details().get("last_area_number"));
        assertEquals("80.0", layout.details().get("threshold"));
        assertEquals("EVENT_TIME", layout.details().get("time_basis"));
    }

    @Test
    void sameAlertGivesTheSameCommands() {
        LogTimestamp time = LogTimestamp.defaultZone();
        assertEquals(AlertRedisLayout.of(Alerts.alert("A0001", "20200322235930"), time),
                AlertRedisLayout.of(Alerts.alert("A0001", "20200322235930"), time));
    }
}

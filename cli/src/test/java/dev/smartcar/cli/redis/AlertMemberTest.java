package dev.smartcar.cli.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smartcar.cli.AlertTable;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class AlertMemberTest {

    @Test
    void membersParseAndSortByWindowStartThenCar() {
        List<AlertMember> sorted = Stream.of("R0039-20200322000130", "A0001-20200322000130", "garbage",
                "B0002-20200322000100").map(AlertMember::parse).sorted(AlertMember.BY_TIME).toList();
        assertEquals(List.of("B0002-20200322000100", "A0001-20200322000130", "R0039-20200322000130", "garbage"),
                sorted.stream().map(AlertMember::member).toList());
        assertEquals("R0039", AlertMember.parse("R0039-20200322000130").carNumber());
        assertFalse(AlertMember.parse("R39-20200322000130").wellFormed());
    }

    @Test
    void detailKeyPattern() {
        assertEquals("overspeed:R0039:20200322000130",
                DetailKey.defaults().of(AlertMember.parse("R0039-20200322000130")));
        assertThrows(IllegalArgumentException.class, () -> new DetailKey("alert:{car}"));
    }

    @Test
    void rowsShowTheTimeTheCarAndEveryDetail() {
        Alert a = new Alert(AlertMember.parse("R0039-20200322000130"), "overspeed:R0039:20200322000130",
                new java.util.TreeMap<>(Map.of("average_speed", "93.5", "record_count", "15")));
        assertEquals("2020-03-22 00:01:30  R0039  average_speed=93.5 record_count=15", AlertTable.row(a));
        Alert bare = new Alert(AlertMember.parse("R0039-20200322000130"), "k", Map.of());
        assertTrue(AlertTable.row(bare).contains("(no details at k)"));
        Alert streams = new Alert(AlertMember.parse("R0039-20200322000130"), "k", Map.of("average_speed", "93.5",
                "record_count", "15", "max_speed", "120", "window_end", "20200322000200", "last_area_number", "C04"));
        assertEquals("2020-03-22 00:01:30  R0039  avg 93.5 km/h over 15 records, max 120, until 20200322000200, area "
                + "C04",
                AlertTable.row(streams));
        assertTrue(AlertTable.row(new Alert(AlertMember.parse("odd"), null, Map.of())).contains("odd"));
        assertEquals("Over-speed alerts of 20200322 (Redis set 20200322): 1 alert, expires in 604800 s",
                AlertTable.title("20200322", 1, 604_800));
    }
}

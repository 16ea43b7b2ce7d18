package dev.smartcar.streams.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QueryParamsTest {

    private static final Set<String> ALL = Set.of("day", "car", "area", "scope", "limit");

    @Test
    void validValuesAreReadAndEmptyOnesAreAbsent() {
        QueryParams params = QueryParams.parse("day=20200322&car=N0036&area=F10&scope=local&limit=5", ALL);
        assertEquals(Optional.of("20200322"), params.day());
        assertEquals(Optional.of("N0036"), params.car());
        assertEquals(Optional.of("F10"), params.area());
        assertTrue(params.localOnly());
        assertEquals(5, params.limit(100, 500));
        QueryParams none = QueryParams.parse("day=&car=", ALL);
        assertEquals(Optional.empty(), none.day());
        assertFalse(none.localOnly());
        assertEquals(100, none.limit(100, 500));
    }

    @Test
    void everyBadParameterIsNamed() {
        assertNamed("day", QueryParams.parse("day=20200230", ALL)::day);
        assertNamed("day", QueryParams.parse("day=2020-03-22", ALL)::day);
        assertNamed("car", QueryParams.parse("car=n0036", ALL)::car);
        assertNamed("area", QueryParams.parse("area=A11", ALL)::area);
        assertNamed("scope", QueryParams.parse("scope=global", ALL)::localOnly);
        assertNamed("limit", () -> QueryParams.parse("limit=501", ALL).limit(100, 500));
        assertNamed("limit", () -> QueryParams.parse("limit=x", ALL).limit(100, 500));
        assertNamed("colour", () -> QueryParams.parse("colour=red", ALL));
        assertNamed("car", () -> QueryParams.parse("car=N0036&car=N0037", ALL));
        assertNamed("car", () -> QueryParams.parse("car=N0036", Set.of()));
    }

    private static void assertNamed(String name, Runnable call) {
        QueryParams.BadParameter e = assertThrows(QueryParams.BadParameter.class, call::run);
        assertTrue(e.getMessage().contains("'" + name + "'"), e.getMessage());
    }
}

package dev.smartcar.streams.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The bounded views of {@code /fleet} (issue #26): the fastest cars, pages in car order, and their parameters. */
class FleetViewTest {

    private static final Set<String> FLEET = Set.of("scope", "top", "limit", "after");

    private static FleetView view(String query) {
        return FleetView.of(QueryParams.parse(query, FLEET));
    }

    private static WindowReply car(String number, double average) {
        return new WindowReply(number, "20200322001400", "20200322001430", average, 15, (int) average, null, null,
                true, average > 80, "127.0.0.1:8090", null);
    }

    /** 10,000 cars A0001 … A9999, B0001, averages spread over 0-199. */
    private static List<WindowReply> fleet() {
        List<WindowReply> cars = new ArrayList<>();
        for (int i = 1; i <= 10_000; i++) {
            cars.add(car(i <= 9_999 ? String.format("A%04d", i) : "B0001", (i * 7919L) % 200));
        }
        return cars;
    }

    private static List<String> numbers(FleetView.Cut cut) {
        return cut.cars().stream().map(WindowReply::carNumber).toList();
    }

    @Test
    void withoutParametersEveryCarInCarOrderAsAlways() {
        FleetView all = view("scope=local");
        assertFalse(all.bounded());
        assertEquals("", all.query());
        FleetView.Cut cut = all.cut(List.of(car("N0036", 60), car("K0001", 90)));
        assertEquals(List.of("K0001", "N0036"), numbers(cut));
        assertFalse(cut.more());
    }

    @Test
    void topIsTheFastestFirstTiesByCar() {
        FleetView top = view("top=50");
        assertTrue(top.bounded());
        assertEquals("top=50", top.query());
        FleetView.Cut cut = top.cut(fleet());
        assertEquals(50, cut.cars().size());
        assertTrue(cut.more());
        assertTrue(cut.cars().stream().allMatch(c -> c.averageSpeed() == 199), "the 50 fastest average 199");
        List<String> sorted = new ArrayList<>(numbers(cut));
        sorted.sort(null);
        assertEquals(sorted, numbers(cut), "ties by car number");
        assertNull(top.nextAfter(cut.cars(), cut.more()), "top has no pages");
        assertFalse(top.cut(fleet().subList(0, 10)).more());
    }

    @Test
    void pagesWalkTheFleetInCarOrderOnceEach() {
        List<String> seen = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            FleetView page = view("limit=1000" + (after == null ? "" : "&after=" + after));
            FleetView.Cut cut = page.cut(fleet());
            seen.addAll(numbers(cut));
            after = page.nextAfter(cut.cars(), cut.more());
            pages++;
        } while (after != null);
        assertEquals(10, pages);
        assertEquals(10_000, seen.size());
        assertEquals("A0001", seen.get(0));
        assertEquals("B0001", seen.get(9_999));
        assertEquals(10_000, Set.copyOf(seen).size());
        assertEquals("limit=100&after=A0100", view("after=A0100").query(), "after alone: pages of 100");
    }

    @Test
    void badViewsAreRefusedNamingTheParameter() {
        assertNamed("top", "top=0");
        assertNamed("top", "top=1001");
        assertNamed("top", "top=many");
        assertNamed("limit", "limit=1001");
        assertNamed("after", "after=a1");
        assertNamed("top", "top=5&limit=10");
        assertNamed("top", "top=5&after=A0001");
    }

    private static void assertNamed(String name, String query) {
        QueryParams.BadParameter e = assertThrows(QueryParams.BadParameter.class, () -> view(query));
        assertTrue(e.getMessage().contains("'" + name + "'"), query + ": " + e.getMessage());
    }
}

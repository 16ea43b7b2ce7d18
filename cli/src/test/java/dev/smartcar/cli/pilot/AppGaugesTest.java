package dev.smartcar.cli.pilot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class AppGaugesTest {

    /** A scrape as the app's Micrometer registry writes it (text format 0.0.4), cut to the lines that matter. */
    private static final String SCRAPE = """
            # HELP jvm_memory_used_bytes The amount of used memory
            # TYPE jvm_memory_used_bytes gauge
            jvm_memory_used_bytes{area="heap",id="G1 Eden Space",} 2.097152E7
            jvm_memory_used_bytes{area="heap",id="G1 Old Gen",} 1.048576E8
            jvm_memory_used_bytes{area="nonheap",id="Metaspace",} 5.0E7
            # TYPE smartcar_state_bytes gauge
            smartcar_state_bytes{store="car-windows",} 1500000.0
            smartcar_state_bytes{store="car-clock",} 400000.0
            smartcar_state_cars 10000.0
            smartcar_state_entries{store="car-windows",} 20000.0
            """;

    @Test
    void theHeapIsEveryHeapPoolAndTheStateEveryStore() {
        AppGauges.Read read = AppGauges.parse(7, SCRAPE);
        assertEquals(7, read.nanos());
        assertEquals(20_971_520 + 104_857_600, read.heapBytes(), 0.5, "heap pools only, not metaspace");
        assertEquals(1_900_000, read.stateBytes(), 0.5);
        assertEquals(10_000, read.cars(), 0.5);
    }

    @Test
    void aStoreThatCannotBeReadLeavesTheStateUnknown() {
        AppGauges.Read read = AppGauges.parse(0, SCRAPE.replace("400000.0", "NaN"));
        assertTrue(Double.isNaN(read.stateBytes()));
        assertTrue(Double.isNaN(AppGauges.parse(0, "jvm_memory_used_bytes{area=\"heap\",} 1.0\n").stateBytes()),
                "no state gauges at all");
    }

    @Test
    void eachQuarterGivesItsLowestHeapAndItsLastReadableState() {
        List<AppGauges.Read> reads = List.of(
                new AppGauges.Read(0, 300 << 20, 1_000_000, 5_000),
                new AppGauges.Read(10, 200 << 20, 1_900_000, 10_000),    // quarter 1: lowest heap 200 MB
                new AppGauges.Read(30, 400 << 20, Double.NaN, 10_000),   // quarter 2: the state unreadable
                new AppGauges.Read(55, 250 << 20, 1_900_000, 10_000),
                new AppGauges.Read(60, 260 << 20, 2_000_000, 10_000),    // quarter 2: last readable
                new AppGauges.Read(99, 240 << 20, 2_000_000, 10_000),
                new AppGauges.Read(150, 9_000 << 20, 9, 1));             // after the drive: left out
        StringWriter text = new StringWriter();
        assertTrue(AppGauges.print(new PrintWriter(text, true), reads, 0, 100));
        String printed = text.toString();
        assertTrue(printed.contains("MB: 200 | 400 | 250 | 240 (6 reads)"), printed);
        assertTrue(printed.contains("10,000 cars, 1.8 MB (190 B a car) | - | 10,000 cars, 1.9 MB (200 B a car)"
                + " | 10,000 cars, 1.9 MB (200 B a car)"), printed);
        assertFalse(AppGauges.print(new PrintWriter(new StringWriter()), reads, 200, 300), "no read in the drive");
    }
}

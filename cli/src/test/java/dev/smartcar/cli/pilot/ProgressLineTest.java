package dev.smartcar.cli.pilot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressLineTest {

    private static final ProgressLine.Gauges G = new ProgressLine.Gauges(12_345, 12_300, 12_200, 100, 12_000, 17);

    @Test
    void rendersEveryGauge() {
        assertEquals("writing  01:05  written 12,345 | collected 12,300 | valid 12,200 | rejected 100 | in HBase "
                + "~12,000"
                + " | alerts 17", ProgressLine.render("writing ", 65, G));
    }

    @Test
    void terminalRewritesInPlaceAPipeGetsSparseLines() {
        StringWriter tty = new StringWriter();
        ProgressLine onTty = new ProgressLine(new PrintWriter(tty), true, Long.MAX_VALUE);
        onTty.show("writing ", 1, G);
        onTty.show("writing ", 2, G);
        onTty.finish();
        assertTrue(tty.toString().startsWith("\rwriting  00:01"));
        assertTrue(tty.toString().contains("\rwriting  00:02"));
        assertEquals(1, tty.toString().split("\n", -1).length - 1);

        StringWriter pipe = new StringWriter();
        ProgressLine onPipe = new ProgressLine(new PrintWriter(pipe), false, Long.MAX_VALUE);
        onPipe.show("writing ", 1, G);
        onPipe.show("writing ", 2, G);
        assertEquals(1, pipe.toString().lines().count());
        assertTrue(!pipe.toString().contains("\r"));
    }
}

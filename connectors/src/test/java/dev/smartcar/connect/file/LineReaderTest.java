package dev.smartcar.connect.file;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class LineReaderTest {

    /** A stream whose content grows between reads, like a file being appended to. */
    static final class GrowingStream extends InputStream {
        private final ByteArrayOutputStream data = new ByteArrayOutputStream();
        private int read;

        void append(String text) {
            data.writeBytes(text.getBytes(UTF_8));
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            byte[] all = data.toByteArray();
            if (read >= all.length) {
                return -1;
            }
            int n = Math.min(len, all.length - read);
            System.arraycopy(all, read, b, off, n);
            read += n;
            return n;
        }
    }

    @Test
    void splitsAtNewlineAndTracksPositionsAndNumbers() throws Exception {
        GrowingStream in = new GrowingStream();
        in.append("ab\nc\r\n\nlast");
        LineReader reader = new LineReader(in, 100, 7, 1024, 4);
        Line first = reader.next();
        assertEquals("ab", new String(first.bytes(), UTF_8));
        assertEquals(8, first.number());
        assertEquals(100, first.offset());
        assertEquals(103, first.nextOffset());
        Line second = reader.next();
        assertEquals("c\r", new String(second.bytes(), UTF_8), "a CR is kept: lines pass byte for byte");
        Line empty = reader.next();
        assertEquals(0, empty.bytes().length);
        assertEquals(106, empty.offset());
        assertNull(reader.next(), "'last' has no newline yet");
        assertEquals(107, reader.position());
        assertEquals(4, reader.pendingLength());
        Line last = reader.remainder();
        assertEquals("last", new String(last.bytes(), UTF_8));
        assertFalse(last.terminated());
        assertEquals(111, reader.position());
    }

    @Test
    void holdsAPartialLineUntilItsNewlineArrives() throws Exception {
        GrowingStream in = new GrowingStream();
        in.append("2020032200");
        LineReader reader = new LineReader(in, 0, 0, 1024, 3);
        assertNull(reader.next());
        in.append("0000,B0001\nnext");
        Line line = reader.next();
        assertEquals("20200322000000,B0001", new String(line.bytes(), UTF_8));
        assertTrue(line.terminated());
        assertEquals(21, reader.position());
        assertNull(reader.next());
    }

    @Test
    void cutsOverLongLinesAndKeepsOnlyTheMaximumInMemory() throws Exception {
        GrowingStream in = new GrowingStream();
        String longLine = "x".repeat(10_000);
        in.append(longLine + "\nok\n");
        LineReader reader = new LineReader(in, 0, 0, 100, 64);
        Line cut = reader.next();
        assertEquals(100, cut.bytes().length);
        assertEquals(10_000, cut.length());
        assertTrue(cut.truncated());
        assertEquals(10_001, cut.nextOffset());
        Line ok = reader.next();
        assertArrayEquals("ok".getBytes(UTF_8), ok.bytes());
        assertEquals(10_001, ok.offset());
    }
}

package dev.smartcar.simulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test support: walks the LF-terminated lines of a log file in place, as a tailer would split them. */
final class LogLines {

    /** Gets each line without its LF; {@code b[off, off+len)}. */
    interface Visitor {
        void line(byte[] b, int off, int len);
    }

    private LogLines() { }

    /** Visits every line; fails if the file does not end with LF (a torn last line). */
    static long forEach(Path file, Visitor visitor) throws IOException {
        return forEach(Files.readAllBytes(file), visitor);
    }

    static long forEach(byte[] b, Visitor visitor) {
        long lines = 0;
        int start = 0;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\n') {
                visitor.line(b, start, i - start);
                lines++;
                start = i + 1;
            }
        }
        if (start != b.length) {
            throw new AssertionError("last line has no LF: " + (b.length - start) + " bytes after the last LF");
        }
        return lines;
    }

    static List<String> strings(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        forEach(file, (b, off, len) -> out.add(new String(b, off, len, StandardCharsets.ISO_8859_1)));
        return out;
    }
}

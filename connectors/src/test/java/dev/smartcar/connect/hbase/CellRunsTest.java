package dev.smartcar.connect.hbase;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.CellUtil;
import org.apache.hadoop.hbase.KeyValue;
import org.apache.hadoop.hbase.util.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CellRunsTest {

    @TempDir
    Path dir;

    static KeyValue cell(String row, String qualifier, long timestamp, String value) {
        return new KeyValue(row.getBytes(UTF_8), "cf1".getBytes(UTF_8), qualifier.getBytes(UTF_8), timestamp,
                KeyValue.Type.Put, value.getBytes(UTF_8));
    }

    static List<String> read(CellRuns runs) throws IOException {
        List<String> out = new ArrayList<>();
        try (CellRuns.CloseableCells cells = runs.sorted()) {
            while (cells.hasNext()) {
                Cell c = cells.next();
                out.add(Bytes.toString(CellUtil.cloneRow(c)) + "/" + Bytes.toString(CellUtil.cloneQualifier(c)) + "/"
                        + c.getTimestamp() + "=" + Bytes.toString(CellUtil.cloneValue(c)));
            }
        }
        return out;
    }

    @Test
    void cellsBeyondTheBufferAreSpilledAsSortedRunsAndMergedBackInKeyOrder() throws IOException {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            rows.add(String.format("%05d-N%04d", i * 7 % 2000, i % 100));
        }
        Collections.shuffle(rows, new Random(3));
        List<String> expected = new ArrayList<>();
        try (CellRuns runs = new CellRuns(dir, "T", 16 * 1024)) {
            for (String row : rows) {
                runs.add(cell(row, "speed", 5, "87"));
                runs.add(cell(row, "area", 5, "C04"));
                expected.add(row + "/area/5=C04");
                expected.add(row + "/speed/5=87");
            }
            Collections.sort(expected);
            assertTrue(runs.runs() > 5, "spilled: " + runs.runs() + " runs");
            assertEquals(4000, runs.cells());
            assertEquals(expected, read(runs));
        }
    }

    @Test
    void ofOneKeyAddedTwiceTheLastAddedIsKeptOnce() throws IOException {
        try (CellRuns runs = new CellRuns(dir, "T", 1024 * 1024)) {
            runs.add(cell("r1", "q", 5, "first"));
            runs.add(cell("r1", "q", 5, "second"));
            runs.add(cell("r1", "q", 4, "older-version"));
            runs.add(cell("r0", "q", 5, "x"));
            runs.add(cell("r1", "q", 5, "third"));
            assertEquals(List.of("r0/q/5=x", "r1/q/5=third", "r1/q/4=older-version"), read(runs));
            // A failed load reads them again: the same answer, also after later adds.
            runs.add(cell("r1", "q", 5, "fourth"));
            assertEquals(List.of("r0/q/5=x", "r1/q/5=fourth", "r1/q/4=older-version"), read(runs));
        }
    }

    @Test
    void aLaterRunWinsOverAnEarlierOneAndTheBufferOverBoth() throws IOException {
        try (CellRuns runs = new CellRuns(dir, "T", 1)) {   // every add spills
            runs.add(cell("r1", "q", 5, "run0"));
            runs.add(cell("r1", "q", 5, "run1"));
            assertEquals(2, runs.runs());
            assertEquals(List.of("r1/q/5=run1"), read(runs));
        }
        try (CellRuns runs = new CellRuns(dir, "U", 200)) {
            runs.add(cell("r1", "q", 5, "spilled-with-the-next"));
            runs.add(cell("r2", "q", 5, "a-value-long-enough-to-fill-the-buffer-of-two-hundred-bytes"));
            assertEquals(1, runs.runs());
            runs.add(cell("r1", "q", 5, "buffered"));
            assertEquals(1, runs.runs());
            assertEquals("r1/q/5=buffered", read(runs).get(0));
        }
    }

    @Test
    void clearDeletesTheRunFiles() throws IOException {
        CellRuns runs = new CellRuns(dir, "T", 1);
        runs.add(cell("r1", "q", 5, "v"));
        runs.add(cell("r2", "q", 5, "v"));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(2, files.count());
        }
        runs.clear();
        assertEquals(0, runs.cells());
        assertEquals(List.of(), read(runs));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }
}

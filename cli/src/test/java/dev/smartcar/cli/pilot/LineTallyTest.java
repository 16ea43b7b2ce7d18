package dev.smartcar.cli.pilot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.smartcar.schemas.log.DrivingLineParser;
import dev.smartcar.schemas.log.LogTimestamp;
import dev.smartcar.schemas.rule.OverSpeedReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The independent recount: lines, valid, distinct rows, reasons, reference alerts; a growing file read whole-line. */
class LineTallyTest {

    @TempDir
    Path dir;

    @Test
    void recountsAGrowingDrivingLogLineByLine() throws IOException {
        Path log = dir.resolve("SmartCarDriverInfo.log");
        Files.writeString(log, "old line from an earlier run\n");
        long start = Files.size(log);
        OverSpeedReference ref = OverSpeedReference.pilot();
        LineTally tally = new LineTally(LineTally.Kind.DRIVING, LogTimestamp.defaultZone(), ref, 7);
        LineFeed feed = new LineFeed(log, start, tally);
        append(log, DrivingLineParser.HEADER + "\n20200322000000,N0036,5,0,F,N,90,C01\n20200322000002,N00");
        assertEquals(2, feed.poll());
        assertEquals(18, feed.unterminatedBytes());
        append(log, "36,5,0,F,N,100,C01\n20200322000002,N0036,5,0,F,N,100,C01\n\n20200322000004,N0036,9,0,F,N,1,C01\n");
        assertEquals(4, feed.poll());
        assertEquals(6, tally.lines());
        assertEquals(3, tally.valid());
        // The same (time, car) twice makes one HBase row.
        assertEquals(2, tally.distinctRows());
        assertEquals(Map.of("header-line", 1L, "empty-line", 1L, "out-of-range", 1L), tally.rejectedByReason());
        assertEquals(1, ref.alerts().size());
        assertEquals(3, ref.alerts().get(0).count());
        assertEquals(3, tally.samples().size());
    }

    @Test
    void aWholeFileWithoutFinalNewlineCountsItsLastLine() throws IOException {
        Path f = dir.resolve("SmartCarStatusInfo_20200322.txt");
        Files.writeString(f, "20200322000000,B0001,70,85,83,85,1,1,1,1,A,A,93\n"
                + "20200322240000,Y0100,79,98,86,99,1,1,1,1,A,B,91");
        LineTally tally = new LineTally(LineTally.Kind.STATUS, LogTimestamp.defaultZone(), null, 1);
        LineFeed.readAll(f, tally);
        assertEquals(2, tally.lines());
        assertEquals(2, tally.valid());
        assertEquals(2, tally.distinctRows());
    }

    @Test
    void distinctKeysTellTimeAndCarApart() {
        DistinctKeys keys = new DistinctKeys();
        keys.add("20200322240000", "Z9999");
        keys.add("20200323000000", "Z9999");
        keys.add("20200322240000", "A0001");
        keys.add("20200322240000", "Z9999");
        keys.add("20200322235959", "Z9999");
        keys.add("20200322000000", "Z9999");
        keys.add("20200322000001", "Z9999");
        keys.add("20200322000000", "Y9999");
        keys.add("20200322000000", "Z9998");
        keys.add("20200322000000", "Z9999");
        assertEquals(10, keys.added());
        assertEquals(8, keys.distinct());
    }

    @Test
    void distinctKeysCountEverySecondOfADayOnceWhateverTheOrder() {
        // A whole status day of two cars at step 1 s, each line twice, in an order that jumps between hours.
        DistinctKeys keys = new DistinctKeys();
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i <= 86_400; i++) {
                int s = (int) ((i * 7919L) % 86_401);
                String time = String.format("20200322%02d%02d%02d", s / 3600, s / 60 % 60, s % 60);
                keys.add(time, "B0001");
                keys.add(time, "C0001");
            }
        }
        assertEquals(4 * 86_401, keys.added());
        assertEquals(2 * 86_401, keys.distinct());
    }

    private static void append(Path f, String s) throws IOException {
        Files.write(f, s.getBytes(StandardCharsets.US_ASCII), StandardOpenOption.APPEND);
    }
}

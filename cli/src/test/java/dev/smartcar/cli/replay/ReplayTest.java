package dev.smartcar.cli.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smartcar.cli.CliException;
import dev.smartcar.cli.SmartCar;
import dev.smartcar.schemas.log.CarStatusParser;
import dev.smartcar.schemas.log.DrivingLineParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replay into temp directories: the spool drop and the whole-line append, as the sources will see them. */
class ReplayTest {

    @TempDir
    Path dir;

    @Test
    void kindComesFromTheNameElseTheFirstLines() throws IOException {
        Path byName = Files.writeString(dir.resolve("SmartCarStatusInfo_20200322.txt"), "x\n");
        assertEquals(LogKind.STATUS, LogKind.detect(byName));
        Path status = Files.writeString(dir.resolve("a.txt"), CarStatusParser.HEADER + "\n");
        assertEquals(LogKind.STATUS, LogKind.detect(status));
        Path driving = Files.writeString(dir.resolve("b.log"), "\n20200322000000,N0036,5,0,F,N,90,C01\n");
        assertEquals(LogKind.DRIVING, LogKind.detect(driving));
        Path header = Files.writeString(dir.resolve("c.log"), DrivingLineParser.HEADER + "\n");
        assertEquals(LogKind.DRIVING, LogKind.detect(header));
        Path neither = Files.writeString(dir.resolve("d.log"), "hello\n");
        CliException e = assertThrows(CliException.class, () -> LogKind.detect(neither));
        assertTrue(e.getMessage().contains("give --kind status or --kind driving"));
    }

    @Test
    void statusDayIsDroppedWholeAndNeverOverwritten() throws IOException {
        Path file = Files.writeString(dir.resolve("SmartCarStatusInfo_20200322.txt"),
                CarStatusParser.HEADER + "\n20200322000000,B0001,70,85,83,85,1,1,1,1,A,A,93\n");
        Path spool = dir.resolve("spool");
        StringWriter out = new StringWriter();
        int code = SmartCar.commandLine(new PrintWriter(out), new PrintWriter(new StringWriter()))
                .execute("replay", file.toString(), "--spool-dir", spool.toString());
        assertEquals(0, code);
        assertTrue(out.toString().contains("2 lines (1 valid, 1 invalid: {header-line=1})"), out.toString());
        assertEquals(Files.readString(file), Files.readString(spool.resolve(file.getFileName())));
        try (var list = Files.list(spool)) {
            assertEquals(1, list.count(), "no temporary file left behind");
        }
        assertThrows(IOException.class, () -> SpoolDrop.copyInto(file, spool));
    }

    @Test
    void drivingLogIsAppendedInWholeLinesWithAFinalNewline() throws IOException {
        Path log = Files.writeString(dir.resolve("SmartCarDriverInfo.log"), "20200322000000,A0001,0,0,F,N,0,A01\n");
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 5_000; i++) {
            big.append("20200322000002,N0036,5,0,F,N,").append(i % 250).append(",C01\n");
        }
        big.append("20200322000004,N0036,5,0,F,N,90,C01"); // no final newline
        Path replayed = Files.writeString(dir.resolve("old.log"), big);
        long bytes = DrivingAppend.append(replayed, log);
        assertEquals(big.length() + 1, bytes);
        String after = Files.readString(log);
        assertTrue(after.startsWith("20200322000000,A0001,0,0,F,N,0,A01\n20200322000002,N0036,5,0,F,N,0,C01\n"));
        assertTrue(after.endsWith("20200322000004,N0036,5,0,F,N,90,C01\n"));
        assertEquals(5_002, after.lines().count());
        assertFalse(after.contains("\n\n"));
    }
}

package dev.smartcar.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smartcar.schemas.log.CarStatusParser;
import dev.smartcar.schemas.log.DrivingLineParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged, runnable jar as {@code make simulate} runs it: {@code java -jar target/smartcar-simulator.jar}
 * in a JVM of its own, so that the shaded jar really carries what it needs (the shared time rule).
 */
class SimulatorJarIT {

    @TempDir
    Path dir;

    private record Result(int exit, String out, String err) { }

    private Result java(String... args) throws IOException, InterruptedException {
        String jar = System.getProperty("smartcar.simulator.jar", "target/smartcar-simulator.jar");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar", jar));
        command.addAll(List.of(args));
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        int exit = p.waitFor();
        return new Result(exit, Files.readString(out), Files.readString(err));
    }

    @Test
    void statusDayFromTheJar() throws Exception {
        Result r = java("status", "--date", "20200322", "--cars", "3", "--out", dir.resolve("spool").toString(),
                "--seed", "1");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("status: file=") && r.out().contains(" records=64803 headers=3 "), r.out());
        CarStatusParser parser = new CarStatusParser();
        long[] valid = {0};
        LogLines.forEach(dir.resolve("spool/SmartCarStatusInfo_20200322.txt"), (b, off, len) -> {
            if (parser.parse(b, off, len).isValid()) {
                valid[0]++;
            }
        });
        assertEquals(64_803, valid[0]);
    }

    @Test
    void drivingLinesFromTheJar() throws Exception {
        Path log = dir.resolve("SmartCarDriverInfo.log");
        Result r = java("driving", "--date", "20200322", "--cars", "10", "--out", log.toString(), "--pace-ms", "0",
                "--lines", "500", "--seed", "2");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains(" records=500 headers=10 ") && r.out().contains(" end=line-limit "), r.out());
        DrivingLineParser parser = new DrivingLineParser();
        List<String> lines = LogLines.strings(log);
        assertEquals(510, lines.size());
        assertEquals(500, lines.stream().filter(l -> parser.parse(l).isValid()).count());
    }

    @Test
    void usageErrorFromTheJar() throws Exception {
        Result r = java("status", "--date", "20201332", "--out", dir.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--date: '20201332' is not a real calendar day"), r.err());
        assertEquals(0, java("--help").exit());
    }
}

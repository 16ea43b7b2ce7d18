package dev.smartcar.bench;

import dev.smartcar.schemas.log.CarStatusParser;
import dev.smartcar.schemas.log.DrivingLineParser;
import dev.smartcar.schemas.log.LogTimestamp;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Lines per second per core through the shared line parsers (one thread = one core). The input is a block of
 * realistic lines: the driving mix of the original generator (several cars, every code) and, for the garbage
 * case, the header lines and typical bad lines the pilot's collectors see.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class LineParserBenchmark {

    static final int LINES = 1024;

    private final DrivingLineParser driving = new DrivingLineParser(LogTimestamp.defaultZone());
    private final CarStatusParser status = new CarStatusParser(LogTimestamp.defaultZone());
    private byte[][] drivingLines;
    private byte[][] statusLines;
    private byte[][] garbageLines;

    @Setup
    public void setUp() {
        Random r = new Random(7);
        String[] steer = {"F", "L1", "L2", "L3", "R1", "R2", "R3"};
        String[] light = {"N", "L", "R"};
        drivingLines = new byte[LINES][];
        statusLines = new byte[LINES][];
        garbageLines = new byte[LINES][];
        for (int i = 0; i < LINES; i++) {
            int second = i * 2;
            String ts = String.format("20200322%02d%02d%02d", second / 3600, second / 60 % 60, second % 60);
            int accel = r.nextInt(6);
            int brake = accel == 0 ? r.nextInt(4) : 0;
            String car = (char) ('A' + r.nextInt(26)) + String.format("%04d", 1 + r.nextInt(100));
            drivingLines[i] = (ts + "," + car + "," + accel + "," + brake + "," + steer[r.nextInt(7)] + ","
                    + light[r.nextInt(3)] + "," + r.nextInt(251) + "," + (char) ('A' + r.nextInt(6))
                    + String.format("%02d", 1 + r.nextInt(10))).getBytes(StandardCharsets.US_ASCII);
            statusLines[i] = (ts + "," + car + "," + (70 + r.nextInt(31)) + "," + (70 + r.nextInt(31)) + ","
                    + (70 + r.nextInt(31)) + "," + (70 + r.nextInt(31)) + ",1,1,1," + (1 + r.nextInt(2)) + ",A,B,"
                    + (50 + r.nextInt(51))).getBytes(StandardCharsets.US_ASCII);
            String[] garbage = {DrivingLineParser.HEADER, "", ts + "," + car + ",3,0,F,N,85",
                ts + "," + car + ",3,0,F,N,300,C04", ts + "," + car + ",3,0,F,N,85,C04\r", ts + ",x"};
            garbageLines[i] = garbage[i % garbage.length].getBytes(StandardCharsets.US_ASCII);
        }
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void drivingLines(Blackhole bh) {
        for (byte[] line : drivingLines) {
            bh.consume(driving.parse(line));
        }
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void statusLines(Blackhole bh) {
        for (byte[] line : statusLines) {
            bh.consume(status.parse(line));
        }
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void drivingGarbage(Blackhole bh) {
        for (byte[] line : garbageLines) {
            bh.consume(driving.parse(line));
        }
    }
}

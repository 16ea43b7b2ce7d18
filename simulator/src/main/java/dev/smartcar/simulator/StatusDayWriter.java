package dev.smartcar.simulator;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Writes one simulated day of the status log for a fleet: every car's header, its records from 000000 to
 * 240000, all cars interleaved in one stream. The original ran one thread per car, so its file holds bursts of
 * one car's lines in a scheduler's order; this writer reproduces such an interleaving from the seed: it picks a
 * random unfinished car and writes a burst of 1-32 of its lines, until every car is done. Same seed, same bytes.
 */
final class StatusDayWriter implements StatusDayFile.Content {

    static final byte[] HEADER = ("SmartCar Status Information,CarNum,TireFL,TireFR,TireBL,TireBR,"
            + "LightFL,LightFR,LightBL,LightBR,EngineInfo,BreakInfo,BatteryInfo\n").getBytes(StandardCharsets.US_ASCII);

    private static final int BUFFER_BYTES = 1 << 20;
    /** Longest status line: 14 + 5 + 4 x 3 + 4 x 1 + 1 + 1 + 3 digits and 12 commas and LF is 53; keep room. */
    private static final int MAX_LINE_BYTES = 128;
    private static final int MAX_BURST = 32;

    /** What a run wrote. */
    record Totals(long records, long headers, long bytes) { }

    private final SimulatedDay day;
    private final int cars;
    private final int stepSeconds;
    private final long seed;

    StatusDayWriter(SimulatedDay day, int cars, int stepSeconds, long seed) {
        FleetNumbers.requireInRange(cars);
        this.day = day;
        this.cars = cars;
        this.stepSeconds = stepSeconds;
        this.seed = seed;
    }

    @Override
    public Totals writeTo(WritableByteChannel out, Progress progress) throws IOException {
        SplittableRandom fleet = new SplittableRandom(seed);
        StatusCar[] live = new StatusCar[cars];
        boolean[] started = new boolean[cars];
        int[] slot = new int[cars]; // live[i] is car slot[i]; needed to find its started flag after swaps
        FleetNumbers numbers = new FleetNumbers(cars);
        for (int i = 0; i < cars; i++) {
            byte[] number = numbers.next(fleet);
            live[i] = new StatusCar(number, fleet.split(), stepSeconds);
            slot[i] = i;
        }
        SplittableRandom schedule = fleet.split();

        LineBuffer buffer = new LineBuffer(BUFFER_BYTES);
        ByteBuffer view = ByteBuffer.wrap(buffer.array());
        long records = 0;
        long headers = 0;
        long bytes = 0;
        int liveCount = cars;
        while (liveCount > 0) {
            int pick = schedule.nextInt(liveCount);
            StatusCar car = live[pick];
            int burst = 1 + schedule.nextInt(MAX_BURST);
            if (!started[slot[pick]]) {
                started[slot[pick]] = true;
                if (buffer.remaining() < HEADER.length) {
                    bytes += drain(buffer, view, out);
                }
                buffer.append(HEADER);
                headers++;
            }
            for (int i = 0; i < burst && !car.finished(); i++) {
                if (buffer.remaining() < MAX_LINE_BYTES) {
                    bytes += drain(buffer, view, out);
                    progress.update(records + headers, bytes);
                }
                car.appendNextRecord(buffer, day);
                records++;
            }
            if (car.finished()) {
                liveCount--;
                live[pick] = live[liveCount];
                slot[pick] = slot[liveCount];
                live[liveCount] = null;
            }
        }
        bytes += drain(buffer, view, out);
        return new Totals(records, headers, bytes);
    }

    private static int drain(LineBuffer buffer, ByteBuffer view, WritableByteChannel out) throws IOException {
        int n = buffer.length();
        view.clear().limit(n);
        while (view.hasRemaining()) {
            out.write(view);
        }
        buffer.clear();
        return n;
    }
}

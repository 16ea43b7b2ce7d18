package dev.smartcar.simulator;

import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives the fleet on one thread: a queue of cars ordered by when each is next due. Each car writes a line,
 * then waits {@code paceNanos} (the original slept 100 ms per car thread), so 100 cars at 100 ms make about
 * 1,000 lines/s without 100 threads. Cars start spread evenly over one pace period, so writes are smooth, and
 * each car may lag the others by a few lines (the fleet's skew), as the original's drifting threads did, so lines
 * of different cars interleave roughly but not strictly in time order. The order of lines in the file follows
 * from the seed alone; the pace only decides when they are written. Pace 0 runs as fast as the disk takes it.
 * A run ends when every car has written its 240000 line, at {@code --lines}, at {@code --duration}, or when
 * {@link #stop()} is called (Ctrl-C). One instance makes one run.
 */
final class DrivingRun {

    /** Why a run ended. */
    enum End { DAY_COMPLETE, LINE_LIMIT, DURATION, STOPPED }

    /** What a run wrote. */
    record Totals(long records, long headers, long garbage, Map<GarbageKind, Long> garbageByKind, long bytes,
                  int rotations, long idleWaits, End end) { }

    private final SimulatedDay day;
    private final DrivingFleet fleet;
    private final long paceNanos;
    private final long lineLimit;
    private final long durationNanos;
    private final double garbageRate;
    private final LineBuffer line = new LineBuffer(GarbageKind.MAX_BYTES + 64);
    private final long[] garbageByKind = new long[GarbageKind.values().length];
    private long records;
    private long headers;
    private long garbage;
    private long idleWaits;
    private boolean used;
    private volatile boolean stopRequested;
    private volatile Thread runner;

    /**
     * @param lineLimit     data lines to write at most, 0 = no limit
     * @param durationNanos wall-clock time to run at most, 0 = no limit
     * @param garbageRate   probability 0..1 that a bad line follows a data line
     */
    DrivingRun(SimulatedDay day, DrivingFleet fleet, long paceNanos, long lineLimit, long durationNanos,
               double garbageRate) {
        this.day = day;
        this.fleet = fleet;
        this.paceNanos = paceNanos;
        this.lineLimit = lineLimit;
        this.durationNanos = durationNanos;
        this.garbageRate = garbageRate;
    }

    /** Asks a running {@link #writeTo} to end after the line in hand; safe from any thread. */
    void stop() {
        stopRequested = true;
        Thread t = runner;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /**
     * A car's place in the schedule. The order of lines depends on ticks only, never on timing: a car's line n is
     * on tick {@code n + skew}, and within a tick cars go in index order. With a pace, tick t of car i is due at
     * {@code start + t * pace + i * pace / cars}, which keeps that order and spreads the writes over the period.
     */
    private static final class Slot {
        final DrivingCar car;
        final long staggerNanos;
        long tick;
        boolean started;

        Slot(DrivingCar car, long staggerNanos, long tick) {
            this.car = car;
            this.staggerNanos = staggerNanos;
            this.tick = tick;
        }

        long due(long start, long paceNanos) {
            return start + tick * paceNanos + staggerNanos;
        }
    }

    Totals writeTo(DrivingLogFile log, Progress progress) throws IOException {
        if (used) {
            throw new IllegalStateException("a DrivingRun makes one run");
        }
        used = true;
        runner = Thread.currentThread();
        long start = System.nanoTime();
        boolean timed = durationNanos > 0;
        long deadline = start + durationNanos;
        PriorityQueue<Slot> queue = new PriorityQueue<>(fleet.size(), (a, b) -> a.tick != b.tick
                ? Long.compare(a.tick, b.tick) : Integer.compare(a.car.index(), b.car.index()));
        for (int i = 0; i < fleet.size(); i++) {
            queue.add(new Slot(fleet.car(i), paceNanos * i / fleet.size(), fleet.skewTicks(i)));
        }

        End end = End.DAY_COMPLETE;
        while (!queue.isEmpty()) {
            if (stopRequested || Thread.currentThread().isInterrupted()) {
                end = End.STOPPED;
                break;
            }
            Slot slot = queue.peek();
            long now = System.nanoTime();
            if (timed && now - deadline >= 0) {
                end = End.DURATION;
                break;
            }
            long due = slot.due(start, paceNanos);
            if (due - now > 0) {
                // Idle until the next car is due: hand the batch to the file first, so a tailer sees it now.
                log.flush();
                progress.update(records + headers + garbage, log.bytesWritten());
                long wake = timed && deadline - due < 0 ? deadline : due;
                idleWaits++;
                LockSupport.parkNanos(wake - now);
                continue;
            }
            queue.poll();
            writeNext(slot, log);
            if ((records & 0x3ff) == 0) {
                progress.update(records + headers + garbage, log.bytesWritten());
            }
            if (!slot.car.finished()) {
                slot.tick++;
                queue.add(slot);
            }
            if (lineLimit > 0 && records >= lineLimit) {
                end = End.LINE_LIMIT;
                break;
            }
        }
        log.flush();
        runner = null;
        Map<GarbageKind, Long> kinds = new EnumMap<>(GarbageKind.class);
        for (GarbageKind kind : GarbageKind.values()) {
            kinds.put(kind, garbageByKind[kind.ordinal()]);
        }
        return new Totals(records, headers, garbage, kinds, log.bytesWritten(), log.rotations(), idleWaits, end);
    }

    /** The car's header if it is starting, its next line, and maybe a bad line made from it. */
    private void writeNext(Slot slot, DrivingLogFile log) throws IOException {
        DrivingCar car = slot.car;
        if (!slot.started) {
            slot.started = true;
            log.appendLine(DrivingCar.HEADER, 0, DrivingCar.HEADER.length);
            headers++;
        }
        line.clear();
        car.appendNextLine(line, day);
        log.appendLine(line.array(), 0, line.length());
        records++;
        if (garbageRate > 0) {
            SplittableRandom random = fleet.garbageRandom(car.index() - 1);
            if (random.nextDouble() < garbageRate) {
                int good = line.length();
                GarbageKind kind = GarbageKind.draw(random);
                kind.write(line, line.array(), 0, good - 1, random);
                log.appendLine(line.array(), good, line.length() - good);
                garbageByKind[kind.ordinal()]++;
                garbage++;
            }
        }
    }
}

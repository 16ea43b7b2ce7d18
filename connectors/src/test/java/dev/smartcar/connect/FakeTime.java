package dev.smartcar.connect;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.common.utils.Time;

/** A clock that only moves when told to, or when the code under test sleeps; it records the sleeps. */
public final class FakeTime implements Time {

    private long millis;
    private final List<Long> sleeps = new ArrayList<>();

    public FakeTime(long startMillis) {
        this.millis = startMillis;
    }

    @Override
    public synchronized long milliseconds() {
        return millis;
    }

    @Override
    public synchronized long nanoseconds() {
        return millis * 1_000_000L;
    }

    @Override
    public synchronized void sleep(long ms) {
        sleeps.add(ms);
        millis += ms;
    }

    public synchronized void advance(long ms) {
        millis += ms;
    }

    public synchronized List<Long> sleeps() {
        return List.copyOf(sleeps);
    }

    @Override
    public void waitObject(Object obj, Supplier<Boolean> condition, long deadlineMs) {
        throw new UnsupportedOperationException("not used by the connectors");
    }
}

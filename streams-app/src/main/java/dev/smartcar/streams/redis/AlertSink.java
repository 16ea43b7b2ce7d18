package dev.smartcar.streams.redis;

import dev.smartcar.avro.OverSpeedAlert;
import java.util.List;

/** Where alerts are written outside Kafka. A write either succeeds for the whole batch or throws. */
public interface AlertSink extends AutoCloseable {

    void write(List<OverSpeedAlert> alerts);

    @Override
    void close();
}

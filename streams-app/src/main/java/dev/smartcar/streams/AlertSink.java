package dev.smartcar.streams;

import dev.smartcar.avro.OverSpeedAlert;
import java.util.List;

/** Where alerts are written outside Kafka. A write either succeeds for the whole batch or throws. */
interface AlertSink extends AutoCloseable {

    void write(List<OverSpeedAlert> alerts);

    @Override
    void close();
}

package dev.smartcar.streams.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * One browser listening to {@code /events/alerts} (server-sent events): the alerts that pass its filter (day, car,
 * area) are written to its open response as {@code event: alert} with the alert's JSON. A write that fails means the
 * browser went away; the feed then drops it.
 */
final class AlertStream {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final OutputStream out;
    private final Optional<String> day;
    private final Optional<String> car;
    private final Optional<String> area;
    private final Runnable onClose;
    private boolean closed;

    AlertStream(OutputStream out, Optional<String> day, Optional<String> car, Optional<String> area, Runnable onClose) {
        this.out = out;
        this.day = day;
        this.car = car;
        this.area = area;
        this.onClose = onClose;
    }

    /** Whether the alert passes this subscriber's filter. */
    boolean wants(Map<String, Object> alert) {
        return day.map(d -> d.equals(alert.get("day"))).orElse(true)
                && car.map(c -> c.equals(alert.get("car_number"))).orElse(true)
                && area.map(a -> a.equals(alert.get("last_area_number"))).orElse(true);
    }

    /** Sends the alert if wanted; false once the connection is gone. */
    synchronized boolean send(Map<String, Object> alert) {
        if (!wants(alert)) {
            return !closed;
        }
        try {
            return write("event: alert\ndata: " + JSON.writeValueAsString(alert) + "\n\n");
        } catch (IOException e) {
            return write(null);
        }
    }

    /** A comment line: keeps the connection open through proxies and finds a closed one. */
    synchronized boolean heartbeat() {
        return write(": keep-alive\n\n");
    }

    private boolean write(String text) {
        if (closed) {
            return false;
        }
        try {
            if (text == null) {
                throw new IOException("alert could not be written as JSON");
            }
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
            return true;
        } catch (IOException e) {
            close();
            return false;
        }
    }

    synchronized void close() {
        if (!closed) {
            closed = true;
            try {
                out.close();
            } catch (IOException e) {
                // the browser is gone already
            }
            onClose.run();
        }
    }
}

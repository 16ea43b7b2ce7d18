package dev.smartcar.streams;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.smartcar.schemas.log.LogTimestamp;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app's small HTTP endpoint (JDK server, JSON answers):
 * <ul>
 *   <li>{@code GET /health}: 200 when the streams are RUNNING, else 503 (a rebalance or a start is not ready);</li>
 *   <li>{@code GET /metrics}: the {@link PipelineCounters};</li>
 *   <li>{@code GET /cars/{car}/speed}: the car's current window from the window store (interactive query).</li>
 * </ul>
 */
final class OpsEndpoint implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OpsEndpoint.class);
    private static final Pattern CAR_SPEED = Pattern.compile("^/cars/([^/]+)/speed/?$");
    private static final Pattern CAR_NUMBER = Pattern.compile("^[A-Z][0-9]{4}$");

    private final HttpServer server;
    private final ExecutorService executor;
    private final ObjectMapper json = new ObjectMapper();
    private final Supplier<KafkaStreams.State> state;
    private final PipelineCounters counters;
    private final Function<String, Optional<CarSpeed>> speeds;
    private final LogTimestamp time;

    OpsEndpoint(String host, int port, Supplier<KafkaStreams.State> state, PipelineCounters counters,
                Function<String, Optional<CarSpeed>> speeds, LogTimestamp time) throws IOException {
        this.state = state;
        this.counters = counters;
        this.speeds = speeds;
        this.time = time;
        this.server = HttpServer.create(new InetSocketAddress(host, port), 16);
        this.executor = Executors.newFixedThreadPool(2, r -> {
            Thread thread = new Thread(r, "ops-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                reply(exchange, 405, Map.of("error", "only GET is served"));
                return;
            }
            String path = exchange.getRequestURI().getPath();
            Matcher car = CAR_SPEED.matcher(path);
            if (path.equals("/health")) {
                KafkaStreams.State now = state.get();
                reply(exchange, now == KafkaStreams.State.RUNNING ? 200 : 503, Map.of("state", now.name()));
            } else if (path.equals("/metrics")) {
                reply(exchange, 200, counters.snapshot());
            } else if (car.matches()) {
                carSpeed(exchange, car.group(1));
            } else {
                reply(exchange, 404, Map.of("error", "no such resource; try /health, /metrics or /cars/{car}/speed"));
            }
        } catch (RuntimeException e) {
            log.warn("HTTP request {} failed", exchange.getRequestURI(), e);
        }
    }

    private void carSpeed(HttpExchange exchange, String car) throws IOException {
        if (!CAR_NUMBER.matcher(car).matches()) {
            reply(exchange, 400, Map.of("error", "car '" + car + "' is not a letter A-Z and 4 digits, e.g. N0036"));
            return;
        }
        Optional<CarSpeed> speed;
        try {
            speed = speeds.apply(car);
        } catch (InvalidStateStoreException e) {
            reply(exchange, 503, Map.of("error", "window store not queryable yet (state " + state.get() + ")"));
            return;
        }
        if (speed.isEmpty()) {
            reply(exchange, 404, Map.of("error", "car " + car + " has no open window"));
            return;
        }
        CarSpeed s = speed.get();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("car_number", s.car());
        body.put("window_start", time.format(s.windowStart()));
        body.put("window_end", time.format(s.windowEnd()));
        body.put("average_speed", s.averageSpeed());
        body.put("record_count", s.recordCount());
        body.put("max_speed", s.maxSpeed());
        body.put("last_date", time.format(s.lastDate()));
        body.put("last_area_number", s.lastArea());
        reply(exchange, 200, body);
    }

    private void reply(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

package dev.smartcar.streams.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.smartcar.streams.metrics.AppMetrics;
import dev.smartcar.streams.query.CarQuery;
import dev.smartcar.streams.query.FleetView;
import dev.smartcar.streams.query.PipelineView;
import dev.smartcar.streams.query.QueryParams;
import dev.smartcar.streams.query.Reply;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app's HTTP endpoint (JDK server, JSON answers, read-only: GET only, anything else 405):
 * <ul>
 *   <li>{@code /} the dashboard page, its script and style, and ECharts from its WebJar;</li>
 *   <li>{@code /health}: 200 when the streams are RUNNING, else 503 (a rebalance or a start is not ready);</li>
 *   <li>{@code /metrics}: this process's counters and the size of its state (JSON, {@link AppMetrics#json});</li>
 *   <li>{@code /metrics/prometheus}: the same counters, Kafka Streams' and the JVM's metrics, in Prometheus' text
 * format or OpenMetrics, as the Accept header asks ({@link AppMetrics});</li>
 *   <li>{@code /cars/{car}} and {@code /cars/{car}/speed}: a car, from whichever instance owns it ({@link
 * CarQuery});</li>
 *   <li>{@code /fleet}, {@code /pipeline}: every car's current average ({@code top=N} the fastest, {@code
 * limit=N&after=CAR} a page: {@link FleetView}), and the counters, lag and health of all instances;</li>
 *   <li>{@code /alerts} and {@code /events/alerts}: recent alerts, and the live ones as server-sent events ({@link
 * AlertFeed}).</li>
 * </ul>
 * A bad parameter is a 400 naming it, an unknown car or path a 404.
 */
public final class OpsEndpoint implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OpsEndpoint.class);
    private static final Pattern CAR = Pattern.compile("^/cars/([^/]+)(/speed)?/?$");
    /** Live alert subscribers at most: each holds a connection open. */
    static final int MAX_SUBSCRIBERS = 32;
    private static final Set<String> NONE = Set.of();
    private static final Set<String> SCOPED = Set.of(QueryParams.SCOPE);
    private static final Set<String> FLEET = Set.of(QueryParams.SCOPE, QueryParams.TOP, QueryParams.LIMIT,
            QueryParams.AFTER);
    private static final Set<String> ALERT_FILTER = Set.of(QueryParams.DAY, QueryParams.CAR, QueryParams.AREA);
    private static final Set<String> ALERT_LIST = Set.of(QueryParams.DAY, QueryParams.CAR, QueryParams.AREA,
            QueryParams.LIMIT);

    /** What the endpoint answers from. */
    public record Sources(Supplier<KafkaStreams.State> state, CarQuery cars,
                          PipelineView pipeline, AlertFeed alerts, DashboardAssets assets, AppMetrics metrics) { }

    private final HttpServer server;
    private final ExecutorService executor;
    private final ObjectMapper json = new ObjectMapper();
    private final Sources sources;

    /** Binds {@code host:port} and serves. */
    public OpsEndpoint(String host, int port, Sources sources) throws IOException {
        this(bind(host, port), sources);
    }

    /**
     * Serves on a server already bound (the app binds first: its port is the advertised {@code application.server}).
     */
    public OpsEndpoint(HttpServer server, Sources sources) {
        this.server = server;
        this.sources = sources;
        // Enough threads that a request waiting on another instance (which may be asking this one) never starves
        // the others; live alert streams hold no thread (the alert feed writes to them).
        this.executor = Executors.newFixedThreadPool(8, r -> {
            Thread thread = new Thread(r, "ops-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static HttpServer bind(String host, int port) throws IOException {
        return HttpServer.create(new InetSocketAddress(host, port), 64);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        boolean keepOpen = false;
        try {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET");
                reply(exchange, Reply.error(405, "only GET is served (the endpoint is read-only)"));
                return;
            }
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getRawQuery();
            try {
                keepOpen = route(exchange, path, query);
            } catch (QueryParams.BadParameter e) {
                reply(exchange, Reply.error(400, e.getMessage()));
            }
        } catch (RuntimeException e) {
            log.warn("HTTP request {} failed", exchange.getRequestURI(), e);
            reply(exchange, Reply.error(500, "internal error: " + e));
        } finally {
            if (!keepOpen) {
                exchange.close();
            }
        }
    }

    /** Answers the request; true if the response stays open (a live alert stream). */
    private boolean route(HttpExchange exchange, String path, String query) throws IOException {
        var asset = sources.assets().get(path);
        if (asset.isPresent()) {
            QueryParams.parse(query, NONE);
            send(exchange, 200, asset.get().bytes(), asset.get().contentType(), 0);
            return false;
        }
        Matcher car = CAR.matcher(path);
        switch (path) {
            case "/health" -> {
                QueryParams.parse(query, NONE);
                KafkaStreams.State now = sources.state().get();
                reply(exchange, new Reply(now == KafkaStreams.State.RUNNING ? 200 : 503, Map.of("state", now.name()),
                        0));
            }
            case "/metrics" -> {
                QueryParams.parse(query, NONE);
                reply(exchange, Reply.ok(sources.metrics().json()));
            }
            case "/metrics/prometheus" -> {
                QueryParams.parse(query, NONE);
                AppMetrics.Scrape scrape = sources.metrics().scrape(exchange.getRequestHeaders().getFirst("Accept"));
                send(exchange, 200, scrape.text().getBytes(StandardCharsets.UTF_8), scrape.contentType(), 0);
            }
            case "/fleet" -> {
                QueryParams params = QueryParams.parse(query, FLEET);
                reply(exchange, sources.cars().fleet(FleetView.of(params), params.localOnly()));
            }
            case "/pipeline" -> reply(exchange, sources.pipeline().pipeline(QueryParams.parse(query,
                    SCOPED).localOnly()));
            case "/alerts" -> {
                QueryParams params = QueryParams.parse(query, ALERT_LIST);
                AlertStream filter = filter(params, null);
                reply(exchange, Reply.ok(Map.of("alerts", sources.alerts().recent(filter::wants,
                        params.limit(100, AlertFeed.KEPT)))));
            }
            case "/events/alerts" -> {
                return subscribe(exchange, QueryParams.parse(query, ALERT_FILTER));
            }
            default -> {
                if (car.matches()) {
                    boolean localOnly = QueryParams.parse(query, SCOPED).localOnly();
                    reply(exchange, car.group(2) == null ? sources.cars().car(car.group(1), localOnly)
                            : sources.cars().speed(car.group(1), localOnly));
                } else {
                    reply(exchange, Reply.error(404, "no such resource; try /, /health, /metrics, "
                            + "/metrics/prometheus, /cars/{car}, /cars/{car}/speed, /fleet, /pipeline, /alerts or "
                            + "/events/alerts"));
                }
            }
        }
        return false;
    }

    private static AlertStream filter(QueryParams params, HttpExchange exchange) throws IOException {
        OutputStream out = exchange == null ? OutputStream.nullOutputStream() : exchange.getResponseBody();
        return new AlertStream(out, params.day(), params.car(), params.area(), exchange == null ? () -> { }
                : exchange::close);
    }

    /** Server-sent events: the headers now, then the feed writes each alert as it fires (no thread held here). */
    private boolean subscribe(HttpExchange exchange, QueryParams params) throws IOException {
        filter(params, null); // validates every parameter before anything is sent
        if (sources.alerts().subscriberCount() >= MAX_SUBSCRIBERS) {
            reply(exchange, Reply.retryLater("too many live alert streams open (" + MAX_SUBSCRIBERS + ")", 5));
            return false;
        }
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        AlertStream stream = filter(params, exchange);
        // A first comment, so the browser's EventSource opens at once even when no alert is due.
        if (!stream.heartbeat()) {
            return false;
        }
        sources.alerts().subscribe(stream, 50);
        return true;
    }

    private void reply(HttpExchange exchange, Reply reply) throws IOException {
        byte[] bytes = reply.body() instanceof byte[] raw ? raw : json.writeValueAsBytes(reply.body());
        send(exchange, reply.status(), bytes, "application/json", reply.retryAfterSeconds());
    }

    private static void send(HttpExchange exchange, int status, byte[] bytes, String contentType, int retryAfter)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        if (retryAfter > 0) {
            exchange.getResponseHeaders().set("Retry-After", Integer.toString(retryAfter));
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
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

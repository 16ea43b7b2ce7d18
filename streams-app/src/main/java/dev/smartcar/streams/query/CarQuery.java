package dev.smartcar.streams.query;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.smartcar.schemas.log.LogTimestamp;
import dev.smartcar.streams.overspeed.CarClock;
import dev.smartcar.streams.overspeed.WindowHistory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Answers for any car from any instance, the Kafka Streams way: the car's partition and its active owner come from
 * the streams metadata; the owner reads its local stores, any other instance forwards the request to the owner
 * (with {@code scope=local}, so a request is forwarded at most once). While the owner is not known, or is restoring
 * or has just lost the partition, the answer is a 503 with a {@code Retry-After}. The fleet view asks every
 * instance for its share and merges them.
 */
public final class CarQuery {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Seconds to wait while a rebalance decides or a store restores: a rebalance here takes a few seconds. */
    static final int REBALANCE_RETRY_SECONDS = 2;
    public static final int ALERTS_PER_CAR = 20;

    private final Cluster cluster;
    private final LocalCars local;
    private final Peers peers;
    private final Function<String, List<Map<String, Object>>> recentAlerts;
    private final Supplier<KafkaStreams.State> state;
    private final LogTimestamp time;
    private final double threshold;

    public CarQuery(Cluster cluster, LocalCars local, Peers peers, Function<String, List<Map<String, Object>>> recentAlerts,
             Supplier<KafkaStreams.State> state, LogTimestamp time, double threshold) {
        this.cluster = cluster;
        this.local = local;
        this.peers = peers;
        this.recentAlerts = recentAlerts;
        this.state = state;
        this.time = time;
        this.threshold = threshold;
    }

    /** {@code GET /cars/{car}}: open window, closed windows, clock, recent alerts. */
    public Reply car(String car, boolean localOnly) {
        return routed(car, localOnly, "/cars/" + car, (owner, found) -> found
                .map(c -> Reply.ok(carBody(c, owner)))
                .orElseGet(() -> Reply.error(404, "car " + car + " is not known: its owner " + Cluster.name(owner.host())
                        + " has no window, clock or closed window of it")));
    }

    /** {@code GET /cars/{car}/speed}: the car's latest open window (the original endpoint's answer). */
    public Reply speed(String car, boolean localOnly) {
        return routed(car, localOnly, "/cars/" + car + "/speed", (owner, found) -> found
                .flatMap(LocalCars.CarState::current)
                .map(s -> Reply.ok(window(s)))
                .orElseGet(() -> Reply.error(404, "car " + car + " has no open window")));
    }

    private interface Render {
        Reply apply(Cluster.Owner owner, Optional<LocalCars.CarState> car);
    }

    private Reply routed(String car, boolean localOnly, String path, Render render) {
        QueryParams.checkCar(car, "car");
        Optional<Cluster.Owner> owner = cluster.ownerOf(car);
        if (owner.isEmpty()) {
            return Reply.retryLater("the owner of car " + car + "'s partition is not known now (streams " + state.get()
                    + "): retry after the rebalance", REBALANCE_RETRY_SECONDS);
        }
        Cluster.Owner o = owner.get();
        if (!o.host().equals(cluster.self())) {
            if (localOnly) {
                // Asked by another instance whose metadata was older than ours: do not forward again.
                return Reply.retryLater("partition " + o.partition() + " of car " + car + " is owned by "
                        + Cluster.name(o.host()) + " now, not by this instance", 1);
            }
            return peers.get(o.host(), path + "?" + QueryParams.SCOPE + "=" + QueryParams.LOCAL);
        }
        try {
            return render.apply(o, local.car(car, o.partition()));
        } catch (InvalidStateStoreException e) {
            return Reply.retryLater("partition " + o.partition() + " of car " + car + " is not queryable on this instance now"
                    + " (streams " + state.get() + ": restoring or moving)", REBALANCE_RETRY_SECONDS);
        }
    }

    private Map<String, Object> carBody(LocalCars.CarState car, Cluster.Owner owner) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("car_number", car.car());
        body.put("partition", owner.partition());
        body.put("served_by", Cluster.name(cluster.self()));
        body.put("clock", car.clock() == CarClock.NO_CLOCK ? null : time.format(car.clock()));
        body.put("threshold", threshold);
        body.put("open_window", car.current().map(this::window).orElse(null));
        body.put("open_windows", car.openWindows().stream().map(this::window).toList());
        body.put("closed_windows", car.closed().stream().map(this::closed).toList());
        body.put("alerts", recentAlerts.apply(car.car()));
        return body;
    }

    private Map<String, Object> window(CarSpeed s) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("car_number", s.car());
        body.put("window_start", time.format(s.windowStart()));
        body.put("window_end", time.format(s.windowEnd()));
        body.put("average_speed", s.averageSpeed());
        body.put("record_count", s.recordCount());
        body.put("max_speed", s.maxSpeed());
        body.put("last_date", time.format(s.lastDate()));
        body.put("last_area_number", s.lastArea());
        return body;
    }

    private Map<String, Object> closed(WindowHistory.Closed w) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("window_start", time.format(w.start()));
        body.put("window_end", time.format(w.end()));
        body.put("average_speed", w.averageSpeed());
        body.put("record_count", w.recordCount());
        body.put("max_speed", w.maxSpeed());
        body.put("alert", w.alerted());
        return body;
    }

    /** {@code GET /fleet}: every car's current average (its open window, else its last closed one), from every instance. */
    public Reply fleet(boolean localOnly) {
        Map<String, Object> mine;
        try {
            mine = localFleet();
        } catch (InvalidStateStoreException e) {
            if (localOnly) {
                return Reply.retryLater("the window store is not queryable on this instance now (streams " + state.get()
                        + ")", REBALANCE_RETRY_SECONDS);
            }
            mine = null;
        }
        if (localOnly) {
            return Reply.ok(mine);
        }
        List<Map<String, Object>> instances = new ArrayList<>();
        Map<String, Map<String, Object>> cars = new TreeMap<>();
        boolean complete = true;
        for (HostInfo host : cluster.instances()) {
            Map<String, Object> part;
            String error = null;
            if (host.equals(cluster.self())) {
                part = mine;
                error = mine == null ? "window store not queryable (streams " + state.get() + ")" : null;
            } else {
                Reply reply = peers.get(host, "/fleet?" + QueryParams.SCOPE + "=" + QueryParams.LOCAL);
                part = reply.status() == 200 ? parse(reply.body()) : null;
                error = part == null ? "answered " + reply.status() + ": " + text(reply.body()) : null;
            }
            Map<String, Object> instance = new LinkedHashMap<>();
            instance.put("server", Cluster.name(host));
            if (part == null) {
                complete = false;
                instance.put("error", error);
            } else {
                List<Map<String, Object>> theirs = cars(part);
                instance.put("cars", theirs.size());
                for (Map<String, Object> car : theirs) {
                    cars.merge((String) car.get("car_number"), car, CarQuery::fresher);
                }
            }
            instances.add(instance);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("threshold", threshold);
        body.put("complete", complete);
        body.put("instances", instances);
        body.put("cars", new ArrayList<>(cars.values()));
        return Reply.ok(body);
    }

    private Map<String, Object> localFleet() {
        Map<String, Map<String, Object>> cars = new TreeMap<>();
        String self = Cluster.name(cluster.self());
        local.currentWindows().forEach((car, s) -> cars.put(car, fleetEntry(car, s.windowStart(), s.windowEnd(),
                s.averageSpeed(), s.recordCount(), s.maxSpeed(), true, self)));
        local.lastClosed().forEach((car, w) -> cars.putIfAbsent(car, fleetEntry(car, w.start(), w.end(), w.averageSpeed(),
                w.recordCount(), w.maxSpeed(), false, self)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("server", self);
        body.put("cars", new ArrayList<>(cars.values()));
        return body;
    }

    private Map<String, Object> fleetEntry(String car, long start, long end, double average, int count, int max,
                                           boolean open, String server) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("car_number", car);
        entry.put("window_start", time.format(start));
        entry.put("window_end", time.format(end));
        entry.put("average_speed", average);
        entry.put("record_count", count);
        entry.put("max_speed", max);
        entry.put("open", open);
        entry.put("speeding", average > threshold);
        entry.put("served_by", server);
        return entry;
    }

    /** Of two instances' entries for one car (after a rebalance both may know it): an open window, else the later one. */
    static Map<String, Object> fresher(Map<String, Object> a, Map<String, Object> b) {
        boolean aOpen = Boolean.TRUE.equals(a.get("open"));
        boolean bOpen = Boolean.TRUE.equals(b.get("open"));
        if (aOpen != bOpen) {
            return aOpen ? a : b;
        }
        return String.valueOf(a.get("window_start")).compareTo(String.valueOf(b.get("window_start"))) >= 0 ? a : b;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> cars(Map<String, Object> part) {
        Object cars = part.get("cars");
        return cars instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
    }

    static Map<String, Object> parse(Object body) {
        try {
            return body instanceof byte[] bytes ? JSON.readValue(bytes, new TypeReference<Map<String, Object>>() { }) : null;
        } catch (IOException e) {
            return null;
        }
    }

    static String text(Object body) {
        if (body instanceof byte[] bytes) {
            String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
            return text.length() > 200 ? text.substring(0, 200) + "…" : text;
        }
        return String.valueOf(body);
    }
}

package dev.smartcar.streams.query;

import dev.smartcar.schemas.log.LogTimestamp;
import dev.smartcar.streams.overspeed.CarClock;
import dev.smartcar.streams.overspeed.WindowHistory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * Answers for any car from any instance, the Kafka Streams way: the car's partition and its active owner come from
 * the streams metadata; the owner reads its local stores, any other instance forwards the request to the owner
 * (with {@code scope=local}, so a request is forwarded at most once). While the owner is not known, or is restoring
 * or has just lost the partition, the answer is a 503 with a {@code Retry-After}. The fleet view asks every
 * instance for its share and merges them.
 */
public final class CarQuery {

    /** Seconds to wait while a rebalance decides or a store restores: a rebalance here takes a few seconds. */
    static final int REBALANCE_RETRY_SECONDS = 2;
    public static final int ALERTS_PER_CAR = 20;

    private final Cluster cluster;
    private final LocalCars local;
    private final Peers peers;
    private final FanOut fanOut;
    private final Function<String, List<Map<String, Object>>> recentAlerts;
    private final Supplier<KafkaStreams.State> state;
    private final LogTimestamp time;
    private final double threshold;

    public CarQuery(Cluster cluster, LocalCars local, Peers peers,
                    Function<String, List<Map<String, Object>>> recentAlerts, Supplier<KafkaStreams.State> state,
                    LogTimestamp time, double threshold) {
        this.cluster = cluster;
        this.local = local;
        this.peers = peers;
        this.fanOut = new FanOut(cluster, peers);
        this.recentAlerts = recentAlerts;
        this.state = state;
        this.time = time;
        this.threshold = threshold;
    }

    /** {@code GET /cars/{car}}: open window, closed windows, clock, recent alerts. */
    public Reply car(String car, boolean localOnly) {
        return routed(car, localOnly, "/cars/" + car, (owner, found) -> found
                .map(c -> Reply.ok(carBody(c, owner)))
                .orElseGet(() -> Reply.error(404, "car " + car + " is not known: its owner "
                        + Cluster.name(owner.host())
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
            return Reply.retryLater("partition " + o.partition() + " of car " + car
                    + " is not queryable on this instance now"
                    + " (streams " + state.get() + ": restoring or moving)", REBALANCE_RETRY_SECONDS);
        }
    }

    private CarReply carBody(LocalCars.CarState car, Cluster.Owner owner) {
        return new CarReply(car.car(), owner.partition(), Cluster.name(cluster.self()),
                car.clock() == CarClock.NO_CLOCK ? null : time.format(car.clock()), threshold,
                car.current().map(this::window).orElse(null), car.openWindows().stream().map(this::window).toList(),
                car.closed().stream().map(this::closed).toList(), recentAlerts.apply(car.car()));
    }

    private WindowReply window(CarSpeed s) {
        return new WindowReply(s.car(), time.format(s.windowStart()), time.format(s.windowEnd()), s.averageSpeed(),
                s.recordCount(), s.maxSpeed(), time.format(s.lastDate()), s.lastArea(), null, null, null, null);
    }

    private WindowReply closed(WindowHistory.Closed w) {
        return new WindowReply(null, time.format(w.start()), time.format(w.end()), w.averageSpeed(), w.recordCount(),
                w.maxSpeed(), null, null, null, null, null, w.alerted());
    }

    /**
     * {@code GET /fleet}: the current average (its open window, else its last closed one) of the cars in {@code view},
     * from every instance, each cutting its own share by the same view before the merge.
     */
    public Reply fleet(FleetView view, boolean localOnly) {
        FleetReply.Local mine;
        try {
            mine = localFleet(view);
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
        List<FleetReply.Instance> instances = new ArrayList<>();
        Map<String, WindowReply> cars = new TreeMap<>();
        boolean complete = true;
        boolean leftOut = false;
        int total = 0;
        int speeding = 0;
        String path = view.bounded() ? "/fleet?" + view.query() : "/fleet";
        for (FanOut.Share<FleetReply.Local> share : fanOut.ask(path, FleetReply.Local.class, mine,
                "window store not queryable (streams " + state.get() + ")")) {
            if (share.body() == null) {
                complete = false;
                instances.add(new FleetReply.Instance(Cluster.name(share.host()), null, null, share.error()));
                continue;
            }
            FleetReply.Local theirs = share.body();
            List<WindowReply> shown = theirs.cars() == null ? List.of() : theirs.cars();
            // An instance of an earlier version has no counts: its share is every car it knows.
            int known = theirs.total() != null ? theirs.total() : shown.size();
            int fast = theirs.speeding() != null ? theirs.speeding()
                    : (int) shown.stream().filter(c -> Boolean.TRUE.equals(c.speeding())).count();
            instances.add(new FleetReply.Instance(Cluster.name(share.host()), known, fast, null));
            total += known;
            speeding += fast;
            leftOut |= Boolean.TRUE.equals(theirs.more());
            shown.forEach(car -> cars.merge(car.carNumber(), car, WindowReply::fresher));
        }
        FleetView.Cut cut = view.cut(cars.values());
        boolean more = cut.more() || leftOut;
        return Reply.ok(new FleetReply(threshold, complete, instances, cut.cars(), total, speeding,
                view.bounded() ? more : null, view.nextAfter(cut.cars(), more)));
    }

    private FleetReply.Local localFleet(FleetView view) {
        Map<String, WindowReply> cars = new TreeMap<>();
        String self = Cluster.name(cluster.self());
        local.currentWindows().forEach((car, s) -> cars.put(car, fleetEntry(car, s.windowStart(), s.windowEnd(),
                s.averageSpeed(), s.recordCount(), s.maxSpeed(), true, self)));
        local.lastClosed().forEach((car, w) -> cars.putIfAbsent(car, fleetEntry(car, w.start(), w.end(),
                w.averageSpeed(),
                w.recordCount(), w.maxSpeed(), false, self)));
        int speeding = (int) cars.values().stream().filter(c -> Boolean.TRUE.equals(c.speeding())).count();
        FleetView.Cut cut = view.cut(cars.values());
        return new FleetReply.Local(self, cut.cars(), cars.size(), speeding, view.bounded() ? cut.more() : null);
    }

    private WindowReply fleetEntry(String car, long start, long end, double average, int count, int max, boolean open,
                                   String server) {
        return new WindowReply(car, time.format(start), time.format(end), average, count, max, null, null, open,
                average > threshold, server, null);
    }
}

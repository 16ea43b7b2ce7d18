package dev.smartcar.streams.metrics;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * How much per-car state this instance holds: per state store, its entries and their bytes as its changelog holds
 * them (key and value through the store's own serdes), the cars they belong to, and bytes per car over all stores.
 * What an operator needs to see the state grow with the fleet (issue #26).
 *
 * <p>Only the active stores are counted: they are read as interactive queries do, without stale stores, so a
 * standby replica's copy is not in the figures, and each car counts on the one instance that owns it (the sum over
 * the instances is the fleet's). A store that cannot be read now (a rebalance, a restoration, no active task of it
 * here) is unknown, not zero: a dip to zero would look like state lost.
 *
 * <p>Measured when asked (a scrape, {@code /metrics}), never per record, and at most once per {@link #CACHE_MS}
 * however many ask: each measurement iterates every entry of every store. The in-memory store copies its keys under
 * its lock to iterate, which holds the stream thread's writes back for that copy only.
 */
public final class StateSize {

    /** A burst of scrapes or page polls reads one measurement. */
    public static final long CACHE_MS = 5_000;

    /** A state store as measured here: its name, the serdes of its changelog and the car each key belongs to. */
    public record Store<K, V>(String name, Serde<K> keys, Serde<V> values, Function<K, String> carOf) { }

    /** One store's share: entries, their serialized bytes, and the distinct cars they belong to. */
    public record StoreSize(long entries, long bytes, long cars) {

        /** As {@code state.stores.<store>} of {@code /metrics}, in this order. */
        Map<String, Object> json() {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("entries", entries);
            view.put("bytes", bytes);
            view.put("cars", cars);
            return view;
        }
    }

    /**
     * One measurement: each store's size, by name (null: not readable now), and the distinct cars of all of them.
     * The totals are null (in JSON) when a store is unknown: a partial sum would understate the state.
     */
    public record Sizes(Map<String, StoreSize> stores, long cars) {

        /** Every store was read. */
        public boolean complete() {
            return !stores.containsValue(null);
        }

        /** The bytes of every store together. */
        public long bytes() {
            return stores.values().stream().mapToLong(s -> s == null ? 0 : s.bytes()).sum();
        }

        /** The {@code state} object of {@code /metrics}. */
        public Map<String, Object> json() {
            Map<String, Object> view = new LinkedHashMap<>();
            Map<String, Object> byStore = new TreeMap<>();
            stores.forEach((name, size) -> byStore.put(name, size == null ? null : size.json()));
            view.put("stores", byStore);
            boolean complete = complete();
            view.put("cars", complete ? cars : null);
            view.put("bytes", complete ? bytes() : null);
            view.put("bytes_per_car", complete && cars > 0 ? (double) bytes() / cars : null);
            return view;
        }
    }

    private final List<Store<?, ?>> stores;
    private final Function<String, ReadOnlyKeyValueStore<?, ?>> open;
    private final LongSupplier millis;
    private Sizes cached;
    private long cachedAt;

    /**
     * @param stores every state store of the topology
     * @param open   a store's read-only view over this instance's active tasks, by name (interactive queries);
     *               throws {@link InvalidStateStoreException} when it cannot be read now
     * @param millis a monotonic clock in milliseconds, for the cache
     */
    public StateSize(List<Store<?, ?>> stores, Function<String, ReadOnlyKeyValueStore<?, ?>> open,
                     LongSupplier millis) {
        this.stores = List.copyOf(stores);
        this.open = open;
        this.millis = millis;
    }

    /** The names of the stores measured, in the order given. */
    public List<String> storeNames() {
        return stores.stream().map(Store::name).toList();
    }

    /** The latest measurement, taken now if the last one is {@link #CACHE_MS} old. */
    public synchronized Sizes sizes() {
        long now = millis.getAsLong();
        if (cached == null || now - cachedAt >= CACHE_MS) {
            cached = measure();
            cachedAt = now;
        }
        return cached;
    }

    private Sizes measure() {
        Map<String, StoreSize> byStore = new TreeMap<>();
        Set<String> cars = new HashSet<>();
        for (Store<?, ?> store : stores) {
            byStore.put(store.name(), measure(store, cars));
        }
        return new Sizes(Collections.unmodifiableMap(byStore), cars.size());
    }

    /** One store's size, its cars added to {@code allCars}; null if it cannot be read now. */
    private <K, V> StoreSize measure(Store<K, V> store, Set<String> allCars) {
        Serializer<K> keys = store.keys().serializer();
        Serializer<V> values = store.values().serializer();
        Set<String> cars = new HashSet<>();
        long entries = 0;
        long bytes = 0;
        try {
            @SuppressWarnings("unchecked") // the store's types are those its builder was given with these serdes
            ReadOnlyKeyValueStore<K, V> contents = (ReadOnlyKeyValueStore<K, V>) open.apply(store.name());
            try (KeyValueIterator<K, V> it = contents.all()) {
                while (it.hasNext()) {
                    KeyValue<K, V> next = it.next();
                    entries++;
                    // The changelog's record: the topic is the store's own (these serdes do not depend on it).
                    bytes += keys.serialize(store.name(), next.key).length
                            + values.serialize(store.name(), next.value).length;
                    cars.add(store.carOf().apply(next.key));
                }
            }
        } catch (InvalidStateStoreException e) {
            return null;
        }
        allCars.addAll(cars);
        return new StoreSize(entries, bytes, cars.size());
    }
}

package dev.smartcar.streams.store;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A key-value store that keeps each key's latest change as an object until the task commits, then writes it to the
 * store below (and so to its changelog), once per key per commit.
 *
 * <p>Why: a window changes on every driving record, but only its value at the commit has to reach the changelog.
 * Kafka's own caching layer gives that too, but serializes key and value and sorts the bytes on every put (in the
 * profile of 1M records it was 16 % of the stream thread). Here a put is one hash-map entry of the objects.
 *
 * <p>How the changes reach the changelog before the commit: Kafka Streams flushes a store's cache in the task's
 * prepare-commit, before the transaction commits, only for stores that are a {@link CachedStateStore}; a store's
 * plain {@code flush()} comes after the commit. So this store is one: it extends Kafka Streams' internal
 * {@link WrappedStateStore} (the base of its own caching stores, which hands the store's life cycle to the store
 * below and makes it a {@link CachedStateStore}). {@code WriteBackStoreTest} fails if a Kafka upgrade stops calling
 * it, and the store is used only on the versions that test passed on, {@link #PROVEN_VERSIONS}. If the task dies
 * before the commit, the changes are dropped with it ({@link #clearCache}, {@link #close}) and the records are
 * processed again from the committed offsets, as with Kafka's cache.
 *
 * <p>Point reads see the pending changes. Range reads ({@code all}, {@code range}, {@code prefixScan}) see the store
 * below, that is the state as of the last commit: they come from interactive queries (at most
 * {@code commit.interval.ms} behind) and from the processor's {@code init}, when nothing is pending.
 */
public final class WriteBackStore<K, V> extends WrappedStateStore<KeyValueStore<K, V>, K, V>
        implements KeyValueStore<K, V> {

    private static final Logger log = LoggerFactory.getLogger(WriteBackStore.class);
    /** A pending delete (the map holds no nulls). */
    private static final Object DELETED = new Object();

    /** Concurrent: interactive queries read it from other threads while the stream thread writes. */
    private final Map<K, Object> pending = new ConcurrentHashMap<>();

    WriteBackStore(KeyValueStore<K, V> below) {
        super(below);
    }

    /**
     * The Kafka Streams versions {@code WriteBackStoreTest} passed on: this store leans on an internal interface, so
     * on any other version the app keeps Kafka's own caching store instead. After a Kafka upgrade, run the test and
     * add the version here (the test fails until then).
     */
    static final Set<String> PROVEN_VERSIONS = Set.of("4.1.2");

    /**
     * Builds the store given by {@code below}'s builder (logging on, Kafka's caching off), with this layer on top;
     * on a Kafka Streams version not in {@link #PROVEN_VERSIONS}, {@code below} with Kafka's cache, and a warning.
     */
    public static <K, V> StoreBuilder<KeyValueStore<K, V>> on(StoreBuilder<KeyValueStore<K, V>> below) {
        return on(below, kafkaStreamsVersion());
    }

    static <K, V> StoreBuilder<KeyValueStore<K, V>> on(StoreBuilder<KeyValueStore<K, V>> below, String version) {
        if (PROVEN_VERSIONS.contains(version)) {
            return new Builder<>(below.withCachingDisabled());
        }
        log.warn("Kafka Streams {} is not a version the write-back store was tested on ({}): store {} keeps Kafka's "
                + "caching store instead (correct, somewhat slower)", version, PROVEN_VERSIONS, below.name());
        return below.withCachingEnabled();
    }

    /** The version of the Kafka Streams jar on the class path, as the jar says it ({@code unknown} if it does not). */
    static String kafkaStreamsVersion() {
        try (InputStream in = KafkaStreams.class.getResourceAsStream("/kafka/kafka-streams-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties props = new Properties();
            props.load(in);
            return props.getProperty("version", "unknown").trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public void put(K key, V value) {
        pending.put(key, value == null ? DELETED : value);
    }

    @Override
    public V putIfAbsent(K key, V value) {
        V current = get(key);
        if (current == null) {
            put(key, value);
        }
        return current;
    }

    @Override
    public void putAll(List<KeyValue<K, V>> entries) {
        entries.forEach(e -> put(e.key, e.value));
    }

    @Override
    public V delete(K key) {
        V current = get(key);
        pending.put(key, DELETED);
        return current;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(K key) {
        Object change = pending.get(key);
        if (change == null) {
            return wrapped().get(key);
        }
        return change == DELETED ? null : (V) change;
    }

    /** Writes the pending changes to the store below; called by the task before each commit. */
    @Override
    @SuppressWarnings("unchecked")
    public void flushCache() {
        for (Map.Entry<K, Object> change : pending.entrySet()) {
            if (change.getValue() == DELETED) {
                wrapped().delete(change.getKey());
            } else {
                wrapped().put(change.getKey(), (V) change.getValue());
            }
        }
        pending.clear();
    }

    @Override
    public void clearCache() {
        pending.clear();
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<K, V> listener, boolean sendOldValues) {
        return false; // nothing downstream is fed by this store's flushes
    }

    @Override
    public KeyValueIterator<K, V> range(K from, K to) {
        return wrapped().range(from, to);
    }

    @Override
    public KeyValueIterator<K, V> all() {
        return wrapped().all();
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<K, V> prefixScan(P prefix, PS prefixKeySerializer) {
        return wrapped().prefixScan(prefix, prefixKeySerializer);
    }

    @Override
    public long approximateNumEntries() {
        return wrapped().approximateNumEntries();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        pending.clear();
        super.init(context, root);
    }

    @Override
    public void close() {
        pending.clear();
        super.close();
    }

    /** The builder of the store below, with this layer on top of what it builds. */
    private static final class Builder<K, V> implements StoreBuilder<KeyValueStore<K, V>> {
        private final StoreBuilder<KeyValueStore<K, V>> below;

        Builder(StoreBuilder<KeyValueStore<K, V>> below) {
            this.below = below;
        }

        @Override
        public StoreBuilder<KeyValueStore<K, V>> withCachingEnabled() {
            throw new UnsupportedOperationException("a write-back store is its own cache");
        }

        @Override
        public StoreBuilder<KeyValueStore<K, V>> withCachingDisabled() {
            return this;
        }

        @Override
        public StoreBuilder<KeyValueStore<K, V>> withLoggingEnabled(Map<String, String> config) {
            below.withLoggingEnabled(config);
            return this;
        }

        @Override
        public StoreBuilder<KeyValueStore<K, V>> withLoggingDisabled() {
            below.withLoggingDisabled();
            return this;
        }

        @Override
        public KeyValueStore<K, V> build() {
            return new WriteBackStore<>(below.build());
        }

        @Override
        public Map<String, String> logConfig() {
            return below.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return below.loggingEnabled();
        }

        @Override
        public String name() {
            return below.name();
        }
    }
}

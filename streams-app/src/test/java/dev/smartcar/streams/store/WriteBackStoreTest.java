package dev.smartcar.streams.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteBackStoreTest {

    @TempDir
    java.nio.file.Path stateDir;

    /** Puts each record's value under its key (a negative value deletes it) and forwards what the store then reads. */
    private static final class PutEach implements Processor<String, Long, String, Long> {
        private ProcessorContext<String, Long> context;
        private KeyValueStore<String, Long> store;

        @Override
        public void init(ProcessorContext<String, Long> context) {
            this.context = context;
            this.store = context.getStateStore("speeds");
        }

        @Override
        public void process(Record<String, Long> record) {
            if (record.value() < 0) {
                store.delete(record.key());
            } else {
                store.put(record.key(), record.value());
            }
            context.forward(record.withValue(store.get(record.key()) == null ? -1L : store.get(record.key())));
        }
    }

    @Test
    void theTaskWritesThePendingChangesToTheChangelogBeforeItCommits() {
        Topology topology = new Topology();
        topology.addSource("in", Serdes.String().deserializer(), Serdes.Long().deserializer(), "in")
                .addProcessor("put", PutEach::new, "in")
                .addStateStore(WriteBackStore.on(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("speeds"),
                        Serdes.String(), Serdes.Long())), "put")
                .addSink("out", "out", Serdes.String().serializer(), Serdes.Long().serializer(), "put");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "wb");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        try (TopologyTestDriver driver = new TopologyTestDriver(topology, props)) {
            TestInputTopic<String, Long> in = driver.createInputTopic("in", Serdes.String().serializer(),
                    Serdes.Long().serializer());
            TestOutputTopic<String, Long> out = driver.createOutputTopic("out", Serdes.String().deserializer(),
                    Serdes.Long().deserializer());
            TestOutputTopic<String, Long> changelog = driver.createOutputTopic("wb-speeds-changelog",
                    Serdes.String().deserializer(), Serdes.Long().deserializer());

            // The driver commits after each record: each change must be in the changelog by then. Were the pending
            // changes written only by flush() (after the commit), or never, this list would be short or empty.
            in.pipeInput("N0001", 80L);
            in.pipeInput("N0001", 95L);
            in.pipeInput("N0002", 40L);
            in.pipeInput("N0001", -1L);
            List<KeyValue<String, Long>> logged = changelog.readKeyValuesToList();
            assertEquals(List.of(KeyValue.pair("N0001", 80L), KeyValue.pair("N0001", 95L), KeyValue.pair("N0002", 40L),
                    KeyValue.pair("N0001", (Long) null)), logged);
            // Reads in the processor see its own latest change.
            assertEquals(List.of(80L, 95L, 40L, -1L), out.readValuesToList());

            KeyValueStore<String, Long> store = driver.getKeyValueStore("speeds");
            assertNull(store.get("N0001"));
            assertEquals(40L, store.get("N0002"));
        }
    }

    @Test
    void changesWaitAboveTheStoreUntilFlushedAndAreDroppedWithTheTask() {
        KeyValueStore<String, Long> below = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("speeds"),
                Serdes.String(), Serdes.Long()).withLoggingDisabled().build();
        WriteBackStore<String, Long> store = new WriteBackStore<>(below);
        store.init(new MockProcessorContext<String, Long>().getStateStoreContext(), store);

        store.put("N0001", 80L);
        store.put("N0001", 95L);
        assertEquals(95L, store.get("N0001"));
        assertNull(below.get("N0001"), "nothing reaches the store below before the commit");
        assertFalse(store.all().hasNext(), "range reads show the state as of the last commit");

        store.flushCache();
        assertEquals(95L, below.get("N0001"));

        assertEquals(95L, store.delete("N0001"));
        assertNull(store.get("N0001"));
        assertEquals(95L, below.get("N0001"));

        // The task died before its commit: its change is dropped and its records will be processed again.
        store.clearCache();
        assertEquals(95L, store.get("N0001"));
        store.flushCache();
        List<Long> left = new ArrayList<>();
        try (KeyValueIterator<String, Long> all = store.all()) {
            all.forEachRemaining(kv -> left.add(kv.value));
        }
        assertEquals(List.of(95L), left);
        store.close();
    }

    @Test
    void theKafkaStreamsOnTheClassPathIsAVersionThisTestProved() {
        assertTrue(WriteBackStore.PROVEN_VERSIONS.contains(WriteBackStore.kafkaStreamsVersion()),
                "Kafka Streams " + WriteBackStore.kafkaStreamsVersion()
                        + ": if this test class passes on it, add it to "
                        + "WriteBackStore.PROVEN_VERSIONS");
    }

    @Test
    void anUnprovenVersionKeepsKafkasCachingStore() {
        KeyValueStore<String, Long> proven = WriteBackStore.on(Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore("speeds"), Serdes.String(), Serdes.Long()),
                        WriteBackStore.PROVEN_VERSIONS.iterator().next()).build();
        KeyValueStore<String, Long> unproven = WriteBackStore.on(Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore("speeds"), Serdes.String(), Serdes.Long()), "9.9.9").build();
        assertTrue(proven instanceof WriteBackStore);
        assertFalse(unproven instanceof WriteBackStore, unproven.getClass().getName());
    }
}

package dev.smartcar.schemas.registry;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads the Confluent wire format into an Avro specific record. The writer schema comes from the registry by
 * id; the reader schema is the given class's (schema evolution resolves the two), or, when no class is given,
 * the generated class named like the writer schema.
 */
public class SpecificAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private final Class<T> type;
    private RegistryClient registry;
    private final Map<Integer, SpecificDatumReader<T>> readers = new ConcurrentHashMap<>();

    /** For configuration by class name: reads into the class named by each writer schema. */
    public SpecificAvroDeserializer() {
        this.type = null;
    }

    /** Reads into {@code type}; {@link #configure} must be called. */
    public SpecificAvroDeserializer(Class<T> type) {
        this.type = type;
    }

    /** Already configured, against {@code registry}. */
    public SpecificAvroDeserializer(Class<T> type, RegistryClient registry) {
        this.type = type;
        this.registry = registry;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.registry = RegistryClient.forUrl(new AvroSerdeConfig(configs).registryUrl());
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (registry == null) {
            throw new IllegalStateException("SpecificAvroDeserializer used before configure(): set "
                    + AvroSerdeConfig.SCHEMA_REGISTRY_URL);
        }
        int id = WireFormat.schemaId(topic, data);
        SpecificDatumReader<T> reader = readers.computeIfAbsent(id, this::readerFor);
        try {
            BinaryDecoder decoder = DecoderFactory.get()
                    .binaryDecoder(data, WireFormat.HEADER_SIZE, data.length - WireFormat.HEADER_SIZE, null);
            return reader.read(null, decoder);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("could not read the value on topic " + topic + " written with schema id "
                    + id + " as " + reader.getExpected().getFullName() + ": " + e, e);
        }
    }

    @SuppressWarnings("unchecked")
    private SpecificDatumReader<T> readerFor(int id) {
        Schema writer = registry.schemaById(id);
        Class<?> target = type != null ? type : SpecificData.get().getClass(writer);
        if (target == null || !SpecificRecord.class.isAssignableFrom(target)) {
            throw new SerializationException("schema id " + id + " is " + writer.getFullName()
                    + ", but no generated Avro class of that name is on the classpath");
        }
        SpecificData model = SpecificData.getForClass(target);
        Schema reader;
        try {
            reader = model.getSchema(target);
        } catch (AvroRuntimeException e) {
            throw new SerializationException("cannot read the schema of " + target.getName() + ": " + e.getMessage(),
                    e);
        }
        return new SpecificDatumReader<>(writer, reader, model);
    }
}

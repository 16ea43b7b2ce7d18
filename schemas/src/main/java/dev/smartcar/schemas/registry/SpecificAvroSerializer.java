package dev.smartcar.schemas.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes an Avro specific record in the Confluent wire format. The subject is {@code <topic>-value} (or
 * {@code -key}), Confluent's TopicNameStrategy, so any Confluent-compatible consumer can decode the bytes.
 */
public class SpecificAvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    private RegistryClient registry;
    private boolean autoRegister = true;
    private String subjectSuffix = "-value";
    private final Map<Schema, SpecificDatumWriter<T>> writers = new ConcurrentHashMap<>();

    /** For configuration by class name; {@link #configure} must be called. */
    public SpecificAvroSerializer() {
    }

    /** Already configured, against {@code registry}. */
    public SpecificAvroSerializer(RegistryClient registry, boolean autoRegister, boolean isKey) {
        this.registry = registry;
        this.autoRegister = autoRegister;
        this.subjectSuffix = isKey ? "-key" : "-value";
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig config = new AvroSerdeConfig(configs);
        this.registry = RegistryClient.forUrl(config.registryUrl());
        this.autoRegister = config.autoRegister();
        this.subjectSuffix = isKey ? "-key" : "-value";
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;
        }
        if (registry == null) {
            throw new IllegalStateException("SpecificAvroSerializer used before configure(): set "
                    + AvroSerdeConfig.SCHEMA_REGISTRY_URL);
        }
        Schema schema = record.getSchema();
        int id = schemaId(topic + subjectSuffix, schema);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(128);
            out.write(new byte[WireFormat.HEADER_SIZE]);
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writers.computeIfAbsent(schema, s -> writerFor(s, record)).write(record, encoder);
            encoder.flush();
            byte[] bytes = out.toByteArray();
            WireFormat.writeHeader(bytes, id);
            return bytes;
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("could not write " + schema.getFullName() + " for topic " + topic
                    + " with schema id " + id + ": " + e.getMessage(), e);
        }
    }

    private int schemaId(String subject, Schema schema) {
        if (autoRegister) {
            return registry.register(subject, schema);
        }
        return registry.lookup(subject, schema).orElseThrow(() -> new SerializationException("schema "
                + schema.getFullName() + " is not registered under subject " + subject + " and "
                + AvroSerdeConfig.AUTO_REGISTER_SCHEMAS + " is false: register it first (SchemaRegistration)"));
    }

    private SpecificDatumWriter<T> writerFor(Schema schema, T record) {
        // Generated classes carry their logical-type conversions (timestamp-millis <-> Instant) in their own model.
        if (record instanceof SpecificRecordBase base) {
            return new SpecificDatumWriter<>(schema, base.getSpecificData());
        }
        return new SpecificDatumWriter<>(schema);
    }
}

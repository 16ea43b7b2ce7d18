package dev.smartcar.connect.avro;

import dev.smartcar.schemas.registry.RegistryClient;
import dev.smartcar.schemas.registry.RestRegistryClient;
import dev.smartcar.schemas.registry.WireFormat;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.storage.Converter;

/**
 * Reads values in the Confluent wire format (magic byte, 4-byte schema id, Avro binary) into Connect
 * {@link org.apache.kafka.connect.data.Struct}s, for sinks. The writer schema is fetched from the registry once per
 * id; its Avro reader and Connect schema are built once and kept ({@link StructReader}).
 *
 * <p>Why not Apicurio's or Confluent's {@code AvroConverter}: in the HBase sink's profile
 * ({@code bench/results/2026-12-06T1418Z-hbase/NOTES.md}) Apicurio's took about a quarter of the worker's CPU on the
 * bulk-loaded status day, most of it in {@code AvroData.toConnectData} and a deep {@code Schema.equals} per record
 * in its schema cache. This one does the same for the flat records of the contract and nothing else; it does not
 * write (a source or a producer uses the project's own serializer).
 */
public final class RegistryAvroConverter implements Converter {

    private RegistryClient registry;
    private final Map<Integer, StructReader> readers = new HashMap<>();

    public RegistryAvroConverter() {
    }

    /** Against {@code registry}, already configured (for tests). */
    RegistryAvroConverter(RegistryClient registry) {
        this.registry = registry;
    }

    @Override
    public ConfigDef config() {
        return RegistryAvroConverterConfig.CONFIG_DEF;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        RegistryAvroConverterConfig config = new RegistryAvroConverterConfig(configs);
        String url = config.registryUrl();
        registry = url.startsWith(RegistryClient.MOCK_SCHEME) ? RegistryClient.forUrl(url)
                : RestRegistryClient.withUserInfo(url, config.userInfo());
    }

    @Override
    public byte[] fromConnectData(String topic, Schema schema, Object value) {
        throw new DataException("RegistryAvroConverter only reads (a sink's converter): topic " + topic
                + " cannot be written through it");
    }

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] value) {
        if (value == null) {
            return SchemaAndValue.NULL;
        }
        if (registry == null) {
            throw new IllegalStateException("RegistryAvroConverter used before configure(): set "
                    + RegistryAvroConverterConfig.SCHEMA_REGISTRY_URL);
        }
        int id;
        try {
            id = WireFormat.schemaId(topic, value);
        } catch (SerializationException e) {
            throw new DataException(e.getMessage(), e);
        }
        StructReader reader = readers.computeIfAbsent(id, i -> new StructReader(registry.schemaById(i)));
        try {
            return new SchemaAndValue(reader.connectSchema(),
                    reader.read(value, WireFormat.HEADER_SIZE, value.length - WireFormat.HEADER_SIZE));
        } catch (IOException | RuntimeException e) {
            throw new DataException("could not read a value on topic " + topic + " written with schema id " + id
                    + ": " + e, e);
        }
    }
}

package dev.smartcar.schemas.registry;

import java.util.OptionalInt;
import org.apache.avro.Schema;

/**
 * The part of the Confluent schema registry API the project uses: register a schema under a subject, find an
 * id again, read a schema by id, and set a subject's compatibility. Implementations cache ids both ways, so a
 * serializer asks the registry once per (subject, schema) and a deserializer once per id.
 */
public interface RegistryClient {

    /** Prefix of an in-process registry, shared by every client of the same name (for TopologyTestDriver tests). */
    String MOCK_SCHEME = "mock://";

    /** Registers {@code schema} under {@code subject} (idempotent: the same schema returns the same id). */
    int register(String subject, Schema schema);

    /** The id of {@code schema} if it is already registered under {@code subject}, without registering it. */
    OptionalInt lookup(String subject, Schema schema);

    /** The schema stored under {@code id}. */
    Schema schemaById(int id);

    /** Sets the compatibility level of one subject. */
    void setCompatibility(String subject, CompatibilityLevel level);

    /** The compatibility level of one subject, falling back to the registry's global level. */
    CompatibilityLevel compatibility(String subject);

    /**
     * The client for {@code url}: {@code mock://name} gives the in-memory registry {@code name}; anything else
     * is the base address of a Confluent-compatible REST API (for Apicurio: {@code http://host:port/apis/ccompat/v7}).
     * Clients are shared per address so every serde of a process uses one cache.
     */
    static RegistryClient forUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException(AvroSerdeConfig.SCHEMA_REGISTRY_URL
                    + " is not set: expected the registry's address, e.g. http://127.0.0.1:8081/apis/ccompat/v7, or "
                            + "mock://name");
        }
        String trimmed = url.trim();
        if (trimmed.startsWith(MOCK_SCHEME)) {
            return InMemoryRegistryClient.named(trimmed.substring(MOCK_SCHEME.length()));
        }
        return RestRegistryClient.shared(trimmed);
    }
}

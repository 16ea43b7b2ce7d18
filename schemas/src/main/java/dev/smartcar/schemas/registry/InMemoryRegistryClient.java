package dev.smartcar.schemas.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * An in-process registry for tests ({@code schema.registry.url=mock://name}): every client of the same name
 * sees the same subjects. Behaves like Confluent's: an id per distinct schema (shared across subjects),
 * versions per subject, and compatibility checked on registration (409 on an incompatible schema).
 */
public final class InMemoryRegistryClient implements RegistryClient {

    private static final Map<String, InMemoryRegistryClient> NAMED = new ConcurrentHashMap<>();

    private final Map<Schema, Integer> idsBySchema = new HashMap<>();
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, List<Schema>> versionsBySubject = new HashMap<>();
    private final Map<String, CompatibilityLevel> levelsBySubject = new HashMap<>();
    private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;

    /** The registry called {@code name}, created on first use. */
    public static InMemoryRegistryClient named(String name) {
        return NAMED.computeIfAbsent(name, n -> new InMemoryRegistryClient());
    }

    /** Forgets the registry called {@code name}, so the next test starts empty. */
    public static void drop(String name) {
        NAMED.remove(name);
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        List<Schema> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        if (!versions.contains(schema)) {
            checkCompatible(subject, schema, versions);
            versions.add(schema);
        }
        return idsBySchema.computeIfAbsent(schema, s -> {
            int id = idsBySchema.size() + 1;
            schemasById.put(id, s);
            return id;
        });
    }

    @Override
    public synchronized OptionalInt lookup(String subject, Schema schema) {
        if (!versionsBySubject.getOrDefault(subject, List.of()).contains(schema)) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(idsBySchema.get(schema));
    }

    @Override
    public synchronized Schema schemaById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw new RegistryException("schema id " + id + " not found in mock registry", 404,
                    RegistryException.SCHEMA_NOT_FOUND);
        }
        return schema;
    }

    @Override
    public synchronized void setCompatibility(String subject, CompatibilityLevel level) {
        levelsBySubject.put(subject, level);
    }

    @Override
    public synchronized CompatibilityLevel compatibility(String subject) {
        return levelsBySubject.getOrDefault(subject, globalLevel);
    }

    /** Number of versions registered under {@code subject} (0 if none). */
    public synchronized int versionCount(String subject) {
        return versionsBySubject.getOrDefault(subject, List.of()).size();
    }

    private void checkCompatible(String subject, Schema candidate, List<Schema> versions) {
        if (versions.isEmpty()) {
            return;
        }
        CompatibilityLevel level = compatibility(subject);
        List<Schema> against = level.transitive() ? versions : versions.subList(versions.size() - 1, versions.size());
        for (Schema existing : against) {
            boolean ok = (!level.checksBackward() || canRead(candidate, existing))
                    && (!level.checksForward() || canRead(existing, candidate));
            if (!ok) {
                throw new RegistryException("schema " + candidate.getFullName()
                        + " is incompatible with an earlier version of subject "
                        + subject + " under " + level, 409, RegistryException.INCOMPATIBLE);
            }
        }
    }

    private static boolean canRead(Schema reader, Schema writer) {
        return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType()
                == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
    }
}

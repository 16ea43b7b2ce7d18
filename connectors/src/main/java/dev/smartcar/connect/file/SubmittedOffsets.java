package dev.smartcar.connect.file;

import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * What both file sources check in offsets a user submits through Connect's {@code PATCH /connectors/{name}/offsets}
 * (KIP-875): the partition is exactly {@code {"file": <identity key>}}, the offset has only known keys, numbers are
 * whole and not negative, the fingerprint is in its stored form. Each error names the partition and the key.
 */
public final class SubmittedOffsets {

    /** The source partition key of both file sources: the file's identity ({@link FileIdentity#key()}). */
    public static final String PARTITION_FILE = "file";

    private SubmittedOffsets() { }

    /** Checks each non-null offset's partition and keys, then hands it to {@code rest} for its values. */
    public static void check(Map<Map<String, ?>, Map<String, ?>> offsets, Set<String> allowed, String expected,
                             java.util.function.BiConsumer<Map<String, ?>, Map<String, ?>> rest) {
        for (Map.Entry<Map<String, ?>, Map<String, ?>> e : offsets.entrySet()) {
            Map<String, ?> offset = e.getValue();
            if (offset == null) {
                continue;   // a reset is always allowed, so stale partitions can be cleared
            }
            checkPartition(e.getKey());
            onlyKeys(e.getKey(), offset, allowed, expected);
            rest.accept(e.getKey(), offset);
        }
    }

    public static void checkPartition(Map<String, ?> partition) {
        if (partition == null) {
            throw new ConnectException("A partition is null; expected {\"" + PARTITION_FILE + "\": <file identity>}");
        }
        Object key = partition.get(PARTITION_FILE);
        // The task looks offsets up by exactly {file}: a partition with other keys would never be read.
        if (partition.size() != 1 || !(key instanceof String text) || text.isEmpty()) {
            throw new ConnectException("Partition " + partition + " is not one of this connector's: expected"
                    + " exactly {\"" + PARTITION_FILE + "\": <file identity, e.g. dev2049-ino131>}");
        }
    }

    /** Refuses a key outside {@code allowed}; {@code expected} says in words which keys are. */
    public static void onlyKeys(Map<String, ?> partition, Map<String, ?> offset, Set<String> allowed, String expected) {
        for (String key : offset.keySet()) {
            if (!allowed.contains(key)) {
                throw bad(partition, "has the unknown key '" + key + "'; expected " + expected);
            }
        }
    }

    /**
     * A Long, as the worker hands JSON numbers over (it normalises offsets as if read from its offsets topic), or an
     * Integer, as a caller in the same JVM may write it; never a decimal or a string.
     */
    public static boolean wholeNumberAtLeastZero(Object value) {
        return (value instanceof Long || value instanceof Integer) && ((Number) value).longValue() >= 0;
    }

    /** The fingerprint in its stored form, or null when it is not one. */
    public static Fingerprint fingerprint(Object value) {
        Fingerprint f = Fingerprint.decode(value);
        return f != null && f.length() >= 0 && f.length() <= Fingerprint.MAX_BYTES ? f : null;
    }

    /** Without a fingerprint that matches the file, the task would not trust the offset and start at byte 0. */
    public static void requireFingerprint(Map<String, ?> partition, String key, Object value) {
        if (fingerprint(value) == null) {
            throw bad(partition, "'" + key + "' must be the file's fingerprint as the connector writes it,"
                    + " length:crc-hex (e.g. 1024:1f2e3d4c; GET the offsets to see it); got " + describe(value));
        }
    }

    public static ConnectException bad(Map<String, ?> partition, String problem) {
        return new ConnectException("Offset of partition " + partition + ": " + problem);
    }

    public static String describe(Object value) {
        return value == null ? "nothing" : "'" + value + "' (" + value.getClass().getSimpleName() + ")";
    }
}

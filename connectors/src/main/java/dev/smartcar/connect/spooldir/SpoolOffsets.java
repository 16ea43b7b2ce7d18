package dev.smartcar.connect.spooldir;

import dev.smartcar.connect.file.Fingerprint;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Checks offsets a user submits through Connect's {@code PATCH /connectors/{name}/offsets} (KIP-875) against the
 * layout {@link SpoolFile} writes: partition {@code {"file": <identity key>}}, offset {@code position} (byte
 * position after the last line sent, uncompressed for a gzip file), {@code line} (lines sent) and
 * {@code fingerprint} ({@code length:crc-hex} of the first bytes). A null offset (a reset) is always allowed, so
 * stale partitions can be cleared.
 */
final class SpoolOffsets {

    private static final Set<String> OFFSET_KEYS =
            Set.of(SpoolFile.OFFSET_POSITION, SpoolFile.OFFSET_LINE, SpoolFile.OFFSET_FINGERPRINT);

    private SpoolOffsets() { }

    static void check(Map<Map<String, ?>, Map<String, ?>> offsets) {
        for (Map.Entry<Map<String, ?>, Map<String, ?>> e : offsets.entrySet()) {
            Map<String, ?> offset = e.getValue();
            if (offset == null) {
                continue;
            }
            Map<String, ?> partition = e.getKey();
            checkPartition(partition);
            for (String key : offset.keySet()) {
                if (!OFFSET_KEYS.contains(key)) {
                    throw bad(partition, "has the unknown key '" + key + "'; expected " + SpoolFile.OFFSET_POSITION
                            + ", " + SpoolFile.OFFSET_LINE + " and " + SpoolFile.OFFSET_FINGERPRINT);
                }
            }
            for (String key : new String[] {SpoolFile.OFFSET_POSITION, SpoolFile.OFFSET_LINE}) {
                Object value = offset.get(key);
                if (!wholeNumberAtLeastZero(value)) {
                    throw bad(partition, "'" + key + "' must be a whole number >= 0; got " + describe(value));
                }
            }
            // Without a fingerprint that matches the file, the task would not trust the offset and start at 0.
            Object fingerprint = offset.get(SpoolFile.OFFSET_FINGERPRINT);
            Fingerprint f = Fingerprint.decode(fingerprint);
            if (f == null || f.length() < 0 || f.length() > Fingerprint.MAX_BYTES) {
                throw bad(partition, "'" + SpoolFile.OFFSET_FINGERPRINT + "' must be the file's fingerprint as the"
                        + " connector writes it, length:crc-hex (e.g. 1024:1f2e3d4c; GET the offsets to see it);"
                        + " got " + describe(fingerprint));
            }
        }
    }

    private static void checkPartition(Map<String, ?> partition) {
        if (partition == null) {
            throw new ConnectException("A partition is null; expected {\"" + SpoolFile.PARTITION_FILE
                    + "\": <file identity>}");
        }
        Object key = partition.get(SpoolFile.PARTITION_FILE);
        // The task looks offsets up by exactly {file}: a partition with other keys would never be read.
        if (partition.size() != 1 || !(key instanceof String text) || text.isEmpty()) {
            throw new ConnectException("Partition " + partition + " is not one of this connector's: expected"
                    + " exactly {\"" + SpoolFile.PARTITION_FILE + "\": <file identity, e.g. dev2049-ino131>}");
        }
    }

    /**
     * A Long, as the worker hands JSON numbers over (it normalises offsets as if read from its offsets topic), or an
     * Integer, as a caller in the same JVM may write it; never a decimal or a string.
     */
    private static boolean wholeNumberAtLeastZero(Object value) {
        return (value instanceof Long || value instanceof Integer) && ((Number) value).longValue() >= 0;
    }

    private static ConnectException bad(Map<String, ?> partition, String problem) {
        return new ConnectException("Offset of partition " + partition + ": " + problem);
    }

    private static String describe(Object value) {
        return value == null ? "nothing" : "'" + value + "' (" + value.getClass().getSimpleName() + ")";
    }
}

package dev.smartcar.connect.tail;

import dev.smartcar.connect.file.Fingerprint;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Checks offsets a user submits through Connect's {@code PATCH /connectors/{name}/offsets} (KIP-875) against the
 * layout {@link TailedFile} writes: partition {@code {"file": <identity key>}}, offset {@code position} (byte
 * position of the next line), {@code fingerprint} ({@code length:crc-hex} of the first bytes) and, after a
 * copy-truncate, {@code earlier}. A null offset (a reset) is always allowed, so stale partitions can be cleared.
 */
final class TailOffsets {

    private static final Set<String> OFFSET_KEYS =
            Set.of(TailedFile.OFFSET_POSITION, TailedFile.OFFSET_FINGERPRINT, TailedFile.OFFSET_EARLIER);

    private TailOffsets() { }

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
                    throw bad(partition, "has the unknown key '" + key + "'; expected " + TailedFile.OFFSET_POSITION
                            + ", " + TailedFile.OFFSET_FINGERPRINT + " and, optionally, " + TailedFile.OFFSET_EARLIER);
                }
            }
            Object position = offset.get(TailedFile.OFFSET_POSITION);
            if (!wholeNumberAtLeastZero(position)) {
                throw bad(partition, "'" + TailedFile.OFFSET_POSITION + "' must be a byte position, a whole number"
                        + " >= 0; got " + describe(position));
            }
            // Without a fingerprint that matches the file, the task would not trust the position and start at 0.
            if (fingerprint(offset.get(TailedFile.OFFSET_FINGERPRINT)) == null) {
                throw bad(partition, "'" + TailedFile.OFFSET_FINGERPRINT + "' must be the file's fingerprint as the"
                        + " connector writes it, length:crc-hex (e.g. 1024:1f2e3d4c; GET the offsets to see it);"
                        + " got " + describe(offset.get(TailedFile.OFFSET_FINGERPRINT)));
            }
            Object earlier = offset.get(TailedFile.OFFSET_EARLIER);
            if (earlier != null && !earlierContents(earlier)) {
                throw bad(partition, "'" + TailedFile.OFFSET_EARLIER + "' must be empty or entries"
                        + " fingerprint@position separated by ';'; got " + describe(earlier));
            }
        }
    }

    private static void checkPartition(Map<String, ?> partition) {
        if (partition == null) {
            throw new ConnectException("A partition is null; expected {\"" + TailedFile.PARTITION_FILE
                    + "\": <file identity>}");
        }
        Object key = partition.get(TailedFile.PARTITION_FILE);
        // The task looks offsets up by exactly {file}: a partition with other keys would never be read.
        if (partition.size() != 1 || !(key instanceof String text) || text.isEmpty()) {
            throw new ConnectException("Partition " + partition + " is not one of this connector's: expected"
                    + " exactly {\"" + TailedFile.PARTITION_FILE + "\": <file identity, e.g. dev2049-ino131>}");
        }
    }

    /**
     * A Long, as the worker hands JSON numbers over (it normalises offsets as if read from its offsets topic), or an
     * Integer, as a caller in the same JVM may write it; never a decimal or a string.
     */
    private static boolean wholeNumberAtLeastZero(Object value) {
        return (value instanceof Long || value instanceof Integer) && ((Number) value).longValue() >= 0;
    }

    /** The fingerprint in its stored form, or null when it is not one. */
    private static Fingerprint fingerprint(Object value) {
        Fingerprint f = Fingerprint.decode(value);
        return f != null && f.length() >= 0 && f.length() <= Fingerprint.MAX_BYTES ? f : null;
    }

    private static boolean earlierContents(Object value) {
        if (!(value instanceof String text)) {
            return false;
        }
        if (text.isEmpty()) {
            return true;
        }
        for (String entry : text.split(";", -1)) {
            int at = entry.lastIndexOf('@');
            if (at <= 0 || fingerprint(entry.substring(0, at)) == null || !entry.substring(at + 1).matches("[0-9]{1,18}")) {
                return false;
            }
        }
        return true;
    }

    private static ConnectException bad(Map<String, ?> partition, String problem) {
        return new ConnectException("Offset of partition " + partition + ": " + problem);
    }

    private static String describe(Object value) {
        return value == null ? "nothing" : "'" + value + "' (" + value.getClass().getSimpleName() + ")";
    }
}

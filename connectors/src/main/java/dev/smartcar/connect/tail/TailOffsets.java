package dev.smartcar.connect.tail;

import static dev.smartcar.connect.file.SubmittedOffsets.bad;
import static dev.smartcar.connect.file.SubmittedOffsets.describe;
import static dev.smartcar.connect.file.SubmittedOffsets.fingerprint;

import dev.smartcar.connect.file.SubmittedOffsets;
import java.util.Map;
import java.util.Set;

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
        SubmittedOffsets.check(offsets, OFFSET_KEYS, TailedFile.OFFSET_POSITION + ", " + TailedFile.OFFSET_FINGERPRINT
                + " and, optionally, " + TailedFile.OFFSET_EARLIER, (partition, offset) -> {
                    Object position = offset.get(TailedFile.OFFSET_POSITION);
                    if (!SubmittedOffsets.wholeNumberAtLeastZero(position)) {
                        throw bad(partition, "'" + TailedFile.OFFSET_POSITION + "' must be a byte position, a whole"
                                + " number >= 0; got " + describe(position));
                    }
                    SubmittedOffsets.requireFingerprint(partition, TailedFile.OFFSET_FINGERPRINT,
                            offset.get(TailedFile.OFFSET_FINGERPRINT));
                    Object earlier = offset.get(TailedFile.OFFSET_EARLIER);
                    if (earlier != null && !earlierContents(earlier)) {
                        throw bad(partition, "'" + TailedFile.OFFSET_EARLIER + "' must be empty or entries"
                                + " fingerprint@position separated by ';'; got " + describe(earlier));
                    }
                });
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
            if (at <= 0 || fingerprint(entry.substring(0, at)) == null || !entry.substring(at
                    + 1).matches("[0-9]{1,18}")) {
                return false;
            }
        }
        return true;
    }
}

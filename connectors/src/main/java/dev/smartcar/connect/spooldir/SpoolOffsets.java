package dev.smartcar.connect.spooldir;

import static dev.smartcar.connect.file.SubmittedOffsets.bad;
import static dev.smartcar.connect.file.SubmittedOffsets.describe;

import dev.smartcar.connect.file.SubmittedOffsets;
import java.util.Map;
import java.util.Set;

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
        SubmittedOffsets.check(offsets, OFFSET_KEYS, SpoolFile.OFFSET_POSITION + ", " + SpoolFile.OFFSET_LINE + " and "
                + SpoolFile.OFFSET_FINGERPRINT, (partition, offset) -> {
                    for (String key : new String[] {SpoolFile.OFFSET_POSITION, SpoolFile.OFFSET_LINE}) {
                        Object value = offset.get(key);
                        if (!SubmittedOffsets.wholeNumberAtLeastZero(value)) {
                            throw bad(partition, "'" + key + "' must be a whole number >= 0; got " + describe(value));
                        }
                    }
                    SubmittedOffsets.requireFingerprint(partition, SpoolFile.OFFSET_FINGERPRINT,
                            offset.get(SpoolFile.OFFSET_FINGERPRINT));
                });
    }
}

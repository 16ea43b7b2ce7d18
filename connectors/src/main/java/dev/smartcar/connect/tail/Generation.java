package dev.smartcar.connect.tail;

import dev.smartcar.connect.file.Fingerprint;
import java.util.ArrayList;
import java.util.List;

/**
 * An earlier content of a followed file, before a copy-truncate: how it started and how far it had been read.
 * Kept in the file's offsets, so that a copy found later — even after a restart — is read from that point on
 * and not sent again from its start. Also, in memory, a plain file closed after its end, for its compressed form
 * found later ({@link CompressedGenerations}).
 */
record Generation(Fingerprint fingerprint, long position) {

    static final int KEPT = 8;

    String encode() {
        return fingerprint.encode() + "@" + position;
    }

    /** Reads {@link #encodeAll}'s form; entries that cannot be read are left out (then not trusted). */
    static List<Generation> decodeAll(Object encoded) {
        List<Generation> generations = new ArrayList<>();
        if (!(encoded instanceof String text) || text.isEmpty()) {
            return generations;
        }
        for (String entry : text.split(";")) {
            int at = entry.lastIndexOf('@');
            Fingerprint fingerprint = at > 0 ? Fingerprint.decode(entry.substring(0, at)) : null;
            if (fingerprint == null) {
                continue;
            }
            try {
                generations.add(new Generation(fingerprint, Long.parseLong(entry.substring(at + 1))));
            } catch (NumberFormatException e) {
                // skip it
            }
        }
        return generations;
    }

    static String encodeAll(List<Generation> generations) {
        return String.join(";", generations.stream().map(Generation::encode).toList());
    }
}

package dev.smartcar.connect.spooldir;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

/** Offsets submitted through {@code PATCH /connectors/{name}/offsets} (KIP-875), as Kafka's FileStreamSource tests. */
class SpoolDirSourceConnectorOffsetsTest {

    static final Map<String, String> CONFIG = Map.of(SpoolDirSourceConfig.SPOOL_DIR, "/data/spool");
    static final Map<String, Object> PARTITION = Map.of("file", "dev2049-ino131");

    final SpoolDirSourceConnector connector = new SpoolDirSourceConnector();

    static Map<String, Object> offset(Object position, Object line, Object fingerprint) {
        Map<String, Object> offset = new HashMap<>();
        offset.put("position", position);
        offset.put("line", line);
        offset.put("fingerprint", fingerprint);
        return offset;
    }

    boolean alter(Map<String, ?> partition, Map<String, ?> offset) {
        Map<Map<String, ?>, Map<String, ?>> offsets = new HashMap<>();
        offsets.put(partition, offset);
        return connector.alterOffsets(CONFIG, offsets);
    }

    String refusal(Map<String, ?> partition, Map<String, ?> offset) {
        return assertThrows(ConnectException.class, () -> alter(partition, offset)).getMessage();
    }

    @Test
    void anOffsetAsTheConnectorWritesItIsAccepted() {
        assertTrue(alter(PARTITION, offset(4820L, 100L, "1024:1f2e3d4c")));
        assertTrue(alter(PARTITION, offset(0L, 0L, "0:0")));
    }

    @Test
    void aResetIsAllowedForAnyPartition() {
        assertTrue(alter(PARTITION, null));
        assertTrue(alter(Map.of("filename", "/data/spool/x.txt"), null));
    }

    @Test
    void aWrongPartitionIsNamed() {
        String m = refusal(Map.of("filename", "/data/spool/x.txt"), offset(10L, 1L, "1024:1f"));
        assertTrue(m.contains("{filename=/data/spool/x.txt}") && m.contains("\"file\""), m);
        assertTrue(refusal(Map.of("file", ""), offset(10L, 1L, "1024:1f")).contains("is not one of this connector's"));
        assertTrue(refusal(null, offset(10L, 1L, "1024:1f")).contains("A partition is null"));
    }

    @Test
    void everyKeyIsNeededAndNoOther() {
        Map<String, Object> withoutLine = offset(10L, 1L, "1024:1f");
        withoutLine.remove("line");
        assertTrue(refusal(PARTITION, withoutLine).contains("'line' must be a whole number >= 0; got nothing"));
        Map<String, Object> extra = offset(10L, 1L, "1024:1f");
        extra.put("earlier", "");
        String m = refusal(PARTITION, extra);
        assertTrue(m.contains("dev2049-ino131") && m.contains("unknown key 'earlier'"), m);
    }

    @Test
    void positionAndLineMustBeWholeNumbersAtLeastZero() {
        Function<Object, Boolean> alterPosition = position -> alter(PARTITION, offset(position, 1L, "1024:1f"));
        Function<Object, Boolean> alterLine = line -> alter(PARTITION, offset(10L, line, "1024:1f"));
        for (Object bad : new Object[] {"nan", null, new Object(), 3.14, -420L, -1, "-420", "10"}) {
            assertTrue(assertThrows(ConnectException.class, () -> alterPosition.apply(bad)).getMessage()
                    .contains("'position' must be a whole number >= 0"));
            assertTrue(assertThrows(ConnectException.class, () -> alterLine.apply(bad)).getMessage()
                    .contains("'line' must be a whole number >= 0"));
        }
        assertTrue(alterPosition.apply(10L));
        assertTrue(alterPosition.apply(0));
        assertTrue(alterLine.apply(0L));
    }

    @Test
    void fingerprintMustHaveItsForm() {
        for (Object bad : new Object[] {null, "", "1f2e", "x:1f", "1024:zz", "2048:1f", 1024L}) {
            String m = refusal(PARTITION, offset(10L, 1L, bad));
            assertTrue(m.contains("'fingerprint' must be the file's fingerprint"), m);
        }
    }
}

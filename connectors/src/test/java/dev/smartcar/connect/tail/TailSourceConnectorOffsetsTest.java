package dev.smartcar.connect.tail;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

/** Offsets submitted through {@code PATCH /connectors/{name}/offsets} (KIP-875), as Kafka's FileStreamSource tests. */
class TailSourceConnectorOffsetsTest {

    static final Map<String, String> CONFIG = Map.of(TailSourceConfig.FILES, "/var/log/SmartCarDriverInfo.log*");
    static final Map<String, Object> PARTITION = Map.of("file", "dev2049-ino131");

    final TailSourceConnector connector = new TailSourceConnector();

    static Map<String, Object> offset(Object position, Object fingerprint) {
        Map<String, Object> offset = new HashMap<>();
        offset.put("position", position);
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
        assertTrue(alter(PARTITION, offset(10L, "1024:1f2e3d4c")));
        assertTrue(alter(PARTITION, offset(0L, "0:0")));
        Map<String, Object> afterCopyTruncate = offset(3L, "1024:1f2e3d4c");
        afterCopyTruncate.put("earlier", "1024:abc@52000;300:ff@12");
        assertTrue(alter(PARTITION, afterCopyTruncate));
        afterCopyTruncate.put("earlier", "");
        assertTrue(alter(PARTITION, afterCopyTruncate));
    }

    @Test
    void aResetIsAllowedForAnyPartition() {
        assertTrue(alter(PARTITION, null));
        assertTrue(alter(Map.of("something", "else"), null));
    }

    @Test
    void aWrongPartitionIsNamed() {
        String m = refusal(Map.of("filename", "/var/log/x.log"), offset(10L, "1024:1f"));
        assertTrue(m.contains("{filename=/var/log/x.log}") && m.contains("\"file\""), m);
        assertTrue(refusal(Map.of("file", 42L), offset(10L, "1024:1f")).contains("is not one of this connector's"));
        assertTrue(refusal(Map.of("file", "dev1-ino2", "extra", "x"), offset(10L, "1024:1f"))
                .contains("is not one of this connector's"));
        assertTrue(refusal(null, offset(10L, "1024:1f")).contains("A partition is null"));
    }

    @Test
    void anUnknownOffsetKeyIsNamed() {
        Map<String, Object> offset = offset(10L, "1024:1f");
        offset.put("line", 3L);
        String m = refusal(PARTITION, offset);
        assertTrue(m.contains("dev2049-ino131") && m.contains("unknown key 'line'"), m);
    }

    @Test
    void positionMustBeAWholeNumberAtLeastZero() {
        Function<Object, Boolean> alterPosition = position -> alter(PARTITION, offset(position, "1024:1f"));
        for (Object bad : new Object[] {"nan", null, new Object(), 3.14, -420L, -1, "-420", "10"}) {
            ConnectException e = assertThrows(ConnectException.class, () -> alterPosition.apply(bad),
                    String.valueOf(bad));
            assertTrue(e.getMessage().contains("'position' must be a byte position"), e.getMessage());
        }
        assertTrue(alterPosition.apply(10L));
        assertTrue(alterPosition.apply(0L));
        assertTrue(alterPosition.apply(10));
    }

    @Test
    void fingerprintAndEarlierMustHaveTheirForm() {
        for (Object bad : new Object[] {null, "", "1f2e", "x:1f", "1024:zz", "2048:1f", "-1:1f", 1024L}) {
            String m = refusal(PARTITION, offset(10L, bad));
            assertTrue(m.contains("'fingerprint' must be the file's fingerprint"), m);
        }
        for (Object bad : new Object[] {"1024:1f", "1024:1f@", "1024:1f@x", "@5", "1024:1f@5;", 7L}) {
            Map<String, Object> offset = offset(10L, "1024:1f");
            offset.put("earlier", bad);
            String m = refusal(PARTITION, offset);
            assertTrue(m.contains("'earlier' must be empty or entries"), m);
        }
    }

    @Test
    void everyPartitionOfARequestIsChecked() {
        Map<Map<String, ?>, Map<String, ?>> offsets = new HashMap<>();
        offsets.put(PARTITION, offset(10L, "1024:1f"));
        offsets.put(Map.of("file", "dev2049-ino132"), offset(-5L, "1024:1f"));
        String m = assertThrows(ConnectException.class, () -> connector.alterOffsets(CONFIG, offsets)).getMessage();
        assertTrue(m.contains("dev2049-ino132") && m.contains("-5"), m);
    }
}

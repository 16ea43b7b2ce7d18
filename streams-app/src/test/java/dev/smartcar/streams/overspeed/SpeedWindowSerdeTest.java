package dev.smartcar.streams.overspeed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/** The window's changelog format is unchanged (version 1, DataOutput layout), so existing changelogs restore. */
class SpeedWindowSerdeTest {

    private final Serde<SpeedWindow> serde = SpeedWindow.serde();

    private static byte[] dataOutputLayout(SpeedWindow w) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1);
            out.writeLong(w.speedSum());
            out.writeInt(w.count());
            out.writeInt(w.maxSpeed());
            out.writeLong(w.firstDate());
            out.writeLong(w.lastDate());
            out.writeUTF(w.lastArea());
        }
        return bytes.toByteArray();
    }

    @Test
    void writesTheDataOutputLayoutAndReadsItBack() throws IOException {
        for (SpeedWindow w : new SpeedWindow[] {
                new SpeedWindow(2_431, 30, 118, 1_584_803_400_000L, 1_584_803_429_000L, "C04"),
                new SpeedWindow(0, 1, 0, -1L, Long.MAX_VALUE, "F10"),
                new SpeedWindow(5, 1, 5, 0L, 0L, "Zoné\u0000")}) {   // not an area the parser passes: the slow path
            byte[] written = serde.serializer().serialize("changelog", w);
            assertArrayEquals(dataOutputLayout(w), written, w.toString());
            assertEquals(w, serde.deserializer().deserialize("changelog", written));
        }
    }
}

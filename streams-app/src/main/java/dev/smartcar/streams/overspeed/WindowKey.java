package dev.smartcar.streams.overspeed;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * One car's window: stored as the car number's bytes then the window start as 8 big-endian bytes, so the
 * store keeps a car's windows together in time order and {@code prefixScan(car)} finds them.
 */
public record WindowKey(String car, long start) {

    public static Serde<WindowKey> serde() {
        return Serdes.serdeFrom(new KeySerializer(), new KeyDeserializer());
    }

    private static final class KeySerializer implements Serializer<WindowKey> {
        @Override
        public byte[] serialize(String topic, WindowKey key) {
            if (key == null) {
                return null;
            }
            byte[] car = key.car().getBytes(StandardCharsets.UTF_8);
            return ByteBuffer.allocate(car.length + Long.BYTES).put(car).putLong(key.start()).array();
        }
    }

    private static final class KeyDeserializer implements Deserializer<WindowKey> {
        @Override
        public WindowKey deserialize(String topic, byte[] data) {
            if (data == null) {
                return null;
            }
            if (data.length <= Long.BYTES) {
                throw new SerializationException("window key of " + data.length + " bytes on " + topic
                        + ": expected a car number and an 8-byte window start");
            }
            int carLength = data.length - Long.BYTES;
            String car = new String(Arrays.copyOf(data, carLength), StandardCharsets.UTF_8);
            return new WindowKey(car, ByteBuffer.wrap(data, carLength, Long.BYTES).getLong());
        }
    }
}

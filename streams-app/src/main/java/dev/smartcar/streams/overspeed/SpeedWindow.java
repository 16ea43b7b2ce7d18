package dev.smartcar.streams.overspeed;

import dev.smartcar.avro.DrivingRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * What a car's window has seen so far: the speed sum and count (the average is sum / count, computed once, at
 * the close), the highest speed, the earliest and latest record times and the area of the latest record.
 */
public record SpeedWindow(long speedSum, int count, int maxSpeed, long firstDate, long lastDate, String lastArea) {

    private static final byte FORMAT_VERSION = 1;

    static SpeedWindow first(DrivingRecord record, long timestamp) {
        return new SpeedWindow(record.getSpeed(), 1, record.getSpeed(), timestamp, timestamp, record.getAreaNumber());
    }

    SpeedWindow add(DrivingRecord record, long timestamp) {
        // "Last" is by time, not by arrival: a record that arrives late but is newer still wins; ties go to arrival.
        boolean newest = timestamp >= lastDate;
        return new SpeedWindow(speedSum + record.getSpeed(), count + 1, Math.max(maxSpeed, record.getSpeed()),
                Math.min(firstDate, timestamp), newest ? timestamp : lastDate, newest ? record.getAreaNumber()
                        : lastArea);
    }

    public double average() {
        return (double) speedSum / count;
    }

    /** Exactly whether sum / count > threshold, without floating-point rounding at the boundary. */
    boolean averageAbove(BigDecimal threshold) {
        return BigDecimal.valueOf(speedSum).compareTo(threshold.multiply(BigDecimal.valueOf(count))) > 0;
    }

    public static Serde<SpeedWindow> serde() {
        return Serdes.serdeFrom(
                (topic, w) -> w == null ? null : write(w),
                (topic, bytes) -> bytes == null ? null : read(topic, bytes));
    }

    /** Fixed part of the format: version, sum, count, max, first, last, and writeUTF's 2-byte length. */
    private static final int FIXED_BYTES = 1 + Long.BYTES + Integer.BYTES + Integer.BYTES + Long.BYTES + Long.BYTES + 2;

    private static byte[] write(SpeedWindow w) {
        // Written on every record: an area is plain ASCII (A01..F10), for which DataOutput.writeUTF's modified
        // UTF-8 is the bytes themselves, so one exact-size array, with the same bytes, instead of two streams.
        String area = w.lastArea;
        int n = area.length();
        byte[] out = new byte[FIXED_BYTES + n];
        ByteBuffer buffer = ByteBuffer.wrap(out);
        buffer.put(FORMAT_VERSION).putLong(w.speedSum).putInt(w.count).putInt(w.maxSpeed)
                .putLong(w.firstDate).putLong(w.lastDate).putShort((short) n);
        for (int i = 0; i < n; i++) {
            char c = area.charAt(i);
            if (c == 0 || c > 0x7f) {
                return writeWithStreams(w);
            }
            out[FIXED_BYTES + i] = (byte) c;
        }
        return out;
    }

    private static byte[] writeWithStreams(SpeedWindow w) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(48);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_VERSION);
            out.writeLong(w.speedSum);
            out.writeInt(w.count);
            out.writeInt(w.maxSpeed);
            out.writeLong(w.firstDate);
            out.writeLong(w.lastDate);
            out.writeUTF(w.lastArea);
        } catch (IOException e) {
            throw new SerializationException("cannot write a speed window", e);
        }
        return bytes.toByteArray();
    }

    private static SpeedWindow read(String topic, byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != FORMAT_VERSION) {
                throw new SerializationException("speed window on " + topic + " has format " + version
                        + ", expected " + FORMAT_VERSION);
            }
            return new SpeedWindow(in.readLong(), in.readInt(), in.readInt(), in.readLong(), in.readLong(),
                    in.readUTF());
        } catch (IOException e) {
            throw new SerializationException("cannot read a speed window of " + bytes.length + " bytes on " + topic, e);
        }
    }
}

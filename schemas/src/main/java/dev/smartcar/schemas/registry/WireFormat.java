package dev.smartcar.schemas.registry;

import org.apache.kafka.common.errors.SerializationException;

/** Confluent's wire format: magic byte 0, the schema id as a 4-byte big-endian int, then the Avro binary body. */
public final class WireFormat {

    static final byte MAGIC_BYTE = 0;
    public static final int HEADER_SIZE = 5;

    private WireFormat() {
    }

    static void writeHeader(byte[] target, int schemaId) {
        target[0] = MAGIC_BYTE;
        target[1] = (byte) (schemaId >>> 24);
        target[2] = (byte) (schemaId >>> 16);
        target[3] = (byte) (schemaId >>> 8);
        target[4] = (byte) schemaId;
    }

    /** The schema id of a framed value, with an error naming the topic when the bytes are not in this format. */
    public static int schemaId(String topic, byte[] data) {
        if (data.length < HEADER_SIZE) {
            throw new SerializationException("value on topic " + topic + " has " + data.length
                    + " bytes: expected at least 5 (magic byte 0 + 4-byte schema id) of the Confluent wire format");
        }
        if (data[0] != MAGIC_BYTE) {
            throw new SerializationException("value on topic " + topic + " starts with byte " + (data[0] & 0xff)
                    + ": expected the Confluent wire format's magic byte 0");
        }
        return ((data[1] & 0xff) << 24) | ((data[2] & 0xff) << 16) | ((data[3] & 0xff) << 8) | (data[4] & 0xff);
    }
}

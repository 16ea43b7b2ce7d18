package dev.smartcar.streams.overspeed;

import dev.smartcar.avro.DrivingRecord;
import dev.smartcar.schemas.log.DrivingLineParser;
import dev.smartcar.schemas.log.ParseResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The car clock changelog's format, version 1 (a byte), then the clock, the closed bound, the timeline's start, the
 * closed spans and the held records (each as its original line, its Kafka timestamp and its headers). Changing it
 * means a new version that still reads this one: a changelog written by an earlier build is restored at start
 * (CarClockSerdeTest holds version 1's bytes).
 */
public final class CarClockSerde {

    private static final byte FORMAT_VERSION = 1;

    private CarClockSerde() {
    }

    public static Serde<CarClock> serde(DrivingLineParser parser) {
        return Serdes.serdeFrom(
                (topic, clock) -> clock == null ? null : write(clock),
                (topic, bytes) -> bytes == null ? null : read(topic, bytes, parser));
    }

    private static byte[] write(CarClock c) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_VERSION);
            out.writeLong(c.time());
            out.writeLong(c.closedBefore());
            out.writeLong(c.timelineFrom());
            out.writeInt(c.closedSpans().length / 2);
            for (long bound : c.closedSpans()) {
                out.writeLong(bound);
            }
            out.writeInt(c.held().size());
            for (CarClock.HeldRecord h : c.held()) {
                // The line, not the Avro record: it is what the set-aside topic gets, and it parses back exactly.
                out.writeUTF(DrivingLineText.of(h.record()));
                out.writeLong(h.timestamp());
                Header[] headers = h.headers().toArray();
                out.writeInt(headers.length);
                for (Header header : headers) {
                    out.writeUTF(header.key());
                    byte[] value = header.value();
                    out.writeInt(value == null ? -1 : value.length);
                    if (value != null) {
                        out.write(value);
                    }
                }
            }
        } catch (IOException e) {
            throw new SerializationException("cannot write a car clock", e);
        }
        return bytes.toByteArray();
    }

    private static CarClock read(String topic, byte[] bytes, DrivingLineParser parser) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != FORMAT_VERSION) {
                throw new SerializationException("car clock on " + topic + " has format " + version
                        + ", expected " + FORMAT_VERSION);
            }
            long time = in.readLong();
            long closedBefore = in.readLong();
            long timelineFrom = in.readLong();
            int spans = in.readInt();
            long[] closedSpans = spans == 0 ? CarClock.NO_SPANS : new long[spans * 2];
            for (int i = 0; i < spans * 2; i++) {
                closedSpans[i] = in.readLong();
            }
            int heldCount = in.readInt();
            List<CarClock.HeldRecord> held = new ArrayList<>(heldCount);
            for (int i = 0; i < heldCount; i++) {
                String line = in.readUTF();
                long timestamp = in.readLong();
                int headerCount = in.readInt();
                RecordHeaders headers = new RecordHeaders();
                for (int h = 0; h < headerCount; h++) {
                    String key = in.readUTF();
                    int length = in.readInt();
                    byte[] value = length < 0 ? null : in.readNBytes(length);
                    headers.add(key, value);
                }
                ParseResult<DrivingRecord> parsed = parser.parse(line.getBytes(StandardCharsets.US_ASCII));
                if (!parsed.isValid()) {
                    throw new SerializationException("held line '" + line + "' of a car clock on " + topic
                            + " does not parse: " + parsed.rejection().message());
                }
                DrivingRecord record = parsed.record();
                held.add(new CarClock.HeldRecord(record, record.getDate().toEpochMilli(), timestamp, headers));
            }
            return new CarClock(time, closedBefore, timelineFrom, closedSpans, held);
        } catch (IOException e) {
            throw new SerializationException("cannot read a car clock of " + bytes.length + " bytes on " + topic, e);
        }
    }
}

package dev.smartcar.schemas.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smartcar.avro.DrivingRecord;
import dev.smartcar.avro.OverSpeedAlert;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SpecificAvroSerdeTest {

    private static final String REGISTRY = "serde-test";
    private static final Map<String, Object> CONFIG = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + REGISTRY);

    @AfterEach
    void dropRegistry() {
        InMemoryRegistryClient.drop(REGISTRY);
    }

    @Test
    void roundTripsInTheConfluentWireFormatUnderTheTopicValueSubject() {
        try (SpecificAvroSerde<DrivingRecord> serde = new SpecificAvroSerde<>(DrivingRecord.class)) {
            serde.configure(CONFIG, false);
            DrivingRecord record = TestRecords.driving("N0036", 85);

            byte[] bytes = serde.serializer().serialize("smartcar.driving", record);

            int registered = InMemoryRegistryClient.named(REGISTRY)
                    .lookup("smartcar.driving-value", DrivingRecord.getClassSchema()).orElseThrow();
            assertEquals(0, bytes[0], "magic byte");
            assertEquals(registered, ByteBuffer.wrap(bytes, 1, 4).getInt(), "schema id, big-endian");
            assertEquals(record, serde.deserializer().deserialize("smartcar.driving", bytes));
        }
    }

    @Test
    void bodyIsPlainAvroBinaryAfterTheFiveByteHeader() throws Exception {
        SpecificAvroSerializer<DrivingRecord> serializer = new SpecificAvroSerializer<>();
        serializer.configure(CONFIG, false);
        DrivingRecord record = TestRecords.driving("A0001", 120);

        byte[] framed = serializer.serialize("smartcar.driving", record);

        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(plain, null);
        new org.apache.avro.specific.SpecificDatumWriter<DrivingRecord>(DrivingRecord.getClassSchema(),
                record.getSpecificData()).write(record, encoder);
        assertArrayEquals(plain.toByteArray(), Arrays.copyOfRange(framed, 5, framed.length));
    }

    @Test
    void keySerializerUsesTheKeySubject() {
        SpecificAvroSerializer<DrivingRecord> serializer = new SpecificAvroSerializer<>();
        serializer.configure(CONFIG, true);
        serializer.serialize("smartcar.driving", TestRecords.driving("A0001", 10));
        InMemoryRegistryClient registry = InMemoryRegistryClient.named(REGISTRY);
        assertEquals(1, registry.versionCount("smartcar.driving-key"));
        assertEquals(0, registry.versionCount("smartcar.driving-value"));
    }

    @Test
    void nullStaysNull() {
        try (SpecificAvroSerde<DrivingRecord> serde = new SpecificAvroSerde<>(DrivingRecord.class)) {
            serde.configure(CONFIG, false);
            assertNull(serde.serializer().serialize("t", null));
            assertNull(serde.deserializer().deserialize("t", null));
        }
    }

    @Test
    void deserializerWithoutClassFindsTheGeneratedClassByTheWriterSchemaName() {
        SpecificAvroSerializer<DrivingRecord> serializer = new SpecificAvroSerializer<>();
        serializer.configure(CONFIG, false);
        SpecificAvroDeserializer<SpecificRecord> deserializer = new SpecificAvroDeserializer<>();
        deserializer.configure(CONFIG, false);
        DrivingRecord record = TestRecords.driving("B0002", 99);

        SpecificRecord read = deserializer.deserialize("smartcar.driving", serializer.serialize("smartcar.driving",
                record));

        assertEquals(record, read);
    }

    @Test
    void readsBytesWrittenWithANewerWriterSchemaThroughSchemaResolution() throws Exception {
        // A producer with a newer DrivingRecord that has one more field (with a default: BACKWARD-compatible).
        Schema newer = SchemaBuilder.record("DrivingRecord").namespace("dev.smartcar.avro").fields()
                .name("date").type(DrivingRecord.getClassSchema().getField("date").schema()).noDefault()
                .requiredString("date_text").requiredString("car_number")
                .requiredInt("speed_pedal").requiredInt("break_pedal")
                .name("steer_angle").type(DrivingRecord.getClassSchema().getField("steer_angle").schema()).noDefault()
                .name("direct_light").type(DrivingRecord.getClassSchema().getField("direct_light").schema()).noDefault()
                .requiredInt("speed").requiredString("area_number")
                .name("fuel").type().intType().intDefault(50)
                .endRecord();
        RegistryClient registry = InMemoryRegistryClient.named(REGISTRY);
        registry.register("smartcar.driving-value", DrivingRecord.getClassSchema());
        int id = registry.register("smartcar.driving-value", newer);
        GenericRecord written = new GenericData.Record(newer);
        DrivingRecord expected = TestRecords.driving("C0003", 77);
        for (Schema.Field f : DrivingRecord.getClassSchema().getFields()) {
            Object value = expected.get(f.pos());
            if (value instanceof java.time.Instant instant) {
                value = instant.toEpochMilli();
            } else if (value instanceof Enum<?> e) {
                value = new GenericData.EnumSymbol(f.schema(), e.name());
            }
            written.put(f.name(), value);
        }
        written.put("fuel", 12);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(id).array());
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(newer).write(written, encoder);

        DrivingRecord read = new SpecificAvroDeserializer<>(DrivingRecord.class, registry)
                .deserialize("smartcar.driving", out.toByteArray());

        assertEquals(expected, read);
    }

    @Test
    void rejectsBytesThatAreNotInTheWireFormatNamingTheTopic() {
        SpecificAvroDeserializer<DrivingRecord> deserializer = new SpecificAvroDeserializer<>(DrivingRecord.class);
        deserializer.configure(CONFIG, false);

        SerializationException badMagic = assertThrows(SerializationException.class,
                () -> deserializer.deserialize("smartcar.driving", "20200322001420,N0036".getBytes()));
        assertTrue(badMagic.getMessage().contains("smartcar.driving") && badMagic.getMessage().contains("magic byte 0"),
                badMagic.getMessage());
        SerializationException tooShort = assertThrows(SerializationException.class,
                () -> deserializer.deserialize("smartcar.driving", new byte[] {0, 0}));
        assertTrue(tooShort.getMessage().contains("2 bytes"), tooShort.getMessage());
    }

    @Test
    void unknownSchemaIdIsAnErrorNamingTheId() {
        SpecificAvroDeserializer<DrivingRecord> deserializer = new SpecificAvroDeserializer<>(DrivingRecord.class);
        deserializer.configure(CONFIG, false);
        RegistryException e = assertThrows(RegistryException.class,
                () -> deserializer.deserialize("smartcar.driving", new byte[] {0, 0, 0, 0, 42, 2}));
        assertTrue(e.getMessage().contains("42"), e.getMessage());
    }

    @Test
    void withoutAutoRegisterAnUnregisteredSchemaFailsNamingTheSubject() {
        SpecificAvroSerializer<OverSpeedAlert> serializer = new SpecificAvroSerializer<>();
        serializer.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + REGISTRY,
                AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, "false"), false);
        OverSpeedAlert alert = OverSpeedAlert.newBuilder()
                .setCarNumber("R0039").setWindowStart(java.time.Instant.EPOCH).setWindowEnd(java.time.Instant.EPOCH)
                .setWindowStartText("19700101090000").setAverageSpeed(90).setRecordCount(1).setSpeedSum(90)
                .setMaxSpeed(90).setFirstDate(java.time.Instant.EPOCH).setLastDate(java.time.Instant.EPOCH)
                .setLastAreaNumber("A01").setThreshold(80).setTimeBasis(dev.smartcar.avro.TimeBasis.EVENT_TIME)
                .setDetectedAt(java.time.Instant.EPOCH).build();

        SerializationException e = assertThrows(SerializationException.class,
                () -> serializer.serialize("smartcar.overspeed", alert));
        assertTrue(e.getMessage().contains("smartcar.overspeed-value"), e.getMessage());

        InMemoryRegistryClient.named(REGISTRY).register("smartcar.overspeed-value", OverSpeedAlert.getClassSchema());
        assertEquals(0, serializer.serialize("smartcar.overspeed", alert)[0]);
    }

    @Test
    void missingOrBadSettingsAreClearErrors() {
        SpecificAvroSerializer<DrivingRecord> serializer = new SpecificAvroSerializer<>();
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> serializer.configure(Map.of(), false));
        assertTrue(missing.getMessage().contains("schema.registry.url"), missing.getMessage());
        IllegalArgumentException badBoolean = assertThrows(IllegalArgumentException.class,
                () -> serializer.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://x",
                        AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, "yes"), false));
        assertTrue(badBoolean.getMessage().contains("auto.register.schemas"), badBoolean.getMessage());
        IllegalArgumentException badScheme = assertThrows(IllegalArgumentException.class,
                () -> serializer.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "ftp://registry"), false));
        assertTrue(badScheme.getMessage().contains("ftp://registry"), badScheme.getMessage());
        IllegalStateException unconfigured = assertThrows(IllegalStateException.class,
                () -> new SpecificAvroSerializer<DrivingRecord>().serialize("t", TestRecords.driving("A0001", 1)));
        assertTrue(unconfigured.getMessage().contains("configure"), unconfigured.getMessage());
    }
}

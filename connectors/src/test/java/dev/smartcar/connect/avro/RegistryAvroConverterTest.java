package dev.smartcar.connect.avro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smartcar.avro.CarStatus;
import dev.smartcar.avro.DrivingRecord;
import dev.smartcar.schemas.log.CarStatusParser;
import dev.smartcar.schemas.log.DrivingLineParser;
import dev.smartcar.schemas.registry.RegistryClient;
import dev.smartcar.schemas.registry.SpecificAvroSerializer;
import java.nio.ByteBuffer;
import java.util.Date;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

class RegistryAvroConverterTest {

    private final RegistryClient registry = RegistryClient.forUrl("mock://registry-avro-converter-test");
    private final RegistryAvroConverter converter = new RegistryAvroConverter(registry);

    private <T extends org.apache.avro.specific.SpecificRecord> byte[] serialized(String topic, T record) {
        try (SpecificAvroSerializer<T> serializer = new SpecificAvroSerializer<>(registry, true, false)) {
            return serializer.serialize(topic, record);
        }
    }

    @Test
    void aStatusRecordBecomesAStructShapedAsAvroDataShapesIt() {
        CarStatus status = new CarStatusParser().parse("20200322045248,V0015,87,93,98,75,1,1,2,1,A,C,60").record();
        SchemaAndValue read = converter.toConnectData("smartcar.status", serialized("smartcar.status", status));

        Struct struct = (Struct) read.value();
        assertEquals("dev.smartcar.avro.CarStatus", read.schema().name());
        assertEquals(Timestamp.SCHEMA.name(), read.schema().field("reg_date").schema().name());
        assertEquals(Date.from(status.getRegDate()), struct.get("reg_date"));
        assertEquals("20200322045248", struct.get("reg_date_text"));
        assertEquals("V0015", struct.get("car_number"));
        assertEquals(87, struct.get("tire_fl"));
        assertEquals(2, struct.get("light_bl"));
        assertEquals("A", struct.get("engine"), "an enum is its symbol");
        assertEquals("C", struct.get("brake"));
        assertEquals(60, struct.get("battery"));
        struct.validate();
    }

    @Test
    void aDrivingRecordBecomesAStructAndTheSchemaIsBuiltOncePerId() {
        DrivingRecord driving = new DrivingLineParser().parse("20200322001420,N0036,0,2,L2,L,85,C04").record();
        SchemaAndValue first = converter.toConnectData("smartcar.driving", serialized("smartcar.driving", driving));
        SchemaAndValue second = converter.toConnectData("smartcar.driving", serialized("smartcar.driving", driving));

        assertEquals("L2", ((Struct) first.value()).get("steer_angle"));
        assertEquals(85, ((Struct) first.value()).get("speed"));
        assertEquals(first.value(), second.value());
        assertSame(first.schema(), second.schema(), "one Connect schema per writer schema: sinks cache plans by it");
    }

    @Test
    void optionalFieldsBytesAndNullsAreRead() throws Exception {
        Schema schema = SchemaBuilder.record("dev.smartcar.test.Optional").fields()
                .optionalString("note").optionalLong("count").name("raw").type().bytesType().noDefault()
                .endRecord();
        GenericData.Record record = new GenericData.Record(schema);
        record.put("note", null);
        record.put("count", 7L);
        record.put("raw", ByteBuffer.wrap(new byte[] {1, 2, 3}));
        Struct struct = (Struct) converter.toConnectData("t", framed(registry.register("t-value", schema), schema,
                record)).value();

        assertEquals(null, struct.get("note"));
        assertTrue(struct.schema().field("note").schema().isOptional());
        assertEquals(7L, struct.get("count"));
        assertEquals(java.util.List.of((byte) 1, (byte) 2, (byte) 3),
                java.util.List.of(struct.getBytes("raw")[0], struct.getBytes("raw")[1], struct.getBytes("raw")[2]));
    }

    @Test
    void aNestedRecordIsRefusedNamingTheField() throws Exception {
        Schema inner = SchemaBuilder.record("dev.smartcar.test.Inner").fields().requiredInt("x").endRecord();
        Schema schema = SchemaBuilder.record("dev.smartcar.test.Outer").fields()
                .name("inner").type(inner).noDefault().endRecord();
        GenericData.Record innerRecord = new GenericData.Record(inner);
        innerRecord.put("x", 1);
        GenericData.Record record = new GenericData.Record(schema);
        record.put("inner", innerRecord);
        byte[] value = framed(registry.register("nested-value", schema), schema, record);

        DataException e = assertThrows(DataException.class, () -> converter.toConnectData("nested", value));
        assertTrue(e.getMessage().contains("field 'inner' of dev.smartcar.test.Outer is of type RECORD"),
                e.getMessage());
    }

    @Test
    void bytesNotInTheWireFormatAreRefusedNamingTheTopic() {
        DataException e = assertThrows(DataException.class,
                () -> converter.toConnectData("smartcar.status", "20200322045248,V0015".getBytes()));
        assertTrue(e.getMessage().contains("topic smartcar.status"), e.getMessage());
        assertEquals(SchemaAndValue.NULL, converter.toConnectData("smartcar.status", null), "a tombstone stays null");
    }

    @Test
    void theRegistryAddressIsRequiredAndWritingIsRefused() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new RegistryAvroConverter().configure(Map.of(), false));
        assertTrue(e.getMessage().contains("schema.registry.url"), e.getMessage());
        assertThrows(DataException.class, () -> converter.fromConnectData("t", null, null));
    }

    @Test
    void theWorkerFindsItThroughTheServiceManifest() {
        // the stack's workers discover plugins with plugin.discovery=service_load: without the manifest entry a
        // connector naming this converter fails validation with ClassNotFoundException
        assertTrue(java.util.ServiceLoader.load(org.apache.kafka.connect.storage.Converter.class).stream()
                .anyMatch(p -> p.type() == RegistryAvroConverter.class));
    }

    private static byte[] framed(int id, Schema schema, GenericData.Record record) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(new byte[] {0, (byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id});
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericData.Record>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}

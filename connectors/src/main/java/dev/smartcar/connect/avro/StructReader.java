package dev.smartcar.connect.avro;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.Function;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/**
 * Reads the Avro binary body of one writer schema into a Connect {@link Struct}: the Avro reader, the Connect schema
 * and each field's conversion are built once per schema and reused for every record. The Connect schema is what
 * Confluent's and Apicurio's {@code AvroData} make of a flat record (enums as strings, {@code timestamp-millis} as
 * {@link Timestamp}, {@code ["null", T]} as an optional T), so a sink reads the same fields either way.
 * Not thread-safe: one per converter, and a converter serves one task.
 */
final class StructReader {

    private final org.apache.kafka.connect.data.Schema connectSchema;
    private final List<Field> fields;
    private final List<Function<Object, Object>> conversions;
    private final GenericDatumReader<GenericData.Record> reader;
    private GenericData.Record reused;
    private BinaryDecoder decoder;

    StructReader(Schema avroSchema) {
        if (avroSchema.getType() != Schema.Type.RECORD) {
            throw new DataException("schema " + avroSchema.getFullName() + " is a " + avroSchema.getType()
                    + ": expected a record");
        }
        SchemaBuilder builder = SchemaBuilder.struct().name(avroSchema.getFullName());
        List<Function<Object, Object>> convert = new ArrayList<>();
        for (Schema.Field field : avroSchema.getFields()) {
            Schema type = field.schema();
            boolean optional = false;
            if (type.getType() == Schema.Type.UNION) {
                List<Schema> branches = type.getTypes();
                if (branches.size() != 2 || branches.stream().noneMatch(b -> b.getType() == Schema.Type.NULL)) {
                    throw unsupported(avroSchema, field, "a union other than [\"null\", T]");
                }
                type = branches.get(branches.get(0).getType() == Schema.Type.NULL ? 1 : 0);
                optional = true;
            }
            SchemaBuilder fieldSchema = connectSchemaOf(avroSchema, field, type);
            builder.field(field.name(), optional ? fieldSchema.optional().build() : fieldSchema.build());
            convert.add(conversionOf(type));
        }
        this.connectSchema = builder.build();
        this.fields = connectSchema.fields();
        this.conversions = List.copyOf(convert);
        this.reader = new GenericDatumReader<>(avroSchema);
    }

    org.apache.kafka.connect.data.Schema connectSchema() {
        return connectSchema;
    }

    /** The record in {@code data[offset, offset + length)}, the Avro binary of this reader's writer schema. */
    Struct read(byte[] data, int offset, int length) throws IOException {
        decoder = DecoderFactory.get().binaryDecoder(data, offset, length, decoder);
        reused = reader.read(reused, decoder);
        Struct struct = new Struct(connectSchema);
        for (int i = 0; i < fields.size(); i++) {
            Object value = reused.get(i);
            struct.put(fields.get(i), value == null ? null : conversions.get(i).apply(value));
        }
        return struct;
    }

    private static SchemaBuilder connectSchemaOf(Schema record, Schema.Field field, Schema type) {
        LogicalType logical = type.getLogicalType();
        return switch (type.getType()) {
            case STRING, ENUM -> SchemaBuilder.string();
            case INT -> SchemaBuilder.int32();
            case LONG -> logical instanceof LogicalTypes.TimestampMillis ? Timestamp.builder() : SchemaBuilder.int64();
            case FLOAT -> SchemaBuilder.float32();
            case DOUBLE -> SchemaBuilder.float64();
            case BOOLEAN -> SchemaBuilder.bool();
            case BYTES -> SchemaBuilder.bytes();
            default -> throw unsupported(record, field, "of type " + type.getType());
        };
    }

    private static Function<Object, Object> conversionOf(Schema type) {
        return switch (type.getType()) {
            case STRING, ENUM -> Object::toString;   // Utf8 and enum symbols
            case LONG -> type.getLogicalType() instanceof LogicalTypes.TimestampMillis
                    ? v -> new Date((Long) v) : v -> v;
            case BYTES -> v -> {
                ByteBuffer buffer = ((ByteBuffer) v).duplicate();
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                return bytes;
            };
            default -> v -> v;
        };
    }

    private static DataException unsupported(Schema record, Schema.Field field, String what) {
        return new DataException("field '" + field.name() + "' of " + record.getFullName() + " is " + what
                + ": RegistryAvroConverter reads flat records of strings, enums, numbers, booleans, bytes and "
                + "timestamp-millis, each optional as [\"null\", T]");
    }
}

package dev.smartcar.connect.file;

import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * The record of one line, with a cheap hash code. In exactly-once mode the worker keeps every sent record in a
 * hash map until its transaction commits, and {@link SourceRecord#hashCode()} walks the value, both maps and every
 * header: a tenth of the worker's time per line. Equal records share their source partition (a one-entry map,
 * cheap to hash) and the line's byte offset (in its position header), so a hash of those two alone keeps the
 * equals/hashCode
 * contract ({@code equals} is SourceRecord's, unchanged: it only runs when hashes collide).
 */
final class LineRecord extends SourceRecord {

    private final int hash;

    LineRecord(Map<String, ?> partition, Map<String, ?> offset, String topic, byte[] key, byte[] value, Headers headers,
               long lineOffset) {
        super(partition, offset, topic, null, key == null ? null : Schema.BYTES_SCHEMA, key, Schema.BYTES_SCHEMA, value,
                null, headers);
        this.hash = 31 * partition.hashCode() + Long.hashCode(lineOffset);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}

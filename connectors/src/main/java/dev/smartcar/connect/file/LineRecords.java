package dev.smartcar.connect.file;

import dev.smartcar.schemas.contract.HeaderNames;
import dev.smartcar.schemas.contract.LinePosition;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Turns a {@link Line} into the record both file sources emit: no key, or one field of the line as its key (so a
 * topic with several partitions keeps each key's lines in one partition, in file order); the line's bytes exactly as
 * read as the value, and one binary header, {@value HeaderNames#POSITION}, saying where it came from ({@link
 * LinePosition}).
 * Bytes, not text, end to end: the worker's {@link LineConverters byte-array converters} pass them on untouched, so
 * a line costs no decoding, no encoding and no header conversion, and a line that is not valid UTF-8 reaches the
 * app byte for byte. The rare flags (cut, unterminated) are headers too, as the ASCII text Connect's string
 * converter would have written.
 */
public final class LineRecords {

    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);

    private final String topic;
    private final boolean withLineNumbers;
    private final int keyField;
    private String lastFile;
    private byte[] lastPath;

    /**
     * @param keyField the 1-based comma-separated field of the line whose bytes become the key; 0: no key
     */
    public LineRecords(String topic, boolean withLineNumbers, int keyField) {
        this.topic = topic;
        this.withLineNumbers = withLineNumbers;
        this.keyField = keyField;
    }

    public SourceRecord toRecord(Line line, String file, Map<String, ?> partition, Map<String, ?> offset) {
        if (!file.equals(lastFile)) {
            lastFile = file;
            lastPath = LinePosition.pathBytes(file);
        }
        ConnectHeaders headers = new ConnectHeaders();
        headers.addBytes(HeaderNames.POSITION,
                LinePosition.encode(lastPath, withLineNumbers ? line.number() : 0, line.offset()));
        if (line.truncated()) {
            headers.addBytes(HeaderNames.TRUNCATED, TRUE);
            headers.addBytes(HeaderNames.LENGTH, Long.toString(line.length()).getBytes(StandardCharsets.US_ASCII));
        }
        if (!line.terminated()) {
            headers.addBytes(HeaderNames.UNTERMINATED, TRUE);
        }
        byte[] key = keyField > 0 ? field(line.bytes(), keyField) : null;
        return new LineRecord(partition, offset, topic, key, line.bytes(), headers, line.offset());
    }

    /** The bytes of the line's {@code n}th comma-separated field (1-based), or null if it has fewer fields. */
    static byte[] field(byte[] line, int n) {
        int from = 0;
        for (int i = 1; i < n; i++) {
            int comma = indexOf(line, (byte) ',', from);
            if (comma < 0) {
                return null;
            }
            from = comma + 1;
        }
        int to = indexOf(line, (byte) ',', from);
        return Arrays.copyOfRange(line, from, to < 0 ? line.length : to);
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}

package dev.smartcar.connect.file;

import dev.smartcar.schemas.contract.HeaderNames;
import dev.smartcar.schemas.contract.LinePosition;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Turns a {@link Line} into the record both file sources emit: no key, the line's bytes exactly as read as the
 * value, and one binary header, {@value HeaderNames#POSITION}, saying where it came from ({@link LinePosition}).
 * Bytes, not text, end to end: the worker's {@link LineConverters byte-array converters} pass them on untouched, so
 * a line costs no decoding, no encoding and no header conversion, and a line that is not valid UTF-8 reaches the
 * app byte for byte. The rare flags (cut, unterminated) are headers too, as the ASCII text Connect's string
 * converter would have written.
 */
public final class LineRecords {

    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);

    private final String topic;
    private final boolean withLineNumbers;
    private String lastFile;
    private byte[] lastPath;

    public LineRecords(String topic, boolean withLineNumbers) {
        this.topic = topic;
        this.withLineNumbers = withLineNumbers;
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
        return new LineRecord(partition, offset, topic, line.bytes(), headers, line.offset());
    }
}

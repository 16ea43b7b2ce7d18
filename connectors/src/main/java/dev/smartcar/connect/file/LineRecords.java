package dev.smartcar.connect.file;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Turns a {@link Line} into the record both file sources emit: no key, the line as a string value, and headers
 * saying where it came from. A line that is not valid UTF-8 is decoded with replacement characters and its
 * original bytes travel Base64-encoded in the {@value #RAW} header, so the streams app can reject it byte for
 * byte. (Base64 text, not a bytes header: header converters differ in how they write bytes, text they all keep.)
 */
public final class LineRecords {

    /** Path of the file the line was read from (where it was when read). */
    public static final String FILE = "smartcar.file";
    /** 1-based line number within the file (spool source only: a tail may start mid-file). */
    public static final String LINE = "smartcar.line";
    /** Byte position of the line's first byte in the file. */
    public static final String OFFSET = "smartcar.offset";
    /** Present (true) when the line was longer than the maximum and cut. */
    public static final String TRUNCATED = "smartcar.truncated";
    /** With {@value #TRUNCATED}: the line's full length in bytes. */
    public static final String LENGTH = "smartcar.length";
    /** Present (true) when the line had no newline: the last line of a file that ended without one. */
    public static final String UNTERMINATED = "smartcar.unterminated";
    /** Present when the line is not valid UTF-8: its original bytes (as cut, if truncated), standard Base64. */
    public static final String RAW = "smartcar.raw.base64";

    private final String topic;
    private final boolean withLineNumbers;

    public LineRecords(String topic, boolean withLineNumbers) {
        this.topic = topic;
        this.withLineNumbers = withLineNumbers;
    }

    public SourceRecord toRecord(Line line, String file, Map<String, ?> partition, Map<String, ?> offset) {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString(FILE, file);
        if (withLineNumbers) {
            headers.addLong(LINE, line.number());
        }
        headers.addLong(OFFSET, line.offset());
        if (line.truncated()) {
            headers.addBoolean(TRUNCATED, true);
            headers.addLong(LENGTH, line.length());
        }
        if (!line.terminated()) {
            headers.addBoolean(UNTERMINATED, true);
        }
        String value = decodeStrict(line.bytes());
        if (value == null) {
            value = new String(line.bytes(), StandardCharsets.UTF_8);
            headers.addString(RAW, Base64.getEncoder().encodeToString(line.bytes()));
        }
        return new LineRecord(partition, offset, topic, value, headers, line.offset());
    }

    /** The line as a string, or null if it is not valid UTF-8. */
    static String decodeStrict(byte[] bytes) {
        boolean ascii = true;
        for (byte b : bytes) {
            if (b < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(bytes, StandardCharsets.US_ASCII);
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return decoder.decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}

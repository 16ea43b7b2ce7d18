package dev.smartcar.streams.validation;

import dev.smartcar.schemas.contract.HeaderNames;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * A line as the file sources delivered it: the value's bytes, which are the line's bytes as read. Records of
 * earlier sources, which sent text, carry the true bytes of a line that was not valid UTF-8 in the
 * {@code smartcar.raw.base64} header (base64 text under Connect's SimpleHeaderConverter, raw bytes under a byte-array
 * header converter: an invalid-UTF-8 line always has a byte above 0x7f, so the two cannot be confused). A line the
 * connector cut for length carries {@code smartcar.truncated} and its full length in {@code smartcar.length}.
 */
record RawLine(byte[] bytes, boolean truncated, long fullLength) {

    static final String RAW_HEADER = HeaderNames.RAW_BASE64;
    static final String TRUNCATED_HEADER = HeaderNames.TRUNCATED;
    static final String LENGTH_HEADER = HeaderNames.LENGTH;

    private static final byte[] EMPTY = new byte[0];

    static RawLine of(byte[] value, Headers headers) {
        byte[] bytes = value == null ? EMPTY : value;
        Header raw = headers.lastHeader(RAW_HEADER);
        if (raw != null && raw.value() != null) {
            bytes = decodeRaw(raw.value());
        }
        Header truncated = headers.lastHeader(TRUNCATED_HEADER);
        boolean cut = truncated != null && (truncated.value() == null || !"false".equals(text(truncated.value())));
        long length = bytes.length;
        Header lengthHeader = headers.lastHeader(LENGTH_HEADER);
        if (cut && lengthHeader != null && lengthHeader.value() != null) {
            length = parseLength(lengthHeader.value(), bytes.length);
        }
        return new RawLine(bytes, cut, length);
    }

    private static byte[] decodeRaw(byte[] header) {
        for (byte b : header) {
            if (b < 0) {
                return header;
            }
        }
        try {
            return Base64.getDecoder().decode(header);
        } catch (IllegalArgumentException e) {
            return header;
        }
    }

    private static long parseLength(byte[] value, long fallback) {
        String text = text(value);
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            // A long header written in binary by a non-string header converter: 8 bytes big-endian.
            if (value.length == Long.BYTES) {
                return java.nio.ByteBuffer.wrap(value).getLong();
            }
            return fallback;
        }
    }

    private static String text(byte[] value) {
        return new String(value, StandardCharsets.UTF_8);
    }
}

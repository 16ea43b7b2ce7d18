package dev.smartcar.streams.validation;

import dev.smartcar.schemas.contract.HeaderNames;
import dev.smartcar.schemas.contract.LinePosition;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The file sources' position header ({@link LinePosition}) as the app uses it: the file a line came from, for the
 * per-file counts, and the position spelled out as text headers on the rare records a person reads (rejected and
 * set-aside ones). Records written by earlier sources carry the text headers already and no position.
 */
final class PositionHeaders {

    static final String BAD_POSITION = "(unreadable position header)";

    private PositionHeaders() {
    }

    /** The position header's value, or null when the record has none. */
    static byte[] position(Headers headers) {
        Header position = headers.lastHeader(HeaderNames.POSITION);
        return position == null ? null : position.value();
    }

    /** The line's file: from the position, else from an earlier source's text header; null when neither is there. */
    static String file(Headers headers) {
        byte[] position = position(headers);
        if (position != null) {
            return LinePosition.isValid(position) ? LinePosition.file(position) : BAD_POSITION;
        }
        Header text = headers.lastHeader(HeaderNames.FILE);
        return text == null || text.value() == null ? null : new String(text.value(), StandardCharsets.UTF_8);
    }

    /** Adds {@code smartcar.file}, {@code smartcar.line} (when known) and {@code smartcar.offset} from the position. */
    static void addReadable(Headers headers) {
        byte[] value = position(headers);
        if (!LinePosition.isValid(value)) {
            return;
        }
        LinePosition position = LinePosition.decode(value);
        headers.add(HeaderNames.FILE, position.file().getBytes(StandardCharsets.UTF_8));
        if (position.line() > 0) {
            headers.add(HeaderNames.LINE, Long.toString(position.line()).getBytes(StandardCharsets.US_ASCII));
        }
        headers.add(HeaderNames.OFFSET, Long.toString(position.offset()).getBytes(StandardCharsets.US_ASCII));
    }
}

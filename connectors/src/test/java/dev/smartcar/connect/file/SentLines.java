package dev.smartcar.connect.file;

import dev.smartcar.schemas.contract.HeaderNames;
import dev.smartcar.schemas.contract.LinePosition;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;

/** What the source tasks' tests read off a record: its line as text, its position, a flag header's text. */
public final class SentLines {

    private SentLines() {
    }

    public static String text(SourceRecord record) {
        return new String((byte[]) record.value(), StandardCharsets.UTF_8);
    }

    public static LinePosition position(SourceRecord record) {
        return LinePosition.decode((byte[]) record.headers().lastWithName(HeaderNames.POSITION).value());
    }

    /** A flag or length header as the text it carries; null when absent. */
    public static String flag(SourceRecord record, String name) {
        Header header = record.headers().lastWithName(name);
        return header == null ? null : new String((byte[]) header.value(), StandardCharsets.US_ASCII);
    }
}

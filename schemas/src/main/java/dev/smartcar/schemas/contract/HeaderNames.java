package dev.smartcar.schemas.contract;

import java.util.List;

/**
 * Names of the Kafka record headers the pipeline writes and reads (docs/contract.md §Headers). All values are text
 * (UTF-8) except {@link #POSITION}, which is binary ({@link LinePosition}).
 */
public final class HeaderNames {

    // ---- on smartcar.status.raw / smartcar.driving.raw, written by the file sources; passed through by the app

    /** The line's file, line number and byte offset in one binary value, {@link LinePosition}; on every line. */
    public static final String POSITION = "smartcar.position";
    /** {@code true} when the line was longer than the source's {@code max.line.bytes} and was cut. */
    public static final String TRUNCATED = "smartcar.truncated";
    /** With {@link #TRUNCATED}: the line's full length in bytes. */
    public static final String LENGTH = "smartcar.length";
    /** {@code true} when the line had no newline (the end of a file that ended without one). */
    public static final String UNTERMINATED = "smartcar.unterminated";
    /**
     * Written by earlier versions of the sources, which sent lines as text: the original bytes of a line that was
     * not valid UTF-8, standard Base64. The sources now send every line's bytes as they are; the app still reads
     * it on older records.
     */
    public static final String RAW_BASE64 = "smartcar.raw.base64";

    // ---- on smartcar.rejected and smartcar.setaside, added by the streams app: the position above, readable

    /** Path of the file the line was read from (where it was when read). */
    public static final String FILE = "smartcar.file";
    /** 1-based line number in the file; absent when unknown (a tail may start mid-file). */
    public static final String LINE = "smartcar.line";
    /** Byte position of the line's first byte in the file. */
    public static final String OFFSET = "smartcar.offset";

    // ---- on smartcar.rejected, added by the streams app

    /** Why the line is not a record: a reason code such as {@code field-count} ({@code Rejection.Reason#code}). */
    public static final String REJECT_REASON = "smartcar.reject.reason";
    /** The same in words, for a person: {@code field count 7, expected 8}. */
    public static final String REJECT_MESSAGE = "smartcar.reject.message";
    /** The raw topic the line was read from. */
    public static final String ORIGIN_TOPIC = "smartcar.origin.topic";
    /** Its partition, in decimal. */
    public static final String ORIGIN_PARTITION = "smartcar.origin.partition";
    /** Its offset, in decimal. */
    public static final String ORIGIN_OFFSET = "smartcar.origin.offset";

    // ---- on smartcar.setaside, added by the streams app (the origin headers above too)

    /** Why a valid record was left out of the windows: a {@link SetAsideReason#code}. */
    public static final String SETASIDE_REASON = "smartcar.setaside.reason";
    /** The same in words, for a person. */
    public static final String SETASIDE_MESSAGE = "smartcar.setaside.message";
    /** The car's clock when the record was set aside, {@code yyyyMMddHHmmss}; empty when the car had none. */
    public static final String SETASIDE_CAR_CLOCK = "smartcar.setaside.car.clock";

    /** Every header a file source puts on a raw line. */
    public static final List<String> SOURCE = List.of(POSITION, TRUNCATED, LENGTH, UNTERMINATED);
    /** Every header the streams app adds to a rejected line (the source's headers stay as well). */
    public static final List<String> REJECT = List.of(REJECT_REASON, REJECT_MESSAGE, ORIGIN_TOPIC, ORIGIN_PARTITION,
            ORIGIN_OFFSET, FILE, LINE, OFFSET);

    /** Every header the streams app adds to a set-aside record (the source's headers stay as well). */
    public static final List<String> SETASIDE = List.of(SETASIDE_REASON, SETASIDE_MESSAGE, SETASIDE_CAR_CLOCK,
            ORIGIN_TOPIC, ORIGIN_PARTITION, ORIGIN_OFFSET, FILE, LINE, OFFSET);

    private HeaderNames() {
    }
}

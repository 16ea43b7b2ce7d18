package dev.smartcar.schemas.log;

/**
 * Why a line is not a record: a stable {@link Reason} for counting and routing, and a message a person can read
 * ({@code field count 7, expected 8}, {@code speed 300 out of range 0-250}).
 */
public record Rejection(Reason reason, String message) {

    /** The kinds of garbage; {@link #code()} is the value of the {@code smartcar.reject.reason} header. */
    public enum Reason {
        HEADER_LINE,
        EMPTY_LINE,
        LINE_TOO_LONG,
        BAD_ENCODING,
        FIELD_COUNT,
        BAD_TIMESTAMP,
        BAD_CAR_NUMBER,
        BAD_NUMBER,
        OUT_OF_RANGE,
        BAD_CODE,
        BAD_AREA,
        INCONSISTENT;

        /** Lower-case, dash-separated code, e.g. {@code field-count}. */
        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** This rejection as the result of a parse. */
    public <T> ParseResult<T> asResult() {
        return new ParseResult.Rejected<>(this);
    }

    @Override
    public String toString() {
        return reason.code() + ": " + message;
    }
}

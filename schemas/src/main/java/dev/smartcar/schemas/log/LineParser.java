package dev.smartcar.schemas.log;

import java.nio.charset.StandardCharsets;

/** A parser of one log format: a line (without its terminator) in, a record or a {@link Rejection} out. */
public abstract sealed class LineParser<T> permits DrivingLineParser, CarStatusParser {

    protected final LogTimestamp time;

    protected LineParser(LogTimestamp time) {
        this.time = time;
    }

    public final LogTimestamp time() {
        return time;
    }

    public final ParseResult<T> parse(String line) {
        return parse(line.getBytes(StandardCharsets.UTF_8));
    }

    public final ParseResult<T> parse(byte[] line) {
        return parse(line, 0, line.length);
    }

    /** Parses {@code b[off..off+len)}; never throws for bad input. Thread-safe. */
    public abstract ParseResult<T> parse(byte[] b, int off, int len);
}

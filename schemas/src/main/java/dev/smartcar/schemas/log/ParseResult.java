package dev.smartcar.schemas.log;

/**
 * What a line parser returns: the record, or the {@link Rejection} that says why the line is not one. Nothing
 * is thrown for bad input, so a stream of garbage costs no more than a stream of good lines.
 */
public sealed interface ParseResult<T> permits ParseResult.Valid, ParseResult.Rejected {

    /** A line that passed every rule. */
    record Valid<T>(T record) implements ParseResult<T> {
        @Override
        public Rejection rejection() {
            throw new IllegalStateException("line is valid");
        }
    }

    /** A line that broke a rule. */
    record Rejected<T>(Rejection rejection) implements ParseResult<T> {
        @Override
        public T record() {
            throw new IllegalStateException("line was rejected: " + rejection);
        }
    }

    default boolean isValid() {
        return this instanceof Valid;
    }

    /** The record; throws if the line was rejected. */
    T record();

    /** Why the line was rejected; throws if it is valid. */
    Rejection rejection();
}

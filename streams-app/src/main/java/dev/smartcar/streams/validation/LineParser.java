package dev.smartcar.streams.validation;

import dev.smartcar.schemas.log.ParseResult;

/** One of the shared line parsers of the schemas module, seen as a function of a line's bytes. */
@FunctionalInterface
public interface LineParser<T> {
    ParseResult<T> parse(byte[] line);
}

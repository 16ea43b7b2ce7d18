package dev.smartcar.cli.redis;

import dev.smartcar.schemas.contract.RedisLayout;

/**
 * Where the streams app keeps an alert's details beside the day set: a key pattern with {@code {car}} and
 * {@code {start}} (the window start, yyyyMMddHHmmss), default {@value #DEFAULT_PATTERN} (docs/contract.md §Redis,
 * {@link RedisLayout}).
 */
public record DetailKey(String pattern) {

    public static final String DEFAULT_PATTERN = RedisLayout.DETAIL_KEY_PATTERN;

    public DetailKey {
        RedisLayout.checkPattern(pattern);
    }

    public static DetailKey defaults() {
        return new DetailKey(DEFAULT_PATTERN);
    }

    /** The detail key of a well-formed member. */
    public String of(AlertMember m) {
        return RedisLayout.detailKey(pattern, m.carNumber(), m.windowStartText());
    }
}

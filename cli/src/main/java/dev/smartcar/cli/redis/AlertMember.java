package dev.smartcar.cli.redis;

import dev.smartcar.schemas.contract.RedisLayout;
import java.util.Comparator;

/**
 * One member of a day's alert set, {@code "<car>-<window start yyyyMMddHHmmss>"} (docs/contract.md §Redis,
 * {@link RedisLayout.Member}), e.g. {@code R0039-20200322000130}. Members that do not have this form are kept as
 * they are and shown, never dropped.
 */
public record AlertMember(String member, String carNumber, String windowStartText) {

    /** By window start, then car; malformed members last, by text. */
    public static final Comparator<AlertMember> BY_TIME = Comparator
            .comparing((AlertMember m) -> m.windowStartText() == null)
            .thenComparing(m -> m.windowStartText() == null ? "" : m.windowStartText())
            .thenComparing(m -> m.carNumber() == null ? "" : m.carNumber())
            .thenComparing(AlertMember::member);

    public static AlertMember parse(String member) {
        return RedisLayout.Member.parse(member)
                .map(m -> new AlertMember(member, m.carNumber(), m.windowStartText()))
                .orElseGet(() -> new AlertMember(member, null, null));
    }

    public boolean wellFormed() {
        return carNumber != null;
    }
}

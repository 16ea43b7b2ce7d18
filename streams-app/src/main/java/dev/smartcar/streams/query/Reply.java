package dev.smartcar.streams.query;

import java.util.Map;

/**
 * One HTTP answer of the endpoint: a status, a JSON body (a value Jackson writes, or the bytes another instance
 * answered, passed on unchanged) and, for a 503, how many seconds to wait before asking again.
 */
public record Reply(int status, Object body, int retryAfterSeconds) {

    public static Reply ok(Object body) {
        return new Reply(200, body, 0);
    }

    public static Reply error(int status, String message) {
        return new Reply(status, Map.of("error", message), 0);
    }

    /** A 503 with a {@code Retry-After}: the answer exists, but not now (a rebalance, a restoring store). */
    public static Reply retryLater(String message, int seconds) {
        return new Reply(503, Map.of("error", message, "retry_after_seconds", seconds), seconds);
    }
}

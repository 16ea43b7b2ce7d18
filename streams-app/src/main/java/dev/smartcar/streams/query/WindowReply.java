package dev.smartcar.streams.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One window of one car as the JSON replies show it: an open window ({@code /cars/{car}/speed}, with its car and
 * last record), a closed one ({@code closed_windows}, with whether it alerted) or a fleet entry ({@code /fleet},
 * with whether it is open, speeding, and which instance served it). What a kind of window does not have is left
 * out of its JSON.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WindowReply(String carNumber, String windowStart, String windowEnd, double averageSpeed,
                          int recordCount, int maxSpeed, String lastDate, String lastAreaNumber, Boolean open,
                          Boolean speeding, String servedBy, Boolean alert) {

    /**
     * Of two instances' entries for one car (after a rebalance both may know it): an open window, else the later one.
     */
    static WindowReply fresher(WindowReply a, WindowReply b) {
        boolean aOpen = Boolean.TRUE.equals(a.open());
        boolean bOpen = Boolean.TRUE.equals(b.open());
        if (aOpen != bOpen) {
            return aOpen ? a : b;
        }
        return String.valueOf(a.windowStart()).compareTo(String.valueOf(b.windowStart())) >= 0 ? a : b;
    }
}

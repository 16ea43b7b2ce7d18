package dev.smartcar.cli.hbase;

/**
 * What {@code driving} looks for: one car, optionally a time range (both ends inclusive, as the log's 14-digit
 * text and as epoch milliseconds), an area and a row limit (0 = none).
 */
public record DrivingQuery(String car, String fromText, long fromMillis, String toText, long toMillis,
                           String area, int limit) {

    public boolean hasRange() {
        return fromText != null && toText != null;
    }

    /** Seconds covered by the range, both ends included; 0 without a range. */
    public long rangeSeconds() {
        return hasRange() ? (toMillis / 1000 - fromMillis / 1000) + 1 : 0;
    }
}

package dev.smartcar.streams.redis;

import dev.smartcar.avro.OverSpeedAlert;
import dev.smartcar.schemas.contract.RedisLayout;
import dev.smartcar.schemas.log.LogTimestamp;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where an alert goes in Redis (docs/contract.md §Redis), compatible with the original pilot's client:
 * <ul>
 *   <li>{@code SADD <yyyyMMdd of window start> "<car>-<window start yyyyMMddHHmmss>"}, {@code EXPIRE} 7 days;</li>
 *   <li>{@code HSET overspeed:<car>:<window start yyyyMMddHHmmss>} with the alert's details, same expiry.</li>
 * </ul>
 * Every command is idempotent: writing the same alert again leaves the same keys, members and fields.
 */
record AlertRedisLayout(String dayKey, String member, String detailKey, Map<String, String> details) {

    static AlertRedisLayout of(OverSpeedAlert alert, LogTimestamp time) {
        String start = alert.getWindowStartText();
        String car = alert.getCarNumber();
        Map<String, String> details = new LinkedHashMap<>();
        details.put("car_number", car);
        details.put("window_start", start);
        details.put("window_end", time.format(alert.getWindowEnd().toEpochMilli()));
        details.put("window_start_ms", Long.toString(alert.getWindowStart().toEpochMilli()));
        details.put("window_end_ms", Long.toString(alert.getWindowEnd().toEpochMilli()));
        details.put("average_speed", Double.toString(alert.getAverageSpeed()));
        details.put("record_count", Integer.toString(alert.getRecordCount()));
        details.put("speed_sum", Long.toString(alert.getSpeedSum()));
        details.put("max_speed", Integer.toString(alert.getMaxSpeed()));
        details.put("first_date", time.format(alert.getFirstDate().toEpochMilli()));
        details.put("last_date", time.format(alert.getLastDate().toEpochMilli()));
        details.put("last_area_number", alert.getLastAreaNumber());
        details.put("threshold", Double.toString(alert.getThreshold()));
        details.put("time_basis", alert.getTimeBasis().name());
        details.put("detected_at_ms", Long.toString(alert.getDetectedAt().toEpochMilli()));
        return new AlertRedisLayout(RedisLayout.dayKey(start), RedisLayout.member(car, start),
                RedisLayout.detailKey(car, start), details);
    }
}

package dev.smartcar.cli;

import dev.smartcar.cli.hbase.KeyedGets;
import dev.smartcar.cli.hbase.RowKey;
import dev.smartcar.schemas.log.LogTimestamp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.Table;

/**
 * One car's rows of one day in {@code SmartCarStatusInfo}. Every {@code reg_date} of the day is known in advance
 * ({@code yyyyMMdd000000} to {@code yyyyMMdd240000}, 86,401 texts), so the rows are fetched by key, in time order,
 * without scanning the other cars' rows that the reversed-timestamp key interleaves with them.
 */
public final class StatusDay {

    private StatusDay() { }

    /** The 86,401 keys car {@code car} can have on {@code day}, in time order. */
    public static List<byte[]> keys(LocalDate day, String car) {
        List<byte[]> keys = new ArrayList<>(86_401);
        byte[] text = new byte[LogTimestamp.LENGTH];
        for (int s = 0; s <= 86_400; s++) {
            LogTimestamp.writeDigits(day.getYear(), day.getMonthValue(), day.getDayOfMonth(), s, text, 0);
            keys.add(RowKey.bytes(new String(text, StandardCharsets.US_ASCII), car));
        }
        return keys;
    }

    public static List<Result> fetch(Table table, LocalDate day, String car) throws IOException {
        return KeyedGets.fetch(table, keys(day, car), null, 0);
    }
}

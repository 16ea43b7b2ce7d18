package dev.smartcar.cli.hbase;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.filter.Filter;

/**
 * Point look-ups of rows whose keys are known, in batches (one multi-get per region server per batch), in the
 * order given, stopping once {@code limit} rows were found. Only family {@code cf1} is read.
 */
public final class KeyedGets {

    public static final int BATCH = 2_000;

    private KeyedGets() { }

    /** The rows that exist, in key-list order; {@code limit} 0 = all. */
    public static List<Result> fetch(Table table, List<byte[]> keys, Filter filter, int limit) throws IOException {
        List<Result> found = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += BATCH) {
            List<Get> batch = new ArrayList<>(BATCH);
            for (byte[] key : keys.subList(from, Math.min(keys.size(), from + BATCH))) {
                Get get = new Get(key).addFamily(LogTable.FAMILY);
                if (filter != null) {
                    get.setFilter(filter);
                }
                batch.add(get);
            }
            for (Result r : table.get(batch)) {
                if (!r.isEmpty()) {
                    found.add(r);
                    if (limit > 0 && found.size() == limit) {
                        return found;
                    }
                }
            }
        }
        return found;
    }
}

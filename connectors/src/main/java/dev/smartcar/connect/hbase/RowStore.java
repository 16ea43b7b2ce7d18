package dev.smartcar.connect.hbase;

import java.io.IOException;
import java.util.List;

/** Where the sink's rows go. {@link HBaseRowStore} in production; an in-memory one in unit tests. */
interface RowStore extends AutoCloseable {

    /**
     * Writes the rows and returns only once all of them are stored. An {@link IOException} means some may not
     * be; writing the same rows again is harmless (rows are idempotent).
     */
    void write(List<HBaseRow> rows) throws IOException;

    @Override
    void close();
}

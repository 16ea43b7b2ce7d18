package dev.smartcar.connect.hbase;

import java.io.IOException;
import java.util.List;

/**
 * Where the rows of bulk-loaded topics go: {@link BulkRowStore} in production; an in-memory one in unit tests.
 * Unlike a {@link RowStore} it keeps what it was given until a load succeeds, so the task holds none of it.
 */
interface BulkStore extends AutoCloseable {

    /** Keeps the rows for the next load (in bounded memory, the rest on local disk). */
    void add(List<HBaseRow> rows) throws IOException;

    /**
     * Returns only once every row added since the last successful load is in HBase. An {@link IOException}
     * means some may not be; the rows are kept and the next load writes them all again (the same cells, so a
     * row loaded twice is unchanged).
     */
    void load() throws IOException;

    /**
     * Best effort, when the task starts: whatever the first load into {@code table} would do once only (looking
     * the table up, loading the HFile writer's classes and codecs) is done now, before any record waits for it.
     */
    default void prepare(String table) {
    }

    /** Rows added and not yet loaded. */
    long waiting();

    /** Deletes whatever was not loaded (its records' offsets were not committed: they are delivered again). */
    @Override
    void close();
}

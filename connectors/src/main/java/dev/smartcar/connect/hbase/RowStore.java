package dev.smartcar.connect.hbase;

import java.io.IOException;
import java.util.List;

/**
 * Where the sink's rows go. {@link HBaseRowStore} in production; an in-memory one in unit tests.
 *
 * <p>Writing is split in two so the store can send rows while the task converts the next records: {@link #submit}
 * hands rows over (the store may start sending them in the background), {@link #flush} waits until every row
 * submitted so far is stored. Only a successful flush says anything is stored.
 */
interface RowStore extends AutoCloseable {

    /**
     * Hands rows to the store, which may send them in the background. An {@link IOException} means the store
     * failed; it has then forgotten every row not yet flushed, and the caller submits them again.
     */
    void submit(List<HBaseRow> rows) throws IOException;

    /**
     * Returns only once every row submitted since the last successful flush is stored. An {@link IOException}
     * means some may not be; the store has then forgotten them all, and the caller submits them again (rows are
     * idempotent, so writing one twice is harmless).
     */
    void flush() throws IOException;

    @Override
    void close();
}

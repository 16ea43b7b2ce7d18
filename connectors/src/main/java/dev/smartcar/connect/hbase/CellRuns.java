package dev.smartcar.connect.hbase;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.CellComparator;
import org.apache.hadoop.hbase.KeyValue;

/**
 * The cells of one table since its last load, in bounded memory: they are held until the buffer is full, then
 * sorted and spilled to a run file on local disk; {@link #sorted} merges the runs and the buffer back in key order.
 * Of two equal keys (a record delivered twice) only the one added last is kept, as a later put would win: in the
 * buffer each cell's sequence id is its arrival number (the comparator puts higher ids first), and a later run
 * wins over an earlier one. The ids are not written to the runs nor, by the HFile writer, to the HFiles.
 */
final class CellRuns implements Closeable {

    private static final CellComparator ORDER = CellComparator.getInstance();

    private final Path dir;
    private final String name;
    private final long bufferBytes;
    private final List<KeyValue> buffer = new ArrayList<>();
    private final List<Path> runs = new ArrayList<>();
    private long buffered;
    private long cells;
    private long arrivals;

    /**
     * @param dir where the runs are spilled (created when first needed)
     * @param name prefix of the run files' names
     * @param bufferBytes heap size of the cells held before a spill
     */
    CellRuns(Path dir, String name, long bufferBytes) {
        this.dir = dir;
        this.name = name;
        this.bufferBytes = bufferBytes;
    }

    void add(KeyValue cell) throws IOException {
        cell.setSequenceId(++arrivals);
        buffer.add(cell);
        buffered += cell.heapSize();
        cells++;
        if (buffered >= bufferBytes) {
            spill();
        }
    }

    /** Cells added since the last {@link #clear}, duplicates included. */
    long cells() {
        return cells;
    }

    int runs() {
        return runs.size();
    }

    private void spill() throws IOException {
        buffer.sort(ORDER);
        Files.createDirectories(dir);
        Path run = dir.resolve(name + "-" + runs.size() + ".run");
        try (DataOutputStream out = new DataOutputStream(
                new BufferedOutputStream(Files.newOutputStream(run), 1 << 16))) {
            for (KeyValue cell : buffer) {
                out.writeInt(cell.getLength());
                out.write(cell.getBuffer(), cell.getOffset(), cell.getLength());
            }
        }
        runs.add(run);
        buffer.clear();
        buffered = 0;
    }

    /**
     * Every cell in key order, each key once. The iterator reads the runs as it goes (one buffered reader per
     * run); close it when done. It throws {@link UncheckedIOException} if a run cannot be read.
     */
    CloseableCells sorted() throws IOException {
        buffer.sort(ORDER);
        List<Source> sources = new ArrayList<>();
        try {
            for (int i = 0; i < runs.size(); i++) {
                sources.add(new RunSource(runs.get(i), i));
            }
        } catch (IOException e) {
            sources.forEach(Source::close);
            throw e;
        }
        // The buffer's cells were added after every run's.
        sources.add(new ListSource(new ArrayList<>(buffer), runs.size()));
        return new Merge(sources);
    }

    /** Forgets every cell and deletes the runs. */
    void clear() throws IOException {
        buffer.clear();
        buffered = 0;
        cells = 0;
        for (Path run : runs) {
            Files.deleteIfExists(run);
        }
        runs.clear();
    }

    @Override
    public void close() throws IOException {
        clear();
    }

    /** Sorted cells that hold open files until closed. */
    interface CloseableCells extends Iterator<Cell>, Closeable {
        @Override
        void close();
    }

    private abstract static class Source {
        final int rank;
        Cell head;

        Source(int rank) {
            this.rank = rank;
        }

        /** Moves to the next cell; false (head null) at the end. */
        abstract boolean advance();

        void close() {
        }
    }

    private static final class ListSource extends Source {
        private final Iterator<KeyValue> cells;

        ListSource(List<KeyValue> cells, int rank) {
            super(rank);
            this.cells = cells.iterator();
        }

        @Override
        boolean advance() {
            head = cells.hasNext() ? cells.next() : null;
            return head != null;
        }
    }

    private static final class RunSource extends Source {
        private final DataInputStream in;

        RunSource(Path run, int rank) throws IOException {
            super(rank);
            this.in = new DataInputStream(new BufferedInputStream(Files.newInputStream(run), 1 << 16));
        }

        @Override
        boolean advance() {
            try {
                int length;
                try {
                    length = in.readInt();
                } catch (EOFException end) {
                    head = null;
                    return false;
                }
                byte[] bytes = new byte[length];
                in.readFully(bytes);
                head = new KeyValue(bytes, 0, length);
                return true;
            } catch (IOException e) {
                throw new UncheckedIOException("Reading a spilled run of cells", e);
            }
        }

        @Override
        void close() {
            try {
                in.close();
            } catch (IOException ignored) {
                // read-only: nothing is lost
            }
        }
    }

    /** A k-way merge; of equal keys the source of highest rank (added last) comes first, and the rest are skipped. */
    private static final class Merge implements CloseableCells {
        private final List<Source> all;
        private final PriorityQueue<Source> queue = new PriorityQueue<>((a, b) -> {
            int byKey = ORDER.compare(a.head, b.head, true);
            return byKey != 0 ? byKey : Integer.compare(b.rank, a.rank);
        });
        private Cell last;
        private Cell next;

        Merge(List<Source> sources) {
            this.all = sources;
            for (Source source : sources) {
                if (source.advance()) {
                    queue.add(source);
                }
            }
        }

        @Override
        public boolean hasNext() {
            while (next == null && !queue.isEmpty()) {
                Source source = queue.poll();
                Cell cell = source.head;
                if (last == null || ORDER.compare(last, cell, true) != 0) {
                    next = cell;
                    last = cell;
                }
                if (source.advance()) {
                    queue.add(source);
                }
            }
            return next != null;
        }

        @Override
        public Cell next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Cell cell = next;
            next = null;
            return cell;
        }

        @Override
        public void close() {
            all.forEach(Source::close);
        }
    }
}

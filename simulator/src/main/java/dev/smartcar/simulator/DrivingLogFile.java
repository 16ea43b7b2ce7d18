package dev.smartcar.simulator;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The growing driving log: lines are appended to FILE in batches of whole lines, so a tailer never finds half a
 * line in it except at the very end while a write is in flight. Optionally rotates between two lines once the
 * next line would take FILE past {@code rotateBytes}, keeping FILE.1 ... FILE.keep like logrotate. An optional
 * copy file receives the same writes and never rotates, so a checker can read the whole run from one file
 * while rotation (and a tailer's deletion of old files) goes on.
 */
final class DrivingLogFile implements Closeable {

    private static final int BATCH_BYTES = 64 * 1024;

    private final Path file;
    private final long rotateBytes;
    private final RotationMode mode;
    private final int keep;
    private final LineBuffer batch;
    private final ByteBuffer batchView;
    private FileChannel channel;
    private final FileChannel copy;
    private long size;
    private long bytesWritten;
    private int rotations;
    /** Null while rotated files stay plain. */
    private RotatedFileCompressor compressor;

    /**
     * @param rotateBytes 0 for no rotation
     * @param batchBytes  largest write; must hold the longest line
     */
    DrivingLogFile(Path file, long rotateBytes, RotationMode mode, int keep, int batchBytes, Path copyTo)
            throws IOException {
        this.file = file;
        this.rotateBytes = rotateBytes;
        this.mode = mode;
        this.keep = keep;
        this.batch = new LineBuffer(batchBytes);
        this.batchView = ByteBuffer.wrap(batch.array());
        this.channel = open(file);
        this.size = channel.size();
        this.copy = copyTo == null ? null : open(copyTo);
    }

    DrivingLogFile(Path file, long rotateBytes, RotationMode mode, int keep, int batchBytes) throws IOException {
        this(file, rotateBytes, mode, keep, batchBytes, null);
    }

    DrivingLogFile(Path file, long rotateBytes, RotationMode mode, int keep, Path copyTo) throws IOException {
        this(file, rotateBytes, mode, keep, Math.max(BATCH_BYTES, 2 * GarbageKind.MAX_BYTES), copyTo);
    }

    DrivingLogFile(Path file, long rotateBytes, RotationMode mode, int keep) throws IOException {
        this(file, rotateBytes, mode, keep, null);
    }

    /** Rotated files are gzipped ({@code compress}), {@code delayMs} after their rotation; call before writing. */
    void compressRotated(long delayMs) {
        compressor = new RotatedFileCompressor(delayMs);
    }

    /** Appends one whole line (terminator included); writes the batch first if the line does not fit in it. */
    void appendLine(byte[] line, int off, int len) throws IOException {
        if (len > batch.array().length) {
            throw new IllegalArgumentException("line of " + len + " bytes is longer than the write batch");
        }
        if (rotateBytes > 0 && size + batch.length() + len > rotateBytes && size + batch.length() > 0) {
            flush();
            rotate();
        }
        if (batch.remaining() < len) {
            flush();
        }
        batch.append(line, off, len);
    }

    /** Writes the pending lines with one write call (or more, only if the OS takes part of it). */
    void flush() throws IOException {
        int n = batch.length();
        if (n == 0) {
            return;
        }
        batchView.clear().limit(n);
        while (batchView.hasRemaining()) {
            channel.write(batchView);
        }
        if (copy != null) {
            batchView.clear().limit(n);
            while (batchView.hasRemaining()) {
                copy.write(batchView);
            }
        }
        batch.clear();
        size += n;
        bytesWritten += n;
    }

    long bytesWritten() {
        return bytesWritten + batch.length();
    }

    int rotations() {
        return rotations;
    }

    @Override
    public void close() throws IOException {
        try (FileChannel c = copy; RotatedFileCompressor z = compressor) {
            flush();
        } finally {
            channel.close();
        }
    }

    private void rotate() throws IOException {
        if (compressor != null) {
            compressor.awaitIdle();
        }
        shiftOldFiles();
        Path first = numbered(1);
        if (mode == RotationMode.RENAME) {
            channel.close();
            Files.move(file, first, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            channel = open(file);
        } else {
            // Only this process writes FILE, and it writes nothing between the copy and the truncation.
            channel.force(false);
            Files.copy(file, first, StandardCopyOption.REPLACE_EXISTING);
            channel.truncate(0);
        }
        size = 0;
        rotations++;
        if (compressor != null) {
            compressor.compressLater(first);
        }
    }

    private void shiftOldFiles() throws IOException {
        Files.deleteIfExists(rotated(keep));
        for (int i = keep - 1; i >= 1; i--) {
            Path older = rotated(i);
            if (Files.exists(older)) {
                Files.move(older, rotated(i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** The i-th rotated file once its rotation is complete: FILE.i, or FILE.i.gz when compressed. */
    private Path rotated(int i) {
        return compressor == null ? numbered(i) : RotatedFileCompressor.compressedName(numbered(i));
    }

    private Path numbered(int i) {
        return file.resolveSibling(file.getFileName() + "." + i);
    }

    private static FileChannel open(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }
}

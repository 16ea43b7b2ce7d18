package dev.smartcar.simulator;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPOutputStream;

/**
 * logrotate's {@code compress}: after a rotation, FILE.1 is gzipped into FILE.1.gz (written under that name as
 * gzip does, keeping FILE.1's modification time) and FILE.1 is removed. It runs beside the writer, which goes on
 * writing the new FILE, after an optional delay (the window a tailer may be down in between); one compression at
 * a time, finished before the next rotation, as logrotate runs its steps one after the other.
 */
final class RotatedFileCompressor implements Closeable {

    private final long delayMs;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "driving-compress");
        thread.setDaemon(true);
        return thread;
    });
    private Future<?> pending;

    RotatedFileCompressor(long delayMs) {
        this.delayMs = delayMs;
    }

    /** FILE.1.gz for FILE.1. */
    static Path compressedName(Path file) {
        return file.resolveSibling(file.getFileName() + ".gz");
    }

    /** Compresses {@code file} in the background, {@code delayMs} from now. */
    void compressLater(Path file) {
        pending = worker.submit(() -> {
            Thread.sleep(delayMs);
            gzip(file);
            return null;
        });
    }

    /** Waits for the compression in progress, if any; its failure is this call's. */
    void awaitIdle() throws IOException {
        if (pending == null) {
            return;
        }
        try {
            pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for the rotated file's compression");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } finally {
            pending = null;
        }
    }

    static void gzip(Path file) throws IOException {
        Path gz = compressedName(file);
        try (InputStream in = Files.newInputStream(file);
             OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz), 65536)) {
            in.transferTo(out);
        }
        Files.setLastModifiedTime(gz, Files.getLastModifiedTime(file));
        Files.delete(file);
    }

    @Override
    public void close() throws IOException {
        try {
            awaitIdle();
        } finally {
            worker.shutdown();
        }
    }
}

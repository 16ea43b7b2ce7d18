package dev.smartcar.cli.replay;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends a driving log to the tailed one. Every write holds whole lines only and the file is opened in append
 * mode, so the tail source — and any simulator appending at the same time — never sees half a line of ours.
 */
public final class DrivingAppend {

    static final int CHUNK = 64 * 1024;

    private DrivingAppend() { }

    /** Returns the bytes appended (a missing final newline is added, so the last line is complete). */
    public static long append(Path source, Path target) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        long written = 0;
        try (InputStream in = Files.newInputStream(source);
             FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     StandardOpenOption.APPEND)) {
            byte[] buf = new byte[CHUNK];
            int held = 0;
            int n;
            while ((n = in.read(buf, held, buf.length - held)) > 0) {
                held += n;
                int lastNewline = lastIndexOf(buf, held, (byte) '\n');
                if (lastNewline < 0) {
                    if (held == buf.length) {
                        buf = java.util.Arrays.copyOf(buf, buf.length * 2); // a line longer than the buffer
                    }
                    continue;
                }
                written += writeFully(out, buf, lastNewline + 1);
                held -= lastNewline + 1;
                System.arraycopy(buf, lastNewline + 1, buf, 0, held);
            }
            if (held > 0) {
                if (held == buf.length) {
                    buf = java.util.Arrays.copyOf(buf, held + 1);
                }
                buf[held++] = '\n';
                written += writeFully(out, buf, held);
            }
        }
        return written;
    }

    private static int writeFully(FileChannel out, byte[] b, int len) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(b, 0, len);
        while (bb.hasRemaining()) {
            out.write(bb);
        }
        return len;
    }

    private static int lastIndexOf(byte[] b, int len, byte c) {
        for (int i = len - 1; i >= 0; i--) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }
}

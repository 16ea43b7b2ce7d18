package dev.smartcar.connect.file;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reading a gzip file by uncompressed byte offsets, for both sources: offsets count uncompressed bytes, so an offset
 * means the same before and after a file is compressed, and resuming means decompressing up to it again.
 */
public final class Gunzip {

    private static final int BUFFER_BYTES = 65536;

    private Gunzip() { }

    /**
     * The decompressed stream of the gzip file behind {@code channel}, from its byte 0 whatever the channel's
     * position. Closing the stream frees the decompressor and leaves the channel open: its owner closes it.
     */
    public static InputStream from(FileChannel channel) throws IOException {
        channel.position(0);
        InputStream file = new FilterInputStream(Channels.newInputStream(channel)) {
            @Override
            public void close() {
                // the channel is its owner's to close
            }
        };
        return new GZIPInputStream(new BufferedInputStream(file, BUFFER_BYTES), BUFFER_BYTES);
    }

    /** The decompressed stream from uncompressed byte {@code position} on; an error if the file is shorter. */
    public static InputStream from(FileChannel channel, long position, Path path) throws IOException {
        InputStream in = from(channel);
        long skipped = skip(in, position);
        if (skipped < position) {
            in.close();
            throw new IOException("the committed offset " + position + " lies beyond the end of the "
                    + "decompressed " + path + " (" + skipped + " bytes): the file was changed after it was read");
        }
        return in;
    }

    /** Skips up to {@code count} bytes; returns how many there were. */
    public static long skip(InputStream in, long count) throws IOException {
        long total = 0;
        while (total < count) {
            long n = in.skip(count - total);
            if (n <= 0) {
                if (in.read() < 0) {
                    break;
                }
                n = 1;
            }
            total += n;
        }
        return total;
    }

    /**
     * The first decompressed bytes of a gzip file: up to {@code max}; fewer if its content is shorter, or if the file
     * ends before its gzip trailer ({@code cutShort}: gzip is still writing it, or it was cut short).
     */
    public record Head(byte[] bytes, boolean cutShort) {

        /** Whether more bytes may still come: fewer than asked for, and the file not complete. */
        public boolean undecided(int wanted) {
            return cutShort && bytes.length < wanted;
        }
    }

    public static Head head(FileChannel channel, int max) throws IOException {
        byte[] head = new byte[max];
        int n = 0;
        boolean cut = false;
        try (InputStream in = from(channel)) {
            int r;
            while (n < max && (r = in.read(head, n, max - n)) > 0) {
                n += r;
            }
        } catch (EOFException notAllWrittenYet) {
            cut = true;
        }
        return new Head(Arrays.copyOf(head, n), cut);
    }
}

package dev.smartcar.connect.file;

/**
 * One line as read from a file, without its {@code \n} (a {@code \r} before it is kept: the line is passed on
 * byte for byte and judged downstream).
 *
 * @param bytes        the line's bytes, at most the configured maximum
 * @param number       1-based line number within the file, counted from where reading started
 * @param offset       byte position of the line's first byte
 * @param nextOffset   byte position just after the line (and its newline): where reading resumes
 * @param length       the line's full length in bytes, larger than {@code bytes.length} when it was cut
 * @param terminated   whether the line ended with a newline (false only for a file's unterminated last line)
 */
public record Line(byte[] bytes, long number, long offset, long nextOffset, long length, boolean terminated) {

    public boolean truncated() {
        return length > bytes.length;
    }
}

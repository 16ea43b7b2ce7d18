package dev.smartcar.connect.tail;

/** Where reading starts in a file that has no committed offset and already existed when the task started. */
public enum StartPosition {
    /** From its first byte: nothing already in the file is missed. */
    BEGINNING,
    /** After its last complete line: only what is appended from now on. */
    END
}

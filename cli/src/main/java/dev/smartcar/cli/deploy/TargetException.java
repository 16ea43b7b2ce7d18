package dev.smartcar.cli.deploy;

/** A target file that cannot be used; the message names the file, the line, the key and what is expected. */
public final class TargetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TargetException(String message) {
        super(message);
    }
}

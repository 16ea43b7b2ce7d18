package dev.smartcar.cli;

/**
 * A failure the user can act on, with the exit code it maps to: {@link #USAGE} (2) for a command line that cannot
 * run (a bad date, car or setting), {@link #FAILED} (1) for a server that cannot be reached or a check that failed.
 * The message is printed as is, so it names the thing that is wrong and what is expected.
 */
public final class CliException extends RuntimeException {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    private final int exitCode;

    private CliException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** A bad option value: exit code 2. */
    public static CliException usage(String message) {
        return new CliException(message, USAGE, null);
    }

    /** A server or file that failed us: exit code 1. */
    public static CliException failed(String message, Throwable cause) {
        return new CliException(message, FAILED, cause);
    }

    public static CliException failed(String message) {
        return failed(message, null);
    }

    public int exitCode() {
        return exitCode;
    }
}

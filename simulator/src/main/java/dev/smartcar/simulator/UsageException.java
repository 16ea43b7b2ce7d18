package dev.smartcar.simulator;

/** A command line the simulator cannot run: the message names the option and what it expects (exit code 2). */
final class UsageException extends Exception {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}

package dev.smartcar.cli;

/** A {@code host:port} address given by an option or an environment variable. */
public record HostPort(String host, int port) {

    /**
     * Parses {@code host:port}; {@code what} names the setting in the error, e.g. {@code --redis (SMARTCAR_REDIS)}.
     */
    public static HostPort parse(String text, String what) {
        if (text == null || text.isBlank()) {
            throw CliException.usage(what + " is empty; expected host:port, e.g. 127.0.0.1:6379");
        }
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw CliException.usage(what + " '" + text + "' is not host:port, e.g. 127.0.0.1:6379");
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65_535) {
            throw CliException.usage(what + " '" + text + "' has no valid port; expected 1-65535");
        }
        return new HostPort(text.substring(0, colon), port);
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}

package dev.smartcar.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A plain TCP connect before a client library is used: the HBase and Kafka clients retry an absent server for
 * minutes, while the user wants to hear at once which server at which address is not there.
 */
public final class Reachability {

    private static final int TIMEOUT_MS = 3_000;

    private Reachability() { }

    /** Throws a {@link CliException} naming the component and its addresses when none of them accepts connections. */
    public static void require(String component, BootstrapServers nodes, String hint) {
        CliException last = null;
        for (HostPort node : nodes.servers()) {
            try {
                require(component, node, hint);
                return;
            } catch (CliException e) {
                last = e;
            }
        }
        if (nodes.servers().size() == 1 || last == null) {
            throw last;
        }
        throw CliException.failed(component + " at " + nodes + ": no node is reachable"
                + (hint == null ? "" : "; " + hint), last);
    }

    /** Throws a {@link CliException} naming the component and its address when nothing accepts connections. */
    public static void require(String component, HostPort address, String hint) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address.host(), address.port()), TIMEOUT_MS);
        } catch (IOException e) {
            throw CliException.failed(component + " at " + address + " is not reachable (" + e.getMessage() + ")"
                    + (hint == null ? "" : "; " + hint), e);
        }
    }
}

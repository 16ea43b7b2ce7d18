package dev.smartcar.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Kafka's {@code host:port[,host:port...]}: one address per node a client may bootstrap from. */
public record BootstrapServers(List<HostPort> servers) {

    public BootstrapServers {
        servers = List.copyOf(servers);
    }

    /** Parses the comma-separated list; {@code what} names the setting in the error, as {@link HostPort#parse}. */
    public static BootstrapServers parse(String text, String what) {
        if (text == null || text.isBlank()) {
            throw CliException.usage(what + " is empty; expected host:port[,host:port...], e.g. 127.0.0.1:9092");
        }
        List<HostPort> servers = new ArrayList<>();
        for (String one : text.split(",")) {
            servers.add(HostPort.parse(one.strip(), what));
        }
        return new BootstrapServers(servers);
    }

    @Override
    public String toString() {
        return servers.stream().map(HostPort::toString).collect(Collectors.joining(","));
    }
}

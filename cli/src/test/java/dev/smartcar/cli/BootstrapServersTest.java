package dev.smartcar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BootstrapServersTest {

    @Test
    void aClusterIsAListOfNodes() {
        BootstrapServers b = BootstrapServers.parse("127.0.0.1:19092, 127.0.0.1:19192,127.0.0.1:19292", "--bootstrap");
        assertEquals(List.of(new HostPort("127.0.0.1", 19092), new HostPort("127.0.0.1", 19192),
                new HostPort("127.0.0.1", 19292)), b.servers());
        assertEquals("127.0.0.1:19092,127.0.0.1:19192,127.0.0.1:19292", b.toString());
    }

    @Test
    void aBadEntryIsNamedWithTheSetting() {
        CliException e = assertThrows(CliException.class,
                () -> BootstrapServers.parse("127.0.0.1:9092,127.0.0.1", "--bootstrap (SMARTCAR_BOOTSTRAP)"));
        assertTrue(e.getMessage().contains("--bootstrap (SMARTCAR_BOOTSTRAP) '127.0.0.1' is not host:port"),
                e.getMessage());
    }
}

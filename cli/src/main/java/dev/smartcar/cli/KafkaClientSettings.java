package dev.smartcar.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * The Kafka client settings of a secured cluster: the properties file named by {@code SMARTCAR_KAFKA_CONFIG}
 * (security.protocol, sasl.*, ssl.*, config.providers...; a secret only as a config-provider reference), added to
 * every Kafka client the tool makes. {@code bin/smartcar} sets it for the secured profile and for {@code --target}.
 */
public final class KafkaClientSettings {

    /** The environment variable naming the file. */
    public static final String ENV = "SMARTCAR_KAFKA_CONFIG";

    private KafkaClientSettings() {
    }

    /** Adds the file's settings (none when the variable is unset) to {@code settings}; the given ones win. */
    public static void addTo(Map<Object, Object> settings) {
        Properties file = load(System.getenv(ENV));
        file.forEach(settings::putIfAbsent);
    }

    static Properties load(String path) {
        Properties p = new Properties();
        if (path == null || path.isBlank()) {
            return p;
        }
        try (Reader in = Files.newBufferedReader(Path.of(path), StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw CliException.usage(ENV + ": cannot read the Kafka client settings file " + path + ": " + e);
        }
        p.remove("bootstrap.servers");   // the tool's --bootstrap wins
        return p;
    }
}

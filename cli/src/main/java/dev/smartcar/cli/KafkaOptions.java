package dev.smartcar.cli;

import picocli.CommandLine.Option;

/** Where Kafka and the schema registry are: options defaulting to the {@code SMARTCAR_*} environment. */
public final class KafkaOptions {

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT[,HOST:PORT...]",
            defaultValue = "${env:SMARTCAR_BOOTSTRAP:-127.0.0.1:9092}",
            description = "Kafka bootstrap servers (env SMARTCAR_BOOTSTRAP; default ${DEFAULT-VALUE})")
    String bootstrap;

    @Option(names = "--registry", paramLabel = "URL",
            defaultValue = "${env:SMARTCAR_REGISTRY:-http://127.0.0.1:8081/apis/ccompat/v7}",
            description = "schema registry, Confluent-compatible API (env SMARTCAR_REGISTRY; default ${DEFAULT-VALUE})")
    String registry;

    public BootstrapServers bootstrap() {
        return BootstrapServers.parse(bootstrap, "--bootstrap (SMARTCAR_BOOTSTRAP)");
    }

    public String registry() {
        if (registry == null || !(registry.startsWith("http://") || registry.startsWith("https://"))) {
            throw CliException.usage("--registry (SMARTCAR_REGISTRY) '" + registry
                    + "' is not a URL; expected e.g. http://127.0.0.1:8081/apis/ccompat/v7");
        }
        return registry;
    }

    public static KafkaOptions of(String bootstrap, String registry) {
        KafkaOptions o = new KafkaOptions();
        o.bootstrap = bootstrap;
        o.registry = registry;
        return o;
    }
}

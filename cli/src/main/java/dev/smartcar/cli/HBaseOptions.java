package dev.smartcar.cli;

import picocli.CommandLine.Option;

/** Where HBase is (its ZooKeeper): an option defaulting to {@code SMARTCAR_ZOOKEEPER}, then 127.0.0.1:2181. */
public final class HBaseOptions {

    @Option(names = "--zookeeper", paramLabel = "HOST:PORT", defaultValue = "${env:SMARTCAR_ZOOKEEPER:-127.0.0.1:2181}",
            description = "HBase's ZooKeeper (env SMARTCAR_ZOOKEEPER; default ${DEFAULT-VALUE})")
    String zookeeper;

    public HostPort zookeeper() {
        return HostPort.parse(zookeeper, "--zookeeper (SMARTCAR_ZOOKEEPER)");
    }

    public static HBaseOptions of(String zookeeper) {
        HBaseOptions o = new HBaseOptions();
        o.zookeeper = zookeeper;
        return o;
    }
}

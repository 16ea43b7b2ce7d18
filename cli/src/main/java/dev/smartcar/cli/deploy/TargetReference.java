package dev.smartcar.cli.deploy;

/**
 * Renders {@link TargetKey#ALL} into docs/target.md, the target file's reference. A unit test fails when the file
 * differs ({@code -Dsmartcar.target.write=true} rewrites it).
 */
public final class TargetReference {

    private TargetReference() {
    }

    public static String render() {
        StringBuilder md = new StringBuilder();
        md.append("# Deploy target reference\n\n")
                .append("Generated from `dev.smartcar.cli.deploy.TargetKey` (cli module) by `TargetReference`")
                .append(" (regenerate: `mvn -pl cli test -Dtest=TargetFileTest -Dsmartcar.target.write=true`).")
                .append(" Do not edit by hand.\n\n")
                .append("A deploy target is one properties file describing an existing cluster: `make deploy")
                .append(" TARGET=FILE [ARGS=--dry-run]`, `bin/smartcar --target FILE COMMAND`. How to write one for a")
                .append(" company's cluster, step by step: [runtime.md](runtime.md#deploying-onto-a-company-cluster);")
                .append(" the worked example: `stack/targets/local-secured.properties`. Relative file paths are")
                .append(" relative to the target file's folder. No secret may be written into the file: a key ending")
                .append(" in `password`, `secret` or `token`, and the password of a `sasl.jaas.config`, must be a")
                .append(" config-provider reference (`${file:PATH:KEY}`, `${dir:DIR:NAME}`), and credentials for")
                .append(" HTTP and Redis come in files (`*.auth.file`: `USER:PASSWORD`; `*.password.file`).\n\n")
                .append("| key | default | description |\n|---|---|---|\n");
        for (TargetKey k : TargetKey.ALL) {
            md.append("| `").append(k.name()).append("` | ").append(k.defaultValue().replace("|", "\\|"))
                    .append(" | ").append(k.description().replace("|", "\\|")).append(" |\n");
        }
        return md.toString();
    }
}

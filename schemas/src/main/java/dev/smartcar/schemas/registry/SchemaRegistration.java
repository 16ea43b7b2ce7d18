package dev.smartcar.schemas.registry;

import dev.smartcar.avro.CarStatus;
import dev.smartcar.avro.DrivingRecord;
import dev.smartcar.avro.OverSpeedAlert;
import dev.smartcar.schemas.contract.Topics;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * Registers the project's value schemas under their {@code <topic>-value} subjects and sets each subject's
 * compatibility (BACKWARD by default, Confluent's default; Apicurio's is NONE). Idempotent: running it again
 * returns the same ids and changes nothing. {@code make deploy} runs it:
 * <pre>java -cp … dev.smartcar.schemas.registry.SchemaRegistration --url http://127.0.0.1:8081/apis/ccompat/v7</pre>
 * Exit code 0 on success, 1 when the registry refuses or cannot be reached, 2 on a usage error.
 */
public final class SchemaRegistration {

    /** Subject → schema, for the default topic names (docs/contract.md §Topics, {@link Topics}). */
    public static final Map<String, Schema> SUBJECTS;

    static {
        Map<String, Schema> subjects = new LinkedHashMap<>();
        subjects.put(Topics.valueSubject(Topics.STATUS), CarStatus.getClassSchema());
        subjects.put(Topics.valueSubject(Topics.DRIVING), DrivingRecord.getClassSchema());
        subjects.put(Topics.valueSubject(Topics.OVERSPEED), OverSpeedAlert.getClassSchema());
        SUBJECTS = Map.copyOf(subjects);
    }

    private static final String USAGE =
            "usage: SchemaRegistration --url REGISTRY_URL [--compatibility LEVEL] [--dry-run]\n"
            + "  --url            base address of the Confluent-compatible API, e.g. "
                    + "http://127.0.0.1:8081/apis/ccompat/v7\n"
            + "  --compatibility  level set on each subject (default BACKWARD): "
            + String.join(", ", java.util.Arrays.stream(CompatibilityLevel.values()).map(Enum::name).toList())
            + "\n  --dry-run        print what would change (new subjects, new versions), change nothing\n"
            + "  env " + RestRegistryClient.AUTH_FILE_ENV + ": a file holding USER:PASSWORD (basic authentication)";

    private SchemaRegistration() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the registration; returns the process exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        String url = null;
        CompatibilityLevel level = CompatibilityLevel.BACKWARD;
        boolean dryRun = false;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--url" -> url = value(args, ++i, "--url");
                    case "--compatibility" -> level = CompatibilityLevel.parse(value(args, ++i, "--compatibility"));
                    case "--dry-run" -> dryRun = true;
                    case "--help", "-h" -> {
                        out.println(USAGE);
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
                }
            }
            if (url == null) {
                throw new IllegalArgumentException("--url is required");
            }
        } catch (IllegalArgumentException e) {
            err.println("SchemaRegistration: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try {
            RegistryClient registry = RegistryClient.forUrl(url);
            if (!check(registry, out, err, dryRun)) {
                return 1;
            }
            if (!dryRun) {
                register(registry, level, out);
            }
            return 0;
        } catch (RegistryException | IllegalArgumentException e) {
            err.println("SchemaRegistration: " + e.getMessage());
            return 1;
        }
    }

    /**
     * Before anything changes: each schema is looked up under its subject (unchanged), or checked against the
     * subject's latest version by the registry's compatibility rule (a new version), or new. False, naming the
     * subjects, when a schema is incompatible: then nothing is registered.
     */
    static boolean check(RegistryClient registry, PrintStream out, PrintStream err, boolean dryRun) {
        boolean ok = true;
        for (String subject : new java.util.TreeSet<>(SUBJECTS.keySet())) {
            Schema schema = SUBJECTS.get(subject);
            java.util.OptionalInt id = registry.lookup(subject, schema);
            if (id.isPresent()) {
                if (dryRun) {
                    out.println(subject + " " + schema.getFullName() + " unchanged (id=" + id.getAsInt() + ")");
                }
            } else if (registry instanceof RestRegistryClient rest && !rest.compatible(subject, schema)) {
                err.println("SchemaRegistration: " + subject + ": " + schema.getFullName()
                        + " is not compatible with the subject's latest version under its compatibility level:"
                        + " nothing registered");
                ok = false;
            } else if (dryRun) {
                out.println(subject + " " + schema.getFullName() + ": would be registered");
            }
        }
        return ok;
    }

    /** Sets the level first, so that a schema incompatible with what is registered is refused. */
    public static void register(RegistryClient registry, CompatibilityLevel level, PrintStream out) {
        for (String subject : new java.util.TreeSet<>(SUBJECTS.keySet())) {
            Schema schema = SUBJECTS.get(subject);
            registry.setCompatibility(subject, level);
            int id = registry.register(subject, schema);
            out.println(subject + " " + schema.getFullName() + " id=" + id + " compatibility=" + level);
        }
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length || args[index].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }
}

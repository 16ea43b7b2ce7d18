package dev.smartcar.cli;

import dev.smartcar.cli.pilot.PilotCommand;
import dev.smartcar.cli.replay.ReplayCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code smartcar} tool: the original pilot's look-ups (alerts from Redis, driving and status records from
 * HBase), {@code replay} of an existing log through the pipeline, and {@code pilot}, the scenario behind
 * {@code make run}. Exit codes: 0 done, 1 a server unreachable or a check failed, 2 a bad command line.
 */
@Command(name = "smartcar", mixinStandardHelpOptions = true, versionProvider = SmartCar.Version.class,
        description = "The smart-car pilot's command-line tool. `smartcar COMMAND --help` for each command.",
        subcommands = {AlertsCommand.class, DrivingCommand.class, StatusCommand.class, ReplayCommand.class,
                PilotCommand.class},
        footer = {"", "Servers default to the SMARTCAR_* environment (bin/smartcar sets it from the dev stack).",
                "Exit codes: 0 done, 1 a server unreachable or a check failed, 2 a bad command line."})
public final class SmartCar {

    private SmartCar() { }

    public static void main(String[] args) {
        System.exit(commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true)).execute(args));
    }

    /** The configured command line; tests run it in-process with their own writers. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(SmartCar.class);
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((e, line, parse) -> {
            String command = "smartcar " + line.getCommandName();
            if (e instanceof CliException c) {
                line.getErr().println(command + ": " + c.getMessage());
                line.getErr().flush();
                return c.exitCode();
            }
            line.getErr().println(command + ": " + e);
            line.getErr().flush();
            return CliException.FAILED;
        });
        return cl;
    }

    /** The version from the jar manifest, when there is one. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = SmartCar.class.getPackage().getImplementationVersion();
            return new String[] {"smartcar " + (v == null ? "(development build)" : v)};
        }
    }
}

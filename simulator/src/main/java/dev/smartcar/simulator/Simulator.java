package dev.smartcar.simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Arrays;
import java.util.List;

/**
 * The smart-car log generator's entry point: {@code status} writes a day of the batch status log, {@code driving}
 * appends the real-time driving log. Exit codes: 0 done, 1 an I/O failure, 2 a command line it cannot run.
 */
public final class Simulator {

    static final int OK = 0;
    static final int IO_ERROR = 1;
    static final int USAGE = 2;

    private static final String TOOL = "smartcar-simulator";
    private static final List<Command> COMMANDS = List.of(new StatusCommand(), new DrivingCommand());

    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;

    Simulator(PrintStream out, PrintStream err, boolean terminal) {
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    public static void main(String[] args) {
        int code = new Simulator(System.out, System.err, System.console() != null).run(args);
        System.out.flush();
        System.exit(code);
    }

    int run(String... args) {
        if (args.length == 0) {
            err.print(toolHelp());
            return USAGE;
        }
        if (isHelp(args[0]) || args[0].equals("help") && args.length == 1) {
            out.print(toolHelp());
            return OK;
        }
        Command command = find(args[0].equals("help") ? args[1] : args[0]);
        if (command == null) {
            err.println(TOOL + ": unknown command '" + args[0] + "'; expected status or driving (see --help)");
            return USAGE;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        if (args[0].equals("help") || rest.stream().anyMatch(Simulator::isHelp)) {
            out.print(command.help());
            return OK;
        }
        try {
            Arguments arguments = Arguments.parse(command.name(), command.options(), rest);
            return command.run(arguments, out, err, terminal);
        } catch (UsageException e) {
            err.println(TOOL + " " + e.getMessage());
            return USAGE;
        } catch (IOException e) {
            err.println(TOOL + " " + command.name() + ": " + explain(e));
            return IO_ERROR;
        }
    }

    /** NIO exceptions often carry only a path as message; say what went wrong with it. */
    static String explain(IOException e) {
        if (e instanceof FileSystemException f) {
            String what = f.getReason() != null ? f.getReason()
                    : f instanceof AccessDeniedException ? "permission denied"
                    : f instanceof NoSuchFileException ? "no such file or directory"
                    : f instanceof NotDirectoryException ? "not a directory"
                    : f instanceof FileAlreadyExistsException ? "already exists"
                    : "input/output error";
            String other = f.getOtherFile() != null ? " (moving to " + f.getOtherFile() + ")" : "";
            return "cannot write " + f.getFile() + other + ": " + what;
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    private static boolean isHelp(String arg) {
        return arg.equals("--help") || arg.equals("-h");
    }

    private static Command find(String name) {
        for (Command c : COMMANDS) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }

    private static String toolHelp() {
        StringBuilder b = new StringBuilder("Usage: " + TOOL + " <command> [options]   (" + TOOL + " <command> --help)\n\n"
                + "Generates the smart-car pilot's two logs, byte-compatible with the original generator.\n\nCommands:\n");
        for (Command c : COMMANDS) {
            b.append(String.format("  %-9s %s%n", c.name(), c.summary()));
        }
        b.append("\nExit codes: 0 done, 1 I/O failure, 2 bad command line.\n");
        return b.toString();
    }
}

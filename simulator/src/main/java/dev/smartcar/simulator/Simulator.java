package dev.smartcar.simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.OverwrittenOptionException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The smart-car log generator's entry point: {@code status} writes a day of the batch status log, {@code driving}
 * appends the real-time driving log. Exit codes: 0 done, 1 an I/O failure, 2 a command line it cannot run, said in
 * one line on stderr that names the option and what it expects.
 */
@Command(name = Simulator.TOOL, synopsisSubcommandLabel = "<command>",
        subcommands = {StatusCommand.class, DrivingCommand.class, HelpCommand.class},
        description = "Generates the smart-car pilot's two logs, byte-compatible with the original generator.",
        descriptionHeading = "%n", optionListHeading = "%n", commandListHeading = "%nCommands:%n",
        footer = {"", "Exit codes: 0 done, 1 I/O failure, 2 bad command line. " + Simulator.TOOL
                + " <command> --help for a command's options."})
public final class Simulator implements Callable<Integer> {

    static final int OK = 0;
    static final int IO_ERROR = 1;
    static final int USAGE = 2;
    static final String TOOL = "smartcar-simulator";

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;

    final PrintStream out;
    final PrintStream err;
    final boolean terminal;

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
        CommandLine line = new CommandLine(this);
        PrintWriter help = new PrintWriter(out, true, Charset.defaultCharset());
        PrintWriter problems = new PrintWriter(err, true, Charset.defaultCharset());
        line.setOut(help).setErr(problems)
                .setParameterExceptionHandler((e, given) -> {
                    problems.println(where(e.getCommandLine()) + explain(e));
                    return USAGE;
                })
                .setExecutionExceptionHandler((e, command, parsed) -> {
                    if (e instanceof IOException io) {
                        problems.println(where(command) + explain(io));
                        return IO_ERROR;
                    }
                    throw e;
                });
        try {
            return line.execute(args);
        } finally {
            help.flush();
            problems.flush();
        }
    }

    /** No command given: the tool's help, as an error. */
    @Override
    public Integer call() {
        CommandLine.usage(this, err);
        return USAGE;
    }

    private static String where(CommandLine command) {
        return command.getParent() == null ? TOOL + ": " : TOOL + " " + command.getCommandName() + ": ";
    }

    /** Picocli's refusals in this tool's words; the option setters' own messages pass through unchanged. */
    static String explain(ParameterException e) {
        CommandLine command = e.getCommandLine();
        if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String first = u.getUnmatched().get(0);
            if (command.getParent() == null) {
                return "unknown command '" + first + "'; expected status or driving (see --help)";
            }
            return first.startsWith("-")
                    ? "unknown option " + first.split("=", 2)[0] + "; see '" + command.getCommandName() + " --help'"
                    : "unexpected argument '" + first + "'; options start with --";
        }
        // Required options are checked by the commands, so a missing parameter is always an option's value.
        if (e instanceof MissingParameterException m && !m.getMissing().isEmpty()
                && m.getMissing().get(0) instanceof OptionSpec option) {
            return "option " + option.longestName() + " needs a value: " + option.paramLabel();
        }
        if (e instanceof OverwrittenOptionException o && o.getOverwritten() instanceof OptionSpec option) {
            return "option " + option.longestName() + " given twice";
        }
        return e.getMessage();
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
}

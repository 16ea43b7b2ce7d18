package dev.smartcar.simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/** One sub-command of the simulator: its options, its help, and the run itself. */
interface Command {

    String name();

    /** One line for the tool's help. */
    String summary();

    /** The command's help text: usage line and one entry per option. */
    String help();

    List<Arguments.Option> options();

    /**
     * Runs the command; prints progress and problems to {@code err}, the one-line summary to {@code out}.
     * @return the exit code
     */
    int run(Arguments args, PrintStream out, PrintStream err, boolean terminal) throws UsageException, IOException;

    /** Formats a usage line and the options as the help of a command. */
    static String help(String usage, String description, List<Arguments.Option> options) {
        StringBuilder b = new StringBuilder("Usage: ").append(usage).append("\n\n").append(description).append("\n\nOptions:\n");
        for (Arguments.Option o : options) {
            String left = o.isFlag() ? o.name() : o.name() + " " + o.valueName();
            b.append(String.format("  %-26s %s%n", left, o.help()));
        }
        return b.toString();
    }
}

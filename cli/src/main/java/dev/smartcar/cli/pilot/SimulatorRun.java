package dev.smartcar.cli.pilot;

import dev.smartcar.cli.CliException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The simulator's jar run as a child process (its classes are its own; the pilot only asks it for files), with
 * its output in a log file. Stopped only through the handle of the process this object started.
 */
public final class SimulatorRun {

    private final Process process;
    private final Path log;
    private final String what;

    private SimulatorRun(Process process, Path log, String what) {
        this.process = process;
        this.log = log;
        this.what = what;
    }

    public static SimulatorRun start(Path jar, List<String> args, Path log) {
        if (!Files.isRegularFile(jar)) {
            throw CliException.failed("simulator jar " + jar + " not found; build it with"
                    + " `mvn -q -pl simulator -am package -DskipTests`");
        }
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx256m");
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(args);
        try {
            Files.createDirectories(log.getParent());
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new SimulatorRun(p, log, "simulator " + args.get(0));
        } catch (IOException e) {
            throw CliException.failed("cannot start the " + args.get(0) + " simulator: " + e.getMessage(), e);
        }
    }

    public boolean running() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** Waits for the end; a non-zero exit is an error quoting the end of its log. */
    public void awaitSuccess() throws InterruptedException {
        int code = process.waitFor();
        if (code != 0) {
            throw CliException.failed(what + " (pid " + process.pid() + ") exited with " + code + ":\n" + tail());
        }
    }

    /** Its last output line, e.g. the simulator's one-line summary. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            List<String> shown = new ArrayList<>();
            for (String l : lines) {
                // The progress line uses \r; keep only what was finally printed.
                int cr = l.lastIndexOf('\r');
                shown.add(cr >= 0 ? l.substring(cr + 1) : l);
            }
            return String.join("\n", shown.subList(Math.max(0, shown.size() - 5), shown.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    /** Ends the child we started (SIGTERM: the simulator finishes the line in hand and prints its summary). */
    public void stop() {
        process.destroy();
    }
}

package dev.smartcar.connect.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/** The real servers the integration tests run against, from the system properties failsafe passes on. */
final class StackUnderTest {

    private StackUnderTest() {
    }

    static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank() || value.startsWith("${")) {
            throw new IllegalStateException("System property " + name + " is not set: run the ITs with the stack's "
                    + "addresses, e.g. mvn verify -DskipITs=false $(stack/bin/stack.sh --env conn env)");
        }
        return value;
    }

    static String connect() {
        return property("smartcar.it.connect");
    }

    static String bootstrap() {
        return property("smartcar.it.bootstrap");
    }

    /** The Confluent-compatible API (for the project's serde). */
    static String registryCcompat() {
        return property("smartcar.it.registry");
    }

    static String zookeeper() {
        return property("smartcar.it.zookeeper");
    }

    static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A fresh directory the Connect worker (same machine, same user) can read and write. */
    static Path workDir(String prefix) throws IOException {
        String home = System.getProperty("smartcar.it.stackHome");
        Path base = home == null || home.isBlank() || home.startsWith("${")
                ? Path.of(System.getProperty("java.io.tmpdir")) : Path.of(home, "data", "tmp");
        Files.createDirectories(base);
        return Files.createTempDirectory(base, prefix);
    }

    /** The stack's home folder, .stack/<env>. */
    static Path stackHome() {
        return Path.of(property("smartcar.it.stackHome"));
    }

    /** Runs the stack script on this test's environment, e.g. {@code stack("down", "--only", "hbase")}. */
    static void stack(String... args) throws IOException, InterruptedException {
        Path home = stackHome();
        Path script = home.getParent().getParent().resolve("stack/bin/stack.sh");
        String[] command = new String[args.length + 3];
        command[0] = script.toString();
        command[1] = "--env";
        command[2] = home.getFileName().toString();
        System.arraycopy(args, 0, command, 3, args.length);
        Process process = new ProcessBuilder(command).directory(home.getParent().getParent().toFile())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        int exit = process.waitFor();
        System.out.println(output.strip());
        if (exit != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + exit + ":\n" + output);
        }
    }

    /** The PID the stack recorded for one of its components (the tests only signal processes the stack started). */
    static long recordedPid(String component) throws IOException {
        return Long.parseLong(Files.readString(stackHome().resolve("run").resolve(component + ".pid")).trim());
    }

    /** Removes a work directory after a passing test (a failing one keeps its files for inspection). */
    static void deleteTree(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    static Path simulatorJar() {
        Path jar = Path.of(property("smartcar.it.simulatorJar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("The simulator jar " + jar + " is missing; build it first: "
                    + "mvn -pl simulator -am package -DskipTests");
        }
        return jar;
    }

    /** Runs the simulator to completion; fails with its output if it does not exit 0. */
    static void simulate(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 4];
        command[0] = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        command[1] = "-Xmx256m";
        command[2] = "-jar";
        command[3] = simulatorJar().toString();
        System.arraycopy(args, 0, command, 4, args.length);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IllegalStateException("simulator " + String.join(" ", args) + " exited " + exit + ":\n" + output);
        }
    }
}

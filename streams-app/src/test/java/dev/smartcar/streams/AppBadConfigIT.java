package dev.smartcar.streams;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Scenario 7 of the reliability suite, app side: the runnable jar started with one bad setting, from its config
 * file or from a {@code SMARTCAR_*} environment override, exits non-zero at once (no server needed: settings are
 * checked before anything connects) and names the setting on stderr. Writes the fragment
 * {@code bad-config-app.md} when {@code smartcar.report.dir} / {@code SMARTCAR_REPORT_DIR} is set.
 */
class AppBadConfigIT {

    private static final List<String> ROWS = new ArrayList<>();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1}={2}")
    @CsvSource(delimiter = '|', value = {
        "file | smartcar.overspeed.threshold.kmh | fast | smartcar.overspeed.threshold.kmh",
        "file | smartcar.overspeed.time.basis | wall | smartcar.overspeed.time.basis",
        "file | smartcar.time.zone | Mars/Base | smartcar.time.zone",
        "file | num.stream.threads | many | num.stream.threads",
        "env | SMARTCAR_REDIS_PORT | 70000 | redis.port",
        "env | SMARTCAR_OVERSPEED_WINDOW_MS | 10 | smartcar.overspeed.window.ms",
        "env | SMARTCAR_PROCESSING_GUARANTEE | sometimes | processing.guarantee",
    })
    void oneBadSettingStopsTheAppNamingIt(String where, String key, String value, String setting) throws Exception {
        Path config = dir.resolve("app.properties");
        String base = Files.readString(Path.of(System.getProperty("user.dir"), "config", "streams-app.properties"));
        Files.writeString(config, where.equals("file") ? base + "\n" + key + "=" + value + "\n" : base);
        Path jar = Path.of(PipelineItSupport.required("smartcar.it.appJar"));
        assertTrue(Files.isRegularFile(jar), "build the jar first (mvn package): " + jar);

        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar.toString(), "--config", config.toString())
                .redirectOutput(dir.resolve("stdout.log").toFile()).redirectError(dir.resolve("stderr.log").toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("SMARTCAR_"));
        if (where.equals("env")) {
            env.put(key, value);
        }
        long start = System.nanoTime();
        Process app = builder.start();
        // Only a guard against a hang; the measured time goes to the report.
        boolean exited = app.waitFor(120, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!exited) {
            app.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        String stderr = Files.readString(dir.resolve("stderr.log"), StandardCharsets.UTF_8);
        String row = String.format("| %s `%s=%s` | exit %s after %.1f s | %s | %s |", where, key, value,
                exited ? app.exitValue() : "none (killed)", seconds, cell(firstLine(stderr, setting)),
                exited && app.exitValue() != 0 && stderr.contains(setting) ? "PASS" : "FAIL");
        synchronized (ROWS) {
            ROWS.add(row);
        }
        System.out.println(row);
        assertTrue(exited, "the app exits on a bad setting instead of running on");
        assertNotEquals(0, app.exitValue(), "non-zero exit code");
        assertTrue(stderr.contains(setting), "stderr names " + setting + ": " + stderr);
    }

    @AfterAll
    static void writeFragment() throws IOException {
        String dir = System.getProperty("smartcar.report.dir");
        if (dir == null || dir.isBlank() || dir.startsWith("${")) {
            dir = System.getenv("SMARTCAR_REPORT_DIR");
        }
        if (dir == null || dir.isBlank()) {
            return;
        }
        StringBuilder out = new StringBuilder("## 7. Bad configuration (streams app start-up)\n\n")
                .append("`java -jar smartcar-streams-app.jar --config FILE` with the shipped settings plus one bad ")
                .append("value, in the file or as a `SMARTCAR_*` override: must exit non-zero and name the setting ")
                .append("on stderr. Every setting of `StreamsAppConfig` is also checked by the unit test ")
                .append("`StreamsAppConfigValidationTest`.\n\n")
                .append("| injected | outcome | stderr | result |\n|---|---|---|---|\n");
        ROWS.forEach(r -> out.append(r).append('\n'));
        Files.createDirectories(Path.of(dir));
        Files.writeString(Path.of(dir, "bad-config-app.md"), out.append('\n').toString(), StandardCharsets.UTF_8);
    }

    private static String firstLine(String text, String containing) {
        return text.lines().filter(l -> l.contains(containing)).findFirst()
                .orElse(text.lines().findFirst().orElse("(empty)"));
    }

    private static String cell(String text) {
        String cut = text.length() > 240 ? text.substring(0, 240) + "…" : text;
        return cut.replace("|", "\\|");
    }
}

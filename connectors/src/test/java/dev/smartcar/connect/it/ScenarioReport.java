package dev.smartcar.connect.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * One reliability scenario's fragment of the suite's report: a markdown table with one row per test case (what
 * was injected, what was checked, the counts, PASS/FAIL), written as {@code <scenario>.md} into the folder named
 * by the system property {@code smartcar.report.dir} or the environment variable {@code SMARTCAR_REPORT_DIR};
 * nothing is written when neither is set. Register it with {@code @RegisterExtension}; a test describes its case
 * with {@link #injected}, {@link #checked} and {@link #count}, the outcome comes from JUnit.
 */
final class ScenarioReport implements BeforeEachCallback, TestWatcher, AfterAllCallback {

    private final String scenario;
    private final String title;
    private final String intro;
    private final Map<String, Row> rows = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private Row current;

    ScenarioReport(String scenario, String title, String intro) {
        this.scenario = scenario;
        this.title = title;
        this.intro = intro;
    }

    private static final class Row {
        final String name;
        String injected = "";
        String checked = "";
        final List<String> counts = new ArrayList<>();
        String result = "not run";

        Row(String name) {
            this.name = name;
        }
    }

    @Override
    public synchronized void beforeEach(ExtensionContext context) {
        current = rows.computeIfAbsent(context.getUniqueId(), id -> new Row(context.getDisplayName()));
    }

    synchronized void injected(String text) {
        current.injected = text;
    }

    synchronized void checked(String text) {
        current.checked = text;
    }

    synchronized void count(String name, Object value) {
        current.counts.add(name + " " + value);
        System.out.printf("[%s] %s: %s %s%n", scenario, current.name, name, value);
    }

    /** A line under the table (e.g. what could not be checked, and why). */
    synchronized void note(String text) {
        notes.add(text);
        System.out.printf("[%s] note: %s%n", scenario, text);
    }

    @Override
    public synchronized void testSuccessful(ExtensionContext context) {
        row(context).result = "PASS";
    }

    @Override
    public synchronized void testFailed(ExtensionContext context, Throwable cause) {
        String message = String.valueOf(cause.getMessage()).lines().findFirst().orElse("");
        row(context).result = "FAIL: " + (message.length() > 300 ? message.substring(0, 300) + "…" : message);
    }

    @Override
    public synchronized void testAborted(ExtensionContext context, Throwable cause) {
        row(context).result = "FAIL (aborted): " + cause.getMessage();
    }

    @Override
    public synchronized void testDisabled(ExtensionContext context, Optional<String> reason) {
        row(context).result = "FAIL (disabled)";
    }

    private Row row(ExtensionContext context) {
        return rows.computeIfAbsent(context.getUniqueId(), id -> new Row(context.getDisplayName()));
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) throws IOException {
        Path dir = reportDir();
        if (dir == null) {
            return;
        }
        long passed = rows.values().stream().filter(r -> r.result.equals("PASS")).count();
        StringBuilder out = new StringBuilder();
        out.append("## ").append(title).append("\n\n").append(intro).append("\n\n")
                .append("Run ").append(Instant.now()).append(", load average ").append(loadAverage())
                .append(": ").append(passed).append(" passed, ").append(rows.size() - passed).append(" failed.\n\n")
                .append("| case | injected | checked | counts | result |\n|---|---|---|---|---|\n");
        for (Row row : rows.values()) {
            out.append("| ").append(cell(row.name)).append(" | ").append(cell(row.injected)).append(" | ")
                    .append(cell(row.checked)).append(" | ").append(cell(String.join("; ", row.counts)))
                    .append(" | ").append(cell(row.result)).append(" |\n");
        }
        if (!notes.isEmpty()) {
            out.append('\n');
            notes.forEach(n -> out.append("- ").append(n).append('\n'));
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(scenario + ".md"), out.append('\n').toString(), StandardCharsets.UTF_8);
    }

    static Path reportDir() {
        String dir = System.getProperty("smartcar.report.dir");
        if (dir == null || dir.isBlank() || dir.startsWith("${")) {
            dir = System.getenv("SMARTCAR_REPORT_DIR");
        }
        return dir == null || dir.isBlank() ? null : Path.of(dir);
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}

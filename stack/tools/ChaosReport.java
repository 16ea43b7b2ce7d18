import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes the reliability suite's report (stack/bin/chaos.sh): REPORT.md in the run's folder, from what the run left
 * there. Run as a single-file program: {@code java stack/tools/ChaosReport.java RUN_FOLDER}.
 *
 * <pre>
 *   run.properties     title time, commit, dirty, cores, memory, load, env, offset, seconds, cars, duration
 *   results.tsv        one line per scenario or piece, in run order:
 *                        scenario TAB name TAB PASS|FAIL TAB seconds TAB what was injected
 *                        piece    TAB name TAB PASS|FAIL TAB seconds TAB its log (named when it left no fragment)
 *   NAME.events        a scenario's timeline, one event a line (optional)
 *   NAME.pilot.log     a scenario's pilot output: its run line(s) and its summary are quoted
 *   fragments/NAME*.md a piece's own report section(s), copied as they are
 * </pre>
 * Prints "N passed, N failed"; exit 0 when it wrote the report (whatever the verdicts).
 */
public class ChaosReport {
    private static final Pattern RUN_START = Pattern.compile("^pilot: day.*");
    private static final Pattern RUN_END = Pattern.compile("^  driving log.*");
    private static final Pattern SUMMARY_START = Pattern.compile("^Pilot summary.*");
    private static final Pattern SUMMARY_END = Pattern.compile("^(VERDICT|  [0-9]* of [0-9]* checks failed).*");

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java stack/tools/ChaosReport.java RUN_FOLDER");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        Properties run = new Properties();
        try (var in = Files.newBufferedReader(dir.resolve("run.properties"), StandardCharsets.UTF_8)) {
            run.load(in);
        }
        List<String[]> results = new ArrayList<>();
        Path tsv = dir.resolve("results.tsv");
        if (Files.exists(tsv)) {
            for (String line : Files.readAllLines(tsv, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) results.add(line.split("\t", 5));
            }
        }
        StringBuilder md = new StringBuilder();
        md.append("# Reliability suite (make chaos) — ").append(run.getProperty("time")).append("\n\n");
        md.append("Commit `").append(run.getProperty("commit")).append('`')
                .append("true".equals(run.getProperty("dirty")) ? " (with local changes)" : "").append(",\n");
        md.append(run.getProperty("cores")).append(" cores, ").append(run.getProperty("memory"))
                .append(", load at the end ").append(run.getProperty("load")).append(";\n");
        md.append("env `").append(run.getProperty("env")).append("` (ports +").append(run.getProperty("offset")).append("), ")
                .append(run.getProperty("seconds")).append(" s in all. Each fault scenario is a pilot run (`bin/smartcar pilot`,\n");
        md.append(run.getProperty("cars")).append(" cars for ").append(run.getProperty("duration"))
                .append(" unless stated, 2 % garbage lines) with one fault injected by `stack/bin/chaos.sh`; the\n");
        md.append("pilot's checks compare HBase, smartcar.rejected, Redis and smartcar.overspeed with its own recount of the files.\n\n");
        md.append("| scenario | injected | result | seconds |\n|---|---|---|---|\n");
        int failed = 0;
        for (String[] r : results) {
            String kind = r[0], name = r[1], verdict = r[2], seconds = r[3];
            String injected = kind.equals("piece") ? "see below" : r[4];
            md.append("| [").append(name).append("](#").append(name).append("--").append(verdict.toLowerCase())
                    .append(") | ").append(injected).append(" | **").append(verdict).append("** | ").append(seconds).append(" |\n");
            if (!verdict.equals("PASS")) failed++;
        }
        md.append('\n');
        for (String[] r : results) {
            if (r[0].equals("piece")) piece(md, dir, r[1], r[2], r[4]);
            else scenario(md, dir, r[1], r[2], r[4]);
        }
        Files.writeString(dir.resolve("REPORT.md"), md.toString(), StandardCharsets.UTF_8);
        System.out.println((results.size() - failed) + " passed, " + failed + " failed");
    }

    private static void scenario(StringBuilder md, Path dir, String name, String verdict, String injected) throws IOException {
        md.append("## ").append(name).append(" — ").append(verdict).append("\n\n");
        md.append("**Injected:** ").append(injected).append("\n\n");
        Path events = dir.resolve(name + ".events");
        List<String> timeline = Files.exists(events) ? Files.readAllLines(events, StandardCharsets.UTF_8) : List.of();
        if (!timeline.isEmpty()) {
            md.append("**Timeline** (seconds after the pilot started):\n\n");
            for (String e : timeline) md.append("- ").append(e).append('\n');
            md.append('\n');
        }
        md.append("**Checked** by the pilot against its recount of the files it wrote (`").append(name).append(".pilot.log`):\n\n");
        md.append("```\n");
        Path log = dir.resolve(name + ".pilot.log");
        if (Files.exists(log)) {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            ranges(md, lines, RUN_START, RUN_END);
            ranges(md, lines, SUMMARY_START, SUMMARY_END);
            if (lines.stream().noneMatch(l -> SUMMARY_START.matcher(l).matches())) {
                lines.subList(Math.max(0, lines.size() - 15), lines.size()).forEach(l -> md.append(l).append('\n'));
            }
        }
        md.append("```\n\n");
    }

    /** Every run of lines from one matching START to the next matching END (inclusive), like sed -n '/START/,/END/p'. */
    private static void ranges(StringBuilder md, List<String> lines, Pattern start, Pattern end) {
        boolean in = false;
        for (String l : lines) {
            if (!in && start.matcher(l).matches()) {
                in = true;
                md.append(l).append('\n');
                continue;
            }
            if (in) {
                md.append(l).append('\n');
                if (end.matcher(l).matches()) in = false;
            }
        }
    }

    private static void piece(StringBuilder md, Path dir, String name, String verdict, String log) throws IOException {
        md.append("## ").append(name).append(" — ").append(verdict).append("\n\n");
        List<Path> fragments = new ArrayList<>();
        Path folder = dir.resolve("fragments");
        if (Files.isDirectory(folder)) {
            try (Stream<Path> s = Files.list(folder)) {
                s.filter(p -> p.getFileName().toString().startsWith(name) && p.getFileName().toString().endsWith(".md"))
                        .sorted().forEach(fragments::add);
            }
        }
        for (Path f : fragments) md.append(Files.readString(f, StandardCharsets.UTF_8)).append('\n');
        if (fragments.isEmpty()) md.append("(no report fragment was written; the log is `").append(log).append("`)\n\n");
    }
}

package dev.smartcar.streams.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Prometheus exposition text in the tests: parsed by a real Prometheus parser ({@code promtool check metrics}, from
 * Debian's {@code prometheus}; {@code .ci/run} installs it), its samples read, and the app's counters in it compared
 * with the JSON {@code /metrics} they come from.
 */
public final class PrometheusText {

    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    /** promtool's exit code for text that parses but breaks a naming or help-text convention. */
    private static final int LINT = 3;

    private PrometheusText() {
    }

    /**
     * {@code promtool check metrics} over {@code text}: all of it must parse (the lint of third-party metrics, the
     * JVM binders' and Kafka's, is only shown), and the families named {@code ownPrefix}... must also pass promtool's
     * lint (help text, {@code _total} on counters only, units spelt out). Fails where promtool is missing.
     */
    public static void promtoolAccepts(String what, String text, String ownPrefix) throws IOException,
            InterruptedException {
        if (!Files.isExecutable(PROMTOOL)) {
            // a failure, never a skip: a test that skips where its parser is missing proves nothing there
            fail(PROMTOOL + " is missing (Debian: apt-get install prometheus; .ci/run installs it for make lint)");
        }
        String said = promtool(text);
        if (!said.isEmpty()) {
            assertTrue(said.startsWith(LINT + "\n"), "promtool check metrics of " + what + " (parse): " + said);
            System.out.println("promtool's lint of " + what + " (parsed fine): " + said.lines().skip(1).limit(5)
                    .toList());
        }
        String own = text.lines().filter(l -> l.startsWith(ownPrefix) || l.startsWith("# HELP " + ownPrefix)
                || l.startsWith("# TYPE " + ownPrefix)).collect(Collectors.joining("\n", "", "\n"));
        assertTrue(own.length() > 1, "no " + ownPrefix + " metrics in " + what);
        assertEquals("", promtool(own), "promtool check metrics of " + what + "'s " + ownPrefix + " metrics");
    }

    /** promtool's verdict: "" when it has nothing to say, else its exit code and what it said, on separate lines. */
    private static String promtool(String text) throws IOException, InterruptedException {
        Process promtool = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics").redirectErrorStream(true)
                .start();
        promtool.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        promtool.getOutputStream().close();
        String said = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(promtool.waitFor(30, TimeUnit.SECONDS), "promtool did not finish");
        return promtool.exitValue() == 0 ? "" : promtool.exitValue() + "\n" + said;
    }

    /** The samples of exposition text: {@code name{labels}} (as written) → value. */
    public static Map<String, Double> samples(String text) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int end = brace >= 0 && brace < line.indexOf(' ') ? line.indexOf("} ") + 1 : line.indexOf(' ');
            String value = line.substring(end + 1).trim().split(" ")[0];
            samples.put(line.substring(0, end), switch (value) {
                case "+Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                default -> Double.parseDouble(value);
            });
        }
        return samples;
    }

    /**
     * Every counter of the JSON {@code /metrics} has its Prometheus twin with the same value: the labelled maps as
     * {@code smartcar_<family>_total{label="key"}}, the counts as {@code smartcar_<count>_total} (the gauges
     * {@code smartcar_held_records} and {@code smartcar_redis_pending} without {@code _total}). Returns how many
     * series were compared.
     */
    public static int countersEqualJson(String text, JsonNode json) {
        Map<String, Double> samples = samples(text);
        int compared = 0;
        compared += family(samples, json, "lines_in", "smartcar_lines_in_total", "topic");
        compared += family(samples, json, "records_out", "smartcar_records_out_total", "topic");
        compared += family(samples, json, "rejected_by_reason", "smartcar_rejected_total", "reason");
        compared += family(samples, json, "set_aside_by_reason", "smartcar_set_aside_total", "reason");
        for (PipelineCountersNames count : PipelineCountersNames.values()) {
            String key = count.name().toLowerCase(Locale.ROOT);
            assertEquals(json.get(key).asDouble(), samples.get(count.prometheus), count.prometheus + " = " + key);
            compared++;
        }
        return compared;
    }

    /**
     * The state's size of the JSON {@code /metrics} ({@code state}) and its Prometheus gauges agree: each store's
     * {@code entries} and {@code bytes} as {@code smartcar_state_entries{store}} and
     * {@code smartcar_state_bytes{store}}, {@code cars} as {@code smartcar_state_cars}. Returns how many series
     * were compared.
     */
    public static int stateEqualsJson(String text, JsonNode json) {
        Map<String, Double> samples = samples(text);
        JsonNode state = json.get("state");
        int compared = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = state.get("stores").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> store = it.next();
            for (String figure : new String[] {"entries", "bytes"}) {
                String series = "smartcar_state_" + figure + "{store=\"" + store.getKey() + "\"}";
                assertEquals(store.getValue().get(figure).asDouble(), samples.get(series), series);
                compared++;
            }
        }
        assertEquals(state.get("cars").asDouble(), samples.get("smartcar_state_cars"), "smartcar_state_cars");
        return compared + 1;
    }

    /** The JSON names of the single counts and the Prometheus names the contract gives them. */
    private enum PipelineCountersNames {
        WINDOW_RECORDS_IN("smartcar_window_records_in_total"),
        WINDOWED_RECORDS("smartcar_windowed_records_total"),
        HELD_RECORDS("smartcar_held_records"),
        CLOCK_RESYNCS("smartcar_clock_resyncs_total"),
        WINDOWS_CLOSED("smartcar_windows_closed_total"),
        ALERTS("smartcar_alerts_total"),
        REDIS_WRITTEN("smartcar_redis_written_total"),
        REDIS_FAILURES("smartcar_redis_failures_total"),
        REDIS_PENDING("smartcar_redis_pending");

        private final String prometheus;

        PipelineCountersNames(String prometheus) {
            this.prometheus = prometheus;
        }
    }

    private static int family(Map<String, Double> samples, JsonNode json, String jsonKey, String name,
                              String label) {
        int compared = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = json.get(jsonKey).fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String series = name + "{" + label + "=\"" + entry.getKey() + "\"}";
            assertEquals(entry.getValue().asDouble(), samples.get(series), series + " = " + jsonKey + "."
                    + entry.getKey());
            compared++;
        }
        return compared;
    }
}

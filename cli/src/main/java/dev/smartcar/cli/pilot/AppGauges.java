package dev.smartcar.cli.pilot;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The streams app's heap and state over the drive, read from its Prometheus endpoint every 5 s: whether they stay
 * bounded while the fleet drives, and what the state costs per car (issue #26). A read that fails (the app away,
 * a store being moved) is skipped; the summary says how many reads it rests on.
 */
final class AppGauges implements AutoCloseable {

    /** One read: when it began ({@link System#nanoTime()}), the heap in use, the state's bytes and cars (NaN: none). */
    record Read(long nanos, double heapBytes, double stateBytes, double cars) { }

    private final HttpClient http;
    private final URI metrics;
    private final List<Read> history = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService reader;

    private AppGauges(String appUrl) {
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        metrics = URI.create(appUrl + "metrics/prometheus");
        reader = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pilot-app-gauges");
            t.setDaemon(true);
            return t;
        });
        reader.scheduleWithFixedDelay(this::read, 0, 5, TimeUnit.SECONDS);
    }

    /** Reads the app at {@code appUrl} (ending in /) every 5 s from now on. */
    static AppGauges start(String appUrl) {
        return new AppGauges(appUrl);
    }

    private void read() {
        long started = System.nanoTime();
        try {
            HttpResponse<String> reply = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(5))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (reply.statusCode() == 200) {
                history.add(parse(started, reply.body()));
            }
        } catch (IOException | RuntimeException e) {
            // The app away or slow: no read this time.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The heap in use (every heap pool's {@code jvm_memory_used_bytes}), the state's bytes (every store's
     * {@code smartcar_state_bytes}) and {@code smartcar_state_cars}, from a scrape in Prometheus' text format.
     */
    static Read parse(long nanos, String text) {
        double heap = 0;
        double state = 0;
        double cars = Double.NaN;
        boolean sawState = false;
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int labels = line.indexOf('{');
            int space = line.indexOf(' ');
            String name = line.substring(0, labels >= 0 && labels < space ? labels : Math.max(space, 0));
            String[] tokens = line.trim().split("\\s+");
            double value;
            try {
                value = Double.parseDouble(tokens[tokens.length - 1]);
            } catch (NumberFormatException e) {
                continue;
            }
            switch (name) {
                case "jvm_memory_used_bytes" -> heap += line.contains("area=\"heap\"") ? value : 0;
                case "smartcar_state_bytes" -> {
                    state += value;   // NaN while a store cannot be read: the sum is NaN then
                    sawState = true;
                }
                case "smartcar_state_cars" -> cars = value;
                default -> { }
            }
        }
        return new Read(nanos, heap, sawState ? state : Double.NaN, cars);
    }

    /**
     * At each quarter of the drive from {@code from} to {@code to}: the lowest heap in use (as it is right after a
     * collection: what the heap keeps) and the state's size at the quarter's last readable read, per car.
     */
    void print(PrintWriter out, long from, long to) {
        if (!print(out, history, from, to)) {
            out.println("app heap and state: not read during the drive (is " + metrics + " reachable?)");
        }
    }

    /** {@link #print(PrintWriter, long, long)} over those reads; false if none was in the drive. */
    static boolean print(PrintWriter out, List<Read> history, long from, long to) {
        double[] lowestHeap = {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        Read[] lastState = new Read[4];
        int reads = 0;
        for (Read r : history) {
            if (r.nanos() < from || r.nanos() > to) {
                continue;
            }
            reads++;
            int q = (int) Math.min(3, (r.nanos() - from) * 4 / Math.max(1, to - from));
            if (Double.isNaN(lowestHeap[q]) || r.heapBytes() < lowestHeap[q]) {
                lowestHeap[q] = r.heapBytes();
            }
            if (!Double.isNaN(r.stateBytes()) && !Double.isNaN(r.cars()) && r.cars() > 0) {
                lastState[q] = r;
            }
        }
        if (reads == 0) {
            return false;
        }
        StringBuilder heap = new StringBuilder();
        StringBuilder state = new StringBuilder();
        for (int q = 0; q < 4; q++) {
            String sep = q == 0 ? "" : " | ";
            heap.append(sep).append(Double.isNaN(lowestHeap[q]) ? "-"
                    : String.format(Locale.ROOT, "%,.0f", lowestHeap[q] / (1 << 20)));
            Read s = lastState[q];
            state.append(sep).append(s == null ? "-" : String.format(Locale.ROOT,
                    "%,.0f cars, %,.1f MB (%,.0f B a car)", s.cars(), s.stateBytes() / (1 << 20),
                    s.stateBytes() / s.cars()));
        }
        out.println("app heap in use, the lowest of each quarter of the drive (right after a collection), MB: " + heap
                + " (" + reads + " reads)");
        out.println("app state at the end of each quarter: " + state);
        return true;
    }

    @Override
    public void close() {
        reader.shutdownNow();
        try {
            reader.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

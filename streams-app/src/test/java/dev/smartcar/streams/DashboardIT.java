package dev.smartcar.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.smartcar.streams.query.Cluster;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser (Debian's chromium, headless, driven by Selenium through Debian's chromedriver),
 * served by one of TWO app instances that share the windows (same application id, the driving topic's 4 partitions
 * split between them), against the stack's broker, registry and Redis: the page loads without a console error; a
 * car whose partition the other instance owns shows its speed; an alert that reaches Redis is on the page within
 * 2 s; the page's pipeline numbers equal the instances' {@code /metrics} added up. Saves a screenshot into
 * {@code target/failsafe-reports/dashboard.png} (and {@code docs/dashboard.png} with {@code
 * -Dsmartcar.screenshot.docs=true}).
 */
class DashboardIT {

    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final int CARS = 12;

    @TempDir
    Path stateA;
    @TempDir
    Path stateB;
    @TempDir
    Path browserProfile;
    private final PipelineItSupport it = new PipelineItSupport();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final List<StreamsApp> apps = new ArrayList<>();
    private ChromeDriver browser;

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        apps.forEach(StreamsApp::close);
    }

    private StreamsApp app(Path stateDir) throws Exception {
        Map<String, String> settings = it.appSettings(stateDir);
        // The stores are empty, so the second instance is caught up at once and gets its share in the first rebalance.
        settings.put("probing.rebalance.interval.ms", "60000");
        StreamsApp app = new StreamsApp(new StreamsAppConfig(settings));
        apps.add(app);
        app.start();
        return app;
    }

    @Test
    void theDashboardShowsTheFleetThePipelineAndLiveAlertsFromEitherInstance() throws Exception {
        it.createTopics();
        StreamsApp a = app(stateA);
        StreamsApp b = app(stateB);
        browser = chromium(); // starts while the two instances join their group
        long started = System.nanoTime();
        List<String> cars = new ArrayList<>();
        for (int c = 1; c <= CARS; c++) {
            cars.add(String.format("K%04d", c));
        }
        PipelineItSupport.await("both instances RUNNING, each owning some cars", Duration.ofMinutes(2), () ->
                a.state() == KafkaStreams.State.RUNNING && b.state() == KafkaStreams.State.RUNNING
                        && owners(a, cars).size() == 2);
        String carOfB = cars.stream().filter(c -> a.ownerOf(c).map(o -> o.host().equals(b.self())).orElse(false))
                .findFirst().orElseThrow();

        log("both RUNNING", started);
        // Phase 1: 90 s of driving; its windows close (the last one on the wall clock, the input being quiet) and
        // alert. Phase 2 starts on a window boundary, so none of its records is late for a window closed meanwhile.
        List<String> lines = it.drivingLines(CARS, 120);
        int firstPhase = lines.size() * 90 / 120;
        List<String> expectedFirst = PipelineItSupport.expectedMembers(lines.subList(0, firstPhase));
        it.produce(lines.subList(0, firstPhase));
        PipelineItSupport.await("phase 1's alerts in Redis", Duration.ofMinutes(1), () ->
                it.redisMembers().equals(expectedFirst));

        log("phase 1 in Redis", started);
        browser.get("http://127.0.0.1:" + a.httpPort() + "/");
        // The page redraws its tables and tiles as data arrives: every read finds its element again, and a read
        // that raced a redraw (a stale element) is simply tried again within the wait.
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        wait.ignoring(StaleElementReferenceException.class);
        wait.until(ExpectedConditions.textToBe(By.id("served-by"), "127.0.0.1:" + a.httpPort()));
        wait.until(d -> d.findElements(By.cssSelector("#fleet .car")).size() == CARS);
        wait.until(d -> d.findElements(By.cssSelector("#alerts tbody tr")).size() == expectedFirst.size());

        // A car of B's partitions, asked from A's page: B answers through A.
        wait.until(d -> {
            d.findElement(By.cssSelector("#fleet .car[data-car='" + carOfB + "']")).click();
            return true;
        });
        wait.until(ExpectedConditions.textToBe(By.id("car-number"), carOfB));
        wait.until(ExpectedConditions.textToBe(By.id("car-served-by"), Cluster.name(b.self())));
        PipelineItSupport.await("phase 1's 3 windows of " + carOfB + " closed on B", Duration.ofSeconds(30), () ->
                getJson(b.httpPort(), "/cars/" + carOfB + "?scope=local").get("closed_windows").size() == 3);
        JsonNode fromB = getJson(b.httpPort(), "/cars/" + carOfB + "?scope=local");
        wait.until(ExpectedConditions.textToBe(By.id("car-clock"), fromB.get("clock").asText()));
        JsonNode last = fromB.get("closed_windows").get(fromB.get("closed_windows").size() - 1);
        // The fleet shows the car's last average, from B.
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#fleet .car[data-car='" + carOfB + "'] .avg"),
                String.format("%.1f", last.get("average_speed").asDouble())));

        log("page loaded, other instance's car shown", started);
        // Phase 2: a new alert is on the page within 2 s of reaching Redis.
        Set<String> before = new HashSet<>(it.redisMembers());
        List<String> expectedAll = PipelineItSupport.expectedMembers(lines);
        assertTrue(expectedAll.size() > expectedFirst.size(), "phase 2 alerts");
        it.produce(lines.subList(firstPhase, lines.size()));
        String fresh = awaitNewRedisMember(before, Duration.ofMinutes(1));
        new WebDriverWait(browser, Duration.ofSeconds(2)).until(d ->
                !d.findElements(By.cssSelector("#alerts tr[data-alert='" + fresh + "']")).isEmpty());
        log("new alert on the page", started);
        PipelineItSupport.await("every alert in Redis", Duration.ofMinutes(1), () ->
                it.redisMembers().equals(expectedAll));
        wait.until(d -> d.findElements(By.cssSelector("#alerts tbody tr")).size() == expectedAll.size());

        // The page's numbers are the instances' /metrics added up (once the pipeline is quiet: nothing pending).
        PipelineItSupport.await("nothing pending for Redis", Duration.ofMinutes(1), () ->
                a.counters().redisPending() == 0 && b.counters().redisPending() == 0);
        Map<String, Long> shown = wait.until(d -> {
            Map<String, Long> onPage = pageNumbers(d);
            return onPage.equals(metricsSum(a, b)) ? onPage : null;
        });
        assertEquals(lines.size(), shown.get("lines_in"));
        assertEquals(expectedAll.size(), shown.get("alerts"));
        wait.until(ExpectedConditions.textToBe(
                By.cssSelector("#files tr[data-file='/it/SmartCarDriverInfo.log'] td[data-count='lines_read']"),
                String.valueOf(lines.size())));

        log("page numbers = /metrics", started);
        screenshot();
        List<String> errors = new ArrayList<>();
        for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
                errors.add(entry.getMessage());
            }
        }
        assertEquals(List.of(), errors, "no console error in the browser");
        assertFalse(browser.findElement(By.id("car-detail")).getAttribute("hidden") != null);
    }

    private static void log(String step, long started) {
        System.out.printf("[DashboardIT] %s after %.1f s%n", step, (System.nanoTime() - started) / 1e9);
    }

    /** The owners of the cars' partitions, as instance A sees them. */
    private static Set<HostInfo> owners(StreamsApp a, List<String> cars) {
        Set<HostInfo> owners = new HashSet<>();
        for (String car : cars) {
            a.ownerOf(car).ifPresent(o -> owners.add(o.host()));
        }
        return owners;
    }

    /** Polls Redis closely (this is the start of the 2-s clock) until a member that was not there appears. */
    private String awaitNewRedisMember(Set<String> before, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            for (String member : it.redisMembers()) {
                if (!before.contains(member)) {
                    return member;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no new alert in Redis after " + limit);
    }

    private static Map<String, Long> pageNumbers(WebDriver page) {
        Map<String, Long> numbers = new LinkedHashMap<>();
        for (WebElement cell : page.findElements(By.cssSelector("#pipeline td[data-metric]"))) {
            numbers.put(cell.getAttribute("data-metric"), Long.parseLong(cell.getText().trim()));
        }
        return numbers;
    }

    /** The same numbers from the instances' /metrics. */
    private Map<String, Long> metricsSum(StreamsApp... apps) {
        Map<String, Long> sum = new LinkedHashMap<>();
        for (StreamsApp app : apps) {
            JsonNode m = getJson(app.httpPort(), "/metrics");
            long linesIn = 0;
            for (Iterator<JsonNode> it = m.get("lines_in").elements(); it.hasNext(); ) {
                linesIn += it.next().asLong();
            }
            sum.merge("lines_in", linesIn, Long::sum);
            sum.merge("valid", linesIn - m.get("rejected_total").asLong(), Long::sum);
            for (String key : List.of("rejected_total", "windowed_records", "set_aside_total", "held_records",
                    "windows_closed", "alerts", "redis_written", "redis_pending")) {
                sum.merge(key, m.get(key).asLong(), Long::sum);
            }
        }
        return sum;
    }

    private JsonNode getJson(int port, String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), path + ": " + response.body());
            return json.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError("GET " + path + " failed", e);
        }
    }

    /**
     * Debian's chromium through Debian's chromedriver, both by path (Selenium Manager never downloads anything),
     * headless with everything that would reach for the network turned off: this machine's network is closed.
     */
    private ChromeDriver chromium() {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + browserProfile, "--window-size=1500,1150");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private void screenshot() throws Exception {
        byte[] png = browser.getScreenshotAs(OutputType.BYTES);
        Path reports = Path.of("target", "failsafe-reports");
        Files.createDirectories(reports);
        Files.write(reports.resolve("dashboard.png"), png);
        if (Boolean.getBoolean("smartcar.screenshot.docs")) {
            Files.write(Path.of("..", "docs", "dashboard.png"), png);
        }
    }
}

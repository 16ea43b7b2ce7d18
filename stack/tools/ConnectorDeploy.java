// Puts every connector config file DIR/NAME.json through `PUT /connectors/NAME/config` (idempotent), then waits
// until each connector and all its tasks are RUNNING. A connector or task FAILED is restarted once (`POST
// /connectors/NAME/restart?includeTasks=true&onlyFailed=true`: a PUT of an unchanged config leaves a task that failed
// earlier, e.g. while Kafka was away, as it was); FAILED again, it is reported with its trace (exit 1).
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

public class ConnectorDeploy {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: ConnectorDeploy CONNECT_URL CONFIG_DIR RUNNING_TIMEOUT_SECONDS");
      System.exit(2);
    }
    String url = args[0];
    Path dir = Path.of(args[1]);
    long timeoutMs = Long.parseLong(args[2]) * 1000;
    if (!Files.isDirectory(dir)) {
      System.out.println("  no connector config folder " + dir + ": nothing to deploy");
      return;
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
    }
    if (files.isEmpty()) System.out.println("  no *.json in " + dir + ": nothing to deploy");
    List<String> names = new ArrayList<>();
    for (Path f : files) {
      String name = f.getFileName().toString().replaceFirst("\\.json$", "");
      JsonNode config;
      try {
        config = JSON.readTree(f.toFile());
      } catch (Exception e) {
        fail(f + ": not valid JSON: " + e.getMessage());
        return;
      }
      if (config == null || !config.isObject()) fail(f + ": expected a flat JSON object of connector settings");
      overrides(name, (com.fasterxml.jackson.databind.node.ObjectNode) config);
      if ("true".equals(System.getenv("STACK_DRY_RUN"))) {
        dryRun(url, name, config);
        continue;
      }
      HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url + "/connectors/" + name + "/config"))
          .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(config.toString())));
      if (r.statusCode() != 200 && r.statusCode() != 201) {
        String hint = r.body().contains("Failed to find any class")
            ? "\n  hint: the worker does not have this plugin: build it (mvn -pl connectors package) and restart"
                + " Connect (stack.sh down --only connect; stack.sh up --only connect): plugin.path is read at start"
            : "";
        fail(f + ": PUT /connectors/" + name + "/config answered HTTP " + r.statusCode() + ": " + r.body() + hint);
      }
      System.out.println("  connector " + name + (r.statusCode() == 201 ? " created" : " config put (unchanged or updated)"));
      names.add(name);
    }
    boolean failed = false;
    for (String name : names) failed |= !awaitRunning(url, name, timeoutMs);
    if (failed) System.exit(1);
  }

  // RUNNING = the connector and every one of its (at least one) tasks report RUNNING.
  private static boolean awaitRunning(String url, String name, long timeoutMs) throws Exception {
    long deadline = System.currentTimeMillis() + timeoutMs;
    String last = "no status yet";
    boolean restarted = false;
    while (System.currentTimeMillis() < deadline) {
      HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url + "/connectors/" + name + "/status")).GET());
      if (r.statusCode() == 200) {
        JsonNode st = JSON.readTree(r.body());
        String cState = st.path("connector").path("state").asText();
        boolean anyFailed = "FAILED".equals(cState);
        for (JsonNode t : st.path("tasks")) anyFailed |= "FAILED".equals(t.path("state").asText());
        if (anyFailed && !restarted) {
          restarted = true;
          System.out.println("  connector " + name + ": restarting what FAILED (once)");
          send(HttpRequest.newBuilder(URI.create(url + "/connectors/" + name + "/restart?includeTasks=true&onlyFailed=true"))
              .POST(HttpRequest.BodyPublishers.noBody()));
          Thread.sleep(1000);
          continue;
        }
        if ("FAILED".equals(cState)) {
          System.out.println("  connector " + name + " FAILED:\n" + st.path("connector").path("trace").asText());
          return false;
        }
        boolean allRunning = "RUNNING".equals(cState) && st.path("tasks").size() > 0;
        StringBuilder tasks = new StringBuilder();
        for (JsonNode t : st.path("tasks")) {
          String ts = t.path("state").asText();
          tasks.append(' ').append(t.path("id").asText()).append(':').append(ts);
          if ("FAILED".equals(ts)) {
            System.out.println("  connector " + name + " task " + t.path("id").asText() + " FAILED:\n" + t.path("trace").asText());
            return false;
          }
          allRunning &= "RUNNING".equals(ts);
        }
        last = cState + ", tasks" + (tasks.length() == 0 ? " (none yet)" : tasks);
        if (allRunning) {
          System.out.println("  connector " + name + " RUNNING, tasks" + tasks);
          return true;
        }
      }
      Thread.sleep(500);
    }
    System.out.println("  connector " + name + " not RUNNING after " + timeoutMs / 1000 + " s (last: " + last + ")");
    return false;
  }

  private static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    String auth = basicAuth();
    if (auth != null) b.header("Authorization", auth);
    return HTTP.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * STACK_CONNECTOR_OVERRIDES: a properties file of NAME.SETTING=VALUE lines added to (or replacing in) connector
   * NAME's config: what a cluster needs beyond the repository's files (the secured profile's registry credentials
   * for the converter, as ${dir:...} references; a deploy target's connector.NAME.SETTING keys).
   */
  static void overrides(String name, com.fasterxml.jackson.databind.node.ObjectNode config) throws Exception {
    String file = System.getenv("STACK_CONNECTOR_OVERRIDES");
    if (file == null || file.isBlank()) return;
    java.util.Properties p = new java.util.Properties();
    try (java.io.Reader in = Files.newBufferedReader(Path.of(file))) {
      p.load(in);
    }
    for (String key : new java.util.TreeSet<>(p.stringPropertyNames())) {
      if (key.startsWith(name + ".")) config.put(key.substring(name.length() + 1), p.getProperty(key));
    }
  }

  /** STACK_HTTP_AUTH: a file holding USER:PASSWORD (a secured Connect REST); null when unset. */
  static String basicAuth() throws Exception {
    String file = System.getenv("STACK_HTTP_AUTH");
    if (file == null || file.isBlank()) return null;
    String userPassword = Files.readString(Path.of(file)).strip();
    if (!userPassword.contains(":")) fail(file + " (STACK_HTTP_AUTH): expected USER:PASSWORD on its first line");
    return "Basic " + java.util.Base64.getEncoder().encodeToString(userPassword.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** --dry-run (STACK_DRY_RUN=true): what a PUT of CONFIG would change on connector NAME, changing nothing. */
  static void dryRun(String url, String name, JsonNode config) throws Exception {
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url + "/connectors/" + name + "/config")).GET());
    if (r.statusCode() == 404) {
      System.out.println("  connector " + name + ": would be created (" + config.size() + " settings)");
      return;
    }
    if (r.statusCode() != 200) fail("GET /connectors/" + name + "/config answered HTTP " + r.statusCode() + ": " + r.body());
    com.fasterxml.jackson.databind.node.ObjectNode have = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(r.body());
    have.remove("name");
    java.util.TreeSet<String> changed = new java.util.TreeSet<>();
    config.fieldNames().forEachRemaining(k -> { if (!config.get(k).equals(have.get(k))) changed.add(k); });
    have.fieldNames().forEachRemaining(k -> { if (!config.has(k)) changed.add(k); });
    System.out.println("  connector " + name + (changed.isEmpty() ? ": unchanged" : ": would be updated (" + String.join(", ", changed) + ")"));
  }

  private static void fail(String what) {
    System.err.println(what);
    System.exit(1);
  }
}

// Prints every connector of a Connect worker with its state and its tasks' states (Connect REST API).
// Single-file program run by `stack.sh status` with the worker's jars (Jackson) on the classpath.
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

public class ConnectorStatus {
  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: ConnectorStatus CONNECT_URL (e.g. http://127.0.0.1:8083)");
      System.exit(2);
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest.Builder get = HttpRequest.newBuilder(URI.create(args[0] + "/connectors?expand=status"));
    String auth = System.getenv("STACK_HTTP_AUTH");   // a secured Connect REST: a file holding USER:PASSWORD
    if (auth != null && !auth.isBlank()) {
      get.header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
          java.nio.file.Files.readString(java.nio.file.Path.of(auth)).strip().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
    HttpResponse<String> r = http.send(get
        .timeout(Duration.ofSeconds(15)).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      System.err.println("Connect " + args[0] + " answered HTTP " + r.statusCode() + ": " + r.body());
      System.exit(1);
    }
    JsonNode all = new ObjectMapper().readTree(r.body());
    System.out.printf("%-36s %-7s %-10s %s%n", "CONNECTOR", "TYPE", "STATE", "TASKS (id:state)");
    if (all.size() == 0) System.out.println("(no connectors)");
    List<String> traces = new ArrayList<>();
    for (Iterator<String> it = all.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      JsonNode st = all.get(name).get("status");
      List<String> tasks = new ArrayList<>();
      for (JsonNode t : st.path("tasks")) {
        tasks.add(t.path("id").asText() + ":" + t.path("state").asText());
        if (t.has("trace")) traces.add(name + " task " + t.path("id").asText() + ": " + firstLine(t.path("trace").asText()));
      }
      if (st.path("connector").has("trace")) traces.add(name + ": " + firstLine(st.path("connector").path("trace").asText()));
      System.out.printf("%-36s %-7s %-10s %s%n", name, st.path("type").asText("?"),
          st.path("connector").path("state").asText("?"), tasks.isEmpty() ? "(no tasks)" : String.join(" ", tasks));
    }
    traces.forEach(t -> System.out.println("  FAILED " + t));
  }

  private static String firstLine(String trace) {
    int nl = trace.indexOf('\n');
    return nl < 0 ? trace : trace.substring(0, nl);
  }
}

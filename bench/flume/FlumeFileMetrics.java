// A Flume MonitorService for bench/flume.sh: writes the agent's counters (the same map Flume's JSON/HTTP reporting
// serves) to a file every 100 ms, so the bench can follow an agent without the HTTP reporter's listener on every
// address of the machine. Compiled by the script against Flume's jars and put on the agent's class path; enabled with
//   -Dflume.monitoring.type=FlumeFileMetrics -Dflume.monitoring.file=PATH [-Dflume.monitoring.intervalMs=100]
// The file is replaced atomically (write, then rename), one JSON object: {"SINK.k":{"EventDrainSuccessCount":"N",…},…}.
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flume.Context;
import org.apache.flume.instrumentation.MonitorService;
import org.apache.flume.instrumentation.util.JMXPollUtil;

public class FlumeFileMetrics implements MonitorService {
  private Path file;
  private long intervalMs;
  private ScheduledExecutorService timer;

  @Override
  public void configure(Context context) {
    file = Path.of(context.getString("file"));
    intervalMs = context.getLong("intervalMs", 100L);
  }

  @Override
  public void start() {
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "bench-file-metrics");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(this::write, 0, intervalMs, TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    if (timer != null) {
      timer.shutdownNow();
    }
    write();
  }

  private void write() {
    StringBuilder json = new StringBuilder("{");
    for (Map.Entry<String, Map<String, String>> c : JMXPollUtil.getAllMBeans().entrySet()) {
      json.append(json.length() > 1 ? "," : "").append('"').append(c.getKey()).append("\":{");
      int n = 0;
      for (Map.Entry<String, String> a : c.getValue().entrySet()) {
        json.append(n++ > 0 ? "," : "").append('"').append(a.getKey()).append("\":\"").append(a.getValue()).append('"');
      }
      json.append('}');
    }
    json.append("}\n");
    try {
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, json, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      // the next tick tries again; the bench's timeout bounds a reporter that never writes
    }
  }
}

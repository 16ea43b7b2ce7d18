import jdk.jfr.consumer.*;
import java.nio.file.*;
import java.util.*;
// Hot.java FILE [top|self] N [filterThreadSubstring]: aggregate jdk.ExecutionSample by top frame (self) or by any frame (total)
public class Hot {
  public static void main(String[] a) throws Exception {
    Map<String,Integer> self = new HashMap<>(), total = new HashMap<>(); int n = 0;
    String filter = a.length > 2 ? a[2] : null;
    try (RecordingFile f = new RecordingFile(Path.of(a[0]))) {
      while (f.hasMoreEvents()) { RecordedEvent e = f.readEvent();
        if (!e.getEventType().getName().equals("jdk.ExecutionSample")) continue;
        RecordedThread t = e.getThread("sampledThread");
        if (filter != null && (t == null || t.getJavaName() == null || !t.getJavaName().contains(filter))) continue;
        RecordedStackTrace st = e.getStackTrace(); if (st == null) continue; n++;
        List<RecordedFrame> fr = st.getFrames(); if (fr.isEmpty()) continue;
        self.merge(name(fr.get(0)), 1, Integer::sum);
        Set<String> seen = new HashSet<>();
        for (RecordedFrame x : fr) { String k = name(x); if (seen.add(k)) total.merge(k, 1, Integer::sum); }
      }
    }
    int lim = Integer.parseInt(a[1]);
    System.out.println("samples " + n);
    System.out.println("== self"); print(self, n, lim);
    System.out.println("== total"); print(total, n, lim * 2);
  }
  static String name(RecordedFrame f) { return f.getMethod().getType().getName() + "." + f.getMethod().getName(); }
  static void print(Map<String,Integer> m, int n, int lim) {
    m.entrySet().stream().sorted((x,y)->y.getValue()-x.getValue()).limit(lim)
     .forEach(e -> System.out.printf("%5.1f%% %s%n", 100.0*e.getValue()/n, e.getKey()));
  }
}

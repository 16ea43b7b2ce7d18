// Creates the topics listed in stack/conf/topics.conf (idempotent): missing topics are created, existing ones
// get the listed configs and, if they have fewer partitions, more partitions. Run by `stack.sh deploy`.
// Replication: STACK_REPLICATION_FACTOR replicas and min.insync.replicas=STACK_MIN_INSYNC on every topic (stack.sh
// derives both from the cluster's size); an existing topic with fewer replicas is reported, not changed (that takes
// a partition reassignment).
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;

public class TopicSetup {
  record Spec(String name, int partitions, Map<String, String> configs) {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: TopicSetup BOOTSTRAP TOPICS_CONF");
      System.exit(2);
    }
    List<Spec> specs = parse(Path.of(args[1]));
    short replicas = Short.parseShort(env("STACK_REPLICATION_FACTOR", "1"));
    String minInsync = env("STACK_MIN_INSYNC", "1");
    Properties p = new Properties();
    // a secured cluster (STACK_SECURITY=sasl_ssl, or a deploy target): the client settings of the user to act as
    String clientConfig = System.getenv("STACK_CLIENT_CONFIG");
    if (clientConfig != null && !clientConfig.isBlank()) {
      try (java.io.Reader in = java.nio.file.Files.newBufferedReader(java.nio.file.Path.of(clientConfig))) {
        p.load(in);
      }
    }
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "30000");
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "60000");
    boolean dryRun = "true".equals(System.getenv("STACK_DRY_RUN"));
    try (Admin admin = Admin.create(p)) {
      if (dryRun) {
        dryRun(admin, specs, replicas, minInsync);
        return;
      }
      transactionVersion(admin);
      Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
      for (Spec spec : specs) {
        Map<String, String> configs = new LinkedHashMap<>(spec.configs());
        configs.putIfAbsent("min.insync.replicas", minInsync);
        Spec s = new Spec(spec.name(), spec.partitions(), configs);
        if (!existing.contains(s.name())) {
          admin.createTopics(List.of(new NewTopic(s.name(), s.partitions(), replicas).configs(s.configs())))
              .all().get(60, TimeUnit.SECONDS);
          System.out.printf("  topic %-24s created (%d partitions, %d replicas, %s)%n", s.name(), s.partitions(),
              replicas, s.configs());
          continue;
        }
        var described = admin.describeTopics(List.of(s.name())).allTopicNames().get(60, TimeUnit.SECONDS)
            .get(s.name());
        int have = described.partitions().size();
        int haveReplicas = described.partitions().get(0).replicas().size();
        String note = haveReplicas < replicas
            ? "exists with " + haveReplicas + " replica(s), fewer than " + replicas
              + " (left as is: kafka-reassign-partitions.sh adds replicas)"
            : "exists";
        if (have < s.partitions()) {
          admin.createPartitions(Map.of(s.name(), NewPartitions.increaseTo(s.partitions()))).all().get(60, TimeUnit.SECONDS);
          note += ", partitions " + have + " -> " + s.partitions();
        } else if (have > s.partitions()) {
          // Kafka cannot remove partitions; say so instead of pretending the file was applied.
          note += ", has " + have + " partitions, topics.conf says " + s.partitions() + " (cannot shrink: left as is)";
        }
        Collection<AlterConfigOp> ops = new ArrayList<>();
        s.configs().forEach((k, v) -> ops.add(new AlterConfigOp(new ConfigEntry(k, v), AlterConfigOp.OpType.SET)));
        if (!ops.isEmpty()) {
          admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, s.name()), ops))
              .all().get(60, TimeUnit.SECONDS);
        }
        System.out.printf("  topic %-24s %s, configs %s%n", s.name(), note, s.configs());
      }
    }
  }

  /** STACK_DRY_RUN=true (deploy --dry-run): what would change, nothing changed. */
  static void dryRun(Admin admin, List<Spec> specs, short replicas, String minInsync) throws Exception {
    Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
    for (Spec spec : specs) {
      Map<String, String> configs = new LinkedHashMap<>(spec.configs());
      configs.putIfAbsent("min.insync.replicas", minInsync);
      if (!existing.contains(spec.name())) {
        System.out.printf("  topic %-24s would be created (%d partitions, %d replicas, %s)%n", spec.name(),
            spec.partitions(), replicas, configs);
        continue;
      }
      var d = admin.describeTopics(List.of(spec.name())).allTopicNames().get(60, TimeUnit.SECONDS).get(spec.name());
      List<String> changes = new ArrayList<>();
      if (d.partitions().size() < spec.partitions()) changes.add("partitions " + d.partitions().size() + " -> " + spec.partitions());
      if (d.partitions().get(0).replicas().size() < replicas) {
        changes.add("has " + d.partitions().get(0).replicas().size() + " replica(s), fewer than " + replicas + " (left as is)");
      }
      ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, spec.name());
      var have = admin.describeConfigs(List.of(r)).all().get(60, TimeUnit.SECONDS).get(r);
      configs.forEach((k, v) -> {
        ConfigEntry e = have.get(k);
        if (e == null || !v.equals(e.value())) changes.add(k + " " + (e == null ? "(unset)" : e.value()) + " -> " + v);
      });
      System.out.printf("  topic %-24s %s%n", spec.name(), changes.isEmpty() ? "unchanged" : "would change: " + changes);
    }
  }

  /**
   * Sets the broker's transaction.version to STACK_KAFKA_TRANSACTION_VERSION when it differs (a broker formatted
   * before the stack chose it); idempotent. See stack/conf/stack.env for why.
   */
  static void transactionVersion(Admin admin) throws Exception {
    String wanted = System.getenv("STACK_KAFKA_TRANSACTION_VERSION");
    if (wanted == null || wanted.isBlank()) {
      return;
    }
    short level = Short.parseShort(wanted.strip());
    var finalized = admin.describeFeatures().featureMetadata().get(60, TimeUnit.SECONDS).finalizedFeatures()
        .get("transaction.version");
    short current = finalized == null ? 0 : finalized.maxVersionLevel();
    if (current == level) {
      return;
    }
    var type = level < current ? org.apache.kafka.clients.admin.FeatureUpdate.UpgradeType.SAFE_DOWNGRADE
        : org.apache.kafka.clients.admin.FeatureUpdate.UpgradeType.UPGRADE;
    admin.updateFeatures(Map.of("transaction.version", new org.apache.kafka.clients.admin.FeatureUpdate(level, type)),
        new org.apache.kafka.clients.admin.UpdateFeaturesOptions()).all().get(60, TimeUnit.SECONDS);
    System.out.printf("  feature transaction.version %d -> %d (STACK_KAFKA_TRANSACTION_VERSION)%n", current, level);
  }

  static List<Spec> parse(Path file) throws Exception {
    List<Spec> specs = new ArrayList<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) continue;
      String where = file + ":" + (i + 1);
      String[] f = line.split("\\s+");
      if (f.length < 2 || f.length > 3) {
        fail(where, "expected 'name partitions [config=value,...]', got '" + line + "'");
      }
      int partitions;
      try {
        partitions = Integer.parseInt(f[1]);
      } catch (NumberFormatException e) {
        partitions = -1;
      }
      if (partitions < 1) fail(where, "partitions must be a whole number >= 1, got '" + f[1] + "'");
      Map<String, String> configs = new LinkedHashMap<>();
      if (f.length == 3) {
        for (String kv : f[2].split(",")) {
          int eq = kv.indexOf('=');
          if (eq <= 0 || eq == kv.length() - 1) fail(where, "expected config=value, got '" + kv + "'");
          configs.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
      }
      specs.add(new Spec(f[0], partitions, configs));
    }
    return specs;
  }

  static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v.strip();
  }

  static void fail(String where, String what) {
    System.err.println(where + ": " + what);
    System.exit(1);
  }
}

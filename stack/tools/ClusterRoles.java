// The roles of a replicated cluster's nodes, read from its metadata (never guessed), for the reliability suite's
// broker faults and the self-test. Single-file program with the broker's jars on the classpath:
//   ClusterRoles BOOTSTRAP replication          every topic: replicas, in-sync replicas, min.insync.replicas
//   ClusterRoles BOOTSTRAP controller           the node id of the active KRaft controller
//   ClusterRoles BOOTSTRAP leader TOPIC...      the node that leads the most partitions of the topics and coordinates
//                                               transactional ids (the source tasks' and the streams app's), with why
//   ClusterRoles BOOTSTRAP under-replicated     the number of partitions whose in-sync replicas are fewer than replicas
//   ClusterRoles BOOTSTRAP not-preferred        the number of partitions not led by their preferred (first) replica
//   ClusterRoles BOOTSTRAP elect-preferred      a preferred-leader election on every partition; prints how many moved
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.ElectionNotNeededException;
import org.apache.kafka.common.config.ConfigResource;

public class ClusterRoles {
  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: ClusterRoles BOOTSTRAP replication|controller|under-replicated|not-preferred"
          + "|elect-preferred|leader TOPIC...");
      System.exit(2);
    }
    Properties p = new Properties();
    // a secured cluster (STACK_SECURITY=sasl_ssl, or a deploy target): the client settings of the user to act as
    String clientConfig = System.getenv("STACK_CLIENT_CONFIG");
    if (clientConfig != null && !clientConfig.isBlank()) {
      try (java.io.Reader in = java.nio.file.Files.newBufferedReader(java.nio.file.Path.of(clientConfig))) {
        p.load(in);
      }
    }
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
    try (Admin admin = Admin.create(p)) {
      switch (args[1]) {
        case "replication" -> replication(admin);
        case "controller" -> System.out.println(admin.describeMetadataQuorum().quorumInfo().get(15, TimeUnit.SECONDS)
            .leaderId());
        case "under-replicated" -> System.out.println(underReplicated(admin));
        case "not-preferred" -> System.out.println(notPreferred(admin));
        case "elect-preferred" -> System.out.println(electPreferred(admin));
        case "leader" -> leader(admin, List.of(args).subList(2, args.length));
        default -> {
          System.err.println("ClusterRoles: unknown command '" + args[1] + "'");
          System.exit(2);
        }
      }
    }
  }

  static Map<String, TopicDescription> topics(Admin admin) throws Exception {
    Collection<String> names = admin.listTopics(new ListTopicsOptions().listInternal(true)).names()
        .get(15, TimeUnit.SECONDS);
    return new TreeMap<>(admin.describeTopics(names).allTopicNames().get(15, TimeUnit.SECONDS));
  }

  static void replication(Admin admin) throws Exception {
    Map<String, TopicDescription> topics = topics(admin);
    List<ConfigResource> resources = topics.keySet().stream()
        .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
    Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(15, TimeUnit.SECONDS);
    for (TopicDescription d : topics.values()) {
      int replicas = d.partitions().stream().mapToInt(tp -> tp.replicas().size()).min().orElse(0);
      int isr = d.partitions().stream().mapToInt(tp -> tp.isr().size()).min().orElse(0);
      var minIsr = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, d.name())).get("min.insync.replicas");
      System.out.printf("%s replicas=%d isr=%d min.insync.replicas=%s%n", d.name(), replicas, isr,
          minIsr == null ? "?" : minIsr.value());
    }
  }

  static int underReplicated(Admin admin) throws Exception {
    return partitions(admin, tp -> tp.isr().size() < tp.replicas().size());
  }

  static int notPreferred(Admin admin) throws Exception {
    return partitions(admin, tp -> tp.leader() == null || tp.replicas().isEmpty()
        || tp.leader().id() != tp.replicas().get(0).id());
  }

  /** How many partitions of every topic, internal ones included, match. */
  static int partitions(Admin admin, java.util.function.Predicate<TopicPartitionInfo> matches) throws Exception {
    int n = 0;
    for (TopicDescription d : topics(admin).values()) {
      for (TopicPartitionInfo tp : d.partitions()) {
        if (matches.test(tp)) {
          n++;
        }
      }
    }
    return n;
  }

  /**
   * What `kafka-leader-election.sh --election-type PREFERRED --all-topic-partitions` does: each partition whose
   * preferred replica is in sync but not leading is moved back to it. Returns the number moved.
   */
  static int electPreferred(Admin admin) throws Exception {
    var results = admin.electLeaders(ElectionType.PREFERRED, null).partitions().get(30, TimeUnit.SECONDS);
    int moved = 0;
    for (Map.Entry<TopicPartition, java.util.Optional<Throwable>> e : results.entrySet()) {
      if (e.getValue().isEmpty()) {
        moved++;
      } else if (!(e.getValue().get() instanceof ElectionNotNeededException)) {
        System.err.println("ClusterRoles: " + e.getKey() + " not moved: " + e.getValue().get().getMessage());
      }
    }
    return moved;
  }

  /** Leader counts of the topics per node, plus which transactional ids each coordinates; prints the chosen node. */
  static void leader(Admin admin, List<String> topicNames) throws Exception {
    Map<Integer, Integer> leads = new TreeMap<>();
    for (TopicDescription d : admin.describeTopics(topicNames).allTopicNames().get(15, TimeUnit.SECONDS).values()) {
      for (TopicPartitionInfo tp : d.partitions()) {
        if (tp.leader() != null) {
          leads.merge(tp.leader().id(), 1, Integer::sum);
        }
      }
    }
    Map<Integer, List<String>> coordinates = new TreeMap<>();
    Map<Integer, Collection<TransactionListing>> byBroker = admin.listTransactions().allByBrokerId()
        .get(15, TimeUnit.SECONDS);
    byBroker.forEach((broker, listings) -> coordinates.put(broker, listings.stream()
        .map(TransactionListing::transactionalId).sorted().collect(Collectors.toCollection(ArrayList::new))));
    // The node that coordinates at least one transaction, and among those the one leading the most partitions.
    int best = -1;
    for (int node : leads.keySet()) {
      boolean coordinator = !coordinates.getOrDefault(node, List.of()).isEmpty();
      boolean bestCoordinates = best >= 0 && !coordinates.getOrDefault(best, List.of()).isEmpty();
      if (best < 0 || (coordinator && !bestCoordinates)
          || (coordinator == bestCoordinates && leads.get(node) > leads.get(best))) {
        best = node;
      }
    }
    List<String> txns = coordinates.getOrDefault(best, List.of());
    System.out.printf("%d leads %d of the %d partitions of %s (per node %s) and coordinates %d transactional id(s)%s%n",
        best, leads.getOrDefault(best, 0), leads.values().stream().mapToInt(Integer::intValue).sum(),
        String.join(",", topicNames), leads, txns.size(),
        txns.isEmpty() ? "" : ": " + String.join(", ", txns.subList(0, Math.min(3, txns.size())))
            + (txns.size() > 3 ? ", ..." : ""));
  }
}

// Applies the ACLs of stack/conf/acls.conf (idempotent: an ACL that exists already is left as it is) as the admin
// user, and lists what each principal may do. Run by stack.sh in a secured env (STACK_SECURITY=sasl_ssl) once the
// brokers are up, and by `deploy`. With --dry-run it only prints the ACLs that are missing.
//   AclSetup BOOTSTRAP ACLS_CONF [--dry-run]          (env STACK_CLIENT_CONFIG: the admin's client settings)
// File format, one ACL a line (blank lines and # comments ignored), every ACL an ALLOW for any host:
//   USER  RESOURCE  PATTERN  NAME  OPERATION[,OPERATION...]
//   RESOURCE topic | group | transactional-id | cluster;  PATTERN literal | prefixed;  NAME (kafka-cluster for cluster)
//   OPERATION one of Kafka's AclOperation names (READ, WRITE, CREATE, DELETE, ALTER, DESCRIBE, DESCRIBE_CONFIGS,
//   ALTER_CONFIGS, IDEMPOTENT_WRITE, ALL)
import java.io.FileInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

public class AclSetup {
  public static void main(String[] args) throws Exception {
    if (args.length < 2 || args.length > 3 || args.length == 3 && !args[2].equals("--dry-run")) {
      System.err.println("usage: AclSetup BOOTSTRAP ACLS_CONF [--dry-run]");
      System.exit(2);
    }
    List<AclBinding> wanted = parse(Path.of(args[1]));
    Properties p = clientConfig();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "60000");
    try (Admin admin = Admin.create(p)) {
      Set<AclBinding> have = Set.copyOf(admin.describeAcls(AclBindingFilter.ANY).values().get(60, TimeUnit.SECONDS));
      List<AclBinding> missing = wanted.stream().filter(b -> !have.contains(b)).toList();
      for (AclBinding b : missing) {
        System.out.printf("  acl %s %s: %s %s %s%n", args.length == 3 ? "would add" : "add", b.entry().principal(),
            b.entry().operation(), b.pattern().resourceType(), describe(b.pattern()));
      }
      if (args.length == 2 && !missing.isEmpty()) admin.createAcls(missing).all().get(60, TimeUnit.SECONDS);
      System.out.printf("  acls: %d in %s, %d %s, %d present before%n", wanted.size(), args[1], missing.size(),
          args.length == 3 ? "missing" : "added", wanted.size() - missing.size());
    }
  }

  static String describe(ResourcePattern r) {
    return r.patternType() == PatternType.PREFIXED ? "'" + r.name() + "*'" : "'" + r.name() + "'";
  }

  static Properties clientConfig() throws Exception {
    Properties p = new Properties();
    String file = System.getenv("STACK_CLIENT_CONFIG");
    if (file != null && !file.isBlank()) {
      try (FileInputStream in = new FileInputStream(file)) {
        p.load(in);
      }
    }
    return p;
  }

  static List<AclBinding> parse(Path file) throws Exception {
    List<AclBinding> out = new ArrayList<>();
    int n = 0;
    for (String line : Files.readAllLines(file)) {
      n++;
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("#")) continue;
      String[] f = t.split("\\s+");
      String where = file + " line " + n + ": ";
      if (f.length != 5) fail(where + "expected USER RESOURCE PATTERN NAME OPERATIONS (5 columns), found " + f.length);
      ResourceType type = switch (f[1]) {
        case "topic" -> ResourceType.TOPIC;
        case "group" -> ResourceType.GROUP;
        case "transactional-id" -> ResourceType.TRANSACTIONAL_ID;
        case "cluster" -> ResourceType.CLUSTER;
        default -> throw fail(where + "resource '" + f[1] + "': expected topic, group, transactional-id or cluster");
      };
      PatternType pattern = switch (f[2]) {
        case "literal" -> PatternType.LITERAL;
        case "prefixed" -> PatternType.PREFIXED;
        default -> throw fail(where + "pattern '" + f[2] + "': expected literal or prefixed");
      };
      for (String op : f[4].split(",")) {
        AclOperation operation;
        try {
          operation = AclOperation.valueOf(op.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          throw fail(where + "operation '" + op + "': expected READ, WRITE, CREATE, DELETE, ALTER, DESCRIBE,"
              + " DESCRIBE_CONFIGS, ALTER_CONFIGS, IDEMPOTENT_WRITE or ALL");
        }
        out.add(new AclBinding(new ResourcePattern(type, f[3], pattern),
            new AccessControlEntry("User:" + f[0], "*", operation, AclPermissionType.ALLOW)));
      }
    }
    return out;
  }

  static RuntimeException fail(String message) {
    System.err.println("AclSetup: " + message);
    System.exit(2);
    return new IllegalStateException(message);
  }
}

// Formats a secured KRaft node's storage with its SCRAM users (stack/bin/security.sh, STACK_SECURITY=sasl_ssl):
// Kafka's StorageTool `format --add-scram SCRAM-SHA-512=[name=U,password=P]`, called in this JVM so that no
// password reaches a command line (`ps` would show it). The passwords are read from STACK_SECRETS/passwords/U.
//   SecureFormat SERVER_PROPERTIES CLUSTER_ID TRANSACTION_VERSION      (env STACK_SECRETS, STACK_SCRAM_USERS)
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

public class SecureFormat {
  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: SecureFormat SERVER_PROPERTIES CLUSTER_ID TRANSACTION_VERSION");
      System.exit(2);
    }
    Path secrets = Path.of(System.getenv("STACK_SECRETS"));
    List<String> a = new ArrayList<>(List.of("format", "--ignore-formatted", "--cluster-id=" + args[1], "-c", args[0],
        "--feature", "transaction.version=" + args[2]));
    for (String user : System.getenv("STACK_SCRAM_USERS").trim().split("\\s+")) {
      String password = Files.readString(secrets.resolve("passwords").resolve(user)).strip();
      if (!password.matches("[A-Za-z0-9]+")) {
        System.err.println("SecureFormat: " + secrets.resolve("passwords").resolve(user)
            + ": expected letters and digits only (the stack's generated passwords)");
        System.exit(2);
      }
      a.add("--add-scram");
      a.add("SCRAM-SHA-512=[name=" + user + ",password=" + password + "]");
    }
    kafka.tools.StorageTool.main(a.toArray(new String[0]));
  }
}

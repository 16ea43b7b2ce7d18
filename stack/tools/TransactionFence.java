// Fences the open transactions of a Connect group's exactly-once source tasks, before a worker of that group starts
// while none is running. Single-file program with the broker's jars on the classpath:
//   TransactionFence BOOTSTRAP PREFIX     fence every ongoing transaction whose transactional id starts with PREFIX
// Why: a worker killed mid-transaction leaves it open until transaction.timeout.ms (10 min here), and a restarted
// worker first reads _connect-offsets to its end with read_committed, which that transaction holds back; the task's
// own producer would abort it, but only after that read. Fencing (Admin.fenceProducers, what Connect itself does
// before it reassigns tasks) bumps the producer epoch and aborts the transaction at once.
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;

public class TransactionFence {
  public static void main(String[] args) throws Exception {
    if (args.length != 2 || args[1].isEmpty()) {
      System.err.println("usage: TransactionFence BOOTSTRAP PREFIX (the transactional-id prefix: Connect's group.id and '-')");
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
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
    try (Admin admin = Admin.create(p)) {
      // ongoing, or committing/aborting (a prepared one completes by itself; fencing it again is harmless)
      List<String> open = admin.listTransactions(new ListTransactionsOptions().filterStates(List.of(
              TransactionState.ONGOING, TransactionState.PREPARE_COMMIT, TransactionState.PREPARE_ABORT)))
          .all().get(30, TimeUnit.SECONDS).stream()
          .map(TransactionListing::transactionalId).filter(id -> id.startsWith(args[1])).sorted().toList();
      if (open.isEmpty()) {
        System.out.println("no open transaction with the prefix '" + args[1] + "'");
        return;
      }
      admin.fenceProducers(open).all().get(30, TimeUnit.SECONDS);
      System.out.println("fenced " + open.size() + " open transaction(s), each aborted: " + String.join(", ", open));
    }
  }
}

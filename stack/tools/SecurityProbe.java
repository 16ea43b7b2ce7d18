// The Kafka side of the secured profile's checks (stack/bin/chaos-security.sh on an env with STACK_SECURITY=sasl_ssl):
// each probe acts as one principal and prints one line, "ALLOWED ..." or "DENIED ...", naming the principal, the
// operation, the resource and Kafka's own error. Exit 0 when every probe came out as expected, 1 otherwise.
//   SecurityProbe BOOTSTRAP SECRETS_DIR            the probes below
//   SecurityProbe BOOTSTRAP SECRETS_DIR --dump TOPIC   every record value of TOPIC, as admin (the secret scan)
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

public class SecurityProbe {
  static String bootstrap;
  static Path secrets;
  static int unexpected;
  static final String PROBE_TOPIC = "smartcar-streams-security-probe";

  public static void main(String[] args) throws Exception {
    if (args.length != 2 && !(args.length == 4 && args[2].equals("--dump"))) {
      System.err.println("usage: SecurityProbe BOOTSTRAP SECRETS_DIR [--dump TOPIC]");
      System.exit(2);
    }
    bootstrap = args[0];
    secrets = Path.of(args[1]);
    if (args.length == 4) {
      dump(args[3]);
      return;
    }
    // allowed paths first: a denial below then means the ACLs, not a broken connection
    read("app", "smartcar.driving.raw", true);
    read("cli", "smartcar.overspeed", true);
    write("app", PROBE_TOPIC, true);   // its own prefixed internal topics (created on first write)
    // the app's user writing a raw topic
    write("app", "smartcar.driving.raw", false);
    write("app", "smartcar.status.raw", false);
    // the CLI's user writing anything: every topic of the pipeline, and creating one
    for (String t : List.of("smartcar.status.raw", "smartcar.driving.raw", "smartcar.status", "smartcar.driving",
        "smartcar.overspeed", "smartcar.rejected", "smartcar.setaside", "smartcar.hbase.dlq")) {
      write("cli", t, false);
    }
    create("cli", "smartcar.cli-probe");
    // the sink's user reading a raw topic (it reads only the Avro topics it loads)
    read("connect", "smartcar.driving.raw", false);
    // clients that do not authenticate, or fail to
    unauthenticated("PLAINTEXT", null);
    unauthenticated("SSL", null);
    unauthenticated("SASL_SSL", "app");
    try (Admin admin = Admin.create(as("admin"))) {
      admin.deleteTopics(List.of(PROBE_TOPIC)).all().get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      System.out.println("  (could not delete " + PROBE_TOPIC + ": " + cause(e) + ")");
    }
    System.out.println(unexpected == 0 ? "every probe as expected" : unexpected + " probe(s) NOT as expected");
    System.exit(unexpected == 0 ? 0 : 1);
  }

  static Properties as(String user) throws Exception {
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(secrets.resolve("client-" + user + ".properties"))) {
      p.load(in);
    }
    p.put("bootstrap.servers", bootstrap);
    p.put("request.timeout.ms", "10000");
    p.put("default.api.timeout.ms", "15000");
    return p;
  }

  static void report(boolean allowed, boolean expected, String what, Throwable error) {
    String verdict = allowed == expected ? "  ok  " : "  UNEXPECTED  ";
    if (allowed != expected) unexpected++;
    System.out.println(verdict + (allowed ? "ALLOWED " : "DENIED  ") + what
        + (error == null ? "" : ": " + error.getClass().getSimpleName() + ": " + error.getMessage()));
  }

  static Throwable cause(Throwable t) {
    return t instanceof ExecutionException && t.getCause() != null ? t.getCause() : t;
  }

  static void write(String user, String topic, boolean expected) throws Exception {
    Properties p = as(user);
    p.put("max.block.ms", "15000");
    p.put("delivery.timeout.ms", "15000");
    p.put("linger.ms", "0");
    String what = "User:" + user + " WRITE Topic:" + topic;
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic, "security-probe".getBytes(StandardCharsets.UTF_8))).get(20, TimeUnit.SECONDS);
      report(true, expected, what, null);
    } catch (Exception e) {
      report(false, expected, what, cause(e));
    }
  }

  static void read(String user, String topic, boolean expected) throws Exception {
    Properties p = as(user);
    String what = "User:" + user + " READ Topic:" + topic;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      TopicPartition tp = new TopicPartition(topic, 0);
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      consumer.poll(Duration.ofSeconds(3));
      consumer.position(tp, Duration.ofSeconds(10));
      report(true, expected, what, null);
    } catch (Exception e) {
      report(false, expected, what, cause(e));
    }
  }

  static void create(String user, String topic) throws Exception {
    String what = "User:" + user + " CREATE Topic:" + topic;
    try (Admin admin = Admin.create(as(user))) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) -1))).all().get(20, TimeUnit.SECONDS);
      report(true, false, what, null);
      admin.deleteTopics(List.of(topic));
    } catch (Exception e) {
      report(false, false, what, cause(e));
    }
  }

  /** PLAINTEXT or SSL without SASL, or SASL_SSL with a wrong password for USER: the listener must refuse it. */
  static void unauthenticated(String protocol, String wrongPasswordFor) throws Exception {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("security.protocol", protocol);
    p.put("request.timeout.ms", "5000");
    p.put("default.api.timeout.ms", "8000");
    p.put("reconnect.backoff.max.ms", "1000");
    String who = "an unauthenticated client (" + protocol + ", no SASL credentials)";
    if (!protocol.equals("PLAINTEXT")) {
      p.put("ssl.truststore.type", "PEM");
      p.put("ssl.truststore.location", secrets.resolve("tls/ca.crt").toString());
    }
    if (wrongPasswordFor != null) {
      p.put("sasl.mechanism", "SCRAM-SHA-512");
      p.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
          + wrongPasswordFor + "\" password=\"not-the-password\";");
      who = "User:" + wrongPasswordFor + " with a wrong password (SASL_SSL, SCRAM-SHA-512)";
    }
    String what = who + " DESCRIBE Cluster on listener " + bootstrap;
    try (Admin admin = Admin.create(p)) {
      admin.describeCluster().nodes().get(10, TimeUnit.SECONDS);
      report(true, false, what, null);
    } catch (Exception e) {
      Throwable c = cause(e);
      if (c instanceof java.util.concurrent.TimeoutException || c instanceof org.apache.kafka.common.errors.TimeoutException) {
        // the listener closed every connection before any request: Kafka's client reports only the time-out
        c = new IllegalStateException("the listener closed the connection during the handshake (client: " + c.getMessage() + ")");
      }
      report(false, false, what, c);
    }
  }

  static void dump(String topic) throws Exception {
    Properties p = as("admin");
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = new ArrayList<>();
      consumer.partitionsFor(topic).forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      var end = consumer.endOffsets(parts);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline && parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          if (r.value() != null) System.out.println(new String(r.value(), StandardCharsets.UTF_8));
        }
      }
    }
  }
}

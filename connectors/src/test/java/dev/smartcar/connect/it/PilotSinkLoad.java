package dev.smartcar.connect.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.smartcar.avro.CarStatus;
import dev.smartcar.avro.DrivingRecord;
import dev.smartcar.schemas.contract.HBaseLayout;
import dev.smartcar.schemas.contract.Topics;
import dev.smartcar.schemas.log.CarStatusParser;
import dev.smartcar.schemas.log.DrivingLineParser;
import dev.smartcar.schemas.log.LogTimestamp;
import dev.smartcar.schemas.log.ParseResult;
import dev.smartcar.schemas.registry.SpecificAvroSerializer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.CellUtil;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Bytes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.avro.specific.SpecificRecord;

/**
 * What the sink ITs share: turning simulator lines into Avro records on two topics (with the rows
 * docs/contract.md §HBase expects for them, worked out from the lines alone), the pilot sink config for test topics
 * and tables, an HBase scan, and waiting for the sink's committed offsets.
 */
final class PilotSinkLoad {

    static final List<String> DRIVING_QUALIFIERS = HBaseLayout.Table.DRIVING.qualifiers();
    static final List<String> STATUS_QUALIFIERS = HBaseLayout.Table.STATUS.qualifiers();

    private PilotSinkLoad() {
    }

    /** Parses the lines with the project's parsers and sends the valid ones as Avro; fills the expected rows. */
    static int produce(String drivingTopic, String statusTopic, List<String> drivingLines,
                               List<String> statusLines, Map<String, Map<String, String>> expectedDriving,
                               Map<String, Map<String, String>> expectedStatus) throws Exception {
        LogTimestamp time = LogTimestamp.defaultZone();
        DrivingLineParser drivingParser = new DrivingLineParser(time);
        CarStatusParser statusParser = new CarStatusParser(time);
        int count = 0;
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(producerProps(),
                new StringSerializer(), serializer())) {
            for (String line : drivingLines) {
                ParseResult<DrivingRecord> parsed = drivingParser.parse(line);
                if (parsed instanceof ParseResult.Valid<DrivingRecord> valid) {
                    DrivingRecord record = valid.record();
                    producer.send(new ProducerRecord<>(drivingTopic, record.getCarNumber(), record));
                    expectedDriving.put(rowKey(line), cells(line, DRIVING_QUALIFIERS));
                    count++;
                }
            }
            for (String line : statusLines) {
                ParseResult<CarStatus> parsed = statusParser.parse(line);
                if (parsed instanceof ParseResult.Valid<CarStatus> valid) {
                    CarStatus record = valid.record();
                    producer.send(new ProducerRecord<>(statusTopic, record.getCarNumber(), record));
                    expectedStatus.put(rowKey(line), HBaseLayout.Table.STATUS.layout() == HBaseLayout.CellLayout.LINE
                            ? Map.of(HBaseLayout.FAMILY + ":" + HBaseLayout.LINE_QUALIFIER, line)
                            : cells(line, STATUS_QUALIFIERS));
                    count++;
                }
            }
            producer.flush();
        }
        return count;
    }

    /** docs/contract.md §HBase, straight from the line: 14-digit date reversed + "-" + car. */
    static String rowKey(String line) {
        String[] fields = line.split(",");
        return HBaseLayout.rowKey(fields[0], fields[1]);
    }

    /** docs/contract.md §HBase, straight from the line: each field as it stood, under its qualifier in cf1. */
    static Map<String, String> cells(String line, List<String> qualifiers) {
        String[] fields = line.split(",");
        Map<String, String> cells = new TreeMap<>();
        for (int i = 0; i < qualifiers.size(); i++) {
            cells.put(HBaseLayout.FAMILY + ":" + qualifiers.get(i), fields[i]);
        }
        return cells;
    }

    static SpecificAvroSerializer<SpecificRecord> serializer() {
        SpecificAvroSerializer<SpecificRecord> serializer = new SpecificAvroSerializer<>();
        serializer.configure(Map.of("schema.registry.url", StackUnderTest.registryCcompat(),
                "auto.register.schemas", "true"), false);
        return serializer;
    }

    static Properties producerProps() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, StackUnderTest.bootstrap());
        props.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        return props;
    }

    /** The pilot's JSON config with this test's topics, tables and the stack's addresses. */
    static Map<String, String> pilotConfig(String drivingTopic, String statusTopic, String drivingTable,
                                                   String statusTable, String dlq) throws Exception {
        Map<String, String> config = new ObjectMapper().readValue(
                Path.of("config/smartcar-hbase-sink.json").toFile(), new TypeReference<Map<String, String>>() { });
        Map<String, String> replaced = new HashMap<>();
        config.forEach((key, value) -> replaced.put(key, value
                .replace(Topics.DRIVING, drivingTopic).replace(Topics.STATUS, statusTopic)
                .replace(HBaseLayout.Table.DRIVING.tableName(), drivingTable)
                .replace(HBaseLayout.Table.STATUS.tableName(), statusTable)
                .replace(Topics.HBASE_DLQ, dlq)
                .replace("${env:SMARTCAR_HBASE_ZK}", StackUnderTest.zookeeper())
                .replace("${env:SMARTCAR_CCOMPAT_URL}", StackUnderTest.registryCcompat())));
        assertTrue(replaced.values().stream().noneMatch(v -> v.contains("${")), "every placeholder replaced");
        return replaced;
    }

    static Connection hbase() throws Exception {
        Configuration conf = HBaseConfiguration.create();
        conf.set("hbase.zookeeper.quorum", StackUnderTest.zookeeper());
        return ConnectionFactory.createConnection(conf);
    }

    /** Drops the test's tables after a passing test. */
    static void dropTables(Connection hbase, String... tables) throws Exception {
        try (org.apache.hadoop.hbase.client.Admin admin = hbase.getAdmin()) {
            for (String table : tables) {
                TableName name = TableName.valueOf(table);
                if (admin.tableExists(name)) {
                    admin.disableTable(name);
                    admin.deleteTable(name);
                }
            }
        }
    }

    static Map<String, Map<String, String>> scan(Connection hbase, String table) throws Exception {
        Map<String, Map<String, String>> rows = new TreeMap<>();
        try (Table t = hbase.getTable(TableName.valueOf(table));
             ResultScanner scanner = t.getScanner(new Scan().setCaching(5000))) {
            for (Result result : scanner) {
                Map<String, String> cells = new TreeMap<>();
                for (Cell cell : result.rawCells()) {
                    cells.put(Bytes.toString(CellUtil.cloneFamily(cell)) + ":"
                            + Bytes.toString(CellUtil.cloneQualifier(cell)),
                            new String(CellUtil.cloneValue(cell), StandardCharsets.UTF_8));
                }
                rows.put(Bytes.toString(result.getRow()), cells);
            }
        }
        return rows;
    }

    /** Waits until the sink's consumer group has committed the end offset of every partition of the topics. */
    static void awaitCommitted(String connector, List<String> topics, Duration limit) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, StackUnderTest.bootstrap());
        try (Admin admin = Admin.create(props)) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (var description : admin.describeTopics(topics).allTopicNames().get().values()) {
                description.partitions().forEach(p ->
                        latest.put(new TopicPartition(description.name(), p.partition()), OffsetSpec.latest()));
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
            long deadline = System.nanoTime() + limit.toNanos();
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets("connect-" + connector).partitionsToOffsetAndMetadata().get();
                boolean done = ends.entrySet().stream().allMatch(e -> committed.get(e.getKey()) != null
                        && committed.get(e.getKey()).offset() >= e.getValue().offset());
                if (done) {
                    return;
                }
                Thread.sleep(500);
            }
            throw new IllegalStateException("sink " + connector + " did not commit the end offsets within " + limit);
        }
    }
}

package dev.smartcar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smartcar.cli.hbase.LogTable;
import dev.smartcar.schemas.contract.HBaseLayout;
import dev.smartcar.cli.hbase.RowKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptorBuilder;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;
import org.apache.hadoop.hbase.util.Bytes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * The look-up commands against the real HBase and Redis of a stack: rows and alerts are seeded directly on a day
 * no other test or run uses, then the commands run in-process and their output is compared line by line.
 */
class LookupIT {

    static final String REDIS = System.getProperty("smartcar.it.redis");
    static final String PASSWORD_FILE = System.getProperty("smartcar.it.redisPasswordFile");
    static final String ZOOKEEPER = System.getProperty("smartcar.it.zookeeper");

    /** A day in the 2090s, different in every run, and cars no simulator run of the pilot day would use. */
    static final LocalDate DAY = LocalDate.of(2090, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(3_650));
    static final String D = LogTime.format(DAY);
    static final String CAR = "Q" + (1000 + ThreadLocalRandom.current().nextInt(8_999));
    static final String OTHER = "Q" + (1000 + (CAR.hashCode() & 0xfff) % 8_999 + 1);

    static Connection hbase;
    static Jedis redis;
    static final List<String> DRIVING_LINES = new ArrayList<>();

    @BeforeAll
    static void seed() throws IOException {
        Configuration conf = HBaseConfiguration.create();
        HostPort zk = HostPort.parse(ZOOKEEPER, "smartcar.it.zookeeper");
        conf.set("hbase.zookeeper.quorum", zk.host());
        conf.setInt("hbase.zookeeper.property.clientPort", zk.port());
        hbase = ConnectionFactory.createConnection(conf);
        try (Admin admin = hbase.getAdmin()) {
            for (LogTable t : LogTable.values()) {
                if (!admin.tableExists(t.tableName())) {
                    // as `make deploy` creates them (pre-split), since later steps of the test gate use them too
                    admin.createTable(TableDescriptorBuilder.newBuilder(t.tableName())
                            .setColumnFamily(ColumnFamilyDescriptorBuilder.of(LogTable.FAMILY)).build(),
                            HBaseLayout.SPLIT_POINTS.stream().map(Bytes::toBytes).toArray(byte[][]::new));
                }
            }
        }
        // 31 driving lines of CAR from 00:00:00, one every 2 s, areas alternating C01/C04; OTHER at the same times.
        List<String> lines = new ArrayList<>();
        for (int i = 0; i <= 30; i++) {
            String t = String.format("%s%02d%02d%02d", D, 0, (2 * i) / 60, (2 * i) % 60);
            String mine = t + "," + CAR + ",3,0,F,N," + (60 + i) + "," + (i % 2 == 0 ? "C01" : "C04");
            DRIVING_LINES.add(mine);
            lines.add(mine);
            lines.add(t + "," + OTHER + ",1,0,L1,L,40,C02");
        }
        lines.add(D + "240000," + CAR + ",0,1,F,N,0,C04"); // the original's end-of-day record
        put(LogTable.DRIVING, lines);
        put(LogTable.STATUS, List.of(
                D + "000000," + CAR + ",90,90,90,90,1,1,1,1,A,A,93",
                D + "000004," + CAR + ",70,90,90,90,1,1,2,1,A,B,91",
                D + "240000," + CAR + ",80,91,92,93,1,1,1,1,A,A,90",
                D + "000000," + OTHER + ",90,90,90,90,1,1,1,1,A,A,93"));

        HostPort r = HostPort.parse(REDIS, "smartcar.it.redis");
        DefaultJedisClientConfig.Builder c = DefaultJedisClientConfig.builder();
        if (PASSWORD_FILE != null && !PASSWORD_FILE.isBlank()) {
            c.password(Files.readAllLines(Path.of(PASSWORD_FILE)).get(0).strip());
        }
        redis = new Jedis(new HostAndPort(r.host(), r.port()), c.build());
        redis.sadd(D, CAR + "-" + D + "000130", OTHER + "-" + D + "000000");
        redis.hset("overspeed:" + CAR + ":" + D + "000130", Map.of("average_speed", "93.5", "record_count", "15"));
        redis.expire(D, 3_600);
    }

    static void put(LogTable layout, List<String> lines) throws IOException {
        try (Table t = hbase.getTable(layout.tableName())) {
            List<Put> puts = new ArrayList<>();
            for (String line : lines) {
                String[] f = line.split(",");
                Put p = new Put(RowKey.bytes(f[0], f[1]));
                // In the contract's layout of the table: the status rows in one cell holding the line (#23).
                layout.cells(line).forEach((qualifier, value) ->
                        p.addColumn(LogTable.FAMILY, Bytes.toBytes(qualifier), Bytes.toBytes(value)));
                puts.add(p);
            }
            t.put(puts);
        }
    }

    @AfterAll
    static void close() throws IOException {
        if (redis != null) {
            redis.close();
        }
        if (hbase != null) {
            hbase.close();
        }
    }

    record Run(int code, String out, String err) { }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = SmartCar.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static List<String> records(String out) {
        return out.lines().filter(l -> l.startsWith(D)).toList();
    }

    @Test
    void drivingByKeysReturnsTheCarsRowsInTimeOrder() {
        Run r = run("driving", "--car", CAR, "--from", D + "000000", "--to", D + "000100", "--zookeeper", ZOOKEEPER);
        assertEquals(0, r.code(), r.err());
        assertEquals(DRIVING_LINES, records(r.out()));
        assertTrue(r.out().contains("31 records of " + CAR + "; plan keys: 62 rows examined"), r.out());
    }

    @Test
    void drivingByScanFindsTheSameRowsAndTheHour24Record() {
        Run keys = run("driving", "--car", CAR, "--from", D + "000000", "--to", D + "240000", "--plan", "keys",
                "--zookeeper", ZOOKEEPER);
        Run scan = run("driving", "--car", CAR, "--from", D + "000000", "--to", D + "240000", "--plan", "scan",
                "--zookeeper", ZOOKEEPER);
        assertEquals(0, scan.code(), scan.err());
        List<String> expected = new ArrayList<>(DRIVING_LINES);
        expected.add(D + "240000," + CAR + ",0,1,F,N,0,C04");
        assertEquals(expected, records(scan.out()));
        assertEquals(expected, records(keys.out()));
        assertTrue(scan.out().contains("plan scan"), scan.out());
    }

    @Test
    void drivingAreaAndLimitFilter() {
        Run area = run("driving", "--car", CAR, "--from", D + "000000", "--to", D + "000100", "--area", "C04",
                "--zookeeper", ZOOKEEPER);
        assertEquals(DRIVING_LINES.stream().filter(l -> l.endsWith("C04")).toList(), records(area.out()));
        Run limited = run("driving", "--car", CAR, "--from", D + "000000", "--to", D + "000100", "--limit", "5",
                "--zookeeper", ZOOKEEPER);
        assertEquals(DRIVING_LINES.subList(0, 5), records(limited.out()));
        Run scanLimited = run("driving", "--car", CAR, "--from", D + "000000", "--to", D + "000100", "--limit", "5",
                "--plan", "scan", "--zookeeper", ZOOKEEPER);
        assertEquals(5, records(scanLimited.out()).size());
        assertTrue(DRIVING_LINES.containsAll(records(scanLimited.out())));
    }

    @Test
    void statusPrintsTheDayAndTheDeviceChecks() {
        Run r = run("status", "--car", CAR, "--date", D, "--zookeeper", ZOOKEEPER);
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of(
                D + "000000," + CAR + ",90,90,90,90,1,1,1,1,A,A,93",
                D + "000004," + CAR + ",70,90,90,90,1,1,2,1,A,B,91",
                D + "240000," + CAR + ",80,91,92,93,1,1,1,1,A,A,90"), records(r.out()));
        assertTrue(r.out().contains("Status of " + CAR + " on " + D + " (HBase SmartCarStatusInfo): 3 records"),
                r.out());
        assertTrue(r.out().matches("(?s).*PASS +tyre pressure averages +expected each >= 80 +actual FL 80.0, FR "
                + "90.3.*"),
                r.out());
        assertTrue(r.out().matches("(?s).*FAIL +lamp faults \\(light 2\\) +expected none +actual FL 0, FR 0, BL 1, BR "
                + "0 records.*"),
                r.out());
        assertTrue(r.out().matches("(?s).*PASS +battery average +expected >= 30 +actual 91.3.*"), r.out());
        assertTrue(r.out().contains("1 device check(s) of " + CAR + " failed on " + D + "."), r.out());
    }

    @Test
    void alertsAreListedByTimeWithDetailsAndNothingIsDeleted() {
        Run r = run("alerts", "--date", D, "--redis", REDIS, "--redis-password-file", PASSWORD_FILE);
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).startsWith("Over-speed alerts of " + D + " (Redis set " + D
                + "): 2 alerts, expires in"),
                r.out());
        assertTrue(lines.get(1).endsWith(OTHER + "  (no details at overspeed:" + OTHER + ":" + D + "000000)"), r.out());
        assertTrue(lines.get(2).endsWith(CAR + "  average_speed=93.5 record_count=15"), r.out());
        assertEquals(2, redis.scard(D));
    }

    @Test
    void followPrintsAnAlertThatArrivesLater() throws Exception {
        String day = LogTime.format(DAY.plusDays(1));
        redis.sadd(day, CAR + "-" + day + "000000");
        StringWriter out = new StringWriter();
        PrintWriter writer = new PrintWriter(out, true);
        picocli.CommandLine cl = SmartCar.commandLine(writer, new PrintWriter(new StringWriter(), true));
        AlertsCommand command = cl.getSubcommands().get("alerts").getCommand();
        String late = CAR + "-" + day + "000030";
        command.keepFollowing = () -> !out.toString().contains(late.substring(0, 5) + "  (no details at overspeed:"
                + CAR + ":" + day + "000030");
        Thread follower = new Thread(() -> cl.execute("alerts", "--date", day, "--follow", "--poll-ms", "100",
                "--redis", REDIS, "--redis-password-file", PASSWORD_FILE));
        follower.start();
        while (!out.toString().contains("following " + day)) {
            Thread.sleep(50);
        }
        redis.sadd(day, late);
        follower.join();
        String printed = out.toString();
        assertEquals(1, printed.lines().filter(l -> l.contains(":00:00  " + CAR)).count(), printed);
        assertTrue(printed.contains(":00:30  " + CAR), printed);
        assertEquals(2, redis.scard(day));
        redis.del(day);
    }
}

package dev.smartcar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Argument checking of every command, run in-process: bad values exit 2 with a message naming option and form. */
class CommandLineTest {

    record Run(int code, String out, String err) { }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = SmartCar.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "alerts --date 20201332                                   | --date '20201332' is not a real date; expected "
                + "yyyyMMdd",
        "alerts --date 2020032                                    | --date '2020032' is not a date; expected yyyyMMdd",
        "alerts --date 20200322 --poll-ms 5                       | --poll-ms 5 is out of range",
        "alerts --date 20200322 --redis localhost                 | --redis (SMARTCAR_REDIS) 'localhost' is not "
                + "host:port",
        "alerts --date 20200322 --detail-key overspeed:{car}      | must contain {car} and {start}",
        "status --car n0036 --date 20200322                       | --car 'n0036' is not a car number; expected a "
                + "letter A-Z",
        "status --car N0000 --date 20200322                       | --car 'N0000' is not a car number",
        "status --car N0036 --date 20200230                       | --date '20200230' is not a real date",
        "driving --car N0036 --from 20200322000000                | give both --from and --to",
        "driving --car N0036 --from 20200322250000 --to 20200323000000 | --from '20200322250000' is not a time: hour "
                + "25 out of range 00-24",
        "driving --car N0036 --from 20200322000100 --to 20200322000000 | --to 20200322000000 is before --from "
                + "20200322000100",
        "driving --car N0036 --area G01                           | --area 'G01' is not an area; expected a letter A-F "
                + "and 01-10",
        "driving --car N0036 --limit -1                           | --limit -1 is negative",
        "driving --car N0036 --plan keys                          | --plan keys needs --from and --to",
        "driving --car N0036 --zookeeper 127.0.0.1:0              | --zookeeper (SMARTCAR_ZOOKEEPER) '127.0.0.1:0' has "
                + "no valid port",
        "pilot --duration 3x                                      | --duration '3x' is not a duration; expected a "
                + "number and ms, s, m or h",
        "pilot --cars 0                                           | --cars 0 is out of range; expected 1-259974",
        "pilot --cars 259975                                      | --cars 259975 is out of range; expected 1-259974",
        "pilot --status-cars 0                                    | --status-cars 0 is out of range; expected 1-100 "
                + "(1 to --cars)",
        "pilot --cars 10000 --status-cars 10001                   | --status-cars 10001 is out of range; expected "
                + "1-10000 (1 to --cars)",
        "pilot --status-cars many                                 | Invalid value for option '--status-cars'",
        "pilot --garbage-rate 2                                   | --garbage-rate 2.0 is out of range; expected 0-1",
        "pilot --date 20200431                                    | --date '20200431' is not a real date",
        "replay /no/such/file                                     | FILE /no/such/file is not a readable file",
    })
    void badValuesExitTwoNamingTheOption(String args, String message) {
        Run r = run(args.trim().split("\\s+"));
        assertEquals(CliException.USAGE, r.code(), r.err());
        assertTrue(r.err().contains(message), () -> "expected '" + message + "' in: " + r.err());
    }

    @Test
    void missingRequiredOptionAndUnknownOptionExitTwo() {
        Run missing = run("status", "--car", "N0036");
        assertEquals(CliException.USAGE, missing.code());
        assertTrue(missing.err().contains("Missing required option: '--date=yyyyMMdd'"), missing.err());
        Run unknown = run("alerts", "--date", "20200322", "--colour");
        assertEquals(CliException.USAGE, unknown.code());
        assertTrue(unknown.err().contains("Unknown option: '--colour'"), unknown.err());
        Run command = run("delete-everything");
        assertEquals(CliException.USAGE, command.code());
    }

    @ParameterizedTest
    @CsvSource({"alerts", "driving", "status", "replay", "pilot"})
    void everyCommandHasHelp(String command) {
        Run r = run(command, "--help");
        assertEquals(CliException.OK, r.code());
        assertTrue(r.out().startsWith("Usage: smartcar " + command), r.out());
    }

    @Test
    void unreachableServerIsNamedWithItsAddressAndExitsOne() {
        Run redis = run("alerts", "--date", "20200322", "--redis", "127.0.0.1:1");
        assertEquals(CliException.FAILED, redis.code());
        assertTrue(redis.err().contains("Redis at 127.0.0.1:1 is not reachable"), redis.err());
        Run hbase = run("status", "--car", "N0036", "--date", "20200322", "--zookeeper", "127.0.0.1:1");
        assertEquals(CliException.FAILED, hbase.code());
        assertTrue(hbase.err().contains("HBase's ZooKeeper at 127.0.0.1:1 is not reachable"), hbase.err());
        Run kafka = run("pilot", "--bootstrap", "127.0.0.1:1");
        assertEquals(CliException.FAILED, kafka.code());
        assertTrue(kafka.err().contains("Kafka at 127.0.0.1:1 is not reachable"), kafka.err());
    }
}

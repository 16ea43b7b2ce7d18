package dev.smartcar.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smartcar.schemas.rule.OverSpeedReference;
import dev.smartcar.streams.redis.RedisAlertSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamsAppConfigTest {

    @TempDir
    Path dir;

    @Test
    void defaultsAreThoseOfTheContract() {
        StreamsAppConfig config = new StreamsAppConfig(Map.of());
        assertEquals(30_000L, config.getLong(StreamsAppConfig.WINDOW_MS));
        assertEquals(80.0, config.getDouble(StreamsAppConfig.THRESHOLD_KMH));
        assertEquals("Asia/Seoul", config.zone().getId());
        assertTrue(config.eventTime());
        assertTrue(config.overspeedInline(), "the windows take the records in the validating task (raw keyed by car)");
        Properties streams = config.streamsProperties();
        assertEquals(StreamsConfig.EXACTLY_ONCE_V2, streams.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
        assertEquals("127.0.0.1:9092", streams.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
        assertEquals(1_000L, streams.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG),
                "a transaction a second; alerts commit at once");
        assertFalse(streams.containsKey(StreamsAppConfig.WINDOW_MS), "the app's own keys are not handed to Kafka");
        assertEquals("smartcar.setaside", config.getString(StreamsAppConfig.SETASIDE_TOPIC));
        assertEquals(262_144, streams.get("producer.batch.size"), "256 KB producer batches");
        assertEquals(10_000, streams.get("session.timeout.ms"), "a killed instance's tasks move after 10 s, not 45");
        assertEquals(3_000, streams.get("heartbeat.interval.ms"));
        Properties mine = new StreamsAppConfig(Map.of("session.timeout.ms", "45000")).streamsProperties();
        assertEquals("45000", mine.get("session.timeout.ms"), "the configuration's own setting wins");
    }

    @Test
    void aBatchSizeFromTheConfigurationIsNotOverriddenByTheDefault() {
        Properties plain = new StreamsAppConfig(Map.of("batch.size", "32768")).streamsProperties();
        assertEquals("32768", plain.get("batch.size"));
        assertFalse(plain.containsKey("producer.batch.size"), "a prefixed default would win over the plain setting");
        Properties prefixed = new StreamsAppConfig(Map.of("producer.batch.size", "65536")).streamsProperties();
        assertEquals("65536", prefixed.get("producer.batch.size"));
    }

    @Test
    void theOverSpeedDefaultsAreThoseOfTheReferenceThePilotChecksWith() {
        StreamsAppConfig config = new StreamsAppConfig(Map.of());
        assertEquals(OverSpeedReference.PILOT_WINDOW_MILLIS, config.getLong(StreamsAppConfig.WINDOW_MS));
        assertEquals(OverSpeedReference.PILOT_THRESHOLD, config.getDouble(StreamsAppConfig.THRESHOLD_KMH));
        assertEquals(OverSpeedReference.PILOT_GRACE_MILLIS, config.getLong(StreamsAppConfig.GRACE_MS));
        assertEquals(OverSpeedReference.PILOT_OUTLIER_MILLIS, config.getLong(StreamsAppConfig.CLOCK_OUTLIER_MS));
        assertEquals(OverSpeedReference.PILOT_CONFIRM_RECORDS, config.getInt(StreamsAppConfig.CLOCK_CONFIRM_RECORDS));
    }

    @Test
    void theOutlierBoundMustExceedTheGrace() {
        ConfigException e = assertThrows(ConfigException.class, () -> new StreamsAppConfig(Map.of(
                StreamsAppConfig.GRACE_MS, "600000")));
        assertTrue(e.getMessage().contains(StreamsAppConfig.CLOCK_OUTLIER_MS)
                && e.getMessage().contains(StreamsAppConfig.GRACE_MS),
                e.getMessage());
        assertEquals(600_001L, new StreamsAppConfig(Map.of(StreamsAppConfig.GRACE_MS, "600000",
                StreamsAppConfig.CLOCK_OUTLIER_MS, "600001")).getLong(StreamsAppConfig.CLOCK_OUTLIER_MS));
    }

    @Test
    void fileThenEnvironmentOverrides() throws Exception {
        Path file = dir.resolve("app.properties");
        Files.writeString(file,
                "bootstrap.servers=127.0.0.1:39092\nsmartcar.overspeed.grace.ms=5000\nredis.port=36379\n");

        StreamsAppConfig config = StreamsAppConfig.load(file, Map.of(
                "SMARTCAR_OVERSPEED_GRACE_MS", "7000",
                "SMARTCAR_BOOTSTRAP_SERVERS", "127.0.0.1:49092",
                "SMARTCAR_REDIS_PASSWORD_FILE", "/run/secrets/redis",
                "PATH", "/usr/bin"));

        assertEquals(7_000L, config.getLong(StreamsAppConfig.GRACE_MS));
        assertEquals(36379, config.getInt(StreamsAppConfig.REDIS_PORT));
        assertEquals("/run/secrets/redis", config.getString(StreamsAppConfig.REDIS_PASSWORD_FILE));
        assertEquals("127.0.0.1:49092", config.streamsProperties().get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
    }

    @Test
    void badValuesNameTheSettingAndWhatIsExpected() {
        ConfigException threshold = assertThrows(ConfigException.class,
                () -> new StreamsAppConfig(Map.of(StreamsAppConfig.THRESHOLD_KMH, "fast")));
        assertTrue(threshold.getMessage().contains(StreamsAppConfig.THRESHOLD_KMH), threshold.getMessage());
        ConfigException basis = assertThrows(ConfigException.class,
                () -> new StreamsAppConfig(Map.of(StreamsAppConfig.TIME_BASIS, "wall")));
        assertTrue(basis.getMessage().contains("event") && basis.getMessage().contains("processing"),
                basis.getMessage());
        ConfigException input = assertThrows(ConfigException.class,
                () -> new StreamsAppConfig(Map.of(StreamsAppConfig.OVERSPEED_INPUT, "repartition")));
        assertTrue(input.getMessage().contains(StreamsAppConfig.OVERSPEED_INPUT)
                && input.getMessage().contains("inline")
                && input.getMessage().contains("topic"), input.getMessage());
        ConfigException zone = assertThrows(ConfigException.class,
                () -> new StreamsAppConfig(Map.of(StreamsAppConfig.TIME_ZONE, "Mars/Base")));
        assertTrue(zone.getMessage().contains("Mars/Base") && zone.getMessage().contains("zone"), zone.getMessage());
        ConfigException window = assertThrows(ConfigException.class,
                () -> new StreamsAppConfig(Map.of(StreamsAppConfig.WINDOW_MS, "10")));
        assertTrue(window.getMessage().contains(StreamsAppConfig.WINDOW_MS), window.getMessage());
        ConfigException missing = assertThrows(ConfigException.class,
                () -> StreamsAppConfig.load(dir.resolve("absent.properties"), Map.of()));
        assertTrue(missing.getMessage().contains("absent.properties"), missing.getMessage());
    }

    @Test
    void redisPasswordComesFromTheFirstLineOfItsFileAndIsNeverInAMessage() throws Exception {
        Path file = dir.resolve("redis.password");
        Files.writeString(file, "s3cret-value\n");
        assertEquals("s3cret-value", RedisAlertSink.readPassword(file));

        Path empty = dir.resolve("empty");
        Files.writeString(empty, "\n");
        ConfigException e = assertThrows(ConfigException.class, () -> RedisAlertSink.readPassword(empty));
        assertTrue(e.getMessage().contains("redis.password.file") && e.getMessage().contains("empty"), e.getMessage());
        ConfigException absent = assertThrows(ConfigException.class, () ->
                RedisAlertSink.readPassword(dir.resolve("nope")));
        assertTrue(absent.getMessage().contains("cannot be read"), absent.getMessage());
    }
}

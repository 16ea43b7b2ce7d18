package dev.smartcar.streams.redis;

import dev.smartcar.avro.OverSpeedAlert;
import dev.smartcar.schemas.contract.RedisLayout;
import dev.smartcar.schemas.log.LogTimestamp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.apache.kafka.common.config.ConfigException;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.Pipeline;

/**
 * Writes alerts to Redis in {@link AlertRedisLayout}: one pooled connection per batch, every command of the batch
 * in one pipeline (four per alert), one round trip. Failures surface as exceptions; the caller retries.
 */
public final class RedisAlertSink implements AlertSink {

    /**
     * Where Redis is and how alerts are kept there; {@code passwordFile} blank: no password; {@code user} blank: the
     * default user (an ACL user otherwise, e.g. the secured profile's {@code app}, allowed to write alert keys only).
     */
    public record Settings(String host, int port, int database, int timeoutMs, int poolSize, String passwordFile,
                           int expireSeconds, ZoneId zone, String user, boolean ssl) { }

    /** The setting that names the password file, as messages name it. */
    static final String PASSWORD_FILE_SETTING = "redis.password.file";

    private final JedisPool pool;
    private final LogTimestamp time;
    private final long expireSeconds;

    public RedisAlertSink(Settings settings) {
        this.time = new LogTimestamp(settings.zone());
        this.expireSeconds = settings.expireSeconds();
        DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(settings.timeoutMs())
                .socketTimeoutMillis(settings.timeoutMs())
                .database(settings.database())
                .clientName("smartcar-streams")
                .ssl(settings.ssl());
        if (!settings.passwordFile().isBlank()) {
            client.password(readPassword(Path.of(settings.passwordFile())));
        }
        if (settings.user() != null && !settings.user().isBlank()) {
            client.user(settings.user());
        }
        GenericObjectPoolConfig<Jedis> poolConfig = new GenericObjectPoolConfig<>();
        poolConfig.setMaxTotal(settings.poolSize());
        poolConfig.setMaxIdle(settings.poolSize());
        poolConfig.setTestOnBorrow(false);
        poolConfig.setJmxEnabled(false);
        this.pool = new JedisPool(poolConfig, new HostAndPort(settings.host(), settings.port()), client.build());
    }

    /** The first line of the file; the password itself never appears in a message. */
    public static String readPassword(Path file) {
        try {
            String content = Files.readString(file, StandardCharsets.UTF_8);
            String password = content.lines().findFirst().orElse("").strip();
            if (password.isEmpty()) {
                throw new ConfigException(PASSWORD_FILE_SETTING + " " + file
                        + " is empty: expected the Redis password on its first line");
            }
            return password;
        } catch (IOException e) {
            throw new ConfigException(PASSWORD_FILE_SETTING + " " + file + " cannot be read: "
                    + e.getClass().getSimpleName());
        }
    }

    @Override
    public void write(List<OverSpeedAlert> alerts) {
        if (alerts.isEmpty()) {
            return;
        }
        try (Jedis jedis = pool.getResource()) {
            Pipeline pipeline = jedis.pipelined();
            for (OverSpeedAlert alert : alerts) {
                AlertRedisLayout layout = AlertRedisLayout.of(alert, time);
                pipeline.sadd(layout.dayKey(), layout.member());
                pipeline.expire(layout.dayKey(), expireSeconds);
                pipeline.hset(layout.detailKey(), layout.details());
                // the first write's time only: a replay (at-least-once) leaves it as it was
                pipeline.hsetnx(layout.detailKey(), RedisLayout.DetailField.STORED_AT_MS.key(),
                        Long.toString(System.currentTimeMillis()));
                pipeline.expire(layout.detailKey(), expireSeconds);
            }
            // syncAndReturnAll raises the first command error (e.g. NOAUTH, WRONGTYPE) instead of ignoring it.
            for (Object reply : pipeline.syncAndReturnAll()) {
                if (reply instanceof RuntimeException error) {
                    throw error;
                }
            }
        }
    }

    /** One PING on a pooled connection, for the dashboard's health view; throws when Redis does not answer. */
    public String ping() {
        try (Jedis jedis = pool.getResource()) {
            return jedis.ping();
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}

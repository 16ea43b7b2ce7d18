package dev.smartcar.cli.redis;

import dev.smartcar.cli.CliException;
import dev.smartcar.cli.HostPort;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Reads the over-speed alerts the streams app keeps in Redis: the day sets of the original pilot and the detail
 * entries beside them. Read-only by design: the original console client deleted what it printed; this never
 * writes or deletes a key.
 */
public final class AlertStore implements AutoCloseable {

    private final DetailKey detailKey;
    private final HostPort address;
    private final JedisClientConfig clientConfig;
    /** The connection; after it broke, null until the next call connects again (Redis may have restarted). */
    private Jedis jedis;

    AlertStore(Jedis jedis, DetailKey detailKey, HostPort address, JedisClientConfig clientConfig) {
        this.jedis = jedis;
        this.detailKey = detailKey;
        this.address = address;
        this.clientConfig = clientConfig;
    }

    private Jedis connection() {
        if (jedis == null) {
            jedis = new Jedis(new HostAndPort(address.host(), address.port()), clientConfig);
        }
        return jedis;
    }

    private CliException wentAway(JedisConnectionException e) {
        if (jedis != null) {   // null when connecting again failed (Redis is still away)
            jedis.close();
            jedis = null;
        }
        return CliException.failed("Redis at " + address + " went away (" + rootMessage(e) + ")", e);
    }

    /** Connects (and authenticates with the password file's first line, if given); fails naming the address. */
    public static AlertStore open(HostPort address, Path passwordFile, DetailKey detailKey) {
        return open(address, null, passwordFile, detailKey);
    }

    /** As above, as Redis ACL user {@code user} (null or blank: the default user). */
    public static AlertStore open(HostPort address, String user, Path passwordFile, DetailKey detailKey) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(3_000).socketTimeoutMillis(10_000).clientName("smartcar-cli");
        if (passwordFile != null) {
            config.password(readPassword(passwordFile));
        }
        if (user != null && !user.isBlank()) {
            config.user(user);
        }
        Jedis jedis = null;
        JedisClientConfig clientConfig = config.build();
        try {
            jedis = new Jedis(new HostAndPort(address.host(), address.port()), clientConfig);
            jedis.ping();
        } catch (JedisConnectionException e) {
            if (jedis != null) {
                jedis.close();
            }
            throw CliException.failed("Redis at " + address + " is not reachable (" + rootMessage(e) + ")", e);
        } catch (JedisDataException e) {
            jedis.close();
            // The server's own words (NOAUTH, WRONGPASS) never contain the password.
            throw CliException.failed("Redis at " + address + " refused us: " + e.getMessage()
                    + (passwordFile == null ? "; give --redis-password-file (SMARTCAR_REDIS_PASSWORD_FILE)"
                            : "; check the password file " + passwordFile), e);
        }
        return new AlertStore(jedis, detailKey, address, clientConfig);
    }

    static String readPassword(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            String pw = lines.isEmpty() ? "" : lines.get(0).strip();
            if (pw.isEmpty()) {
                throw CliException.usage("Redis password file " + file
                        + " is empty; expected the password on its first line");
            }
            return pw;
        } catch (IOException e) {
            throw CliException.usage("Redis password file " + file + " cannot be read (" + e + ")");
        }
    }

    /** The members of a day's set ({@code SMEMBERS <yyyyMMdd>}). */
    public Set<String> members(String day) {
        try {
            return connection().smembers(day);
        } catch (JedisDataException e) {
            throw CliException.failed("Redis key " + day + " is not an alert set: " + e.getMessage(), e);
        } catch (JedisConnectionException e) {
            throw wentAway(e);
        }
    }

    /** Number of members of a day's set ({@code SCARD}). */
    public long count(String day) {
        try {
            return connection().scard(day);
        } catch (JedisConnectionException e) {
            throw wentAway(e);
        }
    }

    /** Whether the key exists at all. */
    public boolean exists(String key) {
        return connection().exists(key);
    }

    /** Seconds the day set has left before it expires (-1 no expiry, -2 no such key). */
    public long timeToLive(String day) {
        return connection().ttl(day);
    }

    /** The alerts of these members with their details, fetched in two pipelined round trips, sorted by time. */
    public List<Alert> details(Collection<String> members) {
        List<AlertMember> sorted = members.stream().map(AlertMember::parse).sorted(AlertMember.BY_TIME).toList();
        List<String> keys = new ArrayList<>();
        Pipeline types = connection().pipelined();
        List<Response<String>> typeOf = new ArrayList<>();
        for (AlertMember m : sorted) {
            String key = m.wellFormed() ? detailKey.of(m) : null;
            keys.add(key);
            typeOf.add(key == null ? null : types.type(key));
        }
        types.sync();
        Pipeline values = connection().pipelined();
        List<Response<?>> valueOf = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            String type = typeOf.get(i) == null ? "none" : typeOf.get(i).get();
            valueOf.add(switch (type) {
                case "hash" -> values.hgetAll(keys.get(i));
                case "string" -> values.get(keys.get(i));
                default -> null;
            });
        }
        values.sync();
        List<Alert> out = new ArrayList<>(sorted.size());
        for (int i = 0; i < sorted.size(); i++) {
            Response<?> r = valueOf.get(i);
            Map<String, String> details;
            if (r == null) {
                details = Map.of();
            } else if (r.get() instanceof Map<?, ?> hash) {
                details = new TreeMap<>();
                hash.forEach((k, v) -> details.put(String.valueOf(k), String.valueOf(v)));
            } else {
                details = new LinkedHashMap<>();
                details.put("value", String.valueOf(r.get()));
            }
            out.add(new Alert(sorted.get(i), keys.get(i), details));
        }
        return out;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    @Override
    public void close() {
        if (jedis != null) {
            jedis.close();
        }
    }
}

package dev.smartcar.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where Redis is: options defaulting to the {@code SMARTCAR_*} environment that {@code bin/smartcar} and the stack
 * export, then to the contract's local default (docs/contract.md §Endpoints).
 */
public final class RedisOptions {

    @Option(names = "--redis", paramLabel = "HOST:PORT", defaultValue = "${env:SMARTCAR_REDIS:-127.0.0.1:6379}",
            description = "Redis (env SMARTCAR_REDIS; default ${DEFAULT-VALUE})")
    String redis;

    @Option(names = "--redis-password-file", paramLabel = "FILE",
            defaultValue = "${env:SMARTCAR_REDIS_PASSWORD_FILE:-}",
            description = "file holding the Redis password (env SMARTCAR_REDIS_PASSWORD_FILE; default: the dev"
                    + " stack's .stack/dev/secrets/redis.password when it exists, else none)")
    String redisPasswordFile;

    @Option(names = "--redis-user", paramLabel = "USER", defaultValue = "${env:SMARTCAR_REDIS_USER:-}",
            description = "Redis ACL user (env SMARTCAR_REDIS_USER; default: none, the default user); it needs only"
                    + " read commands (the secured profile's user cli)")
    String redisUser;

    /** The ACL user, or null for the default user. */
    public String user() {
        return redisUser == null || redisUser.isBlank() ? null : redisUser;
    }

    public HostPort address() {
        return HostPort.parse(redis, "--redis (SMARTCAR_REDIS)");
    }

    /** The password file, or null for no AUTH. */
    public Path passwordFile() {
        if (redisPasswordFile != null && !redisPasswordFile.isBlank()) {
            return Path.of(redisPasswordFile);
        }
        Path dev = ProjectHome.path().resolve(".stack/dev/secrets/redis.password");
        return dev.toFile().isFile() ? dev : null;
    }

    /** For tests and for the pilot, which passes its own. */
    public static RedisOptions of(String address, String passwordFile) {
        RedisOptions o = new RedisOptions();
        o.redis = address;
        o.redisPasswordFile = passwordFile;
        return o;
    }
}

package org.markauth.config;

import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisRole;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach Redis: a standalone server, a Redis Cluster or a Sentinel-managed master. Keys
 * (prefix {@code redis.}), defaults in brackets: {@code mode} [standalone|cluster|sentinel],
 * {@code urls} [redis://127.0.0.1:6379] (rediss:// for TLS; several for cluster seeds or
 * sentinels), {@code master-name} (sentinel), {@code password} (secret reference),
 * {@code key-prefix} [ma:], {@code pool-size} [16].
 */
public record RedisSettings(Mode mode, List<String> urls, Optional<String> masterName, Optional<Secret> password,
                            String keyPrefix, int poolSize) {

    public enum Mode { STANDALONE, CLUSTER, SENTINEL }

    public RedisSettings {
        Objects.requireNonNull(mode, "mode");
        urls = List.copyOf(urls);
        if (urls.isEmpty()) {
            throw new ConfigException("redis.urls", "needs at least one redis:// or rediss:// URL");
        }
        for (String u : urls) {
            URI uri;
            try {
                uri = URI.create(u);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("redis.urls", "'" + u + "' is not a URL; write redis://host:port");
            }
            if (!("redis".equals(uri.getScheme()) || "rediss".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new ConfigException("redis.urls", "'" + u + "' is not a redis:// or rediss:// URL with a host");
            }
            if (uri.getPort() > 65535) {
                throw new ConfigException("redis.urls", "'" + u + "' has a port above 65535");
            }
        }
        if (mode == Mode.STANDALONE && urls.size() != 1) {
            throw new ConfigException("redis.urls", "standalone mode takes exactly one URL; use redis.mode=cluster or sentinel for several");
        }
        if (mode == Mode.SENTINEL && masterName.isEmpty()) {
            throw new ConfigException("redis.master-name", "is required when redis.mode=sentinel");
        }
        if (keyPrefix.isEmpty() || keyPrefix.length() > 32) {
            throw new ConfigException("redis.key-prefix", "must be 1 to 32 characters");
        }
        if (keyPrefix.indexOf('{') >= 0 || keyPrefix.indexOf('}') >= 0) {
            // a brace would become the key's hash tag and move keys meant to share a slot apart
            throw new ConfigException("redis.key-prefix", "must not contain { or } (Redis Cluster hash tags)");
        }
    }

    public static RedisSettings read(ConfigReader r) {
        return new RedisSettings(
                r.enumValue("redis.mode", Mode.class, Mode.STANDALONE),
                r.list("redis.urls", List.of("redis://127.0.0.1:6379")),
                r.optionalString("redis.master-name"),
                r.secret("redis.password"),
                r.string("redis.key-prefix", "ma:"),
                r.integer("redis.pool-size", 16, 1, 1024));
    }

    /** Vert.x client options for these settings (the secret is read here, once). */
    public RedisOptions toOptions() {
        RedisOptions o = new RedisOptions()
                .setType(switch (mode) {
                    case STANDALONE -> RedisClientType.STANDALONE;
                    case CLUSTER -> RedisClientType.CLUSTER;
                    case SENTINEL -> RedisClientType.SENTINEL;
                })
                .setMaxPoolSize(poolSize)
                .setMaxPoolWaiting(poolSize * 64);
        urls.forEach(o::addConnectionString);
        masterName.ifPresent(name -> o.setMasterName(name).setRole(RedisRole.MASTER));
        password.ifPresent(p -> o.setPassword(p.revealString()));
        return o;
    }

    public RedisSettings withKeyPrefix(String prefix) {
        return new RedisSettings(mode, urls, masterName, password, prefix, poolSize);
    }
}

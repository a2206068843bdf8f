package org.markauth.testing;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;

/** A Vert.x, a Redis client on the stack's Redis and its API, closed together by {@link #close()}. */
public final class RedisFixture implements AutoCloseable {

    public final Vertx vertx;
    public final Redis client;
    public final RedisAPI api;

    private RedisFixture(Vertx vertx, Redis client) {
        this.vertx = vertx;
        this.client = client;
        this.api = RedisAPI.api(client);
    }

    /** On the stack's Redis ({@link TestStack#redisUrlFromEnvironment()}); Cassandra is not needed. */
    public static RedisFixture open() {
        Vertx vertx = Vertx.vertx();
        return new RedisFixture(vertx, Redis.createClient(vertx,
                new RedisOptions().setConnectionString(TestStack.redisUrlFromEnvironment())));
    }

    @Override
    public void close() {
        client.close();
        vertx.close().await();
    }
}

package org.markauth.verify;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.testing.TestKeyspace;
import org.markauth.testing.TestStack;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Proves verify-api's integration tests reach the real Cassandra node and, through Vert.x's client, the real Redis. */
class VerifyStackSmokeIT {
    private static TestStack stack;
    private static TestKeyspace keyspace;
    private static Vertx vertx;

    @BeforeAll
    static void up() {
        stack = TestStack.connect();
        keyspace = stack.freshKeyspace("verify_it");
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void down() throws Exception {
        keyspace.close();
        stack.close();
        await(vertx.close());
    }

    @Test
    void writesThenReadsARowInItsOwnKeyspace() {
        String id = UUID.randomUUID().toString();
        keyspace.session().execute("INSERT INTO smoke_check (id, value, written_at) VALUES (?, ?, ?)", id, "verify", Instant.now());

        assertThat(keyspace.session().execute("SELECT value FROM smoke_check WHERE id = ?", id).one().getString("value"))
                .isEqualTo("verify");
    }

    @Test
    void setsThenGetsARedisKeyWithTheVertxClient() throws Exception {
        Redis client = Redis.createClient(vertx, stack.redisUrl());
        try {
            RedisAPI redis = RedisAPI.api(client);
            String key = "markauth:it:verify:" + UUID.randomUUID();
            Response got = await(redis.set(List.of(key, "verify", "EX", "60")).compose(ok -> redis.get(key)));
            assertThat(got.toString()).isEqualTo("verify");
            await(redis.del(List.of(key)));
        } finally {
            client.close();
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}

package org.markauth.verify.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.markauth.testing.MutableClock;

/** The breaker in front of an unreachable Redis (nothing listens on port 1): no process is started. */
class RedisTierTest {

    private Vertx vertx;
    private Redis dead;

    @BeforeEach
    void up() {
        vertx = Vertx.vertx();
        dead = Redis.createClient(vertx, new RedisOptions().setConnectionString("redis://127.0.0.1:1"));
    }

    @AfterEach
    void down() {
        dead.close();
        vertx.close().await();
    }

    @Test
    void aFailedCommandOpensTheBreakerAndLaterCallsFailAtOnceWithoutAStackTrace() {
        RedisTier tier = new RedisTier(RedisAPI.api(dead), "t:", new MutableClock(Instant.parse("2026-12-07T09:00:00Z")),
                Duration.ofMillis(500));

        Throwable failed = tier.call("GET", a -> a.get("t:k")).toCompletionStage().toCompletableFuture()
                .handle((r, e) -> e).join();
        assertThat(failed).isInstanceOf(RedisDownException.class).hasMessageStartingWith("Redis GET failed: ");
        assertThat(failed.getCause()).as("the command's own error, with its trace").isNotNull();
        assertThat(failed.getStackTrace()).isEmpty();
        assertThat(tier.up()).isFalse();

        Throwable skipped = tier.call("GET", a -> {
            throw new AssertionError("the breaker is open: the command must not be sent");
        }).cause();
        assertThat(skipped).isInstanceOf(RedisDownException.class)
                .hasMessage("Redis skipped (GET): breaker open after 1 failures; retrying automatically");
        assertThat(skipped.getStackTrace()).isEmpty();
        assertThat(tier.get("t:k").await()).as("a cache read answers a miss").isNull();
    }
}

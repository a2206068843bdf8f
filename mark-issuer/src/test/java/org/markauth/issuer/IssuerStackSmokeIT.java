package org.markauth.issuer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.testing.RedisProbe;
import org.markauth.testing.TestKeyspace;
import org.markauth.testing.TestStack;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Proves mark-issuer's integration tests reach the real Cassandra node and Redis of the local stack. */
class IssuerStackSmokeIT {
    private static TestStack stack;
    private static TestKeyspace keyspace;

    @BeforeAll
    static void up() {
        stack = TestStack.connect();
        keyspace = stack.freshKeyspace("issuer_it");
    }

    @AfterAll
    static void down() {
        keyspace.close();
        stack.close();
    }

    @Test
    void writesThenReadsARowInItsOwnKeyspace() {
        String id = UUID.randomUUID().toString();
        keyspace.session().execute("INSERT INTO smoke_check (id, value, written_at) VALUES (?, ?, ?)", id, "issuer", Instant.now());

        assertThat(keyspace.session().execute("SELECT value FROM smoke_check WHERE id = ?", id).one().getString("value"))
                .isEqualTo("issuer");
    }

    @Test
    void setsThenGetsARedisKey() {
        try (RedisProbe redis = RedisProbe.connect(stack.redisUrl())) {
            String key = "markauth:it:issuer:" + UUID.randomUUID();
            redis.set(key, "issuer");
            assertThat(redis.get(key)).isEqualTo("issuer");
            redis.del(key);
        }
    }
}

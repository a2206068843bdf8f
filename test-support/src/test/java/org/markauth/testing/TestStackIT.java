package org.markauth.testing;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Proves the test stack talks to the real node and the real Redis: a row and a key round-trip. */
class TestStackIT {

    @Test
    void writesThenReadsARowInAFreshKeyspaceAndDropsItAfterwards() {
        String name;
        try (TestStack stack = TestStack.connect()) {
            try (TestKeyspace ks = stack.freshKeyspace("ops_it")) {
                name = ks.name();
                String id = UUID.randomUUID().toString();
                ks.session().execute("INSERT INTO smoke_check (id, value, written_at) VALUES (?, ?, ?)", id, "hello", Instant.now());
                assertThat(ks.session().execute("SELECT value FROM smoke_check WHERE id = ?", id).one().getString("value"))
                        .isEqualTo("hello");
                assertThat(keyspaceExists(stack, name)).isTrue();
            }
            assertThat(keyspaceExists(stack, name)).isFalse();
        }
    }

    private static boolean keyspaceExists(TestStack stack, String name) {
        return stack.session().execute("SELECT keyspace_name FROM system_schema.keyspaces WHERE keyspace_name = ?", name).one() != null;
    }

    @Test
    void setsThenGetsARedisKey() {
        try (TestStack stack = TestStack.connect(); RedisProbe redis = RedisProbe.connect(stack.redisUrl())) {
            String key = "markauth:it:ops:" + UUID.randomUUID();
            redis.set(key, "value-1");
            assertThat(redis.get(key)).isEqualTo("value-1");
            assertThat(redis.del(key)).isEqualTo(1);
            assertThat(redis.get(key)).isNull();
        }
    }
}

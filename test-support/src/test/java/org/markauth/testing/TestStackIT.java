package org.markauth.testing;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves the test stack talks to the real node and the real Redis (a row and a key round-trip), and
 * that a test keyspace handed back serves the next test class empty, or is dropped.
 */
class TestStackIT {

    @Test
    void writesThenReadsARowInAFreshKeyspace() {
        try (TestStack stack = TestStack.connect(); TestKeyspace ks = stack.freshKeyspace("ops_it")) {
            String id = UUID.randomUUID().toString();
            ks.session().execute("INSERT INTO smoke_check (id, value, written_at) VALUES (?, ?, ?)", id, "hello", Instant.now());
            assertThat(ks.session().execute("SELECT value FROM smoke_check WHERE id = ?", id).one().getString("value"))
                    .isEqualTo("hello");
            assertThat(keyspaceExists(stack, ks.name())).isTrue();
        }
    }

    @Test
    void aKeyspaceHandedBackServesTheNextClassEmptyAndStillMigrated() {
        try (TestStack stack = TestStack.connect()) {
            String name;
            try (TestKeyspace ks = stack.freshKeyspace("ops_it")) {
                name = ks.name();
                ks.session().execute("INSERT INTO smoke_check (id, value, written_at) VALUES (?, ?, ?)", "row-1", "left", Instant.now());
            }
            try (TestKeyspace again = stack.freshKeyspace("ops_it"); TestKeyspace other = stack.freshKeyspace("ops_it")) {
                assertThat(again.name()).isEqualTo(name);
                assertThat(other.name()).as("a keyspace held is never handed out twice").isNotEqualTo(name);
                assertThat(again.session().execute("SELECT * FROM smoke_check").all()).isEmpty();
                assertThat(again.session().execute("SELECT count(*) FROM " + org.markauth.ops.schema.Migrator.HISTORY_TABLE)
                        .one().getLong(0)).as("the migrations stay recorded").isPositive();
            }
        }
    }

    @Test
    void aKeyspaceWhoseSchemaATestChangedIsDroppedNotReused() {
        try (TestStack stack = TestStack.connect()) {
            String name;
            try (TestKeyspace ks = stack.freshKeyspace("ops_it_alter")) {
                name = ks.name();
                ks.session().execute("ALTER TABLE smoke_check ADD extra text");
            }
            assertThat(keyspaceExists(stack, name)).isFalse();
        }
    }

    @Test
    void dropRemovesTheKeyspaceAtOnce() {
        try (TestStack stack = TestStack.connect()) {
            TestKeyspace ks = stack.freshKeyspace("ops_it_drop");
            String name = ks.name();
            ks.drop();
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

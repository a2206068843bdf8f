package org.markauth.ops;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Wrong command lines fail fast, before any connection, with the documented exit codes. */
class OpsCliTest {

    @Test
    void anUnknownOptionIsAUsageError() {
        assertThat(OpsCli.run("migrate", "--bogus")).isEqualTo(2);
    }

    @Test
    void aMalformedReplicationFailsBeforeConnecting() {
        assertThat(OpsCli.run("migrate", "--replication", "NetworkTopologyStrategy:dc1", "--contact-points", "127.0.0.1:1")).isEqualTo(1);
    }

    @Test
    void aContactPointWithABadPortIsRejected() {
        assertThat(OpsCli.run("cassandra-version", "--contact-points", "127.0.0.1:70000")).isEqualTo(1);
    }
}

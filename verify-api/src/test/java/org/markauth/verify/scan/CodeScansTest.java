package org.markauth.verify.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CodeScansTest {

    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void scansBeingSentStillCountUntilRedisAnswers() {
        CodeScans c = new CodeScans(new PriorScans(true, 1, T0, "ws0e9", T0, "ws0e9", "CN-44"), 1_000, null);
        assertThat(c.add(T0.plusSeconds(1), "ws0e8", "CN-44", "client-1", 0).count()).isEqualTo(1);
        assertThat(c.add(T0.plusSeconds(2), "ws0e7", "CN-44", "client-2", 0).count()).isEqualTo(2);
        CodeScans.Pending sent = c.take();
        assertThat(sent.count()).isEqualTo(2);
        PriorScans during = c.add(T0.plusSeconds(3), "wx4g0", "CN-11", "client-3", 0);   // a scan while the sync is in flight
        assertThat(during.count()).isEqualTo(3);
        assertThat(during.lastCell()).isEqualTo("ws0e7");
        c.synced(new PriorScans(true, 3, T0, "ws0e9", T0.plusSeconds(2), "ws0e7", "CN-44"), 2_000);
        PriorScans after = c.add(T0.plusSeconds(4), "wx4g0", "CN-11", "client-4", 0);
        assertThat(after.count()).isEqualTo(4);
        assertThat(after.lastCell()).isEqualTo("wx4g0");
        assertThat(after.firstPlace()).isEqualTo("ws0e9");
    }

    @Test
    void aFailedSyncSendsItsScansAgainWithTheNewOnes() {
        CodeScans c = new CodeScans(PriorScans.NONE, 1_000, null);
        c.add(T0, "ws0e9", null, "client-5", 0);
        c.take();
        c.add(T0.plusSeconds(1), "ws0e8", null, "client-6", 0);
        c.restore();
        CodeScans.Pending again = c.take();
        assertThat(again.count()).isEqualTo(2);
        assertThat(again.firstPlace()).isEqualTo("ws0e9");
        assertThat(again.lastCell()).isEqualTo("ws0e8");
    }

    @Test
    void staleSharedValuesAreNotUsed() {
        CodeScans c = new CodeScans(PriorScans.NONE, 1_000, null);
        assertThat(c.add(T0, "ws0e9", null, "client-7", 1_001)).isNull();
        assertThat(c.take()).isNull();
    }

    @Test
    void aClientScanningAgainAddsAScanButNoClient() {
        CodeScans c = new CodeScans(new PriorScans(true, 1, T0, "ws0e9", T0, "ws0e9", "CN-44", 1, false), 1_000, "alice");
        PriorScans again = c.add(T0.plusSeconds(1), "ws0e9", "CN-44", "alice", 0);
        assertThat(again.repeatClient()).isTrue();
        assertThat(again.clientsWithThis()).isEqualTo(1);
        for (int i = 0; i < 30; i++) {
            c.add(T0.plusSeconds(2 + i), "ws0e9", "CN-44", "alice", 0);
        }
        PriorScans bob = c.add(T0.plusSeconds(40), "ws0e9", "CN-44", "bob", 0);
        assertThat(bob.count()).isEqualTo(32);   // 1 shared + 31 of alice here
        assertThat(bob.repeatClient()).isFalse();
        assertThat(bob.clientsWithThis()).isEqualTo(2);
        CodeScans.Pending sent = c.take();
        assertThat(sent.count()).isEqualTo(32);
        assertThat(sent.clients()).containsExactly("bob");
    }
}

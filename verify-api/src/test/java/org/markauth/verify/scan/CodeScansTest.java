package org.markauth.verify.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CodeScansTest {

    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void scansBeingSentStillCountUntilRedisAnswers() {
        CodeScans c = new CodeScans(new PriorScans(true, 1, T0, "ws0e9", T0, "ws0e9", "CN-44"), 1_000);
        assertThat(c.add(T0.plusSeconds(1), "ws0e8", "CN-44", 0).count()).isEqualTo(1);
        assertThat(c.add(T0.plusSeconds(2), "ws0e7", "CN-44", 0).count()).isEqualTo(2);
        CodeScans.Pending sent = c.take();
        assertThat(sent.count()).isEqualTo(2);
        PriorScans during = c.add(T0.plusSeconds(3), "wx4g0", "CN-11", 0);   // a scan while the sync is in flight
        assertThat(during.count()).isEqualTo(3);
        assertThat(during.lastCell()).isEqualTo("ws0e7");
        c.synced(new PriorScans(true, 3, T0, "ws0e9", T0.plusSeconds(2), "ws0e7", "CN-44"), 2_000);
        PriorScans after = c.add(T0.plusSeconds(4), "wx4g0", "CN-11", 0);
        assertThat(after.count()).isEqualTo(4);
        assertThat(after.lastCell()).isEqualTo("wx4g0");
        assertThat(after.firstPlace()).isEqualTo("ws0e9");
    }

    @Test
    void aFailedSyncSendsItsScansAgainWithTheNewOnes() {
        CodeScans c = new CodeScans(PriorScans.NONE, 1_000);
        c.add(T0, "ws0e9", null, 0);
        c.take();
        c.add(T0.plusSeconds(1), "ws0e8", null, 0);
        c.restore();
        CodeScans.Pending again = c.take();
        assertThat(again.count()).isEqualTo(2);
        assertThat(again.firstPlace()).isEqualTo("ws0e9");
        assertThat(again.lastCell()).isEqualTo("ws0e8");
    }

    @Test
    void staleSharedValuesAreNotUsed() {
        CodeScans c = new CodeScans(PriorScans.NONE, 1_000);
        assertThat(c.add(T0, "ws0e9", null, 1_001)).isNull();
        assertThat(c.take()).isNull();
    }
}

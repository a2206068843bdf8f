package org.markauth.issuer.certification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** When a notice's refusals at the objection cap hold its licence back (activation's NOTICE_WAS_FULL). */
class NoticeTest {

    static final Instant T = Instant.parse("2026-03-01T00:00:00Z");

    static Notice notice(int refusals, Instant lastFull, Instant extended) {
        return new Notice(UUID.randomUUID(), UUID.randomUUID(), "企业", "产品", "T/FSBZ 001-2025", "2025", T, T.plusSeconds(7 * 86400),
                "OPEN", refusals, lastFull, extended);
    }

    @Test
    void aNoticeTheCapNeverRefusedWasNotFull() {
        assertThat(notice(0, null, null).wasFull()).isFalse();
        assertThat(new Notice(UUID.randomUUID(), UUID.randomUUID(), "企业", "产品", "T", "1", T, T, "OPEN").wasFull()).isFalse();
    }

    @Test
    void aRefusalHoldsTheLicenceUntilAnExtensionAfterIt() {
        assertThat(notice(1, T.plusSeconds(60), null).wasFull()).isTrue();
        assertThat(notice(1, T.plusSeconds(60), T.plusSeconds(120)).wasFull()).isFalse();
        // a refusal during the extension needs another one; the same instant is not after it
        assertThat(notice(2, T.plusSeconds(180), T.plusSeconds(120)).wasFull()).isTrue();
        assertThat(notice(2, T.plusSeconds(120), T.plusSeconds(120)).wasFull()).isTrue();
    }
}

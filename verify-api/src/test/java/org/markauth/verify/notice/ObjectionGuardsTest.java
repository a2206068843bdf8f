package org.markauth.verify.notice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.markauth.registry.ObjectionText;

/** The objection form's two cheap guards: where a post may come from, and when two filings are the same objection. */
class ObjectionGuardsTest {

    @Test
    void aPostComesFromThisSiteWhenItsOriginIsThisHostOrThePublicBase() {
        assertThat(NoticePages.sameSite("http://127.0.0.1:8080", null, "127.0.0.1", 8080, null)).isTrue();
        assertThat(NoticePages.sameSite("https://verify.example.org", null, "10.0.0.5", 8080, "https://verify.example.org/")).isTrue();
        // TLS ends at the proxy: a Host without a port matches the origin's default port
        assertThat(NoticePages.sameSite("https://verify.example.org", null, "verify.example.org", -1, null)).isTrue();
        // no Origin (a privacy setting): the Referer's origin is asked instead
        assertThat(NoticePages.sameSite(null, "http://127.0.0.1:8080/notices/x", "127.0.0.1", 8080, null)).isTrue();
    }

    @Test
    void aPostFromAnotherSiteOrFromNowhereIsNot() {
        assertThat(NoticePages.sameSite("https://evil.example", null, "verify.example.org", -1, "https://verify.example.org")).isFalse();
        assertThat(NoticePages.sameSite("http://127.0.0.1:9999", null, "127.0.0.1", 8080, "https://verify.example.org")).isFalse();
        // another scheme of the public base, a sandboxed page's "null", nothing at all, a Referer that is not a URL
        assertThat(NoticePages.sameSite("http://verify.example.org", null, "10.0.0.5", 8080, "https://verify.example.org")).isFalse();
        assertThat(NoticePages.sameSite("null", "http://127.0.0.1:8080/notices/x", "127.0.0.1", 8080, null)).isFalse();
        assertThat(NoticePages.sameSite(null, null, "127.0.0.1", 8080, "http://127.0.0.1:8080")).isFalse();
        assertThat(NoticePages.sameSite(null, "::not a url", "127.0.0.1", 8080, null)).isFalse();
    }

    @Test
    void theSameTextFromTheSameClientIsOneObjectionWhateverItsWhitespaceOrWidth() {
        String a = ObjectionText.foldKey("aa11", "该企业 去年\n抽检不合格");
        assertThat(ObjectionText.foldKey("aa11", "  该企业\t去年 抽检不合格 ")).isEqualTo(a);
        // U+3000 (ideographic space) and NBSP are whitespace too; fullwidth letters are their plain forms
        assertThat(ObjectionText.foldKey("aa11", "该企业\u3000去年\u00a0抽检不合格")).isEqualTo(a);
        assertThat(ObjectionText.foldKey("aa11", "ＡＢＣ公司")).isEqualTo(ObjectionText.foldKey("aa11", "ABC公司"));
        assertThat(ObjectionText.foldKey("bb22", "该企业 去年\n抽检不合格")).isNotEqualTo(a);
        assertThat(ObjectionText.foldKey("aa11", "该企业去年抽检不合格")).isNotEqualTo(a);
        assertThat(a).matches("[0-9a-f]{64}");
    }

    static final UUID ROW = UUID.fromString("00000000-0000-1000-8000-000000000001");

    static NoticeStore.Tally tally(String client, String text) {
        return new NoticeStore.Tally(client, ObjectionText.foldKey(client, text));
    }

    @Test
    void aClientAtItsCapIsRefusedWhileAnotherClientIsStored() {
        NoticeStore.Tally mine = tally("aa", "第四条");
        NoticeStore.Tally other = tally("bb", "第四条");
        for (String t : new String[] {"一", "二", "三"}) {
            for (NoticeStore.Tally x : List.of(mine, other)) {
                x.add(UUID.randomUUID(), "PENDING", "aa", ObjectionText.foldKey("aa", t), 1);
            }
        }
        assertThat(mine.verdict(200, 3)).isEqualTo(new NoticeStore.Filed.ClientFull(3));
        assertThat(other.verdict(200, 3)).isEqualTo(new NoticeStore.Filed.Stored(null));
    }

    @Test
    void ruledObjectionsCountForNeitherCapButARepeatOfOneIsStillFolded() {
        NoticeStore.Tally t = tally("aa", "旧的");
        t.add(ROW, "DISMISSED", "aa", ObjectionText.foldKey("aa", "旧的"), 4);
        for (int i = 0; i < 5; i++) {
            t.add(UUID.randomUUID(), "DISMISSED", "aa", "other" + i, 1);
        }
        assertThat(t.open).isZero();
        assertThat(t.mine).isZero();
        assertThat(t.verdict(1, 1)).isEqualTo(new NoticeStore.Filed.Folded(ROW, 5));
    }

    @Test
    void theGlobalCapRefusesAnyoneOnceReached() {
        NoticeStore.Tally t = tally("cc", "新的");
        t.add(UUID.randomUUID(), "PENDING", "aa", "x", 1);
        t.add(UUID.randomUUID(), "PENDING", "bb", "y", 1);
        assertThat(t.verdict(2, 3)).isEqualTo(new NoticeStore.Filed.Full(2));
        assertThat(t.verdict(3, 3)).isEqualTo(new NoticeStore.Filed.Stored(null));
    }

    @Test
    void theReadStopsAtItsBoundAndANoticeThatLongCountsAsFull() {
        NoticeStore.Tally t = tally("cc", "新的");
        int read = 0;
        while (t.add(UUID.randomUUID(), "DISMISSED", "aa", "x", 1)) {
            read++;
        }
        assertThat(read + 1).isEqualTo(NoticeStore.MAX_ROWS);
        assertThat(t.verdict(200, 3)).isInstanceOf(NoticeStore.Filed.Full.class);
    }
}

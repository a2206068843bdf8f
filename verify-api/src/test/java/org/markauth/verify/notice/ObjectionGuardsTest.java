package org.markauth.verify.notice;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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
    void theSameTextFromTheSameClientIsOneObjectionWhateverItsWhitespace() {
        String a = NoticeStore.foldKey("aa11", "该企业 去年\n抽检不合格");
        assertThat(NoticeStore.foldKey("aa11", "  该企业\t去年 抽检不合格 ")).isEqualTo(a);
        assertThat(NoticeStore.foldKey("bb22", "该企业 去年\n抽检不合格")).isNotEqualTo(a);
        assertThat(NoticeStore.foldKey("aa11", "该企业去年抽检不合格")).isNotEqualTo(a);
        assertThat(a).matches("[0-9a-f]{64}");
    }
}

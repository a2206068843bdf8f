package org.markauth.verify.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LangTest {

    @Test
    void chineseByDefaultEnglishWhenPreferred() {
        assertThat(Lang.fromAcceptLanguage(null)).isEqualTo(Lang.ZH);
        assertThat(Lang.fromAcceptLanguage("fr-FR")).isEqualTo(Lang.ZH);
        assertThat(Lang.fromAcceptLanguage("en-US,en;q=0.9")).isEqualTo(Lang.EN);
        assertThat(Lang.fromAcceptLanguage("zh-CN,zh;q=0.9,en;q=0.8")).isEqualTo(Lang.ZH);
        assertThat(Lang.fromAcceptLanguage("en;q=0.3,zh-TW;q=0.8")).isEqualTo(Lang.ZH);
    }

    @Test
    void errorSentencesNameTheLimit() {
        assertThat(ErrorCode.BODY_TOO_LARGE.message(Lang.EN, "65536")).contains("65536");
        assertThat(ErrorCode.RATE_LIMITED.message(Lang.ZH, "12")).contains("频繁").contains("12 秒");
    }
}

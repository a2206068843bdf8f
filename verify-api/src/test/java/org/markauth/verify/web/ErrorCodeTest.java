package org.markauth.verify.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.markauth.http.Lang;

class ErrorCodeTest {

    @Test
    void errorSentencesNameTheLimit() {
        assertThat(ErrorCode.BODY_TOO_LARGE.message(Lang.EN, "65536")).contains("65536");
        assertThat(ErrorCode.RATE_LIMITED.message(Lang.ZH, "12")).contains("频繁").contains("12 秒");
    }
}

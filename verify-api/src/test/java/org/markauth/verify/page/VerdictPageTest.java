package org.markauth.verify.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.markauth.http.Lang;
import org.markauth.sdk.mark.MalformedReason;
import org.markauth.sdk.verify.Verdict;
import org.markauth.sdk.verify.VerdictCode;
import org.markauth.verify.check.Verification;
import org.markauth.verify.web.Html;

/** The consumer page says what each verdict means for the buyer, and never shows a machine code. */
class VerdictPageTest {

    private static String page(VerdictCode code, Lang lang) {
        Verification v = new Verification.Rejected(new Verdict(code, null,
                code == VerdictCode.MALFORMED ? MalformedReason.BAD_LENGTH : null,
                code == VerdictCode.FOREIGN ? Map.of("host", "MARKAUTH-CN.COM") : Map.of(), null),
                Instant.parse("2026-12-01T08:00:00Z"));
        return VerdictPage.render(v, lang, "/M/X", "https://example.cn/M/X", "n0nce");
    }

    /** The text a person sees: tags and attribute values removed. */
    private static String visible(String html) {
        return html.replaceAll("<script[^>]*>.*?</script>", " ").replaceAll("<[^>]*>", " ");
    }

    @ParameterizedTest
    @EnumSource(VerdictCode.class)
    void everyVerdictHasItsOwnWordsInBothLanguages_andNoMachineCodeIsShown(VerdictCode code) {
        for (Lang lang : Lang.values()) {
            String html = page(code, lang);
            assertThat(html).contains("data-code=\"" + code.name() + "\"");   // machines still find it
            assertThat(visible(html)).doesNotContain(code.name());
            assertThat(html).contains("<h1>" + Html.esc(Headlines.headline(code, lang)) + "</h1>");
            assertThat(Headlines.advice(code, lang)).isNotBlank();
        }
    }

    @Test
    void aMalformedCodeSaysWhy_aForeignOneWhereItPoints() {
        assertThat(visible(page(VerdictCode.MALFORMED, Lang.EN))).contains("the code has the wrong length");
        assertThat(visible(page(VerdictCode.FOREIGN, Lang.ZH))).contains("网址主机：MARKAUTH-CN.COM");
    }

    @Test
    void warningsNoLongerShareOneHeadline() {
        Set<VerdictCode> warnings = EnumSet.of(VerdictCode.RECALLED, VerdictCode.LICENCE_SUSPENDED,
                VerdictCode.NOT_ACTIVATED, VerdictCode.LICENCE_REVOKED, VerdictCode.LICENCE_EXPIRED, VerdictCode.EXPIRED,
                VerdictCode.CLONE_SUSPECTED, VerdictCode.DECOMMISSIONED);
        for (Lang lang : Lang.values()) {
            Set<String> seen = new HashSet<>();
            warnings.forEach(c -> assertThat(seen.add(Headlines.headline(c, lang))).as(c + " in " + lang).isTrue());
        }
    }

    @Test
    void aRecallSaysToStopUsing_aCloneAndAForgerySayNotToBuy() {
        assertThat(visible(page(VerdictCode.RECALLED, Lang.ZH))).contains("请停止使用");
        assertThat(visible(page(VerdictCode.RECALLED, Lang.EN))).contains("Stop using");
        assertThat(visible(page(VerdictCode.CLONED, Lang.ZH))).contains("请勿购买");
        assertThat(visible(page(VerdictCode.CLONED, Lang.EN))).contains("Do not buy");
        assertThat(visible(page(VerdictCode.CLONE_SUSPECTED, Lang.ZH))).contains("谨慎");
        assertThat(visible(page(VerdictCode.FORGED, Lang.ZH))).contains("请勿购买");
        assertThat(visible(page(VerdictCode.FORGED, Lang.EN))).contains("Do not buy");
    }
}

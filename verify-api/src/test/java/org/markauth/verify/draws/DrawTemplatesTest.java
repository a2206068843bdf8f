package org.markauth.verify.draws;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.markauth.http.Lang;
import org.markauth.verify.page.Pages;

/** The draw pages render in both languages from published draws (no server), escape every value, and leave out what a step has not published. */
class DrawTemplatesTest {

    static final Pages PAGES = Pages.load(DrawTemplatesTest.class.getClassLoader());
    static final String HOSTILE = "\"><script>alert(1)</script>";
    static final DrawPages DRAWS = new DrawPages(null, PAGES, "https://verify.example.cn/");

    static PublicDraw drawn(String state, String reason) {
        Instant t = Instant.parse("2026-08-16T02:00:00Z");
        return new PublicDraw(UUID.fromString("6f1c2a40-3b8e-11f1-9c2b-0242ac120002"), 2026, state, false, 3, 2, null, t,
                RedrawTest.candidates(), RedrawTest.HASH, RedrawTest.COMMITMENT, t, RedrawTest.WITNESS + HOSTILE, RedrawTest.SECRET,
                RedrawTest.SEED, t, List.of(new PublicDraw.Pick("L-E", "易一 " + HOSTILE, null, 51, null, null, List.of("I-2", "I-1"))),
                reason, reason == null ? null : t, RedrawTest.SOURCE, RedrawTest.PUBLIC_DATE, RedrawTest.standards(), null, null);
    }

    @ParameterizedTest
    @EnumSource(Lang.class)
    void aDrawPageShowsItsPartsEscapedAndTheCommandToRedrawIt(Lang lang) {
        var t = PAGES.messages().in(lang);
        String html = PAGES.render("draw.jte", lang, DRAWS.view(drawn("VOIDED", "理由 " + HOSTILE), lang));
        assertThat(html).startsWith("<!doctype html><html lang=\"" + lang.tag() + "\">")
                .contains("<h1>" + t.get("draws.heading", "2026"), t.get("draws.state.VOIDED"), RedrawTest.HASH, RedrawTest.SEED,
                        "易一 &#34;&gt;&lt;script&gt;", "理由 &#34;&gt;&lt;script&gt;", "<strong>易一", "51 (51)", "I-2, I-1",
                        "python3 redraw.py https://verify.example.cn/api/v1/draws/6f1c2a40-3b8e-11f1-9c2b-0242ac120002",
                        "data-check=\"snapshot\" data-ok=\"true\"", "data-check=\"seed\" data-ok=\"false\"", "id=\"public-source\"",
                        "<pre id=\"canonical\">{&#34;year&#34;:2026")
                .doesNotContain("<script>alert(1)", "&#39;&#39;");   // an apostrophe doubled for MessageFormat in a key used without arguments
    }

    @ParameterizedTest
    @EnumSource(Lang.class)
    void theListLinksEachDrawAndSaysWhenNoneIsPublished(Lang lang) {
        var t = PAGES.messages().in(lang);
        String html = PAGES.render("draws.jte", lang, new DrawsView.Index(lang.tag(), "zh", List.of(DRAWS.view(drawn("DRAWN", null), lang))));
        assertThat(html).contains("<a href=\"/draws/6f1c2a40-3b8e-11f1-9c2b-0242ac120002\">", t.get("draws.intro").replace("'", "&#39;"), "/draws/redraw.py")
                .doesNotContain("id=\"void\"", "id=\"canonical\"", "id=\"none\"");
        assertThat(PAGES.render("draws.jte", lang, new DrawsView.Index(lang.tag(), "zh", List.of()))).contains("id=\"none\"");
    }
}

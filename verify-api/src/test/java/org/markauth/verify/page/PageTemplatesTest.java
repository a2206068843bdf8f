package org.markauth.verify.page;

import org.markauth.testing.HtmlInJava;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.markauth.http.Lang;
import org.markauth.http.Messages;
import org.markauth.sdk.verify.VerdictCode;
import org.markauth.verify.catalogue.CatalogueView;
import org.markauth.verify.rules.Rule;
import org.markauth.verify.trace.ContentsView;
import org.markauth.verify.trace.Timeline;
import org.markauth.verify.trace.TimelineView;

/**
 * Every page template renders in both languages from sample view records (no server), every word
 * it asks for is in both bundles, values are escaped by the engine, and no Java source under
 * src/main builds HTML out of string literals again.
 */
class PageTemplatesTest {

    static final Pages PAGES = Pages.load(PageTemplatesTest.class.getClassLoader());
    static final String HOSTILE = "\"><script>alert(1)</script>";
    static final String HOSTILE_ESCAPED = "&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;";

    static VerdictView verdict(Lang lang, String scanned) {
        return new VerdictView(lang.tag(), lang == Lang.EN ? "en" : "zh", "/M/X?lang=en", "RECALLED", "warning", "⚠",
                "headline " + HOSTILE, "advice", List.of("a note", "a rule hit"), "recall " + HOSTILE,
                new ContentsView("53+", false, List.of(new ContentsView.Item("ACTIVE", "0A1B"),
                        new ContentsView.Item("SOMETHING_NEW", "0A1C")), "3+"),
                List.of(new Fact("Product", "kettle " + HOSTILE)),
                new TimelineView(List.of(new TimelineView.Step("MADE", "2026-12-01", "顺德电器"),
                        new TimelineView.Step("SOLD", "2026-12-02", null))),
                "history", scanned, "n0nce");
    }

    @ParameterizedTest
    @EnumSource(Lang.class)
    void theVerdictPageRendersEverySectionAndEscapesEveryValue(Lang lang) {
        var t = PAGES.messages().in(lang);
        String html = PAGES.render("verdict.jte", lang, verdict(lang, "HTTPS://X/M/" + HOSTILE));
        assertThat(html).startsWith("<!doctype html><html lang=\"" + lang.tag() + "\">")
                .contains("<title>" + t.get("label.title") + " · headline " + HOSTILE_ESCAPED + "</title>")
                .contains("id=\"verdict\" data-code=\"RECALLED\"", "<h1>headline " + HOSTILE_ESCAPED + "</h1>")
                .contains("<p>a note</p>", "<p>a rule hit</p>", "<p>recall " + HOSTILE_ESCAPED + "</p>")
                .contains("id=\"contents\" data-count=\"53+\"", "<li data-state=\"ACTIVE\"><code>…0A1B</code> " + t.get("state.ACTIVE"))
                .contains("<li data-state=\"SOMETHING_NEW\"><code>…0A1C</code> SOMETHING_NEW</li>")
                .contains("<p id=\"more\">" + t.get("contents.more", "3+") + "</p>")
                .contains("<section id=\"facts\"><dl><dt>Product</dt><dd>kettle " + HOSTILE_ESCAPED + "</dd></dl></section>")
                .contains("<li data-step=\"MADE\"><strong>" + t.get("step.MADE") + "</strong> 2026-12-01 · 顺德电器</li>")
                .contains("<li data-step=\"SOLD\"><strong>" + t.get("step.SOLD") + "</strong> 2026-12-02</li>")
                .contains("<section id=\"history\"><h2>" + t.get("label.history") + "</h2><p>history</p></section>")
                .contains("name=\"code\" value=\"HTTPS://X/M/" + HOSTILE_ESCAPED + "\"")
                .contains("<script nonce=\"n0nce\">document.getElementById('locate')")
                .contains("<a id=\"lang\" href=\"/M/X?lang=en\">" + t.get("lang.switch") + "</a>")
                .doesNotContain("<script>alert(1)");
        assertThat(html.split("<script", -1)).hasSize(2);   // the page's own script only
    }

    @ParameterizedTest
    @EnumSource(Lang.class)
    void aVerdictWithoutSectionsLeavesThemOut(Lang lang) {
        VerdictView v = new VerdictView(lang.tag(), "zh", "/M/X?lang=en", "FORGED", "counterfeit", "✖", "h", "a", List.of(),
                null, null, List.of(), null, null, "x", "n");
        assertThat(PAGES.render("verdict.jte", lang, v))
                .doesNotContain("id=\"contents\"", "id=\"facts\"", "id=\"timeline\"", "id=\"history\"", PAGES.messages().get(lang, "label.recall"))
                .contains("id=\"report\"");
    }

    @ParameterizedTest
    @EnumSource(Lang.class)
    void theCataloguePageEchoesTheSearchAsTextAndMarksTheChosenStatus(Lang lang) {
        var t = PAGES.messages().in(lang);
        CatalogueView v = new CatalogueView(lang.tag(), "en", HOSTILE,
                List.of(new CatalogueView.Option("ACTIVE", t.get("status.ACTIVE"), false),
                        new CatalogueView.Option("SUSPENDED", t.get("status.SUSPENDED"), true)),
                List.of(new CatalogueView.Product(7, "SUSPENDED", "Kettle · K1", List.of(new Fact("GTIN", "0690")))));
        String html = PAGES.render("catalogue.jte", lang, v);
        assertThat(html).contains("<title>" + t.get("catalogue.title") + "</title>")
                .contains("value=\"" + HOSTILE_ESCAPED + "\"").doesNotContain("<script>alert(1)")
                .contains("<option value=\"ACTIVE\">" + t.get("status.ACTIVE") + "</option>")
                .contains("<option value=\"SUSPENDED\" selected>" + t.get("status.SUSPENDED") + "</option>")
                .contains("<p class=\"muted\" id=\"count\">" + t.get("catalogue.count", "1") + "</p>")
                .contains("<section class=\"product\" data-product=\"7\" data-status=\"SUSPENDED\"><h2>Kettle · K1</h2><dl><dt>GTIN</dt>");
    }

    @ParameterizedTest
    @EnumSource(Lang.class)
    void theThanksAndErrorPagesRender(Lang lang) {
        var t = PAGES.messages().in(lang);
        assertThat(PAGES.thanks(lang, "0f0f")).contains("<section id=\"thanks\"><h1>" + t.get("label.thanks")
                + "<span id=\"ref\">0f0f</span></h1><p><a id=\"follow\" href=\"/cases/report/0f0f\">" + t.get("label.followReport")
                + "</a></p></section>");
        assertThat(PAGES.error(lang, "NOT_FOUND", "no " + HOSTILE, null))
                .contains("<title>no " + HOSTILE_ESCAPED + "</title>")
                .contains("<section id=\"error\" data-error=\"NOT_FOUND\"><h1>no " + HOSTILE_ESCAPED + "</h1></section>");
        assertThat(PAGES.error(lang, "INTERNAL", "oops", "abc1"))
                .contains("<h1>oops</h1><p class=\"muted\">" + t.get("error.reference", "abc1") + "</p>");
    }

    @Test
    void bothBundlesHoldEveryWordTheTemplatesAndTheVerdictAskFor() throws IOException {
        Messages m = Messages.load("messages", getClass().getClassLoader()).requireKeys();
        TreeSet<String> keys = new TreeSet<>();
        Pattern literal = Pattern.compile("t\\.get\\(\"([^\"]+)\"\\s*[,)]");   // whole keys; prefixes are listed below
        try (Stream<Path> templates = Files.list(Path.of("src/main/jte"))) {
            for (Path p : templates.toList()) {
                Matcher x = literal.matcher(Files.readString(p));
                while (x.find()) {
                    keys.add(x.group(1));
                }
            }
        }
        assertThat(keys).contains("label.title", "catalogue.title", "timeline.title", "contents.title");
        for (VerdictCode c : VerdictCode.values()) {
            keys.add("verdict." + c.name() + ".headline");
            keys.add("verdict." + c.name() + ".advice");
        }
        for (Timeline.Kind k : Timeline.Kind.values()) {
            keys.add("step." + k.name());
        }
        for (Rule r : Rule.values()) {
            keys.add("rule." + r.name());
        }
        for (String s : List.of("ACTIVE", "SUSPENDED", "REVOKED", "EXPIRED")) {
            keys.add("status." + s);
        }
        for (String s : List.of("ACTIVE", "VOIDED", "DECOMMISSIONED", "NOT_ACTIVATED", "RECALLED", "UNKNOWN_SERIAL")) {
            keys.add("state." + s);
        }
        for (String k : List.of("contents.holds.one", "contents.holds.many", "note.expired", "note.expired.made",
                "note.status", "note.status.made", "note.status.reason", "history.before.one", "history.before.many")) {
            keys.add(k);
        }
        assertThat(keys.stream().filter(k -> !m.has(k)).toList()).as("keys missing from a bundle").isEmpty();
        for (Lang lang : Lang.values()) {
            keys.forEach(k -> assertThat(m.get(lang, k)).as(k + " in " + lang).isNotBlank());
        }
    }

    /** Files allowed to hold an HTML literal, and why. None today. */
    static final Set<String> EXCEPTIONS = Set.of();

    @Test
    void noJavaSourceBuildsHtmlFromStringLiterals() {
        assertThat(HtmlInJava.offenders(Path.of("src/main/java"), EXCEPTIONS))
                .as("HTML belongs in src/main/jte templates, not in Java strings").isEmpty();
    }

    @Test
    void theSourceScanFindsConcatenatedHtml() {
        assertThat(HtmlInJava.HTML_IN_LITERAL.matcher("b.append(\"<section id=\\\"x\\\">\")").find()).isTrue();
        assertThat(HtmlInJava.HTML_IN_LITERAL.matcher("String s = \"</p>\" + x;").find()).isTrue();
        assertThat(HtmlInJava.HTML_IN_LITERAL.matcher("\"<!doctype html>\"").find()).isTrue();
        assertThat(HtmlInJava.HTML_IN_LITERAL.matcher("if (a < b) return \"x\";").find()).isFalse();
        assertThat(HtmlInJava.HTML_IN_LITERAL.matcher("\"count <= limit\"").find()).isFalse();
    }
}

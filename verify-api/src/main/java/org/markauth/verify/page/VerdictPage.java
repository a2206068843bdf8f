package org.markauth.verify.page;

import org.markauth.verify.web.Dates;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.markauth.http.Lang;
import org.markauth.verify.check.VerdictTexts;
import org.markauth.verify.registry.ProductView;
import org.markauth.verify.rules.RuleHit;
import org.markauth.verify.trace.TraceSections;
import org.markauth.verify.check.Verification;

/**
 * The consumer page: the plain verdict first (colour, icon, one sentence), then the facts that
 * back it (product, manufacturer, standard and core indicators, licence, batch), the history
 * summary and the report-a-fake form. A few KiB of HTML; the only script is the optional
 * "share my approximate location" button, which computes a 5-character geohash on the phone so
 * that precise coordinates never leave it. The markup is {@code verdict.jte}; this class chooses
 * what it shows.
 */
public final class VerdictPage {

    private static final Map<String, String> ICONS = Map.of("genuine", "✔", "warning", "⚠", "counterfeit", "✖",
            "invalid", "✖");

    private final Pages pages;
    private final VerdictTexts texts;

    public VerdictPage(Pages pages, VerdictTexts texts) {
        this.pages = pages;
        this.texts = texts;
    }

    /**
     * @param selfPath the page's own path (for the language switch and location links)
     * @param code     the scanned text, posted back with a report
     * @param nonce    the CSP nonce of the inline script
     */
    public String render(Verification v, Lang lang, String selfPath, String code, String nonce) {
        return render(v, lang, selfPath, code, nonce, TraceSections.Sections.NONE);
    }

    /** As above, with the supply-chain sections: what a case holds (under the verdict), the timeline (after the facts). */
    public String render(Verification v, Lang lang, String selfPath, String code, String nonce,
                         TraceSections.Sections sections) {
        return pages.render("verdict.jte", lang, view(v, lang, selfPath, code, nonce, sections));
    }

    VerdictView view(Verification v, Lang lang, String selfPath, String code, String nonce, TraceSections.Sections sections) {
        String sev = v.code().category().name().toLowerCase(Locale.ROOT);
        List<String> notes = new ArrayList<>();
        String specifics = texts.specifics(v, lang);
        if (specifics != null) {
            notes.add(specifics);
        }
        String licence = texts.statusNote(v, lang);
        if (licence != null) {
            notes.add(licence);
        }
        for (RuleHit h : v.hits()) {
            notes.add(texts.rule(h, lang));
        }
        // the registry's facts and a recall notice only for a code whose registry record was read
        Verification.Checked checked = v instanceof Verification.Checked c ? c : null;
        String recall = checked != null && checked.batch() != null && checked.batch().recalled() ? checked.batch().recallNotice() : null;
        String switchHref = selfPath + (selfPath.contains("?") ? "&" : "?") + "lang=" + (lang.other() == Lang.EN ? "en" : "zh");
        return new VerdictView(lang.tag(), lang == Lang.EN ? "en" : "zh", switchHref, v.code().name(), sev, ICONS.get(sev),
                texts.headline(v.code(), lang), texts.advice(v.code(), lang), notes, recall, sections.contents(),
                checked == null ? List.of() : facts(checked, lang), sections.timeline(), texts.history(v.prior(), lang), code, nonce);
    }

    private List<Fact> facts(Verification.Checked v, Lang lang) {
        ProductView p = v.product();
        List<Fact> f = new ArrayList<>();
        if (p == null) {
            return f;
        }
        var t = pages.messages().in(lang);
        Fact.add(f, t.get("label.product"), lang == Lang.EN && p.nameEn() != null ? p.nameEn() : p.name());
        Fact.add(f, t.get("label.model"), p.model());
        if (v.licensee() != null) {
            Fact.add(f, t.get("label.manufacturer"), lang == Lang.EN && v.licensee().nameEn() != null
                    ? v.licensee().nameEn() : v.licensee().name());
        }
        Fact.add(f, t.get("label.standard"), Fact.standard(p.standardNo(), p.standardTitle()));
        if (!p.coreIndicators().isEmpty()) {
            Fact.add(f, t.get("label.indicators"), Fact.indicators(p.coreIndicators()));
        }
        Fact.add(f, t.get("label.licence"), (p.licenceNo() == null ? "" : p.licenceNo() + " · ")
                + texts.status(v.licenceStatus(), lang));
        if (v.batch() != null) {
            Fact.add(f, t.get("label.lot"), v.batch().lot());
            Fact.add(f, t.get("label.produced"), Dates.day(v.batch().productionDate()));
            if (v.batch().expiryDate() != null) {
                Fact.add(f, t.get("label.expires"), Dates.day(v.batch().expiryDate()));
            }
        }
        return f;
    }
}

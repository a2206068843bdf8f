package org.markauth.verify.page;

import static org.markauth.verify.web.Html.esc;

import java.util.Map;
import org.markauth.http.Lang;
import org.markauth.verify.check.Verification;
import org.markauth.verify.registry.ProductView;
import org.markauth.verify.rules.RuleHit;
import org.markauth.verify.web.Html;

/**
 * The consumer page: the plain verdict first (colour, icon, one sentence), then the facts that
 * back it (product, manufacturer, standard and core indicators, licence, batch), the history
 * summary and the report-a-fake form. A few KiB of HTML; the only script is the optional
 * "share my approximate location" button, which computes a 5-character geohash on the phone so
 * that precise coordinates never leave it.
 */
public final class VerdictPage {

    private static final Map<String, String> ICONS = Map.of("genuine", "✔", "warning", "⚠", "counterfeit", "✖",
            "invalid", "✖");

    private VerdictPage() {
    }

    /**
     * @param selfPath the page's own path (for the language switch and location links)
     * @param code     the scanned text, posted back with a report
     * @param nonce    the CSP nonce of the inline script
     */
    public static String render(Verification v, Lang lang, String selfPath, String code, String nonce) {
        return render(v, lang, selfPath, code, nonce, "", "");
    }

    /**
     * As above, with already-escaped sections: {@code belowVerdict} right under the verdict (what a
     * case holds) and {@code afterFacts} after the facts (the supply-chain timeline).
     */
    public static String render(Verification v, Lang lang, String selfPath, String code, String nonce, String belowVerdict,
                                String afterFacts) {
        String sev = Texts.severityClass(v.code());
        StringBuilder b = new StringBuilder(4096);
        b.append("<nav><strong>").append(esc(Texts.label(lang, "title"))).append("</strong><a id=\"lang\" href=\"")
                .append(esc(selfPath)).append(selfPath.contains("?") ? "&" : "?").append("lang=")
                .append(lang.other() == Lang.EN ? "en" : "zh").append("\">")
                .append(lang == Lang.ZH ? "English" : "中文").append("</a></nav>");
        b.append("<div class=\"v ").append(sev).append("\" id=\"verdict\" data-code=\"").append(v.code().name())
                .append("\"><div class=\"i\">").append(ICONS.get(sev)).append("</div><h1>")
                .append(esc(Headlines.headline(v.code(), lang))).append("</h1><p>")
                .append(esc(Headlines.advice(v.code(), lang))).append("</p>");
        String specifics = Texts.specifics(v, lang);
        if (specifics != null) {
            b.append("<p>").append(esc(specifics)).append("</p>");
        }
        String licence = Texts.statusNote(v, lang);
        if (licence != null) {
            b.append("<p>").append(esc(licence)).append("</p>");
        }
        for (RuleHit h : v.hits()) {
            b.append("<p>").append(esc(Texts.rule(h, lang))).append("</p>");
        }
        b.append("</div>");
        Verification.Checked checked = v instanceof Verification.Checked c ? c : null;
        if (checked != null && checked.batch() != null && checked.batch().recalled() && checked.batch().recallNotice() != null) {
            b.append("<section><h2>").append(esc(Texts.label(lang, "recall"))).append("</h2><p>")
                    .append(esc(checked.batch().recallNotice())).append("</p></section>");
        }
        b.append(belowVerdict);
        if (checked != null) {
            facts(b, checked, lang);
        }
        b.append(afterFacts);
        String history = Texts.history(v.prior(), lang);
        if (history != null) {
            b.append("<section id=\"history\"><h2>").append(esc(Texts.label(lang, "history"))).append("</h2><p>")
                    .append(esc(history)).append("</p></section>");
        }
        b.append("<section><button type=\"button\" id=\"locate\">").append(esc(Texts.label(lang, "locate")))
                .append("</button></section>");
        reportForm(b, lang, code);
        b.append("<script nonce=\"").append(nonce).append("\">").append(LOCATE_JS).append("</script>");
        return Html.page(lang.tag(), Texts.label(lang, "title") + " · " + Headlines.headline(v.code(), lang), b.toString());
    }

    private static void facts(StringBuilder b, Verification.Checked v, Lang lang) {
        ProductView p = v.product();
        if (p == null) {
            return;
        }
        b.append("<section id=\"facts\"><dl>");
        dt(b, Texts.label(lang, "product"), lang == Lang.EN && p.nameEn() != null ? p.nameEn() : p.name());
        dt(b, Texts.label(lang, "model"), p.model());
        if (v.licensee() != null) {
            dt(b, Texts.label(lang, "manufacturer"), lang == Lang.EN && v.licensee().nameEn() != null
                    ? v.licensee().nameEn() : v.licensee().name());
        }
        dt(b, Texts.label(lang, "standard"), (p.standardNo() == null ? "" : p.standardNo() + " ")
                + (p.standardTitle() == null ? "" : p.standardTitle()));
        if (!p.coreIndicators().isEmpty()) {
            StringBuilder ind = new StringBuilder();
            p.coreIndicators().forEach((k, val) -> ind.append(k).append(": ").append(val).append("; "));
            dt(b, Texts.label(lang, "indicators"), ind.toString());
        }
        dt(b, Texts.label(lang, "licence"), (p.licenceNo() == null ? "" : p.licenceNo() + " · ")
                + Texts.label(lang, "status." + v.licenceStatus()));
        if (v.batch() != null) {
            dt(b, Texts.label(lang, "lot"), v.batch().lot());
            dt(b, Texts.label(lang, "produced"), Texts.day(v.batch().productionDate()));
            if (v.batch().expiryDate() != null) {
                dt(b, Texts.label(lang, "expires"), Texts.day(v.batch().expiryDate()));
            }
        }
        b.append("</dl></section>");
    }

    private static void dt(StringBuilder b, String term, String value) {
        if (value == null || value.isBlank()) {
            return;
        }
        b.append("<dt>").append(esc(term)).append("</dt><dd>").append(esc(value)).append("</dd>");
    }

    private static void reportForm(StringBuilder b, Lang lang, String code) {
        b.append("<section><h2>").append(esc(Texts.label(lang, "report"))).append("</h2>")
                .append("<form id=\"report\" method=\"post\" action=\"/report\" enctype=\"multipart/form-data\">")
                .append("<input type=\"hidden\" name=\"code\" value=\"").append(esc(code)).append("\">")
                .append("<input type=\"hidden\" name=\"lang\" value=\"").append(lang == Lang.EN ? "en" : "zh").append("\">")
                .append("<label for=\"where\">").append(esc(Texts.label(lang, "where"))).append("</label>")
                .append("<input id=\"where\" name=\"where\" required maxlength=\"200\">")
                .append("<label for=\"seller\">").append(esc(Texts.label(lang, "seller"))).append("</label>")
                .append("<input id=\"seller\" name=\"seller\" maxlength=\"200\">")
                .append("<label for=\"photo\">").append(esc(Texts.label(lang, "photo"))).append("</label>")
                .append("<input id=\"photo\" name=\"photo\" type=\"file\" accept=\"image/jpeg,image/png,image/webp\">")
                .append("<label for=\"contact\">").append(esc(Texts.label(lang, "contact"))).append("</label>")
                .append("<input id=\"contact\" name=\"contact\" maxlength=\"100\">")
                .append("<button type=\"submit\" id=\"send\">").append(esc(Texts.label(lang, "send")))
                .append("</button></form></section>");
    }

    /** Geohash of the phone's position to 5 characters (~5 km), then reload with ?geo=. */
    static final String LOCATE_JS = ""
            + "document.getElementById('locate').onclick=function(){if(!navigator.geolocation)return;"
            + "navigator.geolocation.getCurrentPosition(function(p){var B='0123456789bcdefghjkmnpqrstuvwxyz',"
            + "la=[-90,90],lo=[-180,180],h='',e=1,bit=0,ch=0;while(h.length<5){var r=e?lo:la,"
            + "v=e?p.coords.longitude:p.coords.latitude,m=(r[0]+r[1])/2;ch<<=1;if(v>=m){ch|=1;r[0]=m}else{r[1]=m}"
            + "e=!e;if(++bit==5){h+=B[ch];bit=0;ch=0}}var u=new URL(location.href);u.searchParams.set('geo',h);"
            + "location.replace(u.toString())})};";
}

package org.markauth.verify.page;

import java.util.ArrayList;
import java.util.List;
import org.markauth.http.Lang;
import org.markauth.registry.CertificateStatus;
import org.markauth.verify.check.VerdictTexts;
import org.markauth.verify.check.Verification;
import org.markauth.verify.registry.CertificateView;
import org.markauth.verify.web.Dates;

/**
 * The page a licence certificate's QR opens (docs/certificates.md): the certificate's live status
 * first — valid, licence suspended or revoked, expired, superseded by No. … — then what the
 * certificate says (number, licensee and USCC, product, standard, licence, validity, issue date).
 * The markup is {@code certificate.jte}; words from the verify-api's bundles (zh-CN, en).
 */
public final class CertificatePage {

    private final Pages pages;
    private final VerdictTexts texts;

    public CertificatePage(Pages pages, VerdictTexts texts) {
        this.pages = pages;
        this.texts = texts;
    }

    /** What the page shows, every sentence in the request's language. */
    public record View(String langTag, String switchHref, String code, String status, String severity, String icon,
                       String headline, String advice, List<Fact> facts, String note) {
        public View {
            facts = List.copyOf(facts);
        }
    }

    public String render(Verification.Checked v, Lang lang, String selfPath) {
        return pages.render("certificate.jte", lang, view(v, lang, selfPath));
    }

    View view(Verification.Checked v, Lang lang, String selfPath) {
        CertificateView c = v.certificate();
        CertificateStatus status = v.certificateStatus();
        String severity = switch (status) {
            case ACTIVE -> "genuine";
            case REVOKED -> "counterfeit";
            default -> "warning";
        };
        String icon = switch (status) {
            case ACTIVE -> "✔";
            case REVOKED -> "✖";
            default -> "⚠";
        };
        var t = pages.messages().in(lang);
        List<Fact> f = new ArrayList<>();
        Fact.add(f, t.get("certificate.label.no"), c.certificateNo());
        Fact.add(f, t.get("certificate.label.licensee"), lang == Lang.EN && c.licenseeNameEn() != null ? c.licenseeNameEn()
                : c.licenseeName());
        Fact.add(f, t.get("certificate.label.uscc"), c.uscc());
        Fact.add(f, t.get("label.product"), (lang == Lang.EN && c.productNameEn() != null ? c.productNameEn() : c.productName())
                + (c.model() == null ? "" : " · " + c.model()));
        Fact.add(f, t.get("label.standard"), Fact.standard(c.standardNo(), c.standardTitle()));
        Fact.add(f, t.get("certificate.label.licence"), c.licenceNo() + (v.licenceStatus() == null ? ""
                : " · " + texts.status(v.licenceStatus(), lang)));
        Fact.add(f, t.get("certificate.label.valid"), Dates.day(c.validFrom()) + " — " + Dates.day(c.validUntil()));
        Fact.add(f, t.get("certificate.label.issued"), Dates.day(c.issuedAt()));
        Fact.add(f, t.get("certificate.label.supersededBy"), c.supersededBy());
        String switchHref = selfPath + (selfPath.contains("?") ? "&" : "?") + "lang=" + (lang.other() == Lang.EN ? "en" : "zh");
        return new View(lang.tag(), switchHref, v.code().name(), status.name(), severity, icon, texts.certificateHeadline(v, lang),
                texts.certificateAdvice(v, lang), f, t.get("certificate.note"));
    }
}

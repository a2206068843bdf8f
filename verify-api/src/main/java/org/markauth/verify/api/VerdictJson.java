package org.markauth.verify.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import org.markauth.http.Lang;
import org.markauth.sdk.mark.SignedMark;
import org.markauth.verify.check.Verification;
import org.markauth.verify.page.Texts;
import org.markauth.verify.rules.RuleHit;

/**
 * The JSON form of a verdict (docs/api-verify.md): the stable code and its category, the plain
 * sentences in the request's language, and the facts behind them. Ids of an untrusted (forged)
 * mark are never echoed: they are the forger's words.
 */
public final class VerdictJson {

    private VerdictJson() {
    }

    public static JsonObject of(Verification v, Lang lang) {
        JsonObject o = new JsonObject()
                .put("code", v.code().name())
                .put("category", v.code().category().name())
                .put("message", Texts.verdict(v, lang))
                .put("lang", lang.tag())
                .put("checkedAt", v.at().toString());
        if (v instanceof Verification.Rejected r) {
            if (r.reason() != null) {
                o.put("reason", r.reason().name());
            }
            if (r.host() != null) {
                o.put("host", r.host());
            }
        }
        JsonArray notes = new JsonArray();
        String licence = Texts.statusNote(v, lang);
        if (licence != null) {
            notes.add(licence);
        }
        for (RuleHit h : v.hits()) {
            notes.add(Texts.rule(h, lang));
        }
        String history = Texts.history(v.prior(), lang);
        if (history != null) {
            notes.add(history);
        }
        o.put("notes", notes);
        // a rejected mark's ids are the forger's words: never echoed
        SignedMark mark = v instanceof Verification.SignatureOnly s ? s.mark()
                : v instanceof Verification.Checked c ? c.mark() : null;
        if (mark != null) {
            o.put("mark", new JsonObject().put("productId", mark.content().productId())
                    .put("batchId", mark.content().batchId())
                    .put("serial", mark.content().serial().toHex())
                    .put("keyId", mark.keyId().toHex()));
        }
        if (v instanceof Verification.Checked c) {
            registry(o, c, lang);
        }
        if (v.prior().known()) {
            o.put("scans", new JsonObject().put("before", v.prior().count())
                    .put("firstAt", v.prior().firstAt() == null ? null : v.prior().firstAt().toString())
                    .put("firstPlace", v.prior().firstPlace()));
        }
        if (!v.hits().isEmpty()) {
            o.put("rules", new JsonArray(v.hits().stream().map(h -> (Object) new JsonObject().put("rule", h.rule().name())
                    .put("summary", h.summary())).toList()));
        }
        return o;
    }

    /** What the registry holds, as the page shows it: product and licence, manufacturer, batch. */
    private static void registry(JsonObject o, Verification.Checked v, Lang lang) {
        if (v.product() != null) {
            var p = v.product();
            o.put("product", new JsonObject().put("name", lang == Lang.EN && p.nameEn() != null ? p.nameEn() : p.name())
                    .put("model", p.model()).put("gtin", p.gtin()).put("standardNo", p.standardNo())
                    .put("standardTitle", p.standardTitle()).put("coreIndicators", new JsonObject(new LinkedHashMap<>(p.coreIndicators()))));
            // the status in force at the check (EXPIRED once validUntil passed) and since when
            o.put("licence", new JsonObject().put("number", p.licenceNo()).put("status", v.licenceStatus())
                    .put("statusSince", p.licenceSinceAt(v.at()) == null ? null : p.licenceSinceAt(v.at()).toString())
                    .put("validUntil", p.licenceValidUntil() == null ? null : p.licenceValidUntil().toString())
                    .put("madeWhileLicensed", v.madeWhileLicensed()));
        }
        if (v.licensee() != null) {
            o.put("manufacturer", new JsonObject().put("name", lang == Lang.EN && v.licensee().nameEn() != null
                    ? v.licensee().nameEn() : v.licensee().name()).put("blacklisted", v.licensee().blacklisted()));
        }
        if (v.batch() != null) {
            var b = v.batch();
            o.put("batch", new JsonObject().put("lot", b.lot())
                    .put("productionDate", b.productionDate() == null ? null : b.productionDate().toString())
                    .put("expiryDate", b.expiryDate() == null ? null : b.expiryDate().toString())
                    .put("recalled", b.recalled()).put("recallNotice", b.recallNotice()));
        }
    }

    public static JsonArray of(List<Verification> vs, Lang lang) {
        JsonArray a = new JsonArray();
        vs.forEach(v -> a.add(of(v, lang)));
        return a;
    }
}

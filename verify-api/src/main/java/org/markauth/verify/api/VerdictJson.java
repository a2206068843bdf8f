package org.markauth.verify.api;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.markauth.http.Lang;
import org.markauth.registry.LicenceStatus;
import org.markauth.sdk.mark.SignedMark;
import org.markauth.sdk.verify.VerdictCode;
import org.markauth.verify.check.VerdictTexts;
import org.markauth.verify.check.Verification;
import org.markauth.verify.registry.BatchView;
import org.markauth.verify.registry.CertificateView;
import org.markauth.verify.registry.LicenseeView;
import org.markauth.verify.registry.ProductView;
import org.markauth.verify.rules.RuleHit;
import org.markauth.verify.scan.PriorScans;

/**
 * The JSON form of a verdict (docs/api-verify.md): the stable code and its category, the plain
 * sentences in the request's language, and the facts behind them. Ids of an untrusted (forged)
 * mark are never echoed: they are the forger's words.
 *
 * <p>Written as text, not built as a map: this is the answer to every scan. What depends only on
 * the registry — the product, the manufacturer, the batch — and the verdict's opening (code,
 * category, sentence, language) is rendered once per registry value and language, as UTF-8 bytes,
 * and reused; the
 * registry values come from the cache tiers, which hand out the same instance until it is reloaded
 * or invalidated, so a rendered part is keyed by that instance and a changed value is a new key.
 * Only what belongs to this scan (checkedAt, the mark's ids, the licence's status at this moment,
 * notes, prior scans, rule hits) is written per request, as UTF-8 straight into the answer's buffer
 * (no String of the whole answer is made, nor encoded afterwards). The document is the one the earlier
 * map-based code produced (VerdictJsonTest compares them over every verdict code and both languages).
 */
public final class VerdictJson {

    /** Each thread's buffer an answer is written into before it is copied out (write is not re-entrant: it calls no buffer()). */
    private static final ThreadLocal<ByteBuf> SCRATCH = ThreadLocal.withInitial(() -> Unpooled.buffer(4096));
    /** A scratch buffer grown past this by a large answer is let go rather than kept. */
    private static final int SCRATCH_MAX = 64 * 1024;

    /** Rendered parts kept per kind before the map is emptied and starts again (registry values live a minute locally). */
    static final int MAX_PARTS = 20_000;

    private final VerdictTexts texts;
    /** The opening up to {@code "checkedAt":} per verdict code and language, for verdicts whose sentence is the code's alone. */
    private final byte[][][] openings = new byte[VerdictCode.values().length][Lang.values().length][];
    private final Parts products = new Parts();
    private final Parts licensees = new Parts();
    private final Parts batches = new Parts();

    public VerdictJson(VerdictTexts texts) {
        this.texts = texts;
    }

    /** The verdict as a JSON object (for the callers that add to it: batch, officer, contents, receipt). */
    public JsonObject of(Verification v, Lang lang) {
        return new JsonObject(buffer(v, lang));
    }

    public JsonArray of(List<Verification> vs, Lang lang) {
        JsonArray a = new JsonArray();
        vs.forEach(v -> a.add(of(v, lang)));
        return a;
    }

    /** The verdict as JSON text. */
    public String text(Verification v, Lang lang) {
        return buffer(v, lang).toString(StandardCharsets.UTF_8);
    }

    /**
     * The verdict as the UTF-8 bytes of its JSON text: the answer's body as it goes out. Written into this
     * thread's scratch buffer, then copied into an array of exactly its length: a buffer allocated per answer
     * at a size every answer fits (2 KiB) was a tenth of the bytes a warm verification allocated, for an
     * answer of about half that.
     */
    public Buffer buffer(Verification v, Lang lang) {
        ByteBuf b = SCRATCH.get();
        b.clear();
        write(b, v, lang);
        byte[] out = ByteBufUtil.getBytes(b);
        if (b.capacity() > SCRATCH_MAX) {
            SCRATCH.remove();   // an answer this large is rare: do not keep its buffer
        }
        // a Vert.x buffer over these bytes, not a copy of them (BufferInternal: Vert.x's API for code that holds a ByteBuf)
        return BufferInternal.buffer(Unpooled.wrappedBuffer(out));
    }

    private void write(ByteBuf b, Verification v, Lang lang) {
        opening(b, v, lang);
        JsonText.instant(b, v.at());
        if (v instanceof Verification.Rejected r) {
            if (r.reason() != null) {
                JsonText.field(b, "reason", r.reason().name());
            }
            if (r.host() != null) {
                JsonText.field(b, "host", r.host());
            }
        }
        notes(b, v, lang);
        // a rejected mark's ids are the forger's words: never echoed
        SignedMark mark = v instanceof Verification.SignatureOnly s ? s.mark()
                : v instanceof Verification.Checked c ? c.mark() : null;
        if (mark != null) {
            JsonText.name(b, "mark");
            JsonText.raw(b, "{\"productId\":");
            JsonText.number(b, mark.content().productId());
            JsonText.raw(b, ",\"batchId\":");
            JsonText.number(b, mark.content().batchId());
            JsonText.field(b, "serial", mark.content().serial().toHex());
            JsonText.field(b, "keyId", mark.keyId().toHex());
            b.writeByte('}');
        }
        if (v instanceof Verification.Checked c) {
            registry(b, c, lang);
        }
        PriorScans p = v.prior();
        if (p.known()) {
            JsonText.name(b, "scans");
            JsonText.raw(b, "{\"before\":");
            JsonText.number(b, p.count());
            JsonText.name(b, "firstAt");
            JsonText.instant(b, p.firstAt());
            JsonText.field(b, "firstPlace", p.firstPlace());
            b.writeByte('}');
        }
        if (!v.hits().isEmpty()) {
            JsonText.name(b, "rules").writeByte('[');
            boolean first = true;
            for (RuleHit h : v.hits()) {
                JsonText.raw(b, first ? "{\"rule\":\"" : ",{\"rule\":\"");
                JsonText.raw(b, h.rule().name()).writeByte('"');
                JsonText.field(b, "summary", h.summary());
                b.writeByte('}');
                first = false;
            }
            b.writeByte(']');
        }
        b.writeByte('}');
    }

    /** {@code {"code":…,"category":…,"message":…,"lang":…,"checkedAt":} — kept per code and language unless the sentence names a reason or host. */
    private void opening(ByteBuf b, Verification v, Lang lang) {
        boolean plain = !(v instanceof Verification.Rejected r) || r.reason() == null && r.host() == null;
        plain &= !(v instanceof Verification.Checked c && c.certificate() != null);   // a certificate's sentence is its own
        if (plain) {
            byte[][] byLang = openings[v.code().ordinal()];
            byte[] o = byLang[lang.ordinal()];
            if (o == null) {   // a benign race: two threads may render the same immutable bytes
                o = render(ob -> writeOpening(ob, v, lang));
                byLang[lang.ordinal()] = o;
            }
            b.writeBytes(o);
        } else {
            writeOpening(b, v, lang);
        }
    }

    private void writeOpening(ByteBuf b, Verification v, Lang lang) {
        JsonText.raw(b, "{\"code\":\"");
        JsonText.raw(b, v.code().name());
        JsonText.raw(b, "\",\"category\":\"");
        JsonText.raw(b, v.code().category().name()).writeByte('"');
        JsonText.field(b, "message", v instanceof Verification.Checked c && c.certificate() != null
                ? texts.certificateHeadline(c, lang) + " " + texts.certificateAdvice(c, lang) : texts.verdict(v, lang));
        JsonText.field(b, "lang", lang.tag());
        JsonText.name(b, "checkedAt");
    }

    private void notes(ByteBuf b, Verification v, Lang lang) {
        JsonText.name(b, "notes").writeByte('[');
        int start = b.writerIndex();
        String licence = texts.statusNote(v, lang);
        if (licence != null) {
            JsonText.string(b, licence);
        }
        for (RuleHit h : v.hits()) {
            comma(b, start);
            JsonText.string(b, texts.rule(h, lang));
        }
        String history = texts.history(v.prior(), lang);
        if (history != null) {
            comma(b, start);
            JsonText.string(b, history);
        }
        b.writeByte(']');
    }

    private static void comma(ByteBuf b, int start) {
        if (b.writerIndex() > start) {
            b.writeByte(',');
        }
    }

    /** What the registry holds, as the page shows it: product and licence, manufacturer, batch. */
    private void registry(ByteBuf b, Verification.Checked v, Lang lang) {
        ProductView p = v.product();
        if (p != null) {
            b.writeBytes(products.get(p, lang, () -> render(pb -> product(pb, p, lang))));
            // the status in force at the check (EXPIRED once validUntil passed) and since when
            LicenceStatus status = v.licenceStatus();
            JsonText.name(b, "licence");
            JsonText.raw(b, "{\"number\":");
            JsonText.string(b, p.licenceNo());
            JsonText.field(b, "status", status == null ? null : status.toString());
            JsonText.name(b, "statusSince");
            JsonText.instant(b, p.licenceSinceAt(v.at()));
            JsonText.name(b, "validUntil");
            JsonText.instant(b, p.licenceValidUntil());
            JsonText.name(b, "madeWhileLicensed");
            JsonText.bool(b, v.madeWhileLicensed());
            b.writeByte('}');
        }
        LicenseeView l = v.licensee();
        if (l != null) {
            b.writeBytes(licensees.get(l, lang, () -> render(lb -> manufacturer(lb, l, lang))));
        }
        BatchView batch = v.batch();
        if (batch != null) {
            b.writeBytes(batches.get(batch, null, () -> render(bb -> batch(bb, batch))));
        }
        if (v.certificate() != null) {
            certificate(b, v, lang);
        }
    }

    /**
     * A licence certificate's QR (docs/api-verify.md, "Certificates"): {@code "kind":"CERTIFICATE"} and
     * what the certificate says, with its status now. Absent for a product unit (no {@code kind}), so
     * clients that know nothing of certificates read the same document as before.
     */
    private static void certificate(ByteBuf b, Verification.Checked v, Lang lang) {
        CertificateView c = v.certificate();
        JsonText.field(b, "kind", "CERTIFICATE");
        JsonText.name(b, "certificate");
        JsonText.raw(b, "{\"number\":");
        JsonText.string(b, c.certificateNo());
        JsonText.field(b, "status", v.certificateStatus().name());
        JsonText.field(b, "supersededBy", c.supersededBy());
        JsonText.name(b, "supersededAt");
        JsonText.instant(b, c.supersededAt());
        JsonText.field(b, "licensee", lang == Lang.EN && c.licenseeNameEn() != null ? c.licenseeNameEn() : c.licenseeName());
        JsonText.field(b, "uscc", c.uscc());
        JsonText.field(b, "product", lang == Lang.EN && c.productNameEn() != null ? c.productNameEn() : c.productName());
        JsonText.field(b, "model", c.model());
        JsonText.field(b, "standardNo", c.standardNo());
        JsonText.field(b, "standardTitle", c.standardTitle());
        JsonText.field(b, "licenceNo", c.licenceNo());
        JsonText.name(b, "validFrom");
        JsonText.instant(b, c.validFrom());
        JsonText.name(b, "validUntil");
        JsonText.instant(b, c.validUntil());
        JsonText.name(b, "issuedAt");
        JsonText.instant(b, c.issuedAt());
        b.writeByte('}');
    }

    /** A part's bytes, rendered once. */
    private static byte[] render(java.util.function.Consumer<ByteBuf> part) {
        ByteBuf b = Unpooled.buffer(256);
        part.accept(b);
        return ByteBufUtil.getBytes(b);
    }

    private static void product(ByteBuf b, ProductView p, Lang lang) {
        JsonText.name(b, "product");
        JsonText.raw(b, "{\"name\":");
        JsonText.string(b, lang == Lang.EN && p.nameEn() != null ? p.nameEn() : p.name());
        JsonText.field(b, "model", p.model());
        JsonText.field(b, "gtin", p.gtin());
        JsonText.field(b, "standardNo", p.standardNo());
        JsonText.field(b, "standardTitle", p.standardTitle());
        JsonText.name(b, "coreIndicators").writeByte('{');
        boolean first = true;
        for (Map.Entry<String, String> e : p.coreIndicators().entrySet()) {
            if (!first) {
                b.writeByte(',');
            }
            JsonText.string(b, e.getKey());
            b.writeByte(':');
            JsonText.string(b, e.getValue());
            first = false;
        }
        b.writeByte('}').writeByte('}');
    }

    private static void manufacturer(ByteBuf b, LicenseeView l, Lang lang) {
        JsonText.name(b, "manufacturer");
        JsonText.raw(b, "{\"name\":");
        JsonText.string(b, lang == Lang.EN && l.nameEn() != null ? l.nameEn() : l.name());
        JsonText.name(b, "blacklisted");
        JsonText.bool(b, l.blacklisted());
        b.writeByte('}');
    }

    private static void batch(ByteBuf b, BatchView v) {
        JsonText.name(b, "batch");
        JsonText.raw(b, "{\"lot\":");
        JsonText.string(b, v.lot());
        JsonText.field(b, "productionDate", v.productionDate() == null ? null : v.productionDate().toString());
        JsonText.field(b, "expiryDate", v.expiryDate() == null ? null : v.expiryDate().toString());
        JsonText.name(b, "recalled");
        JsonText.bool(b, v.recalled());
        JsonText.field(b, "recallNotice", v.recallNotice());
        b.writeByte('}');
    }

    /**
     * Rendered parts by registry value (its identity: the cache's instance) and language. Bounded
     * crudely: past {@link #MAX_PARTS} the map is emptied (values are reloaded every minute anyway,
     * so an old instance's part is never asked for again).
     */
    private static final class Parts {

        private record Key(Object value, Lang lang) {
            @Override
            public boolean equals(Object o) {
                return o instanceof Key k && k.value == value && k.lang == lang;
            }

            @Override
            public int hashCode() {
                return System.identityHashCode(value) * 31 + (lang == null ? 0 : lang.ordinal());
            }
        }

        private final ConcurrentHashMap<Key, byte[]> parts = new ConcurrentHashMap<>();

        byte[] get(Object value, Lang lang, java.util.function.Supplier<byte[]> render) {
            Key k = new Key(value, lang);
            byte[] s = parts.get(k);
            if (s == null) {
                if (parts.size() >= MAX_PARTS) {
                    parts.clear();
                }
                s = render.get();
                parts.put(k, s);
            }
            return s;
        }
    }
}

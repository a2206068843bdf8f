package org.markauth.verify.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.markauth.http.Lang;
import org.markauth.http.Messages;
import org.markauth.registry.BatchState;
import org.markauth.registry.LicenceStatus;
import org.markauth.registry.RangeKind;
import org.markauth.registry.UnitState;
import org.markauth.sdk.crypto.KeyId;
import org.markauth.sdk.mark.MalformedReason;
import org.markauth.sdk.mark.MarkContent;
import org.markauth.sdk.mark.MarkFormat;
import org.markauth.sdk.mark.Serial;
import org.markauth.sdk.crypto.SignatureAlgorithm;
import org.markauth.sdk.mark.SignedMark;
import org.markauth.sdk.verify.Verdict;
import org.markauth.sdk.verify.VerdictCode;
import org.markauth.verify.check.VerdictTexts;
import org.markauth.verify.check.Verification;
import org.markauth.verify.registry.BatchView;
import org.markauth.verify.registry.LicenseeView;
import org.markauth.verify.registry.MarkRow;
import org.markauth.verify.registry.ProductView;
import org.markauth.verify.rules.CloneRules;
import org.markauth.verify.rules.RuleHit;
import org.markauth.verify.rules.RuleSettings;
import org.markauth.verify.scan.PriorScans;

/**
 * The verdict written as text is the document the map-based writer produced: a wide set of
 * verifications (every verdict code, both languages, each kind, with and without product,
 * manufacturer, batch, rule hits, prior scans, reason and host, awkward characters) rendered both
 * ways parse to equal JSON. {@link Reference} is the earlier writer, kept here as the reference.
 */
class VerdictJsonTest {

    static final VerdictTexts TEXTS = new VerdictTexts(Messages.load("messages", VerdictJsonTest.class.getClassLoader()));
    static final Instant GRANTED = Instant.parse("2026-01-01T08:00:00Z");
    static final Instant SUSPENDED = Instant.parse("2026-05-01T00:00:00Z");
    static final SignedMark MARK = new SignedMark(new MarkContent(7, 42, new Serial(0x1234_5678_9abcL)), SignatureAlgorithm.ED25519,
            new KeyId(3), new byte[MarkFormat.SIGNATURE_LENGTH]);
    static final String AWKWARD = "quote \" backslash \\ slash / tab \t newline \n bell \u0007 del \u007f 中文 é 😀 \u2028";

    static List<Instant> instants() {
        Instant t = Instant.parse("2026-12-06T03:04:05Z");
        return List.of(t, t.plusMillis(7), t.plusNanos(123_000), t.plusNanos(120_000_001), t.plusNanos(999_999_999),
                Instant.parse("2026-01-01T00:00:00.100Z"), Instant.parse("1999-12-31T23:59:59.000010Z"));
    }

    static List<ProductView> products() {
        Map<String, String> indicators = new LinkedHashMap<>();
        indicators.put("功率", "1800 W");
        indicators.put("note " + AWKWARD, AWKWARD);
        List<ProductView.StatusChange> history = List.of(new ProductView.StatusChange(GRANTED, LicenceStatus.ACTIVE),
                new ProductView.StatusChange(SUSPENDED, LicenceStatus.SUSPENDED));
        List<ProductView> out = new ArrayList<>();
        out.add(new ProductView(7, "L1", "电水壶", "Kettle", "K-1", "c", "06901234567892", "GB 4706.19", "家用电器安全",
                indicators, List.of(), Set.of("CN-44"), "FS-7", LicenceStatus.ACTIVE, GRANTED, GRANTED.plus(Duration.ofDays(900)),
                GRANTED, null, List.of(new ProductView.StatusChange(GRANTED, LicenceStatus.ACTIVE))));
        out.add(new ProductView(7, "L1", "p " + AWKWARD, null, null, "c", null, null, null, Map.of(), List.of(), Set.of(),
                null, LicenceStatus.SUSPENDED, GRANTED, GRANTED.plus(Duration.ofDays(200)), SUSPENDED, "spot \"check\"", history));
        out.add(new ProductView(7, "L1", "p", "p", "m", "c", null, "std", "t", Map.of(), List.of(), Set.of(), "FS-7",
                LicenceStatus.REVOKED, GRANTED, null, SUSPENDED, null, List.of()));
        return out;
    }

    static List<BatchView> batches() {
        return List.of(
                new BatchView(42, 7, "L1", "lot-1", LocalDate.of(2026, 3, 1), LocalDate.of(2028, 3, 1), "line", 10, BatchState.ISSUED,
                        null, null, null, GRANTED, List.of(new BatchView.Range(1, 10, RangeKind.ACTIVATE, GRANTED.plusSeconds(60)))),
                new BatchView(42, 7, "L1", "lot " + AWKWARD, null, null, "line", 10, BatchState.ISSUED, SUSPENDED, "why",
                        "recall: " + AWKWARD, GRANTED, List.of()));
    }

    static List<LicenseeView> licensees() {
        return List.of(new LicenseeView("L1", "顺德电器", "Shunde Appliances", false, null, null),
                new LicenseeView("L1", "x " + AWKWARD, null, true, "fraud", SUSPENDED));
    }

    static List<PriorScans> priors() {
        Instant first = Instant.parse("2026-11-01T02:03:04.005Z");
        return List.of(PriorScans.UNKNOWN, PriorScans.NONE,
                new PriorScans(true, 1, first, "wx4g0", first, "wx4g0", "CN-11"),
                new PriorScans(true, 1234, first, null, first.plusSeconds(60), null, null, 40, false),
                new PriorScans(true, 3, null, "CN-44", null, null, "CN-44", 2, true));
    }

    static List<List<RuleHit>> hits(Instant at) {
        RuleSettings s = new RuleSettings(2, 900, 50, true, Set.of("VOIDED", "GENUINE"), Duration.ofHours(1));
        PriorScans many = new PriorScans(true, 30, at.minusSeconds(3600), "wx4g0", at.minusSeconds(60), "wx4g0", "CN-11", 30, false);
        List<RuleHit> all = new CloneRules(s).evaluate("GENUINE", many, at, "ws0e9", "US", Set.of("CN-11"), s);
        return List.of(List.of(), all, all.subList(0, 1));
    }

    static List<Verification> wide(VerdictCode code) {
        List<Verification> out = new ArrayList<>();
        // only a MALFORMED verdict has a reason (the SDK refuses any other), only a FOREIGN one shows its host
        MalformedReason reason = code == VerdictCode.MALFORMED ? MalformedReason.BAD_LENGTH : null;
        for (Instant at : instants()) {
            out.add(new Verification.Rejected(new Verdict(code, null, reason, Map.of(), null), at));
        }
        Instant at = instants().get(2);
        out.add(new Verification.Rejected(new Verdict(code, null, reason, Map.of("host", "MARKAUTH-CN.COM/\"x\""), null), at));
        if (reason != null) {
            out.add(new Verification.Rejected(new Verdict(code, null, MalformedReason.TOO_LONG, Map.of("host", "H"), null), at));
        }
        out.add(new Verification.SignatureOnly(code, at, MARK, "registry down"));
        out.add(new Verification.Checked(code, at, MARK, null, null, null, null, PriorScans.UNKNOWN, List.of()));
        MarkRow unit = new MarkRow(42, MARK.content().serial().value(), 5, null, null);
        MarkRow own = new MarkRow(42, MARK.content().serial().value(), 5, UnitState.ACTIVE, SUSPENDED.minusSeconds(5));
        for (ProductView p : products()) {
            for (BatchView b : batches()) {
                for (LicenseeView l : licensees()) {
                    out.add(new Verification.Checked(code, at, MARK, unit, b, p, l, PriorScans.NONE, List.of()));
                }
                for (PriorScans prior : priors()) {
                    for (List<RuleHit> h : hits(at)) {
                        out.add(new Verification.Checked(code, instants().get(3), MARK, own, b, p, null, prior, h));
                    }
                }
            }
            out.add(new Verification.Checked(code, at, MARK, unit, null, p, null, priors().get(2), List.of()));
        }
        out.add(new Verification.Checked(code, at, MARK, unit, batches().get(1), null, licensees().get(0), priors().get(3),
                hits(at).get(1)));
        return out;
    }

    @ParameterizedTest
    @EnumSource(VerdictCode.class)
    void theWrittenTextIsTheDocumentTheMapBasedWriterMade(VerdictCode code) {
        VerdictJson json = new VerdictJson(TEXTS);
        for (Lang lang : Lang.values()) {
            for (Verification v : wide(code)) {
                JsonObject expected = Reference.of(v, lang, TEXTS);
                String text = json.text(v, lang);
                assertThat(new JsonObject(text)).as("%s in %s", v, lang).isEqualTo(expected);
                assertThat(json.text(v, lang)).as("rendered again from the kept parts").isEqualTo(text);
                assertThat(json.of(v, lang)).isEqualTo(expected);
            }
        }
    }

    @Test
    void aChangedRegistryValueIsRenderedAfresh() {
        VerdictJson json = new VerdictJson(TEXTS);
        ProductView before = products().get(0);
        ProductView after = new ProductView(7, "L1", "renamed", "Renamed", "K-2", "c", null, null, null, Map.of(), List.of(),
                Set.of(), "FS-7", LicenceStatus.ACTIVE, GRANTED, null, GRANTED, null, List.of());
        Instant at = instants().get(0);
        String first = json.text(new Verification.Checked(VerdictCode.GENUINE, at, MARK, null, null, before, null, PriorScans.NONE,
                List.of()), Lang.EN);
        String second = json.text(new Verification.Checked(VerdictCode.GENUINE, at, MARK, null, null, after, null, PriorScans.NONE,
                List.of()), Lang.EN);
        assertThat(new JsonObject(first).getJsonObject("product").getString("name")).isEqualTo("Kettle");
        assertThat(new JsonObject(second).getJsonObject("product").getString("name")).isEqualTo("Renamed");
    }

    @Test
    void instantsAreWrittenAsInstantToStringWritesThem() {
        List<Instant> all = new ArrayList<>(instants());
        all.addAll(List.of(Instant.EPOCH, Instant.parse("0999-12-31T23:59:59Z"), Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("1000-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999999999Z")));
        for (Instant i : all) {
            ByteBuf b = Unpooled.buffer();
            JsonText.iso(b, i);
            assertThat(b.toString(StandardCharsets.UTF_8)).isEqualTo(i.toString());
        }
    }

    @Test
    void stringsAreEscapedAsJson() {
        for (char c = 0; c < 0x80; c++) {
            String s = "a" + c + "b";
            ByteBuf b = Unpooled.buffer();
            JsonText.string(b, s);
            assertThat(new JsonArray("[" + b.toString(StandardCharsets.UTF_8) + "]").getString(0)).isEqualTo(s);
        }
        ByteBuf b = Unpooled.buffer();
        JsonText.string(b, AWKWARD);
        assertThat(new JsonArray("[" + b.toString(StandardCharsets.UTF_8) + "]").getString(0)).isEqualTo(AWKWARD);
    }

    @Test
    void numbersAreWrittenAsLongToStringWritesThem() {
        for (long v : new long[] {0, 7, 9, 10, 99, 100, 123_456_789, Integer.MAX_VALUE, 999_999_999_999_999_999L,
                1_000_000_000_000_000_000L, Long.MAX_VALUE, -1, -10, -987_654_321, Long.MIN_VALUE}) {
            ByteBuf b = Unpooled.buffer(2);
            JsonText.number(b, v);
            assertThat(b.toString(StandardCharsets.UTF_8)).isEqualTo(Long.toString(v));
        }
    }

    @Test
    void theAnswersBytesAreTheUtf8OfItsText() {
        VerdictJson json = new VerdictJson(TEXTS);
        for (Lang lang : Lang.values()) {
            for (Verification v : wide(VerdictCode.GENUINE)) {
                String text = json.text(v, lang);
                assertThat(json.buffer(v, lang).getBytes()).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /** The map-based writer this replaces (as it was at 10b50fb), the reference for the document. */
    static final class Reference {

        static JsonObject of(Verification v, Lang lang, VerdictTexts texts) {
            JsonObject o = new JsonObject()
                    .put("code", v.code().name())
                    .put("category", v.code().category().name())
                    .put("message", texts.verdict(v, lang))
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
            String licence = texts.statusNote(v, lang);
            if (licence != null) {
                notes.add(licence);
            }
            for (RuleHit h : v.hits()) {
                notes.add(texts.rule(h, lang));
            }
            String history = texts.history(v.prior(), lang);
            if (history != null) {
                notes.add(history);
            }
            o.put("notes", notes);
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
            // through text, as the old route sent it: numbers and nulls as a client reads them
            return new JsonObject(o.encode());
        }

        private static void registry(JsonObject o, Verification.Checked v, Lang lang) {
            if (v.product() != null) {
                var p = v.product();
                o.put("product", new JsonObject().put("name", lang == Lang.EN && p.nameEn() != null ? p.nameEn() : p.name())
                        .put("model", p.model()).put("gtin", p.gtin()).put("standardNo", p.standardNo())
                        .put("standardTitle", p.standardTitle()).put("coreIndicators", new JsonObject(new LinkedHashMap<>(p.coreIndicators()))));
                o.put("licence", new JsonObject().put("number", p.licenceNo()).put("status", Objects.toString(v.licenceStatus(), null))
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
    }
}

package org.markauth.demo;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.markauth.access.Principal;
import org.markauth.issuer.app.IssuerServices;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.batch.BatchOrder;
import org.markauth.issuer.print.Carrier;
import org.markauth.issuer.print.PrintFormat;
import org.markauth.issuer.registry.Product;
import org.markauth.issuer.trace.Capture;
import org.markauth.issuer.trace.EpcisDocuments;
import org.markauth.issuer.trace.Gs1Marks;
import org.markauth.issuer.trace.UnitRef;
import org.markauth.sdk.mark.Gtin;

/**
 * The demo's GS1 product (issue 20): FS-JINTAO registers its GS1 Company Prefix, certifies an anti-slip
 * floor tile with a GTIN, orders a batch whose marks are GS1 Digital Link codes, prints them as Data
 * Matrix labels, and records EPCIS 2.0 events that name the units by SGTIN and the lot by LGTIN —
 * among them a TransactionEvent (a purchase order) and a quantity-only event. The printout then shows
 * the signed code (verdict page), the bare Digital Link the resolver answers (registry facts, never
 * "genuine"), the linkset, and the EPCIS 2.0 query interface on these events. Runs once, with the
 * first seed; the prefix and GTIN are made up for the demo (GS1 China's 690-699 range, no real company).
 */
final class DemoGs1 {

    static final String PREFIX = "6975123";
    static final int PRODUCT = 20260005;
    static final int UNITS = 30;
    static final String LOT = "2026-12-G01";

    private final IssuerServices s;
    private final Principal regulator = Principal.regulator("demo-seed");
    private final Principal maker = Principal.manufacturer("demo-jintao", DemoProgramme.LICENSEE_TILES);

    DemoGs1(IssuerServices s) {
        this.s = s;
    }

    void seed(DemoState st, Path printDir) throws IOException {
        String gtin = Gtin.withCheckDigit("0" + PREFIX + "00010").toString();
        s.registry.setGs1CompanyPrefix(regulator, DemoProgramme.LICENSEE_TILES, PREFIX);
        s.registry.createProduct(regulator, new Product.Details(PRODUCT, DemoProgramme.LICENSEE_TILES, "防滑仿古地砖 300×300",
                "Anti-slip rustic floor tile 300×300", "JT-R3003", "陶瓷砖", gtin, "GB/T 4100-2015", "陶瓷砖",
                Map.of("吸水率", "3% < E ≤ 6%", "防滑性能", "摩擦系数 ≥ 0.60"), List.of(), Set.of("CN")));
        Instant now = s.clock.instant();
        s.registry.grantLicence(regulator, PRODUCT, "CQM-FS-2026-0005", now.minus(90, ChronoUnit.DAYS),
                now.plus(3 * 365, ChronoUnit.DAYS), "demo: certified after type test");
        Batch b = s.batches.order(maker, new BatchOrder(PRODUCT, UNITS, LOT, DemoProgramme.productionDay(now), null, "FS-LINE-4",
                "demo-gs1")).batch();
        s.batches.issue(b, null, (done, total) -> { });
        b = s.batches.find(b.batchId());
        s.activation.activateRange(maker, b.batchId(), 1, UNITS);

        // Data Matrix labels for the small packs: the product's label template names the carrier
        s.labelTemplates.put(maker, PRODUCT, s.labelTemplates.find(PRODUCT).template().withCarrier(Carrier.DATAMATRIX));
        Path pdf = printDir.resolve("batch-" + b.batchId() + "-datamatrix-labels.pdf");
        try (OutputStream o = Files.newOutputStream(pdf)) {
            PrintFormat.PDF.write(s.batches, maker, b, 1, 12, o, s.labelTemplates.job(maker, b, 1, null, PrintFormat.PDF));
        }

        List<String> codes = DemoProgramme.urls(s, maker, b, 1, 3);
        UnitRef first = s.epcs.parse(codes.get(0));
        Gs1Marks.Forms forms = s.epcs.gs1Forms(first);
        st.put("gs1.gtin", gtin);
        st.put("gs1.batch", Integer.toString(b.batchId()));
        st.put("gs1.signed", codes.get(0));
        st.put("gs1.sgtin", forms.sgtinUrn());
        st.put("gs1.serial", forms.serial());
        st.put("gs1.pdf", pdf.toString());
        st.put("gs1.events", Integer.toString(capture(b, codes, gtin, now)));
    }

    /** Commissioning by SGTIN, a purchase order (TransactionEvent) and a quantity-only inspection of the lot. */
    private int capture(Batch b, List<String> codes, String gtin, Instant now) {
        List<String> sgtins = codes.stream().map(c -> s.epcs.gs1Forms(s.epcs.parse(c)).sgtinUrn()).toList();
        String lgtin = "urn:epc:class:lgtin:" + PREFIX + "." + gtin.charAt(0) + gtin.substring(1 + PREFIX.length(), 13) + "." + LOT;
        String plant = "urn:markauth:loc:" + DemoProgramme.LICENSEE_TILES + ":nanhai-plant";
        Instant at = now.truncatedTo(ChronoUnit.SECONDS).minusSeconds(30);
        JsonObject commission = event("ObjectEvent", at, plant).put("action", "ADD").put("epcList", new JsonArray(sgtins))
                .put("bizStep", "commissioning").put("disposition", "active")
                .put("ilmd", new JsonObject().put("cbvmda:lotNumber", LOT));
        JsonObject order = event("TransactionEvent", at.plusSeconds(10), plant).put("action", "ADD")
                .put("epcList", new JsonArray(sgtins.subList(0, 2))).put("bizStep", "shipping").put("disposition", "in_transit")
                .put("bizTransactionList", new JsonArray().add(new JsonObject().put("type", "po")
                        .put("bizTransaction", "urn:markauth:po:" + DemoProgramme.LICENSEE_TILES + ":PO-2026-1207")));
        JsonObject sample = event("ObjectEvent", at.plusSeconds(20), plant).put("action", "OBSERVE").put("bizStep", "inspecting")
                .put("quantityList", new JsonArray().add(new JsonObject().put("epcClass", lgtin).put("quantity", 12)
                        .put("uom", "MTK")));
        JsonObject doc = EpcisDocuments.write(List.of(commission, order, sample), at.plusSeconds(25));
        doc.put("@context", new JsonArray().add("https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld")
                .add(new JsonObject().put("cbvmda", "urn:epcglobal:cbv:mda:")));
        Capture.Result r = s.capture.capture(maker, doc, Capture.Mode.ATOMIC);
        if (!r.rejected().isEmpty()) {
            throw new IllegalStateException("the issuer refused the demo's GS1 events: "
                    + r.rejected().stream().map(x -> x.code() + " " + x.message()).toList());
        }
        return r.recorded().size() + r.duplicates().size();
    }

    private static JsonObject event(String type, Instant at, String location) {
        return new JsonObject().put("type", type).put("eventTime", at.atOffset(ZoneOffset.ofHours(8)).toString())
                .put("eventTimeZoneOffset", "+08:00").put("readPoint", new JsonObject().put("id", location + ":dock"))
                .put("bizLocation", new JsonObject().put("id", location));
    }

    /** The printout's GS1 lines. */
    static String summary(DemoState st, String verifyBase, String issuerBase) {
        if (st.find("gs1.gtin").isEmpty()) {
            return "GS1: this demo was seeded before its GS1 product existed; ops/run --reset seeds it\n\n";
        }
        String gtin = st.get("gs1.gtin");
        String bare = verifyBase + "/01/" + gtin + "/10/" + LOT + "/21/" + st.get("gs1.serial");
        String sgtin = st.get("gs1.sgtin");
        return "GS1 (docs/digital-link.md, docs/traceability.md; FS-JINTAO's GS1 Company Prefix " + PREFIX + ", product "
                + PRODUCT + " GTIN " + gtin + ", batch " + st.get("gs1.batch") + " lot " + LOT + "):\n"
                + "  signed GS1 Digital Link code (verdict page)  " + DemoSeed.local(st.get("gs1.signed"), verifyBase) + "\n"
                + "  the same unit without its signature (the resolver: registry facts, never \"genuine\")  " + bare + "\n"
                + "  its linkset (RFC 9264)   curl -H 'Accept: application/linkset+json' '" + bare + "'\n"
                + "  one link type            " + bare + "?linkType=gs1:certificationInfo   (also gs1:pip, gs1:recallStatus, "
                + "gs1:instructions, gs1:verificationService)\n"
                + "  resolver description     " + verifyBase + "/.well-known/gs1resolver\n"
                + "  Data Matrix label sheet  " + st.get("gs1.pdf") + "\n"
                + "  EPCIS 2.0 events by SGTIN (" + st.get("gs1.events") + " events: commissioning, a purchase-order "
                + "TransactionEvent, a quantity-only inspection of the lot by LGTIN):\n"
                + "    curl -H 'Authorization: Bearer <manufacturer token>' '" + issuerBase + "/api/v1/epcis/epcs/" + sgtin + "/events'\n"
                + "    curl -H 'Authorization: Bearer <manufacturer token>' '" + issuerBase
                + "/api/v1/epcis/events?eventType=TransactionEvent&EQ_bizStep=shipping'\n"
                + "    trace with GS1 forms: curl -G -H 'Authorization: Bearer <manufacturer token>' --data-urlencode 'epc="
                + sgtin + "' " + issuerBase + "/api/v1/trace\n\n";
    }
}

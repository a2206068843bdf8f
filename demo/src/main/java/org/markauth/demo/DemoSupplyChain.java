package org.markauth.demo;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.markauth.access.Principal;
import org.markauth.issuer.app.IssuerServices;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.batch.BatchOrder;
import org.markauth.issuer.registry.Licensee;
import org.markauth.issuer.registry.Uscc;
import org.markauth.issuer.trace.Capture;
import org.markauth.issuer.trace.EpcisDocuments;

/**
 * A few supply-chain events of the demo, sent as the parties would send them: GS1 EPCIS 2.0
 * JSON-LD documents through the issuer's capture service (the code behind
 * {@code POST /api/v1/epcis/capture}). The manufacturer FS-JINTAO commissions units 1-6 of the
 * main batch and a case (a mark of its own), packs the units into the case and ships it; its
 * declared partner, the retailer GZ-CIDU, receives the case, unpacks it and sells unit 1. The sold
 * unit's consumer page then shows made → shipped → sold; unit 2 (in stock) shows made → shipped.
 *
 * <p>{@link #prepare} runs once, with the first seed: it registers the retailer, declares it as the
 * manufacturer's partner, issues and activates the case mark, and keeps in the demo state what the
 * documents are built from (the EPCs and the events' base time). {@link #send} runs on every seed:
 * it builds the same two documents from the state and captures them. The first time every event
 * is recorded; afterwards each one comes back as a duplicate (its event hash is already claimed),
 * which is what makes re-running the demo safe — and a seed that stopped before sending sends them
 * on the next run.
 *
 * <p>Event times lie in the minute before {@link #prepare}: the issuer refuses events dated before
 * their batch was ordered (and the demo's batches are ordered during the seed), so every step of
 * the timeline shows the seed's day.
 */
final class DemoSupplyChain {

    static final String RETAILER = "GZ-CIDU";
    static final String RETAILER_NAME = "广州市天河区瓷都建材商行有限公司";
    /** Units 1..CASE_UNITS of the main batch travel in the case; unit 1 is sold, unit 2 stays in stock. */
    static final int CASE_UNITS = 6;

    /** How a send went: events recorded now, and events already recorded by an earlier run. */
    record Sent(int recorded, int duplicates) {
        int events() {
            return recorded + duplicates;
        }
    }

    private static final String PLANT = "urn:markauth:loc:" + DemoProgramme.LICENSEE_TILES + ":nanhai-plant";
    private static final String STORE = "urn:markauth:loc:" + RETAILER + ":tianhe-store-1";

    private final IssuerServices s;
    private final Principal regulator = Principal.regulator("demo-seed");
    private final Principal maker = Principal.manufacturer("demo-jintao", DemoProgramme.LICENSEE_TILES);
    private final Principal shop = Principal.manufacturer("demo-cidu", RETAILER);

    DemoSupplyChain(IssuerServices s) {
        this.s = s;
    }

    /** First seed only: the retailer and its partnership, the case mark, and the state the documents are built from. */
    void prepare(DemoState st) throws IOException {
        s.registry.createLicensee(regulator, new Licensee.Details(RETAILER, RETAILER_NAME,
                "Guangzhou Tianhe Cidu Building Materials Trading Co., Ltd.", Uscc.withCheckCharacter("91440106MA5CQ8N4X"),
                "广州市天河区黄埔大道中 288 号", Map.of("门店电话", "020-3888 6600")));
        // the contract predates the seed: the partnership covers the events, dated a minute before prepare ends
        s.partners.declare(maker, DemoProgramme.LICENSEE_TILES, RETAILER, "RETAILER", s.clock.instant().minus(Duration.ofDays(1)),
                null);

        Batch main = s.batches.find(Integer.parseInt(st.get("batch.main")));
        Batch cases = s.batches.order(maker, new BatchOrder(main.productId(), 1, main.lot() + "-CASE",
                main.productionDate(), null, "FS-PACK-1", "demo-cases")).batch();
        s.batches.issue(cases, null, (done, total) -> { });
        s.activation.activateRange(maker, cases.batchId(), 1, 1);

        List<String> units = DemoProgramme.urls(s, maker, main, 1, CASE_UNITS);
        st.put("trace.units", String.join(" ", units));
        st.put("trace.case", DemoProgramme.urls(s, maker, s.batches.find(cases.batchId()), 1, 1).get(0));
        st.put("trace.case.batch", Integer.toString(cases.batchId()));
        st.put("trace.at", s.clock.instant().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60).toString());
    }

    /** Whether the state holds a prepared supply chain (a demo seeded before it existed does not). */
    static boolean prepared(DemoState st) {
        return st.find("trace.at").isPresent();
    }

    /** Captures both documents (atomic: a refused event stops the seed with its code); nothing twice. */
    Sent send(DemoState st) {
        List<String> units = Arrays.asList(st.get("trace.units").split(" "));
        String box = st.get("trace.case");
        Instant at = Instant.parse(st.get("trace.at"));
        List<String> made = new ArrayList<>(units);
        made.add(box);
        JsonObject fromPlant = EpcisDocuments.write(List.of(
                object(at, "commissioning", "active", PLANT, made),
                aggregation(at.plusSeconds(10), "ADD", "packing", "container_closed", PLANT, box, units),
                // the shipment names the retailer, which is what lets it receive the case (custody, docs/traceability.md)
                object(at.plusSeconds(20), "shipping", "in_transit", PLANT, List.of(box)).put("destinationList", new JsonArray()
                        .add(new JsonObject().put("type", "possessing_party").put("destination", "urn:markauth:party:" + RETAILER)))),
                at.plusSeconds(25));
        JsonObject atStore = EpcisDocuments.write(List.of(
                object(at.plusSeconds(40), "receiving", "in_progress", STORE, List.of(box)),
                aggregation(at.plusSeconds(50), "DELETE", "unpacking", "sellable_accessible", STORE, box, units),
                object(at.plusSeconds(60), "retail_selling", "retail_sold", STORE, units.subList(0, 1))), at.plusSeconds(60));
        Capture.Result a = capture(maker, fromPlant);
        Capture.Result b = capture(shop, atStore);
        return new Sent(a.recorded().size() + b.recorded().size(), a.duplicates().size() + b.duplicates().size());
    }

    private Capture.Result capture(Principal p, JsonObject document) {
        Capture.Result r = s.capture.capture(p, document, Capture.Mode.ATOMIC);
        if (!r.rejected().isEmpty()) {
            throw new IllegalStateException("the issuer refused the demo's supply-chain events of " + p.licenseeId().orElseThrow()
                    + ": " + r.rejected().stream().map(x -> x.code() + " " + x.message()).toList()
                    + "; run ops/run --reset for a clean slate");
        }
        return r;
    }

    private static JsonObject object(Instant at, String bizStep, String disposition, String location, List<String> epcs) {
        return event("ObjectEvent", at, "commissioning".equals(bizStep) ? "ADD" : "OBSERVE", bizStep, disposition, location)
                .put("epcList", new JsonArray(epcs));
    }

    private static JsonObject aggregation(Instant at, String action, String bizStep, String disposition, String location,
                                          String parent, List<String> children) {
        return event("AggregationEvent", at, action, bizStep, disposition, location).put("parentID", parent)
                .put("childEPCs", new JsonArray(children));
    }

    private static JsonObject event(String type, Instant at, String action, String bizStep, String disposition, String location) {
        return new JsonObject().put("type", type).put("eventTime", at.atOffset(ZoneOffset.ofHours(8)).toString())
                .put("eventTimeZoneOffset", "+08:00").put("action", action).put("bizStep", bizStep).put("disposition", disposition)
                .put("readPoint", new JsonObject().put("id", location + ":dock")).put("bizLocation", new JsonObject().put("id", location));
    }

    /** The summary's lines about the supply chain. */
    static String summary(DemoState st, Optional<Sent> sent, String verifyBase, String issuerBase) {
        if (sent.isEmpty()) {
            return "Supply chain: none recorded (this demo was seeded before the demo recorded supply-chain events; "
                    + "ops/run --reset adds them)\n\n";
        }
        Sent n = sent.get();
        String sold = st.get("trace.units").split(" ")[0];
        return "Supply chain (GS1 EPCIS 2.0 events captured through the issuer's trace API, POST " + issuerBase
                + "/api/v1/epcis/capture):\n"
                + "  " + DemoProgramme.LICENSEE_TILES + " made units 1-" + CASE_UNITS + " of batch " + st.get("batch.main")
                + ", packed them into a case (its own mark, batch " + st.get("trace.case.batch") + ") and shipped it to its\n"
                + "  declared partner " + RETAILER + " " + RETAILER_NAME + " (retailer), which received and unpacked it and sold unit 1\n"
                + "  " + n.events() + " events: " + n.recorded() + " recorded on this run, " + n.duplicates()
                + " already recorded (each run sends them again; their event hashes de-duplicate them)\n"
                + "  journey of the sold unit (made → shipped → sold): " + DemoSeed.local(sold, verifyBase) + "\n"
                + "  full trace: curl -G -H 'Authorization: Bearer <manufacturer token>' --data-urlencode 'epc=" + sold + "' "
                + issuerBase + "/api/v1/trace\n\n";
    }
}

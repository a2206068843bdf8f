package org.markauth.issuer.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.access.Principal;
import org.markauth.config.HttpSettings;
import org.markauth.issuer.IssuerFixture;
import org.markauth.issuer.app.IssuerRouter;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.batch.BatchOrder;
import org.markauth.issuer.registry.Product;

/**
 * The EPCIS 2.0 conformance suite (issue 20, "Tests"): every example document GS1 publishes with the standard
 * (vendored under src/test/resources/gs1, see its README), sent black-box to the issuer's HTTP API on the real
 * services.
 *
 * <ol>
 * <li>(a) as published: every event recorded or refused with one of the contract's stated codes; never a 5xx,
 * never MALFORMED_EVENT (the documents are valid EPCIS 2.0: EpcisSchemaTest shows it);</li>
 * <li>(b) the same documents rewritten onto this test's own issued marks (every instance EPC and parentID a mark
 * URN, times after issue, fresh eventIDs): recorded;</li>
 * <li>(c) each recorded event queried back ({@code GET /api/v1/epcis/events?EQ_eventID=}): an EPCISQueryDocument
 * valid against GS1's JSON schema, the event with its eventID and a recordTime, the document's extension
 * namespaces kept, and the event as exported hashing to the hash given at capture;</li>
 * <li>(d) the exported events re-captured as another document: all duplicates, with the same ids.</li>
 * </ol>
 * Each test gathers every failing check before it fails, so one run lists all of them.
 */
class EpcisConformanceIT {

    /** The capture's stable refusal codes (CONTRACT20 "Capture HTTP"). */
    static final Set<String> CODES = Set.of("MALFORMED_EVENT", "UNKNOWN_MARK", "FOREIGN_EPC", "NOT_YOUR_MARK",
            "PARTNER_BLACKLISTED", "PARTNERSHIP_ENDED", "OUTSIDE_PARTNERSHIP_PERIOD", "NOT_HELD", "TIME_IN_FUTURE",
            "TIME_BEFORE_ISSUE", "UNKNOWN_DECLARED_EVENT", "NO_PROGRAMME_MARK");
    static final List<String> EPC_LISTS = List.of("epcList", "childEPCs", "inputEPCList", "outputEPCList");
    /** Quantity lists whose classes must be the programme's (a transformation's inputs may stay foreign). */
    static final List<String> CLASS_LISTS = List.of("quantityList", "childQuantityList", "outputQuantityList");
    /** The LGTIN of the test product (GTIN 04006381333931) and its lot. */
    static final String OUR_CLASS = "urn:epc:class:lgtin:4006381.033393.LOT-C";
    static final Path EXAMPLES = Path.of("src/test/resources/gs1/JSON");

    static IssuerFixture fx;
    static HttpServer server;
    static WebClient web;
    static String maker;
    static Batch batch;
    static final List<Long> serials = new ArrayList<>();
    static int nextMark;

    @BeforeAll
    static void up() throws Exception {
        fx = new IssuerFixture("issuer_epcis_conformance_it");
        HttpSettings http = new HttpSettings("127.0.0.1", 0, 4 * 1024 * 1024, Duration.ofSeconds(30), "http://127.0.0.1");
        server = IssuerRouter.api(fx.vertx, fx.services, http).mount(IssuerRouter.trace(fx.vertx, fx.services)::mount)
                .listen().await(10, TimeUnit.SECONDS);
        web = WebClient.create(fx.vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.actualPort()));
        Principal makerP = Principal.manufacturer("conformance-1", "CMAKER");
        maker = fx.services.apiKeys.issue(makerP).toCompletableFuture().get();
        fx.services.keys.rotate(IssuerFixture.REGULATOR, null);
        fx.licensee("CMAKER");
        // the fixture's product has GTIN 04006381333931: under this prefix its LGTIN classes are the programme's
        fx.services.registry.setGs1CompanyPrefix(IssuerFixture.REGULATOR, "CMAKER", "4006381");
        Product p = fx.licensedProduct("CMAKER");
        batch = fx.services.batches.order(makerP, new BatchOrder(p.productId(), 400, "LOT-C", LocalDate.of(2026, 11, 1),
                LocalDate.of(2028, 11, 1), "LINE-C", "conformance-1")).batch();
        fx.services.batches.issue(batch, c -> {
            for (long s : c.serials()) {
                serials.add(s);
            }
        }, (d, t) -> { });
        fx.services.activation.activateRange(makerP, batch.batchId(), 1, 400);
        fx.clock.advance(Duration.ofDays(2));
    }

    @AfterAll
    static void down() {
        if (server != null) {
            server.close().await();
        }
        if (fx != null) {
            fx.close();
        }
    }

    static List<Path> examples() throws IOException {
        try (Stream<Path> s = Files.walk(EXAMPLES)) {
            return s.filter(p -> p.toString().endsWith(".jsonld")).sorted().toList();
        }
    }

    static String name(Path p) {
        return EXAMPLES.relativize(p).toString();
    }

    /** The events of an EPCISDocument, or of an EPCISQueryDocument's results. */
    static JsonArray events(JsonObject doc) {
        JsonObject body = doc.getJsonObject("epcisBody", new JsonObject());
        if (body.containsKey("queryResults")) {
            return body.getJsonObject("queryResults").getJsonObject("resultsBody", new JsonObject())
                    .getJsonArray("eventList", new JsonArray());
        }
        return body.getJsonArray("eventList", new JsonArray());
    }

    /** Capture takes EPCISDocuments (EPCIS 2.0 section 8.2): a published query document is sent as one. */
    static JsonObject asCaptureDocument(JsonObject doc) {
        if (!"EPCISQueryDocument".equals(doc.getString("type"))) {
            return doc;
        }
        return new JsonObject().put("@context", doc.getValue("@context")).put("type", "EPCISDocument")
                .put("schemaVersion", "2.0").put("creationDate", doc.getString("creationDate", "2024-01-01T00:00:00Z"))
                .put("epcisBody", new JsonObject().put("eventList", events(doc).copy()));
    }

    static HttpResponse<Buffer> capture(JsonObject doc) throws Exception {
        return web.request(HttpMethod.POST, "/api/v1/epcis/capture?mode=partial")
                .putHeader("Authorization", "Bearer " + maker).putHeader("Content-Type", "application/ld+json")
                .sendBuffer(doc.toBuffer()).await(30, TimeUnit.SECONDS);
    }

    static HttpResponse<Buffer> get(String path) throws Exception {
        return web.request(HttpMethod.GET, path).putHeader("Authorization", "Bearer " + maker)
                .send().await(30, TimeUnit.SECONDS);
    }

    /** Checks a capture response's shape; returns its body or null after recording what is wrong. */
    static JsonObject captureResult(String what, HttpResponse<Buffer> r, int sent, List<String> failures) {
        if (r.statusCode() != 201 && r.statusCode() != 207 && r.statusCode() != 422) {
            failures.add(what + ": HTTP " + r.statusCode() + " " + abbreviate(r.bodyAsString()));
            return null;
        }
        JsonObject b;
        try {
            b = r.bodyAsJsonObject();
        } catch (RuntimeException e) {
            failures.add(what + ": the answer is not a JSON object: " + abbreviate(r.bodyAsString()));
            return null;
        }
        int recorded = b.getJsonArray("recorded", new JsonArray()).size();
        int dup = b.getJsonArray("duplicates", new JsonArray()).size();
        int rejected = b.getJsonArray("rejected", new JsonArray()).size();
        if (recorded + dup + rejected != sent) {
            failures.add(what + ": " + sent + " events sent but recorded " + recorded + " + duplicates " + dup
                    + " + rejected " + rejected + ": " + abbreviate(b.encode()));
        }
        if (recorded > 0 && (b.getJsonArray("hashes") == null || b.getJsonArray("hashes").size() != recorded)) {
            failures.add(what + ": 'hashes' does not give the CBV 2.0 hash of each recorded event: " + abbreviate(b.encode()));
        }
        return b;
    }

    // ---- (a) ---------------------------------------------------------------------------------------

    @Test
    void everyPublishedExampleIsRecordedOrRefusedForAStatedReason() throws Exception {
        List<String> failures = new ArrayList<>();
        for (Path f : examples()) {
            JsonObject doc = asCaptureDocument(new JsonObject(Files.readString(f)));
            int n = events(doc).size();
            JsonObject b = captureResult(name(f), capture(doc), n, failures);
            if (b == null) {
                continue;
            }
            for (Object o : b.getJsonArray("rejected", new JsonArray())) {
                JsonObject rej = (JsonObject) o;
                String code = rej.getString("code");
                if (!CODES.contains(code) || "MALFORMED_EVENT".equals(code)) {
                    failures.add(name(f) + " event " + rej.getValue("index") + ": refused as " + code + " ("
                            + rej.getString("message") + "), not a stated reason for a valid event");
                } else if (rej.getString("message") == null || rej.getString("message").isBlank()) {
                    failures.add(name(f) + " event " + rej.getValue("index") + ": " + code + " without a sentence");
                }
            }
        }
        assertThat(failures).as("(a) GS1's examples as published").isEmpty();
    }

    // ---- (b), (c), (d) -----------------------------------------------------------------------------------

    @Test
    void everyExampleOnOurOwnMarksIsRecordedQueriedBackSchemaValidAndReCapturedAsDuplicates() throws Exception {
        List<String> failures = new ArrayList<>();
        int docIndex = 0;
        int checkedRoundTrips = 0;
        int noMarkAtAll = 0;
        for (Path f : examples()) {
            JsonObject doc = rewrite(asCaptureDocument(new JsonObject(Files.readString(f))), docIndex++);
            JsonArray sent = events(doc);
            JsonObject b = captureResult("(b) " + name(f), capture(doc), sent.size(), failures);
            if (b == null) {
                continue;
            }
            for (Object o : b.getJsonArray("rejected", new JsonArray())) {
                JsonObject rej = (JsonObject) o;
                JsonObject ev = sent.getJsonObject(rej.getInteger("index", 0));
                String code = rej.getString("code");
                boolean allowed = ev.containsKey("errorDeclaration") && "UNKNOWN_DECLARED_EVENT".equals(code)
                        || !namesAnEpc(ev) && "NO_PROGRAMME_MARK".equals(code);
                if (!allowed) {
                    failures.add("(b) " + name(f) + " event " + rej.getValue("index") + " (" + ev.getString("type")
                            + ") on our own marks refused: " + code + " " + rej.getString("message"));
                }
            }
            JsonArray recorded = b.getJsonArray("recorded", new JsonArray());
            JsonArray hashes = b.getJsonArray("hashes", new JsonArray());
            if (recorded.isEmpty()) {
                Set<String> codes = new java.util.TreeSet<>();
                b.getJsonArray("rejected", new JsonArray()).forEach(x -> codes.add(((JsonObject) x).getString("code")));
                if (!codes.equals(Set.of("NO_PROGRAMME_MARK"))) {
                    failures.add("(b) " + name(f) + ": nothing recorded on our own marks (refusals " + codes + ")");
                }
                noMarkAtAll++;
                continue;
            }
            Map<String, String> docNs = EventHash.namespaces(doc.getValue("@context"));
            List<JsonObject> exported = new ArrayList<>();
            JsonArray exportContext = null;
            for (int i = 0; i < recorded.size(); i++) {
                String id = recorded.getString(i);
                String what = "(c) " + name(f) + " " + id;
                HttpResponse<Buffer> q = get("/api/v1/epcis/events?EQ_eventID=" + URLEncoder.encode(id, StandardCharsets.UTF_8));
                if (q.statusCode() != 200) {
                    failures.add(what + ": query answered HTTP " + q.statusCode() + " " + abbreviate(q.bodyAsString()));
                    continue;
                }
                JsonObject qd = q.bodyAsJsonObject();
                List<String> schemaErrors = EpcisSchema.errors(qd);
                if (!schemaErrors.isEmpty()) {
                    failures.add(what + ": the query document fails GS1's schema: " + schemaErrors.subList(0, Math.min(5, schemaErrors.size())));
                }
                JsonObject ev = events(qd).stream().map(JsonObject.class::cast)
                        .filter(e -> id.equals(e.getString("eventID"))).findFirst().orElse(null);
                if (ev == null) {
                    failures.add(what + ": the event is not in the answer to EQ_eventID (" + events(qd).size() + " events)");
                    continue;
                }
                if (ev.getString("recordTime") == null) {
                    failures.add(what + ": no recordTime");
                }
                Map<String, String> qNs = EventHash.namespaces(qd.getValue("@context"));
                for (String prefix : prefixesUsed(ev, docNs)) {
                    if (!qNs.containsValue(docNs.get(prefix))) {
                        failures.add(what + ": extension namespace " + prefix + " = " + docNs.get(prefix) + " dropped from @context");
                    }
                }
                if (i < hashes.size() && !EventHash.of(ev, qNs).equals(hashes.getString(i))) {
                    failures.add(what + ": the exported event hashes to " + EventHash.of(ev, qNs) + ", captured as " + hashes.getString(i));
                }
                exported.add(ev.copy());
                exportContext = qd.getValue("@context") instanceof JsonArray a ? a : exportContext;
            }
            // (d) the export, re-captured as another document: the same events, all duplicates
            if (exported.size() == recorded.size()) {
                JsonArray again = new JsonArray();
                exported.forEach(e -> {
                    e.remove("recordTime");
                    again.add(e);
                });
                JsonObject doc2 = new JsonObject().put("@context", exportContext != null ? exportContext : doc.getValue("@context"))
                        .put("type", "EPCISDocument").put("schemaVersion", "2.0")
                        .put("creationDate", Instant.now().toString()).put("epcisBody", new JsonObject().put("eventList", again));
                JsonObject b2 = captureResult("(d) " + name(f), capture(doc2), again.size(), failures);
                if (b2 != null) {
                    checkedRoundTrips++;
                    if (!b2.getJsonArray("recorded", new JsonArray()).isEmpty() || !b2.getJsonArray("rejected", new JsonArray()).isEmpty()
                            || !new JsonArray(new ArrayList<>(b2.getJsonArray("duplicates", new JsonArray()).getList())).equals(recorded)) {
                        failures.add("(d) " + name(f) + ": re-capture of the export is not all duplicates with the same ids: "
                                + abbreviate(b2.encode()) + " (first capture recorded " + recorded + ")");
                    }
                }
            }
        }
        assertThat(failures).as("(b)-(d) GS1's examples on our own marks").isEmpty();
        // every document goes round the trip but the sensor reports that name no EPC and no product class at all
        assertThat(noMarkAtAll).as("documents naming nothing of the programme").isLessThanOrEqualTo(3);
        assertThat(checkedRoundTrips).as("documents that went round the full trip").isEqualTo(examples().size() - noMarkAtAll);
    }

    // ---- rewriting onto our marks ---------------------------------------------------------------------

    /**
     * The document with every instance EPC (epcList, childEPCs, inputEPCList, outputEPCList, parentID) replaced
     * by one of our marks (the same EPC by the same mark within the document), every class of a quantity list other
     * than a transformation's inputs replaced by our product's LGTIN, event times after issue in the
     * event's own offset, sender eventIDs replaced by fresh UUID URNs (corrective ids alike), recordTime dropped.
     * Everything else (business content, extensions, sensor data, the @context) as GS1 wrote it.
     */
    static JsonObject rewrite(JsonObject original, int docIndex) {
        JsonObject doc = original.copy();
        Map<String, String> marks = new HashMap<>();
        Map<String, String> ids = new LinkedHashMap<>();
        Instant base = fx.services.clock.instant().minus(Duration.ofHours(30)).plus(Duration.ofMinutes(20L * docIndex));
        JsonArray events = events(doc);
        // an example showing errorDeclaration declares an event of its own: the erroneous original goes first
        for (int i = events.size() - 1; i >= 0; i--) {
            JsonObject e = events.getJsonObject(i);
            if (e.containsKey("errorDeclaration")) {
                JsonObject erroneous = e.copy();
                erroneous.remove("errorDeclaration");
                events.getList().add(i, erroneous);
            }
        }
        for (int i = 0; i < events.size(); i++) {
            JsonObject e = events.getJsonObject(i);
            for (String list : EPC_LISTS) {
                JsonArray epcs = e.getJsonArray(list);
                if (epcs != null) {
                    JsonArray mine = new JsonArray();
                    epcs.forEach(x -> mine.add(marks.computeIfAbsent(String.valueOf(x), k -> nextMark())));
                    e.put(list, mine);
                }
            }
            if (e.getString("parentID") != null) {
                e.put("parentID", marks.computeIfAbsent(e.getString("parentID"), k -> nextMark()));
            }
            for (String list : CLASS_LISTS) {
                JsonArray q = e.getJsonArray(list);
                if (q != null) {
                    q.forEach(x -> ((JsonObject) x).put("epcClass", OUR_CLASS));
                }
            }
            String offset = e.getString("eventTimeZoneOffset", "+00:00");
            // a declaration repeats its original, inserted just before it: the same time
            Instant at = base.plus(Duration.ofMinutes(e.containsKey("errorDeclaration") && i > 0 ? i - 1 : i));
            e.put("eventTime", at.atOffset(ZoneOffset.of(offset)).toString());
            e.remove("recordTime");
            if (e.getString("eventID") != null) {
                e.put("eventID", ids.computeIfAbsent(e.getString("eventID"), k -> "urn:uuid:" + UUID.randomUUID()));
            }
            JsonObject decl = e.getJsonObject("errorDeclaration");
            if (decl != null) {
                decl.put("declarationTime", at.plus(Duration.ofSeconds(30)).atOffset(ZoneOffset.UTC).toString());
                JsonArray corrective = decl.getJsonArray("correctiveEventIDs");
                if (corrective != null) {
                    JsonArray mapped = new JsonArray();
                    corrective.forEach(c -> mapped.add(ids.computeIfAbsent(String.valueOf(c), k -> "urn:uuid:" + UUID.randomUUID())));
                    decl.put("correctiveEventIDs", mapped);
                }
            }
        }
        return doc;
    }

    static synchronized String nextMark() {
        if (nextMark >= serials.size()) {
            throw new IllegalStateException("the test batch of " + serials.size() + " marks is used up: order a larger one");
        }
        return new UnitRef(batch.batchId(), serials.get(nextMark++)).urn();
    }

    static boolean namesAnEpc(JsonObject e) {
        return e.getString("parentID") != null
                || EPC_LISTS.stream().anyMatch(l -> e.getJsonArray(l) != null && !e.getJsonArray(l).isEmpty());
    }

    /** The document's own (non-standard) prefixes an event's member names use, at any depth. */
    static Set<String> prefixesUsed(Object v, Map<String, String> docNs) {
        Set<String> out = new java.util.TreeSet<>();
        if (v instanceof JsonObject o) {
            for (Map.Entry<String, Object> m : o) {
                int c = m.getKey().indexOf(':');
                if (c > 0 && docNs.containsKey(m.getKey().substring(0, c))
                        && !Set.of("gs1", "cbv", "epcis", "cbvmda", "rdfs", "owl", "xsd", "dcterms").contains(m.getKey().substring(0, c))) {
                    out.add(m.getKey().substring(0, c));
                }
                out.addAll(prefixesUsed(m.getValue(), docNs));
            }
        } else if (v instanceof JsonArray a) {
            a.forEach(x -> out.addAll(prefixesUsed(x, docNs)));
        }
        return out;
    }

    static String abbreviate(String s) {
        return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}

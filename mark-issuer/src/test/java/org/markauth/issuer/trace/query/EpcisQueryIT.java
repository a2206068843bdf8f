package org.markauth.issuer.trace.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.markauth.issuer.IssuerFixture.REGULATOR;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.markauth.access.Principal;
import org.markauth.config.HttpSettings;
import org.markauth.issuer.IssuerFixture;
import org.markauth.issuer.app.IssuerRouter;
import org.markauth.issuer.app.IssuerServices;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.batch.BatchOrder;
import org.markauth.issuer.notify.Dispatcher;
import org.markauth.issuer.notify.Webhooks;
import org.markauth.issuer.registry.Product;
import org.markauth.issuer.trace.EpcisDocuments;
import org.markauth.issuer.trace.UnitRef;
import org.markauth.issuer.invalidation.RedisInvalidations;

/**
 * The EPCIS 2.0 query interface over the issuer's real HTTP API, Cassandra and API keys: events
 * captured through POST /api/v1/epcis/capture, then read back with each standard parameter, paged,
 * refused, saved as named queries and delivered by subscriptions to a local receiver.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EpcisQueryIT {

    static final Webhooks.Settings PRIVATE = new Webhooks.Settings(true, Duration.ofMillis(200), Duration.ofSeconds(1), 5,
            Duration.ofMillis(100), Duration.ofSeconds(5));

    static IssuerFixture fx;
    static IssuerServices issuer;
    static HttpServer server;
    static HttpServer receiver;
    static WebClient web;
    static String makerA;
    static String makerB;
    static String regulator;
    static String officer;
    static Batch batchA;
    static Batch batchB;
    static final List<Long> serialsA = new ArrayList<>();
    static final List<Long> serialsB = new ArrayList<>();
    static final List<String> allOfA = new ArrayList<>();
    static String commissioned;
    static String shipped;
    static String packed;
    static String inspected;
    static String ofB;
    static Instant now;

    record Received(MultiMap headers, String body) {
    }

    static final List<Received> got = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void up() throws Exception {
        fx = new IssuerFixture("issuer_epcis_query_it");
        issuer = new IssuerServices(fx.ks.session(), fx.kek, new RedisInvalidations(fx.redis), fx.clock,
                fx.services.settings.withWebhooks(PRIVATE));
        HttpSettings http = new HttpSettings("127.0.0.1", 0, 1024 * 1024, Duration.ofSeconds(30), "http://127.0.0.1");
        server = IssuerRouter.api(fx.vertx, issuer, http).mount(IssuerRouter.trace(fx.vertx, issuer)::mount)
                .listen().await(10, TimeUnit.SECONDS);
        web = WebClient.create(fx.vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.actualPort()));
        receiver = fx.vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
            got.add(new Received(MultiMap.caseInsensitiveMultiMap().addAll(req.headers()), b.toString(StandardCharsets.UTF_8)));
            req.response().setStatusCode(200).end();
        })).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
        fx.services.keys.rotate(REGULATOR, null);
        fx.licensee("QA");
        fx.licensee("QB");
        Principal a = Principal.manufacturer("qa-1", "QA");
        Principal b = Principal.manufacturer("qb-1", "QB");
        makerA = fx.services.apiKeys.issue(a).toCompletableFuture().get();
        makerB = fx.services.apiKeys.issue(b).toCompletableFuture().get();
        regulator = fx.services.apiKeys.issue(REGULATOR).toCompletableFuture().get();
        officer = fx.services.apiKeys.issue(IssuerFixture.OFFICER).toCompletableFuture().get();
        batchA = order(a, fx.licensedProduct("QA"), 6, serialsA);
        batchB = order(b, fx.licensedProduct("QB"), 2, serialsB);
        fx.clock.advance(Duration.ofDays(4));
        now = fx.clock.instant();

        commissioned = capture(makerA, event("ObjectEvent", "ADD", "commissioning", "active", Duration.ofHours(10), "urn:markauth:loc:QA:rp1",
                "urn:markauth:loc:QA:site1").put("epcList", new JsonArray().add(a(0)).add(a(1))));
        shipped = capture(makerA, event("ObjectEvent", "OBSERVE", "urn:epcglobal:cbv:bizstep:shipping", "in_transit", Duration.ofHours(9),
                "urn:markauth:loc:QA:rp2", "urn:markauth:loc:QA:site1").put("epcList", new JsonArray().add(a(0)))
                .put("bizTransactionList", new JsonArray().add(new JsonObject().put("type", "po").put("bizTransaction", "urn:x:po:77"))));
        packed = capture(makerA, event("AggregationEvent", "ADD", "packing", null, Duration.ofHours(8), null, "urn:markauth:loc:QA:site1")
                .put("parentID", a(5)).put("childEPCs", new JsonArray().add(a(2)).add(a(3))));
        inspected = capture(makerA, event("ObjectEvent", "OBSERVE", "inspecting", "active", Duration.ofHours(30), null,
                "urn:markauth:loc:QA:site2").put("epcList", new JsonArray().add(a(4))));
        allOfA.addAll(List.of(commissioned, shipped, packed, inspected));
        for (int i = 0; i < 11; i++) {    // observations across three UTC days, for paging
            allOfA.add(capture(makerA, event("ObjectEvent", "OBSERVE", "storing", "sellable_accessible", Duration.ofHours(2 + 5L * i),
                    null, "urn:markauth:loc:QA:store").put("epcList", new JsonArray().add(a(1)))));
        }
        ofB = capture(makerB, event("ObjectEvent", "ADD", "commissioning", "active", Duration.ofHours(5), null, "urn:markauth:loc:QB:1")
                .put("epcList", new JsonArray().add(new UnitRef(batchB.batchId(), serialsB.get(0)).urn())));
        // an errorDeclaration as the capture branch records it (V020: declared_at/declared_reason/declaration on the declared row)
        fx.ks.session().execute("UPDATE epcis_events SET declared_at = ?, declared_by = ?, declared_reason = ?, declaration = ? "
                + "WHERE event_id = ?", now, "ni:///sha-256;00?ver=CBV2.0", "incorrect_data",
                new JsonObject().put("declarationTime", now.toString()).put("reason", "incorrect_data")
                        .put("correctiveEventIDs", new JsonArray().add("urn:uuid:corr-1")).encode(), inspected);
    }

    @AfterAll
    static void down() {
        receiver.close().await();
        server.close().await();
        fx.close();
    }

    static Batch order(Principal p, Product product, int n, List<Long> serials) throws Exception {
        Batch b = fx.services.batches.order(p, new BatchOrder(product.productId(), n, "LOT-Q", LocalDate.of(2026, 11, 1),
                LocalDate.of(2028, 11, 1), "LINE-Q", "q-" + product.productId())).batch();
        fx.services.batches.issue(b, c -> { for (long s : c.serials()) serials.add(s); }, (d, t) -> { });
        fx.services.activation.activateRange(p, b.batchId(), 1, n);
        return b;
    }

    static String a(int i) {
        return new UnitRef(batchA.batchId(), serialsA.get(i)).urn();
    }

    static JsonObject event(String type, String action, String bizStep, String disposition, Duration ago, String readPoint, String loc) {
        JsonObject e = new JsonObject().put("type", type).put("action", action)
                .put("eventTime", now.minus(ago).atOffset(ZoneOffset.ofHours(8)).toString()).put("eventTimeZoneOffset", "+08:00")
                .put("bizStep", bizStep).put("bizLocation", new JsonObject().put("id", loc));
        if (disposition != null) {
            e.put("disposition", disposition);
        }
        if (readPoint != null) {
            e.put("readPoint", new JsonObject().put("id", readPoint));
        }
        return e;
    }

    /** Captures one event; its eventID. */
    static String capture(String token, JsonObject event) throws Exception {
        HttpResponse<Buffer> r = send(HttpMethod.POST, "/api/v1/epcis/capture", token, EpcisDocuments.write(List.of(event), now));
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
        return r.bodyAsJsonObject().getJsonArray("recorded").getString(0);
    }

    static HttpResponse<Buffer> send(HttpMethod m, String path, String token, JsonObject body) throws Exception {
        var req = web.request(m, path).putHeader("Authorization", "Bearer " + token);
        return (body == null ? req.send() : req.sendJsonObject(body)).await(30, TimeUnit.SECONDS);
    }

    static HttpResponse<Buffer> get(String pathAndQuery, String token) throws Exception {
        return send(HttpMethod.GET, pathAndQuery, token, null);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static JsonArray events(HttpResponse<Buffer> r) {
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        return r.bodyAsJsonObject().getJsonObject("epcisBody").getJsonObject("queryResults").getJsonObject("resultsBody")
                .getJsonArray("eventList");
    }

    static Set<String> ids(String query, String token) throws Exception {
        Set<String> out = new HashSet<>();
        events(get("/api/v1/epcis/events?" + query, token)).forEach(o -> out.add(((JsonObject) o).getString("eventID")));
        return out;
    }

    @Test
    void answersAnEpcisQueryDocumentWithRecordTimeEventIdAndTheBindingsHeaders() throws Exception {
        HttpResponse<Buffer> r = get("/api/v1/epcis/events?EQ_eventID=" + enc(shipped), makerA);
        assertThat(r.getHeader("Content-Type")).isEqualTo("application/ld+json");
        assertThat(r.getHeader("GS1-EPCIS-Version")).isEqualTo("2.0.0");
        assertThat(r.getHeader("GS1-CBV-Version")).isEqualTo("2.0.0");
        JsonObject doc = r.bodyAsJsonObject();
        assertThat(doc.getString("type")).isEqualTo("EPCISQueryDocument");
        assertThat(doc.getString("schemaVersion")).isEqualTo("2.0");
        assertThat(doc.getJsonArray("@context").getString(0)).isEqualTo("https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld");
        assertThat(doc.getJsonObject("epcisBody").getJsonObject("queryResults").getString("queryName")).isEqualTo("SimpleEventQuery");
        JsonObject e = events(r).getJsonObject(0);
        assertThat(e.getString("eventID")).isEqualTo(shipped);
        assertThat(Instant.parse(e.getString("recordTime"))).isEqualTo(now.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(e.containsKey("errorDeclaration")).isFalse();
        JsonObject declared = events(get("/api/v1/epcis/events?EQ_eventID=" + enc(inspected), makerA)).getJsonObject(0);
        assertThat(declared.getJsonObject("errorDeclaration").getString("reason")).isEqualTo("incorrect_data");
        assertThat(declared.getJsonObject("errorDeclaration").getJsonArray("correctiveEventIDs")).containsExactly("urn:uuid:corr-1");
    }

    @Test
    void eachStandardParameterFilters() throws Exception {
        assertThat(ids("eventType=AggregationEvent", makerA)).containsExactly(packed);
        assertThat(ids("eventType=" + enc("AggregationEvent|ObjectEvent"), makerA)).containsExactlyInAnyOrderElementsOf(allOfA);
        assertThat(ids("EQ_action=ADD", makerA)).containsExactlyInAnyOrder(commissioned, packed);
        assertThat(ids("EQ_bizStep=shipping", makerA)).containsExactly(shipped);
        assertThat(ids("EQ_bizStep=" + enc("https://ref.gs1.org/cbv/BizStep-commissioning|urn:epcglobal:cbv:bizstep:packing"), makerA))
                .containsExactlyInAnyOrder(commissioned, packed);
        assertThat(ids("EQ_disposition=in_transit", makerA)).containsExactly(shipped);
        assertThat(ids("EQ_readPoint=" + enc("urn:markauth:loc:QA:rp1"), makerA)).containsExactly(commissioned);
        assertThat(ids("WD_readPoint=" + enc("urn:markauth:loc:QA:rp2"), makerA)).containsExactly(shipped);
        assertThat(ids("EQ_bizLocation=" + enc("urn:markauth:loc:QA:site2"), makerA)).containsExactly(inspected);
        assertThat(ids("MATCH_epc=" + enc(a(0)), makerA)).containsExactlyInAnyOrder(commissioned, shipped);
        assertThat(ids("MATCH_epc=" + enc(a(2)), makerA)).containsExactly(packed);          // childEPCs count for MATCH_epc
        assertThat(ids("MATCH_parentID=" + enc(a(5)), makerA)).containsExactly(packed);
        assertThat(ids("MATCH_anyEPC=" + enc(a(5) + "|" + a(4)), makerA)).containsExactlyInAnyOrder(packed, inspected);
        assertThat(ids("MATCH_epc=" + enc("urn:markauth:mark:" + batchA.batchId() + ":*"), makerA))
                .containsExactlyInAnyOrderElementsOf(allOfA);                               // the batch is the class
        assertThat(ids("MATCH_epc=" + enc("urn:epc:idpat:sgtin:0614141.107346.*"), makerA)).isEmpty();
        assertThat(ids("EQ_eventID=" + enc(commissioned + "|" + ofB), makerA)).containsExactly(commissioned);
        assertThat(ids("EXISTS_errorDeclaration=true", makerA)).containsExactly(inspected);
        assertThat(ids("EQ_errorReason=incorrect_data", makerA)).containsExactly(inspected);
        assertThat(ids("EQ_correctiveEventID=" + enc("urn:uuid:corr-1"), makerA)).containsExactly(inspected);
        assertThat(ids("EQ_bizTransaction_po=" + enc("urn:x:po:77"), makerA)).containsExactly(shipped);
        assertThat(ids("EQ_bizTransaction_po=" + enc("urn:x:po:78"), makerA)).isEmpty();
        Instant t = now.minus(Duration.ofHours(9));
        assertThat(ids("GE_eventTime=" + enc(t.minusMillis(1).toString()) + "&LT_eventTime=" + enc(t.plusMillis(1).toString()), makerA))
                .containsExactly(shipped);
        // times are kept to the millisecond (Cassandra's timestamp): the bound is the stored time
        assertThat(ids("GE_eventTime=" + enc(now.minus(Duration.ofHours(10)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString())
                + "&EQ_bizLocation="
                + enc("urn:markauth:loc:QA:site1"), makerA)).containsExactlyInAnyOrder(commissioned, shipped, packed);
        Instant recorded = now.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        assertThat(ids("GE_recordTime=" + enc(recorded.toString()) + "&LT_recordTime=" + enc(recorded.plusMillis(1).toString()), makerA))
                .containsExactlyInAnyOrderElementsOf(allOfA);
        assertThat(ids("LT_recordTime=" + enc(recorded.toString()), makerA)).isEmpty();
        // ordered extremal query: the latest event (eventTime DESC, first 1)
        JsonArray latest = events(get("/api/v1/epcis/events?orderBy=eventTime&eventCountLimit=1", makerA));
        assertThat(latest).hasSize(1);
        assertThat(latest.getJsonObject(0).getString("eventID")).isEqualTo(allOfA.get(4));   // 2 h ago
        JsonArray oldest = events(get("/api/v1/epcis/events?orderBy=eventTime&orderDirection=ASC&eventCountLimit=1", makerA));
        assertThat(Instant.parse(oldest.getJsonObject(0).getString("eventTime"))).isEqualTo(now.minus(Duration.ofHours(52)));
        assertThat(ids("eventType=ObjectEvent&maxEventCount=20&EQ_bizStep=storing", makerA)).hasSize(11);
        HttpResponse<Buffer> tooMany = get("/api/v1/epcis/events?maxEventCount=3", makerA);
        assertThat(tooMany.statusCode()).isEqualTo(413);
        assertThat(tooMany.bodyAsJsonObject().getString("error")).isEqualTo("QUERY_TOO_LARGE");
    }

    @Test
    void theResourceRoutesAreTheEventsQueryWithTheirValue() throws Exception {
        assertThat(events(get("/api/v1/epcis/eventTypes/AggregationEvent/events", makerA))).hasSize(1);
        assertThat(events(get("/api/v1/epcis/bizSteps/shipping/events", makerA)).getJsonObject(0).getString("eventID")).isEqualTo(shipped);
        assertThat(events(get("/api/v1/epcis/dispositions/in_transit/events", makerA))).hasSize(1);
        assertThat(events(get("/api/v1/epcis/bizLocations/" + enc("urn:markauth:loc:QA:site2") + "/events", makerA))).hasSize(1);
        assertThat(events(get("/api/v1/epcis/readPoints/" + enc("urn:markauth:loc:QA:rp1") + "/events", makerA))).hasSize(1);
        Set<String> ofA0 = new HashSet<>();
        events(get("/api/v1/epcis/epcs/" + enc(a(0)) + "/events", makerA)).forEach(o -> ofA0.add(((JsonObject) o).getString("eventID")));
        assertThat(ofA0).containsExactlyInAnyOrder(commissioned, shipped);
        assertThat(events(get("/api/v1/epcis/epcs/" + enc(a(0)) + "/events", makerB))).isEmpty();   // not B's events
        assertThat(events(get("/api/v1/epcis/epcs/" + enc("urn:epc:id:sgtin:0614141.107346.2017") + "/events", makerA))).isEmpty();
        JsonObject types = get("/api/v1/epcis/eventTypes", makerA).bodyAsJsonObject();
        assertThat(types.getString("type")).isEqualTo("Collection");
        assertThat(types.getJsonArray("member")).contains("ObjectEvent", "AggregationEvent", "TransformationEvent");
        assertThat(get("/api/v1/epcis/bizSteps", makerA).bodyAsJsonObject().getJsonArray("member")).contains("shipping", "receiving");
        assertThat(get("/api/v1/epcis/dispositions", makerA).bodyAsJsonObject().getJsonArray("member")).contains("in_transit");
        assertThat(get("/api/v1/epcis/bizLocations", makerA).bodyAsJsonObject().getJsonArray("member"))
                .containsExactly("urn:markauth:loc:QA:site1", "urn:markauth:loc:QA:site2", "urn:markauth:loc:QA:store");
        assertThat(get("/api/v1/epcis/readPoints", makerB).bodyAsJsonObject().getJsonArray("member")).isEmpty();
    }

    static final Pattern NEXT = Pattern.compile("<([^>]+)>; rel=\"next\"");

    @Test
    void pagesWalkEveryEventOnceFollowingTheNextLink() throws Exception {
        for (String order : List.of("", "&orderBy=eventTime", "&orderBy=eventTime&orderDirection=ASC", "&orderBy=recordTime")) {
            List<String> seen = new ArrayList<>();
            String url = "/api/v1/epcis/events?perPage=2&MATCH_epc=" + enc("urn:markauth:mark:" + batchA.batchId() + ":*") + order;
            int pages = 0;
            while (url != null) {
                HttpResponse<Buffer> r = get(url, makerA);
                events(r).forEach(o -> seen.add(((JsonObject) o).getString("eventID")));
                String link = r.getHeader("Link");
                Matcher m = link == null ? null : NEXT.matcher(link);
                url = m != null && m.find() ? m.group(1) : null;
                assertThat(++pages).isLessThan(20);
            }
            assertThat(seen).as("order " + order).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(allOfA);
            assertThat(pages).isGreaterThanOrEqualTo(8);
        }
        // a token belongs to its query
        HttpResponse<Buffer> first = get("/api/v1/epcis/events?perPage=2", makerA);
        Matcher m = NEXT.matcher(first.getHeader("Link"));
        assertThat(m.find()).isTrue();
        String token = m.group(1).replaceAll(".*nextPageToken=", "");
        HttpResponse<Buffer> other = get("/api/v1/epcis/events?perPage=2&EQ_action=ADD&nextPageToken=" + token, makerA);
        assertThat(other.statusCode()).isEqualTo(400);
        assertThat(other.bodyAsJsonObject().getString("message")).contains("nextPageToken");
        // a forged token (plain base64 JSON) asking for "-1 events left" cannot unbound the page
        JsonObject forged = new JsonObject(new String(java.util.Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8))
                .put("r", -1);
        String bad = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(forged.encode().getBytes(StandardCharsets.UTF_8));
        assertThat(get("/api/v1/epcis/events?perPage=2&nextPageToken=" + bad, makerA).statusCode()).isEqualTo(400);
    }

    @Test
    void aManufacturerReadsItsLicenseesEventsTheRegulatorAndOfficersAll() throws Exception {
        assertThat(ids("", makerB)).containsExactly(ofB);
        assertThat(ids("EQ_eventID=" + enc(commissioned), makerB)).isEmpty();
        assertThat(ids("perPage=100", regulator)).containsAll(allOfA).contains(ofB);
        assertThat(ids("perPage=100", officer)).containsAll(allOfA).contains(ofB);
        // the legacy export parameters keep working, with the same rule
        JsonObject legacy = get("/api/v1/epcis/events?from=" + LocalDate.ofInstant(now.minus(Duration.ofDays(3)), ZoneOffset.UTC)
                + "&to=" + LocalDate.ofInstant(now, ZoneOffset.UTC), makerB).bodyAsJsonObject();
        assertThat(legacy.getString("type")).isEqualTo("EPCISDocument");
        assertThat(legacy.getJsonObject("epcisBody").getJsonArray("eventList")).hasSize(1);
        JsonObject unit = get("/api/v1/epcis/events?epc=" + enc(a(0)), regulator).bodyAsJsonObject();
        assertThat(unit.getJsonObject("epcisBody").getJsonArray("eventList")).hasSize(2);
        assertThat(get("/api/v1/epcis/events?licensee=QB&from=" + LocalDate.ofInstant(now.minus(Duration.ofDays(3)), ZoneOffset.UTC)
                + "&to=" + LocalDate.ofInstant(now, ZoneOffset.UTC), regulator).bodyAsJsonObject().getJsonObject("epcisBody")
                .getJsonArray("eventList")).hasSize(1);
    }

    @Test
    void badParametersAre400sNamingTheParameter() throws Exception {
        for (String[] c : new String[][] {
                {"foo=1", "QUERY_PARAMETER_UNSUPPORTED", "foo"},
                {"EQ_quantity=3", "QUERY_PARAMETER_UNSUPPORTED", "EQ_quantity"},
                {"EQ_INNER_bizStep=x", "QUERY_PARAMETER_UNSUPPORTED", "EQ_INNER_bizStep"},
                {"GE_eventTime=yesterday", "QUERY_PARAMETER_INVALID", "GE_eventTime"},
                {"EQ_action=SELL", "QUERY_PARAMETER_INVALID", "EQ_action"},
                {"orderBy=quantity", "QUERY_PARAMETER_INVALID", "orderBy"},
                {"orderDirection=ASC", "QUERY_PARAMETER_INVALID", "orderDirection"},
                {"eventCountLimit=3", "QUERY_PARAMETER_INVALID", "eventCountLimit"},
                {"orderBy=eventTime&eventCountLimit=3&maxEventCount=3", "QUERY_PARAMETER_INVALID", "eventCountLimit"},
                {"perPage=0", "QUERY_PARAMETER_INVALID", "perPage"},
                {"perPage=5000", "QUERY_PARAMETER_INVALID", "perPage"},
                {"perPage=ten", "QUERY_PARAMETER_INVALID", "perPage"},
                {"nextPageToken=not-a-token", "QUERY_PARAMETER_INVALID", "nextPageToken"},
                {"GE_eventTime=2020-01-01T00:00:00Z", "QUERY_WINDOW_TOO_LONG", "366"},
                {"EXISTS_errorDeclaration=maybe", "QUERY_PARAMETER_INVALID", "EXISTS_errorDeclaration"},
                {"MATCH_epc=" + enc("urn:markauth:mark:x:*"), "QUERY_PARAMETER_INVALID", "MATCH_epc"}}) {
            HttpResponse<Buffer> r = get("/api/v1/epcis/events?" + c[0], makerA);
            assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
            assertThat(r.bodyAsJsonObject().getString("error")).as(c[0]).isEqualTo(c[1]);
            assertThat(r.bodyAsJsonObject().getString("message")).as(c[0]).contains(c[2]);
        }
        assertThat(get("/api/v1/epcis/events", null).statusCode()).isEqualTo(401);
    }

    @Test
    void namedQueriesBelongToTheirParty() throws Exception {
        JsonObject q = new JsonObject().put("name", "shipped-a").put("query", new JsonObject()
                .put("eventType", new JsonArray().add("ObjectEvent")).put("EQ_bizStep", new JsonArray().add("shipping")));
        HttpResponse<Buffer> created = send(HttpMethod.POST, "/api/v1/epcis/queries", makerA, q);
        assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
        assertThat(created.getHeader("Location")).isEqualTo("/api/v1/epcis/queries/shipped-a");
        assertThat(send(HttpMethod.POST, "/api/v1/epcis/queries", makerA, q).statusCode()).isEqualTo(409);
        assertThat(send(HttpMethod.POST, "/api/v1/epcis/queries", makerB, q).statusCode()).isEqualTo(201);    // B's own namespace
        assertThat(send(HttpMethod.POST, "/api/v1/epcis/queries", officer, q).statusCode()).isEqualTo(403);
        JsonObject bad = new JsonObject().put("name", "bad").put("query", new JsonObject().put("EQ_colour", new JsonArray().add("red")));
        HttpResponse<Buffer> refused = send(HttpMethod.POST, "/api/v1/epcis/queries", makerA, bad);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.bodyAsJsonObject().getString("message")).contains("EQ_colour");
        assertThat(send(HttpMethod.POST, "/api/v1/epcis/queries", makerA, new JsonObject().put("name", "../x")
                .put("query", new JsonObject())).statusCode()).isEqualTo(400);

        assertThat(get("/api/v1/epcis/queries/shipped-a", makerA).bodyAsJsonObject().getJsonObject("query").getJsonArray("EQ_bizStep"))
                .containsExactly("shipping");
        assertThat(get("/api/v1/epcis/queries", makerA).bodyAsJsonArray()).hasSize(1);
        HttpResponse<Buffer> results = get("/api/v1/epcis/queries/shipped-a/events", makerA);
        assertThat(events(results).getJsonObject(0).getString("eventID")).isEqualTo(shipped);
        assertThat(results.bodyAsJsonObject().getJsonObject("epcisBody").getJsonObject("queryResults").getString("queryName"))
                .isEqualTo("shipped-a");
        assertThat(events(get("/api/v1/epcis/queries/shipped-a/events", makerB))).isEmpty();   // B's query of that name: B's events
        assertThat(get("/api/v1/epcis/queries/shipped-a/events?EQ_action=ADD", makerA).statusCode()).isEqualTo(400);

        send(HttpMethod.DELETE, "/api/v1/epcis/queries/shipped-a", makerB, null);
        assertThat(get("/api/v1/epcis/queries/shipped-a", makerB).statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/epcis/queries/shipped-a", makerA).statusCode()).isEqualTo(200);   // B's delete left A's
        assertThat(get("/api/v1/epcis/queries/shipped-a", regulator).statusCode()).isEqualTo(404);
        assertThat(send(HttpMethod.DELETE, "/api/v1/epcis/queries/shipped-a", makerA, null).statusCode()).isEqualTo(204);
        assertThat(get("/api/v1/epcis/queries/shipped-a", makerA).statusCode()).isEqualTo(404);
        assertThat(send(HttpMethod.DELETE, "/api/v1/epcis/queries/shipped-a", makerA, null).statusCode()).isEqualTo(404);
    }

    @Test
    @Order(Integer.MAX_VALUE)       // last: it captures more events and moves the clock
    void aStreamSubscriptionDeliversNewlyCapturedEventsSignedAndAScheduledOneFires() throws Exception {
        assertThat(send(HttpMethod.POST, "/api/v1/epcis/queries", makerA, new JsonObject().put("name", "sold")
                .put("query", new JsonObject().put("EQ_bizStep", new JsonArray().add("retail_selling")))).statusCode()).isEqualTo(201);
        String dest = "http://127.0.0.1:" + receiver.actualPort() + "/cb";
        String secret = "13df38d8275b13f05704629e5f1cf3d45d6132d5";
        // controls the binding refuses
        for (JsonObject wrong : List.of(new JsonObject().put("dest", dest), new JsonObject().put("dest", dest).put("stream", true)
                .put("schedule", new JsonObject().put("minute", "5")), new JsonObject().put("dest", dest)
                .put("schedule", new JsonObject().put("minute", "61")), new JsonObject().put("dest", "ftp://x/y").put("stream", true))) {
            HttpResponse<Buffer> r = send(HttpMethod.POST, "/api/v1/epcis/queries/sold/subscriptions", makerA, wrong);
            assertThat(r.statusCode()).as(wrong.encode() + " " + r.bodyAsString()).isEqualTo(400);
        }
        HttpResponse<Buffer> sub = send(HttpMethod.POST, "/api/v1/epcis/queries/sold/subscriptions", makerA,
                new JsonObject().put("dest", dest).put("signatureToken", secret).put("stream", true));
        assertThat(sub.statusCode()).as(sub.bodyAsString()).isEqualTo(201);
        String id = sub.bodyAsJsonObject().getString("subscriptionID");
        assertThat(sub.getHeader("Location")).isEqualTo("/api/v1/epcis/queries/sold/subscriptions/" + id);
        assertThat(sub.bodyAsJsonObject().containsKey("signatureToken")).isFalse();
        assertThat(get("/api/v1/epcis/queries/sold/subscriptions/" + id, makerB).statusCode()).isEqualTo(404);
        assertThat(send(HttpMethod.DELETE, "/api/v1/epcis/queries/sold/subscriptions/" + id, makerB, null).statusCode()).isEqualTo(404);
        HttpResponse<Buffer> sched = send(HttpMethod.POST, "/api/v1/epcis/queries/sold/subscriptions", makerA,
                new JsonObject().put("dest", dest + "-sched").put("reportIfEmpty", true).put("schedule", new JsonObject().put("second", "0")));
        assertThat(sched.statusCode()).as(sched.bodyAsString()).isEqualTo(201);
        assertThat(get("/api/v1/epcis/queries/sold/subscriptions", makerA).bodyAsJsonArray()).hasSize(2);

        fx.clock.advance(Duration.ofSeconds(1));
        String sold = capture(makerA, event("ObjectEvent", "OBSERVE", "retail_selling", "retail_sold", Duration.ofMinutes(1), null,
                "urn:markauth:loc:QA:shop").put("epcList", new JsonArray().add(a(1))));
        capture(makerA, event("ObjectEvent", "OBSERVE", "storing", "sellable_accessible", Duration.ofMinutes(1), null,
                "urn:markauth:loc:QA:shop").put("epcList", new JsonArray().add(a(3))));   // does not match the query
        fx.clock.advance(Duration.ofSeconds(61));
        SubscriptionDispatcher one = new SubscriptionDispatcher(fx.vertx, issuer.subscriptions, issuer.namedQueries, issuer.epcisQuery,
                issuer.meters, "it-one");
        SubscriptionDispatcher two = new SubscriptionDispatcher(fx.vertx, issuer.subscriptions, issuer.namedQueries, issuer.epcisQuery,
                issuer.meters, "it-two");
        try {
            int sent = io.vertx.core.Future.all(one.pass(), two.pass()).map(c -> c.<Integer>resultAt(0) + c.<Integer>resultAt(1))
                    .await(30, TimeUnit.SECONDS);
            assertThat(sent).isEqualTo(2);        // each subscription once, though two instances ran
            Received stream = got.stream().filter(g -> !g.body().contains("\"subscriptionID\":\"" + id + "\"") ? false : true)
                    .findFirst().orElseThrow();
            JsonObject doc = new JsonObject(stream.body());
            JsonArray list = doc.getJsonObject("epcisBody").getJsonObject("queryResults").getJsonObject("resultsBody").getJsonArray("eventList");
            assertThat(list).hasSize(1);
            assertThat(list.getJsonObject(0).getString("eventID")).isEqualTo(sold);
            String sig = stream.headers().get("GS1-Signature");
            long t = Long.parseLong(sig.substring(2, sig.indexOf(',')));
            assertThat(sig).isEqualTo("t=" + t + ",v1=" + Dispatcher.sign(secret.getBytes(StandardCharsets.UTF_8), t, stream.body()));
            assertThat(stream.headers().get("GS1-EPCIS-Version")).isEqualTo("2.0.0");
            Received scheduled = got.stream().filter(g -> g != stream).findFirst().orElseThrow();
            assertThat(scheduled.headers().get("GS1-Signature")).isNull();          // no signatureToken given
            assertThat(new JsonObject(scheduled.body()).getJsonObject("epcisBody").getJsonObject("queryResults")
                    .getJsonObject("resultsBody").getJsonArray("eventList")).hasSize(1);

            // nothing new: the stream sends nothing (the schedule may fire again, empty, at its next second 0)
            got.clear();
            fx.clock.advance(Duration.ofSeconds(5));
            one.pass().await(30, TimeUnit.SECONDS);
            assertThat(got).noneMatch(g -> g.body().contains(id));
            assertThat(get("/api/v1/epcis/queries/sold/subscriptions/" + id, makerA).bodyAsJsonObject().getString("lastNotifiedAt"))
                    .isNotNull();
        } finally {
            one.stop();
            two.stop();
        }
        assertThat(send(HttpMethod.DELETE, "/api/v1/epcis/queries/sold/subscriptions/" + id, makerA, null).statusCode()).isEqualTo(204);
        assertThat(send(HttpMethod.DELETE, "/api/v1/epcis/queries/sold", makerA, null).statusCode()).isEqualTo(204);
        assertThat(get("/api/v1/epcis/queries/sold/subscriptions", makerA).statusCode()).isEqualTo(404);
    }
}

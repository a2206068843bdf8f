package org.markauth.issuer.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.markauth.issuer.IssuerFixture.REGULATOR;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.access.Principal;
import org.markauth.config.HttpSettings;
import org.markauth.issuer.IssuerFixture;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.batch.BatchOrder;
import org.markauth.issuer.app.IssuerRouter;
import org.markauth.issuer.registry.Product;

/** The trace and recall routes mounted on the issuer's real HTTP API, with real API keys. */
class TraceApiIT {

    static IssuerFixture fx;
    static HttpServer server;
    static WebClient web;
    static String maker;
    static String regulator;
    static String shop;
    static Batch batch;
    static List<Long> serials = new ArrayList<>();

    @BeforeAll
    static void up() throws Exception {
        fx = new IssuerFixture("issuer_trace_api_it");
        HttpSettings http = new HttpSettings("127.0.0.1", 0, 1024 * 1024, Duration.ofSeconds(30), "http://127.0.0.1");
        server = IssuerRouter.api(fx.vertx, fx.services, http).mount(IssuerRouter.trace(fx.vertx, fx.services)::mount)
                .listen().await(10, TimeUnit.SECONDS);
        web = WebClient.create(fx.vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.actualPort()));
        Principal makerP = Principal.manufacturer("line-1", "HMAKER");
        maker = fx.services.apiKeys.issue(makerP).toCompletableFuture().get();
        regulator = fx.services.apiKeys.issue(REGULATOR).toCompletableFuture().get();
        shop = fx.services.apiKeys.issue(Principal.manufacturer("till-1", "HSHOP")).toCompletableFuture().get();
        fx.services.keys.rotate(REGULATOR, null);
        fx.licensee("HMAKER");
        fx.licensee("HSHOP");
        Product p = fx.licensedProduct("HMAKER");
        batch = fx.services.batches.order(makerP, new BatchOrder(p.productId(), 3, "LOT-H", LocalDate.of(2026, 11, 1),
                LocalDate.of(2028, 11, 1), "LINE-H", "http-1")).batch();
        fx.services.batches.issue(batch, c -> { for (long s : c.serials()) serials.add(s); }, (d, t) -> { });
        fx.services.activation.activateRange(makerP, batch.batchId(), 1, 3);
        fx.clock.advance(Duration.ofDays(2));
    }

    @AfterAll
    static void down() {
        server.close().await();
        fx.close();
    }

    static HttpResponse<Buffer> send(HttpMethod m, String path, String token, JsonObject body) throws Exception {
        var req = web.request(m, path).putHeader("Authorization", "Bearer " + token);
        return (body == null ? req.send() : req.sendJsonObject(body)).await(30, TimeUnit.SECONDS);
    }

    static String urn(int i) {
        return new UnitRef(batch.batchId(), serials.get(i)).urn();
    }

    static JsonObject event(String bizStep, String disposition, Duration ago, String loc, String... epcs) {
        return new JsonObject().put("type", "ObjectEvent")
                .put("eventTime", fx.services.clock.instant().minus(ago).atOffset(ZoneOffset.ofHours(8)).toString())
                .put("eventTimeZoneOffset", "+08:00").put("epcList", new JsonArray(List.of(epcs))).put("action", "OBSERVE")
                .put("bizStep", bizStep).put("disposition", disposition).put("bizLocation", new JsonObject().put("id", loc));
    }

    @Test
    void capturesExportsTracesAndRecallsOverHttp() throws Exception {
        JsonObject doc = EpcisDocuments.write(List.of(event("commissioning", "active", Duration.ofHours(5), "urn:markauth:loc:HMAKER:1",
                urn(0), urn(1)), event("shipping", "in_transit", Duration.ofHours(4), "urn:markauth:loc:HMAKER:1", urn(0))
                .put("destinationList", new JsonArray().add(new JsonObject().put("type", "location")
                        .put("destination", "urn:markauth:loc:HSHOP:9")))), Instant.now());
        HttpResponse<Buffer> first = send(HttpMethod.POST, "/api/v1/epcis/capture", maker, doc);
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(first.bodyAsJsonObject().getJsonArray("recorded")).hasSize(2);
        assertThat(first.bodyAsJsonObject().getJsonArray("hashes")).hasSize(2);
        assertThat(send(HttpMethod.POST, "/api/v1/epcis/capture", maker, doc).bodyAsJsonObject().getJsonArray("duplicates")).hasSize(2);

        // the shop is not a partner yet: atomic refuses the whole document with the reason
        JsonObject sale = EpcisDocuments.write(List.of(event("retail_selling", "retail_sold", Duration.ofHours(1),
                "urn:markauth:loc:HSHOP:9", urn(0))), Instant.now());
        HttpResponse<Buffer> refused = send(HttpMethod.POST, "/api/v1/epcis/capture", shop, sale);
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.bodyAsJsonObject().getJsonArray("rejected").getJsonObject(0).getString("code")).isEqualTo("NOT_YOUR_MARK");
        assertThat(send(HttpMethod.POST, "/api/v1/licensees/HMAKER/partners", maker, new JsonObject().put("partnerId", "HSHOP")
                .put("role", "RETAILER").put("validFrom", "next week")).bodyAsJsonObject().getString("error")).isEqualTo("BAD_REQUEST");
        HttpResponse<Buffer> declared = send(HttpMethod.POST, "/api/v1/licensees/HMAKER/partners", maker, new JsonObject()
                .put("partnerId", "HSHOP").put("role", "RETAILER").put("validFrom", at(Duration.ofDays(1))));
        assertThat(declared.statusCode()).isEqualTo(201);
        assertThat(declared.bodyAsJsonObject().getString("status")).isEqualTo("ACTIVE");
        // a partner now, but it has not received the unit: selling it is refused, the unit stays as it was
        HttpResponse<Buffer> notHeld = send(HttpMethod.POST, "/api/v1/epcis/capture", shop, sale);
        assertThat(notHeld.statusCode()).isEqualTo(422);
        assertThat(notHeld.bodyAsJsonObject().getJsonArray("rejected").getJsonObject(0).getString("code")).isEqualTo("NOT_IN_CUSTODY");
        JsonObject received = EpcisDocuments.write(List.of(event("receiving", "sellable_accessible", Duration.ofHours(2),
                "urn:markauth:loc:HSHOP:9", urn(0)), event("retail_selling", "retail_sold", Duration.ofHours(1),
                "urn:markauth:loc:HSHOP:9", urn(0))), Instant.now());
        assertThat(send(HttpMethod.POST, "/api/v1/epcis/capture?mode=partial", shop, received).statusCode()).isEqualTo(201);

        JsonObject trace = send(HttpMethod.GET, "/api/v1/trace?epc=" + urn(0), maker, null).bodyAsJsonObject();
        assertThat(trace.getJsonArray("path")).hasSize(4);
        // each step carries the event in full: the shipment's destination, its hash, its recordTime
        JsonObject shipped = trace.getJsonArray("path").getJsonObject(1);
        assertThat(shipped.getString("bizStep")).isEqualTo("shipping");
        assertThat(shipped.getString("eventHash")).startsWith("ni:///sha-256;");
        assertThat(shipped.getValue("declared")).isNull();
        assertThat(shipped.getJsonObject("event").getJsonArray("destinationList").getJsonObject(0).getString("destination"))
                .isEqualTo("urn:markauth:loc:HSHOP:9");
        assertThat(shipped.getJsonObject("event").getString("recordTime")).isNotNull();
        assertThat(trace.getString("holder")).isEqualTo("consumer (sold by HSHOP)");
        assertThat(send(HttpMethod.GET, "/api/v1/trace?epc=" + urn(0), shop, null).statusCode()).isEqualTo(404);     // as a missing mark
        HttpResponse<Buffer> malformed = send(HttpMethod.GET, "/api/v1/trace?epc=urn:markauth:mark:12:xyz", maker, null);
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.bodyAsJsonObject().getString("error")).isEqualTo("MALFORMED_EPC");

        JsonObject exported = send(HttpMethod.GET, "/api/v1/epcis/events?epc=" + urn(0), regulator, null).bodyAsJsonObject();
        assertThat(exported.getJsonObject("epcisBody").getJsonArray("eventList")).hasSize(4);

        HttpResponse<Buffer> recalled = send(HttpMethod.POST, "/api/v1/recalls", regulator, new JsonObject()
                .put("batchId", batch.batchId()).put("reason", "mislabelled").put("notice", "Return to the shop."));
        assertThat(recalled.statusCode()).isEqualTo(201);
        String id = recalled.bodyAsJsonObject().getString("recallId");
        JsonObject report = send(HttpMethod.GET, "/api/v1/recalls/" + id, maker, null).bodyAsJsonObject();
        assertThat(report.getJsonArray("batches").getJsonObject(0).getJsonArray("lastLocations").getJsonObject(0).getString("location"))
                .isEqualTo("urn:markauth:loc:HSHOP:9");
        assertThat(send(HttpMethod.GET, "/api/v1/trace?epc=" + urn(1), maker, null).bodyAsJsonObject().getString("state"))
                .isEqualTo("recalled");
    }

    @Test
    void aPartnershipIsWithdrawnOverHttpByItsLicenseeWithAReason() throws Exception {
        fx.licensee("HDEPOT");
        String depot = fx.services.apiKeys.issue(Principal.manufacturer("dock-7", "HDEPOT")).toCompletableFuture().get();
        assertThat(send(HttpMethod.POST, "/api/v1/licensees/HMAKER/partners", regulator, new JsonObject().put("partnerId", "HDEPOT")
                .put("role", "DISTRIBUTOR").put("validFrom", at(Duration.ofDays(1)))).statusCode()).isEqualTo(201);
        String path = "/api/v1/licensees/HMAKER/partners/HDEPOT/withdraw";
        // a non-string id was a ClassCastException, a 500
        assertThat(send(HttpMethod.POST, "/api/v1/licensees/HMAKER/partners", maker, new JsonObject().put("partnerId", 42)
                .put("role", "RETAILER")).statusCode()).isEqualTo(400);

        assertThat(send(HttpMethod.POST, path, depot, new JsonObject().put("reason", "x")).statusCode()).isEqualTo(403);
        assertThat(send(HttpMethod.POST, path, maker, new JsonObject()).statusCode()).isEqualTo(400);
        HttpResponse<Buffer> notText = send(HttpMethod.POST, path, maker, new JsonObject().put("reason", 42));
        assertThat(notText.statusCode()).isEqualTo(400);
        assertThat(notText.bodyAsJsonObject().getString("message")).isEqualTo("reason must be a string");
        assertThat(send(HttpMethod.POST, "/api/v1/licensees/HMAKER/partners/NOBODY/withdraw", maker,
                new JsonObject().put("reason", "x")).statusCode()).isEqualTo(404);
        HttpResponse<Buffer> withdrawn = send(HttpMethod.POST, path, maker, new JsonObject().put("reason", "depot closed"));
        assertThat(withdrawn.statusCode()).isEqualTo(200);
        assertThat(withdrawn.bodyAsJsonObject().getString("status")).isEqualTo("WITHDRAWN");
        assertThat(withdrawn.bodyAsJsonObject().getString("withdrawnReason")).isEqualTo("depot closed");
        HttpResponse<Buffer> again = send(HttpMethod.POST, path, regulator, new JsonObject().put("reason", "again"));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.bodyAsJsonObject().getString("error")).isEqualTo("ALREADY_WITHDRAWN");

        JsonObject destroy = EpcisDocuments.write(List.of(event("destroying", "destroyed", Duration.ofHours(1),
                "urn:markauth:loc:HDEPOT:1", urn(2))), Instant.now());
        HttpResponse<Buffer> ended = send(HttpMethod.POST, "/api/v1/epcis/capture", depot, destroy);
        assertThat(ended.statusCode()).isEqualTo(422);
        assertThat(ended.bodyAsJsonObject().getJsonArray("rejected").getJsonObject(0).getString("code")).isEqualTo("PARTNERSHIP_ENDED");
        JsonObject list = send(HttpMethod.GET, "/api/v1/licensees/HMAKER/partners", maker, null).bodyAsJsonObject();
        assertThat(list.getJsonArray("partners").stream().map(JsonObject.class::cast)
                .filter(x -> "HDEPOT".equals(x.getString("partnerId"))).map(x -> x.getString("status"))).containsExactly("WITHDRAWN");
    }

    @Test
    void aCaptureThatIsNoEpcisDocumentOrNamesNoUriIsA4xx() throws Exception {
        HttpResponse<Buffer> array = web.request(HttpMethod.POST, "/api/v1/epcis/capture").putHeader("Authorization", "Bearer " + maker)
                .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("[{\"type\": \"EPCISDocument\"}]"))
                .await(30, TimeUnit.SECONDS);
        assertThat(array.statusCode()).isEqualTo(400);
        assertThat(array.bodyAsJsonObject().getString("error")).isEqualTo("NOT_A_JSON_OBJECT");
        JsonObject notUri = EpcisDocuments.write(List.of(event("inspecting", null, Duration.ofHours(1), "plant 1", urn(1))),
                Instant.now());
        HttpResponse<Buffer> refused = send(HttpMethod.POST, "/api/v1/epcis/capture", maker, notUri);
        assertThat(refused.statusCode()).isEqualTo(422);
        JsonObject why = refused.bodyAsJsonObject().getJsonArray("rejected").getJsonObject(0);
        assertThat(why.getString("code")).isEqualTo("MALFORMED_EVENT");
        assertThat(why.getString("message")).contains("bizLocation id must be a URI");
    }

    static String at(Duration ago) {
        return fx.services.clock.instant().minus(ago).atOffset(ZoneOffset.ofHours(8)).toString();
    }
}

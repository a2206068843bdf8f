package org.markauth.issuer.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.markauth.issuer.IssuerFixture.REGULATOR;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.access.Principal;
import org.markauth.config.HttpSettings;
import org.markauth.issuer.IssuerFixture;
import org.markauth.issuer.app.IssuerRouter;
import org.markauth.issuer.audit.AuditEntry;

/**
 * An officer's area over the issuer API: the regulator sets and reads it, the change is audited;
 * the officer reads only its own and sets none; a manufacturer neither; a user without an officer
 * key has no area to set; names that are not regions are refused.
 */
class OfficerAreasIT {

    static IssuerFixture fx;
    static HttpServer server;
    static WebClient web;
    static String regulator;
    static String officer;
    static String otherOfficer;
    static String maker;

    @BeforeAll
    static void up() throws Exception {
        fx = new IssuerFixture("issuer_areas_it");
        HttpSettings http = new HttpSettings("127.0.0.1", 0, 64 * 1024, Duration.ofSeconds(30), "http://127.0.0.1");
        server = IssuerRouter.api(fx.vertx, fx.services, http).listen().await(10, TimeUnit.SECONDS);
        web = WebClient.create(fx.vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.actualPort()));
        regulator = fx.services.apiKeys.issue(REGULATOR).toCompletableFuture().get();
        officer = fx.services.apiKeys.issue(Principal.officer("area-officer")).toCompletableFuture().get();
        otherOfficer = fx.services.apiKeys.issue(Principal.officer("area-officer-2")).toCompletableFuture().get();
        maker = fx.services.apiKeys.issue(Principal.manufacturer("line-a", "AREA")).toCompletableFuture().get();
    }

    @AfterAll
    static void down() {
        server.close().await();
        fx.close();
    }

    static HttpResponse<Buffer> send(String method, String path, String token, JsonObject body) throws Exception {
        return org.markauth.issuer.http.ApiRequests.send(web, method, path, token, body);
    }

    static JsonObject regions(String... r) {
        return new JsonObject().put("regions", new JsonArray(java.util.List.of((Object[]) r)));
    }

    @Test
    void theRegulatorSetsAnAreaTheOfficerReadsItAndTheChangeIsAudited() throws Exception {
        var set = send("PUT", "/api/v1/officers/area-officer/area", regulator, regions("CN-44", "TEST-NET-1"));
        assertThat(set.statusCode()).as(set.bodyAsString()).isEqualTo(200);
        assertThat(set.bodyAsJsonObject().getJsonArray("regions")).containsExactly("CN-44", "TEST-NET-1");
        assertThat(set.bodyAsJsonObject().getString("setBy")).isEqualTo(REGULATOR.userId());
        var own = send("GET", "/api/v1/officers/area-officer/area", officer, null);
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.bodyAsJsonObject().getJsonArray("regions")).containsExactly("CN-44", "TEST-NET-1");
        assertThat(fx.services.changes.entity("officer:area-officer", 10)).extracting(AuditEntry::action, AuditEntry::actor)
                .contains(org.assertj.core.groups.Tuple.tuple("officer.area", REGULATOR.userId()));
        var cleared = send("PUT", "/api/v1/officers/area-officer/area", regulator, regions());
        assertThat(cleared.bodyAsJsonObject().getJsonArray("regions")).isEmpty();
    }

    @Test
    void onlyTheRegulatorSetsAnArea() throws Exception {
        assertThat(send("PUT", "/api/v1/officers/area-officer/area", officer, regions("CN-11")).statusCode()).isEqualTo(403);
        assertThat(send("PUT", "/api/v1/officers/area-officer/area", maker, regions("CN-11")).statusCode()).isEqualTo(403);
        assertThat(send("GET", "/api/v1/officers/area-officer/area", maker, null).statusCode()).isEqualTo(403);
    }

    @Test
    void anOfficerReadsOnlyItsOwnArea() throws Exception {
        var other = send("GET", "/api/v1/officers/area-officer/area", otherOfficer, null);
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(other.bodyAsString()).contains("own area");
    }

    @Test
    void aUserWithoutAnOfficerKeyHasNoAreaToSet() throws Exception {
        var r = send("PUT", "/api/v1/officers/line-a/area", regulator, regions("CN-44"));
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(404);
        assertThat(r.bodyAsString()).contains("OFFICER key");
    }

    @Test
    void namesThatAreNotRegionsAreRefused() throws Exception {
        assertThat(send("PUT", "/api/v1/officers/area-officer/area", regulator, regions("广东")).statusCode()).isEqualTo(400);
        assertThat(send("PUT", "/api/v1/officers/area-officer/area", regulator, regions("CN-44; DROP")).statusCode()).isEqualTo(400);
        assertThat(send("PUT", "/api/v1/officers/area-officer/area", regulator, new JsonObject()).statusCode()).isEqualTo(400);
        assertThat(send("PUT", "/api/v1/officers/area-officer/area", regulator,
                new JsonObject().put("regions", "CN-44")).statusCode()).isEqualTo(400);
    }
}

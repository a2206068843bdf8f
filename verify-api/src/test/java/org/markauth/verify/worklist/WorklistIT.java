package org.markauth.verify.worklist;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.cql.Row;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.access.ApiKeyStore;
import org.markauth.access.Principal;
import org.markauth.testing.Worlds;
import org.markauth.verify.Fixture;
import org.markauth.verify.Http;
import org.markauth.verify.app.VerifyServer;

/**
 * The officer's work list against real Cassandra and Redis and a running verify-api. Alerts are
 * raised the real way: a product sold only in CN-44 scanned from TEST-NET-1 (192.0.2.x) and from
 * TEST-NET-2 (198.51.100.x) trips the off-market rule, and the alert carries the scan's region.
 * Reports are posted the real way from those nets. Areas are written as the issuer writes them
 * (officer_areas; the issuer's route is tested by mark-issuer's OfficerAreasIT).
 */
class WorklistIT {

    static Fixture f;
    static VerifyServer server;
    static Http http;
    static Worlds.GenuineBatch world;
    static String officerA;
    static String officerB;
    static String officerNoArea;
    static String regulator;
    static String maker;
    static int seq = 1;

    @BeforeAll
    static void up() throws Exception {
        f = new Fixture("worklist_it");
        f.licensee(Worlds.LICENSEE, "佛山电器");
        world = Worlds.genuineBatch(f.rows, Worlds.LICENSEE, 100, Set.of("CN-44"));
        ApiKeyStore keys = ApiKeyStore.create(f.session, java.time.Clock.systemUTC());
        officerA = keys.issue(Principal.officer("wl-officer-a")).toCompletableFuture().get();
        officerB = keys.issue(Principal.officer("wl-officer-b")).toCompletableFuture().get();
        officerNoArea = keys.issue(Principal.officer("wl-officer-none")).toCompletableFuture().get();
        regulator = keys.issue(Principal.regulator("wl-regulator")).toCompletableFuture().get();
        maker = keys.issue(Principal.manufacturer("wl-maker", Worlds.LICENSEE)).toCompletableFuture().get();
        area("wl-officer-a", "TEST-NET-1");
        area("wl-officer-b", "TEST-NET-1");
        server = f.start("a", Map.of());
        http = new Http(server.port());
    }

    @AfterAll
    static void down() {
        f.close();
    }

    static void area(String officer, String... regions) {
        f.session.execute("INSERT INTO officer_areas (officer, regions, set_by, set_at) VALUES (?, ?, 'wl-regulator', ?)",
                officer, Set.of(regions), Instant.now());
    }

    static String code() {
        synchronized (WorklistIT.class) {
            return code0();
        }
    }

    private static String code0() {
        long serial = f.mark(world.batchId(), seq++, null);
        return f.url(world.productId(), world.batchId(), serial);
    }

    /** Scans a fresh code from the address and waits (≤ 15 s) for its alert; returns the alert's id. */
    static UUID alertFrom(String address) throws Exception {
        String c = code();
        http.verify(c, "X-Forwarded-For", address);
        long until = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < until) {
            for (Row r : f.session.execute("SELECT alert_id, serial, region FROM alert_by_id")) {
                if (seenAlerts.add(r.getUuid("alert_id"))) {
                    return r.getUuid("alert_id");
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no alert raised for a scan from " + address);
    }

    static final Set<UUID> seenAlerts = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static UUID reportFrom(String address) {
        String body = new JsonObject().put("code", code()).put("where", "night market").put("lang", "en").encode();
        HttpResponse<String> r = http.post("/report", "application/json", body, "X-Forwarded-For", address);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return UUID.fromString(new JsonObject(r.body()).getString("id"));
    }

    static HttpResponse<String> get(String path, String token) {
        return http.get(path, "Authorization", "Bearer " + token, "Accept-Language", "en");
    }

    static HttpResponse<String> post(String path, String token, JsonObject body) {
        return http.post(path, "application/json", body.encode(), "Authorization", "Bearer " + token, "Accept-Language", "en");
    }

    static JsonObject worklist(String token) {
        HttpResponse<String> r = get("/api/v1/officer/worklist", token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonObject(r.body());
    }

    static List<String> ids(JsonArray a) {
        return a.stream().map(o -> ((JsonObject) o).getString("id")).toList();
    }

    static String error(HttpResponse<String> r) {
        return new JsonObject(r.body()).getString("error");
    }

    static JsonObject outcome(String finding) {
        return new JsonObject().put("finding", finding).put("note", "shelf checked");
    }

    @Test
    synchronized void theListHoldsTheAreasAlertsAndReportsAndNotAnotherRegions() throws Exception {
        UUID here = alertFrom("192.0.2.10");
        UUID elsewhere = alertFrom("198.51.100.10");
        UUID reportHere = reportFrom("192.0.2.11");
        UUID reportElsewhere = reportFrom("198.51.100.11");
        JsonObject list = worklist(officerA);
        assertThat(list.getJsonArray("area")).containsExactly("TEST-NET-1");
        assertThat(list.getString("message")).isNull();
        assertThat(ids(list.getJsonArray("alerts"))).contains(here.toString()).doesNotContain(elsewhere.toString());
        JsonObject listed = list.getJsonArray("alerts").stream().map(o -> (JsonObject) o)
                .filter(o -> o.getString("id").equals(here.toString())).findFirst().orElseThrow();
        assertThat(listed.getString("status")).isEqualTo("OPEN");
        assertThat(listed.getString("region")).isEqualTo("TEST-NET-1");
        assertThat(listed.getString("rule")).isEqualTo("OFF_MARKET");
        assertThat(ids(list.getJsonArray("reports"))).contains(reportHere.toString()).doesNotContain(reportElsewhere.toString());
        // outside the area: neither taken nor its outcome recorded
        HttpResponse<String> outside = post("/api/v1/officer/alerts/" + elsewhere + "/take", officerA, new JsonObject());
        assertThat(outside.statusCode()).isEqualTo(403);
        assertThat(error(outside)).isEqualTo("OUTSIDE_AREA");
        assertThat(new JsonObject(outside.body()).getString("message")).contains("TEST-NET-2");
        assertThat(post("/api/v1/officer/reports/" + reportElsewhere + "/take", officerA, new JsonObject()).statusCode()).isEqualTo(403);
    }

    @Test
    synchronized void takingAnAlertMovesItAsTheConsoleDoesAndOnlyOnce() throws Exception {
        UUID id = alertFrom("192.0.2.20");
        HttpResponse<String> took = post("/api/v1/officer/alerts/" + id + "/take", officerA, new JsonObject());
        assertThat(took.statusCode()).as(took.body()).isEqualTo(200);
        assertThat(new JsonObject(took.body()).getString("takenBy")).isEqualTo("wl-officer-a");
        // the rows the regulator's console reads (AlertWorkflow): status, list partition, history
        Row byId = f.session.execute("SELECT status, taken_by FROM alert_by_id WHERE alert_id = ?", id).one();
        assertThat(byId.getString("status")).isEqualTo("INVESTIGATING");
        assertThat(byId.getString("taken_by")).isEqualTo("wl-officer-a");
        assertThat(f.session.execute("SELECT alert_id FROM alerts_by_status WHERE status = 'OPEN'").all())
                .extracting(r -> r.getUuid(0)).doesNotContain(id);
        assertThat(f.session.execute("SELECT alert_id, taken_by FROM alerts_by_status WHERE status = 'INVESTIGATING'").all())
                .anyMatch(r -> r.getUuid(0).equals(id) && "wl-officer-a".equals(r.getString(1)));
        List<Row> history = f.session.execute("SELECT actor, from_status, to_status, note FROM alert_history WHERE alert_id = ?", id).all();
        assertThat(history).hasSize(1);
        assertThat(history.get(0).getString("actor")).isEqualTo("wl-officer-a");
        assertThat(history.get(0).getString("from_status")).isEqualTo("OPEN");
        assertThat(history.get(0).getString("to_status")).isEqualTo("INVESTIGATING");
        assertThat(history.get(0).getString("note")).isEqualTo("taken by wl-officer-a");
        // a second take, by the same officer or another one in the area: 409 naming the taker
        HttpResponse<String> again = post("/api/v1/officer/alerts/" + id + "/take", officerB, new JsonObject());
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(error(again)).isEqualTo("ALREADY_TAKEN");
        assertThat(new JsonObject(again.body()).getString("message")).contains("wl-officer-a");
        // the list shows who took it
        JsonObject listed = worklist(officerB).getJsonArray("alerts").stream().map(o -> (JsonObject) o)
                .filter(o -> o.getString("id").equals(id.toString())).findFirst().orElseThrow();
        assertThat(listed.getString("status")).isEqualTo("INVESTIGATING");
        assertThat(listed.getString("takenBy")).isEqualTo("wl-officer-a");
    }

    @Test
    synchronized void onlyTheTakerRecordsTheOutcomeOnceAndTheAlertStaysWithTheRegulator() throws Exception {
        UUID id = alertFrom("192.0.2.30");
        HttpResponse<String> early = post("/api/v1/officer/alerts/" + id + "/outcome", officerA, outcome("NOTHING_FOUND"));
        assertThat(early.statusCode()).isEqualTo(409);
        assertThat(error(early)).isEqualTo("WRONG_STATE");
        assertThat(post("/api/v1/officer/alerts/" + id + "/take", officerA, new JsonObject()).statusCode()).isEqualTo(200);
        HttpResponse<String> other = post("/api/v1/officer/alerts/" + id + "/outcome", officerB, outcome("NOTHING_FOUND"));
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(error(other)).isEqualTo("NOT_YOUR_CASE");
        String inspection = UUID.randomUUID().toString();
        HttpResponse<String> done = post("/api/v1/officer/alerts/" + id + "/outcome", officerA,
                outcome("COUNTERFEIT_FOUND").put("inspection", inspection));
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        Row byId = f.session.execute("SELECT status, finding FROM alert_by_id WHERE alert_id = ?", id).one();
        assertThat(byId.getString("status")).isEqualTo("INVESTIGATING");
        assertThat(byId.getString("finding")).isEqualTo("COUNTERFEIT_FOUND");
        List<Row> history = f.session.execute("SELECT actor, from_status, to_status, note FROM alert_history WHERE alert_id = ?", id).all();
        assertThat(history).hasSize(2);
        assertThat(history.get(1).getString("actor")).isEqualTo("wl-officer-a");
        assertThat(history.get(1).getString("to_status")).isEqualTo("INVESTIGATING");
        assertThat(history.get(1).getString("note")).isEqualTo("outcome: COUNTERFEIT_FOUND (inspection " + inspection + ") — shelf checked");
        HttpResponse<String> twice = post("/api/v1/officer/alerts/" + id + "/outcome", officerA, outcome("NOTHING_FOUND"));
        assertThat(twice.statusCode()).isEqualTo(409);
        assertThat(error(twice)).isEqualTo("OUTCOME_RECORDED");
    }

    @Test
    synchronized void reportsAreTakenAndClosedOnceAndLeaveTheList() throws Exception {
        UUID id = reportFrom("192.0.2.40");
        assertThat(post("/api/v1/officer/reports/" + id + "/take", officerA, new JsonObject()).statusCode()).isEqualTo(200);
        HttpResponse<String> again = post("/api/v1/officer/reports/" + id + "/take", officerB, new JsonObject());
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(error(again)).isEqualTo("ALREADY_TAKEN");
        assertThat(post("/api/v1/officer/reports/" + id + "/outcome", officerB, outcome("NOTHING_FOUND")).statusCode()).isEqualTo(403);
        JsonObject before = worklist(officerA);
        assertThat(before.getJsonArray("reports").stream().map(o -> (JsonObject) o)
                .filter(o -> o.getString("id").equals(id.toString())).findFirst().orElseThrow().getString("takenBy")).isEqualTo("wl-officer-a");
        assertThat(post("/api/v1/officer/reports/" + id + "/outcome", officerA, outcome("GENUINE_EXPLAINED")).statusCode()).isEqualTo(200);
        Row h = f.session.execute("SELECT taken_by, finding, note, closed_at FROM report_handling WHERE report_id = ?", id).one();
        assertThat(h.getString("finding")).isEqualTo("GENUINE_EXPLAINED");
        assertThat(h.getInstant("closed_at")).isNotNull();
        assertThat(ids(worklist(officerA).getJsonArray("reports"))).doesNotContain(id.toString());
        assertThat(post("/api/v1/officer/reports/" + id + "/outcome", officerA, outcome("NOTHING_FOUND")).statusCode()).isEqualTo(409);
    }

    @Test
    void anOfficerWithoutAnAreaGetsAnEmptyListThatSaysWhy() {
        JsonObject list = worklist(officerNoArea);
        assertThat(list.getJsonArray("alerts")).isEmpty();
        assertThat(list.getJsonArray("reports")).isEmpty();
        assertThat(list.getString("message")).contains("regulator must set your area");
        HttpResponse<String> zh = http.get("/api/v1/officer/worklist", "Authorization", "Bearer " + officerNoArea, "Accept-Language", "zh-CN");
        assertThat(new JsonObject(zh.body()).getString("message")).contains("监管人员");
    }

    @Test
    void seizuresByTheOfficerAreListedForFollowUp() {
        String serial;
        synchronized (WorklistIT.class) {
            serial = String.format("%016x", f.mark(world.batchId(), seq++, null));
        }
        int batch = world.batchId();
        HttpResponse<String> seized = post("/api/v1/officer/units/" + batch + "/" + serial + "/inspections", officerB,
                new JsonObject().put("kind", "SEIZURE").put("result", "SEIZED").put("place", "warehouse 3").put("note", "12 boxes"));
        assertThat(seized.statusCode()).as(seized.body()).isEqualTo(201);
        String inspection = new JsonObject(seized.body()).getString("id");
        JsonArray s = worklist(officerB).getJsonArray("seizures");
        assertThat(s.stream().map(o -> ((JsonObject) o).getString("inspection")).toList()).contains(inspection);
        assertThat(worklist(officerA).getJsonArray("seizures").stream().map(o -> ((JsonObject) o).getString("inspection")).toList())
                .doesNotContain(inspection);
        // a device-signed record (V014) listing seizures, as InspectionStore writes its per-officer row; one without seizures is not listed
        UUID withSeizures = UUID.randomUUID();
        UUID without = UUID.randomUUID();
        f.session.execute("INSERT INTO inspections_by_officer (officer, received_at, id, device_id, started_at, units, seizures, photos) "
                + "VALUES ('wl-officer-b', ?, ?, 'd1', ?, 3, 2, 0)", Instant.now(), withSeizures, Instant.now());
        f.session.execute("INSERT INTO inspections_by_officer (officer, received_at, id, device_id, started_at, units, seizures, photos) "
                + "VALUES ('wl-officer-b', ?, ?, 'd1', ?, 3, 0, 0)", Instant.now(), without, Instant.now());
        JsonArray records = worklist(officerB).getJsonArray("seizureRecords");
        assertThat(records.stream().map(o -> ((JsonObject) o).getString("id")).toList()).contains(withSeizures.toString())
                .doesNotContain(without.toString());
    }

    @Test
    void refusalsAreSpecificAndNever500() throws Exception {
        assertThat(http.get("/api/v1/officer/worklist").statusCode()).isEqualTo(401);
        assertThat(get("/api/v1/officer/worklist", maker).statusCode()).isEqualTo(403);
        assertThat(post("/api/v1/officer/alerts/" + UUID.randomUUID() + "/take", maker, new JsonObject()).statusCode()).isEqualTo(403);
        HttpResponse<String> unknown = post("/api/v1/officer/alerts/" + UUID.randomUUID() + "/take", officerA, new JsonObject());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(post("/api/v1/officer/reports/" + UUID.randomUUID() + "/take", officerA, new JsonObject()).statusCode()).isEqualTo(404);
        assertThat(post("/api/v1/officer/alerts/not-a-uuid/take", officerA, new JsonObject()).statusCode()).isEqualTo(400);
        assertThat(post("/api/v1/officer/alerts/" + UUID.randomUUID() + "/outcome", officerA,
                new JsonObject().put("finding", "MAYBE")).statusCode()).isEqualTo(400);
        assertThat(post("/api/v1/officer/alerts/" + UUID.randomUUID() + "/outcome", officerA,
                outcome("NOTHING_FOUND").put("note", "x".repeat(2001))).statusCode()).isEqualTo(400);
        assertThat(post("/api/v1/officer/alerts/" + UUID.randomUUID() + "/outcome", officerA,
                outcome("NOTHING_FOUND").put("inspection", "../../etc")).statusCode()).isEqualTo(400);
        assertThat(http.post("/api/v1/officer/alerts/" + UUID.randomUUID() + "/outcome", "application/json", "{not json",
                "Authorization", "Bearer " + officerA).statusCode()).isEqualTo(400);
        // a GET that claims a form body is read as a GET (the hostile drill once got 500 from a second body reader)
        for (String type : List.of("multipart/form-data; boundary=x", "application/x-www-form-urlencoded")) {
            assertThat(http.get("/api/v1/officer/worklist", "Authorization", "Bearer " + officerA, "Content-Type", type)
                    .statusCode()).as(type).isEqualTo(200);
            assertThat(http.get("/api/v1/officer/reports/" + UUID.randomUUID(), "Authorization", "Bearer " + officerA,
                    "Content-Type", type).statusCode()).as(type).isLessThan(500);
        }
    }

    @Test
    synchronized void aRegulatorMayTakeAndRecordAnywhere() throws Exception {
        UUID id = alertFrom("198.51.100.50");
        assertThat(post("/api/v1/officer/alerts/" + id + "/take", regulator, new JsonObject()).statusCode()).isEqualTo(200);
        assertThat(post("/api/v1/officer/alerts/" + id + "/outcome", regulator, outcome("NOTHING_FOUND")).statusCode()).isEqualTo(200);
    }
}

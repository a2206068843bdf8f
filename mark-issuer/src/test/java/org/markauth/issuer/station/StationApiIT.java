package org.markauth.issuer.station;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.issuer.batch.Batch;

/**
 * The station API over the real stack: lines and their refusals, every scan and pack outcome,
 * replays that change nothing, and the time a scan takes (printed, not asserted).
 */
class StationApiIT {

    static StationWorld w;
    static String lineId;
    static String station;

    @BeforeAll
    static void up() throws Exception {
        w = new StationWorld("issuer_station_api_it", 120);
        String[] l = w.lineWithKey(3, 2);
        lineId = l[0];
        station = l[1];
    }

    @AfterAll
    static void down() {
        w.close();
    }

    static JsonObject scan(String mode, String code) {
        return new JsonObject().put("id", UUID.randomUUID().toString()).put("mode", mode).put("code", code);
    }

    /** One scan through the API; its result. */
    static JsonObject one(JsonObject scan, String lang) {
        var r = w.send("POST", "/api/v1/station/scans", station, new JsonObject().put("scans", new JsonArray().add(scan)), lang);
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        return r.bodyAsJsonObject().getJsonArray("results").getJsonObject(0);
    }

    static JsonObject one(JsonObject scan) {
        return one(scan, "en");
    }

    static JsonObject pack(String level, String parent, List<String> children) {
        return new JsonObject().put("id", UUID.randomUUID().toString()).put("level", level).put("parent", parent)
                .put("children", new JsonArray(new ArrayList<>(children)));
    }

    static JsonObject sendPack(JsonObject pack) {
        var r = w.send("POST", "/api/v1/station/packs", station, pack);
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        return r.bodyAsJsonObject();
    }

    // ------------------------------------------------------------------ lines

    @Test
    void aManufacturerManagesItsLinesAndAnotherLicenseeSeesNone() {
        var got = w.send("GET", "/api/v1/lines/" + lineId, w.makerKey, null);
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.bodyAsJsonObject().getJsonArray("batchIds")).containsExactly(w.units.batchId());
        assertThat(got.bodyAsJsonObject().getJsonArray("keys")).hasSize(1);
        assertThat(got.bodyAsJsonObject().getJsonArray("keys").getJsonObject(0).getJsonArray("scopes")).containsExactly("station");
        assertThat(w.send("GET", "/api/v1/lines", w.makerKey, null).bodyAsJsonArray().encode()).contains(lineId);
        assertThat(w.send("GET", "/api/v1/lines", w.theirKey, null).bodyAsJsonArray().encode()).doesNotContain(lineId);
        assertThat(w.send("GET", "/api/v1/lines", w.regulatorKey, null).bodyAsJsonArray().encode()).contains(lineId);
        // another licensee's line is answered like a missing one, on every route
        assertThat(w.send("GET", "/api/v1/lines/" + lineId, w.theirKey, null).statusCode()).isEqualTo(404);
        assertThat(w.send("PUT", "/api/v1/lines/" + lineId, w.theirKey, new JsonObject().put("packSize", 5)).statusCode()).isEqualTo(404);
        assertThat(w.send("POST", "/api/v1/lines/" + lineId + "/keys", w.theirKey, null).statusCode()).isEqualTo(404);
        assertThat(w.send("GET", "/api/v1/lines/L000000000000", w.makerKey, null).statusCode()).isEqualTo(404);
        // so is another licensee's batch named in a line
        var theirBatch = w.send("POST", "/api/v1/lines", w.makerKey, new JsonObject().put("name", "x")
                .put("batchIds", new JsonArray().add(w.theirs.batchId())).put("packSize", 2).put("casesPerPallet", 2));
        assertThat(theirBatch.statusCode()).isEqualTo(404);
        assertThat(theirBatch.bodyAsString()).contains("batch " + w.theirs.batchId() + " does not exist");
        // the regulator creates one for a licensee it names
        var byRegulator = w.send("POST", "/api/v1/lines", w.regulatorKey, new JsonObject().put("name", "Line R")
                .put("licenseeId", w.units.licenseeId()).put("batchIds", new JsonArray().add(w.sameProduct.batchId()))
                .put("packSize", 2).put("casesPerPallet", 2));
        assertThat(byRegulator.statusCode()).as(byRegulator.bodyAsString()).isEqualTo(201);
        String other = byRegulator.bodyAsJsonObject().getString("lineId");
        var changed = w.send("PUT", "/api/v1/lines/" + other, w.makerKey, new JsonObject().put("packSize", 12));
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.bodyAsJsonObject().getInteger("packSize")).isEqualTo(12);
        assertThat(changed.bodyAsJsonObject().getString("name")).isEqualTo("Line R");
        assertThat(w.fx.services.lines.list(w.maker)).extracting(Line::lineId).contains(lineId, other);
    }

    @Test
    void malformedLinesAreA400NamingTheField() {
        assertThat(w.send("POST", "/api/v1/lines", w.makerKey, new JsonObject()).bodyAsString()).contains("name");
        for (JsonObject bad : List.of(
                new JsonObject().put("name", "x").put("batchIds", "12").put("packSize", 2).put("casesPerPallet", 2),
                new JsonObject().put("name", "x").put("batchIds", new JsonArray()).put("packSize", 2).put("casesPerPallet", 2),
                new JsonObject().put("name", "x").put("batchIds", new JsonArray().add(w.units.batchId())).put("packSize", 0).put("casesPerPallet", 2),
                new JsonObject().put("name", "x").put("batchIds", new JsonArray().add(w.units.batchId())).put("packSize", 2))) {
            var r = w.send("POST", "/api/v1/lines", w.makerKey, bad);
            assertThat(r.statusCode()).as(bad.encode()).isEqualTo(400);
        }
        assertThat(w.send("POST", "/api/v1/lines", w.makerKey, new JsonObject().put("name", "x").put("batchIds", new JsonArray()
                .add(w.units.batchId())).put("packSize", 0).put("casesPerPallet", 2)).bodyAsString()).contains("packSize");
    }

    @Test
    void aStationKeyCallsOnlyTheStationAndOnlyAStationKeyCallsIt() {
        for (String[] r : List.of(new String[] {"GET", "/api/v1/lines"}, new String[] {"GET", "/api/v1/batches/" + w.units.batchId()},
                new String[] {"POST", "/api/v1/batches/" + w.units.batchId() + "/activations"})) {
            var res = w.send(r[0], r[1], station, r[0].equals("POST") ? new JsonObject().put("first", 1).put("last", 1) : null);
            assertThat(res.statusCode()).as(r[1]).isEqualTo(403);
            assertThat(res.bodyAsJsonObject().getString("message")).contains("line station's key").contains("only /api/v1/station/*");
        }
        for (String key : List.of(w.makerKey, w.regulatorKey)) {
            var res = w.send("GET", "/api/v1/station/session", key, null);
            assertThat(res.statusCode()).isEqualTo(403);
            assertThat(res.bodyAsJsonObject().getString("message")).contains("POST /api/v1/lines/{lineId}/keys");
            assertThat(w.send("POST", "/api/v1/station/scans", key, new JsonObject().put("scans", new JsonArray()
                    .add(scan("ACTIVATE", "x")))).statusCode()).isEqualTo(403);
        }
        assertThat(w.send("GET", "/api/v1/station/session", "mak_" + "A".repeat(32), null).statusCode()).isEqualTo(401);
        // a station key bound to no line (issued through the credential directory) is told how to get one
        String unbound = w.fx.services.apiKeys.issue(w.maker, java.util.Set.of(org.markauth.access.Scope.STATION), null, "test").token();
        var res = w.send("GET", "/api/v1/station/session", unbound, null);
        assertThat(res.statusCode()).isEqualTo(403);
        assertThat(res.bodyAsJsonObject().getString("message")).contains("bound to no line");
    }

    @Test
    void malformedScansAndPacksAreA400() {
        for (JsonObject bad : List.of(new JsonObject(), new JsonObject().put("scans", new JsonArray()),
                new JsonObject().put("scans", "x"),
                new JsonObject().put("scans", new JsonArray().add(scan("ACTIVATE", "x").put("id", "not-a-uuid"))),
                new JsonObject().put("scans", new JsonArray().add(scan("SELL", "x"))),
                new JsonObject().put("scans", new JsonArray().add(scan("ACTIVATE", "x").put("code", 42))),
                new JsonObject().put("scans", new JsonArray().add(scan("REJECT", "x"))),
                new JsonObject().put("scans", new JsonArray().add(scan("ACTIVATE", "x").put("at", "yesterday"))),
                new JsonObject().put("scans", new JsonArray(Collections.nCopies(501, scan("ACTIVATE", "x")))))) {
            var r = w.send("POST", "/api/v1/station/scans", station, bad);
            assertThat(r.statusCode()).as(bad.encode().substring(0, Math.min(200, bad.encode().length()))).isEqualTo(400);
        }
        assertThat(w.send("POST", "/api/v1/station/scans", station, new JsonObject().put("scans", new JsonArray()
                .add(scan("REJECT", "x")))).bodyAsString()).contains("reason");
        for (JsonObject bad : List.of(new JsonObject(), pack("BOX", "x", List.of("y")), pack("CASE", "x", List.of()),
                pack("CASE", "x", List.of("y")).put("id", 7))) {
            assertThat(w.send("POST", "/api/v1/station/packs", station, bad).statusCode()).as(bad.encode()).isEqualTo(400);
        }
    }

    // ------------------------------------------------------------------ scans

    @Test
    void theSessionNamesTheLineItsBatchesAndCounters() {
        one(scan("ACTIVATE", "not a mark"));
        var r = w.send("GET", "/api/v1/station/session", station, null);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonObject s = r.bodyAsJsonObject();
        assertThat(s.getJsonObject("line").getString("lineId")).isEqualTo(lineId);
        assertThat(s.getJsonObject("line").getInteger("packSize")).isEqualTo(3);
        JsonObject b = s.getJsonArray("batches").getJsonObject(0);
        assertThat(b.getInteger("batchId")).isEqualTo(w.units.batchId());
        assertThat(b.getString("productName")).isEqualTo(w.product.name());
        assertThat(b.getInteger("quantity")).isEqualTo(120);
        assertThat(s.getJsonObject("counts").getJsonObject("ACTIVATE").getLong("UNREADABLE")).isPositive();
    }

    @Test
    void everyScanOutcomeWithItsSentence() throws Exception {
        JsonObject ok = one(scan("ACTIVATE", w.code(w.units, 1)));
        assertThat(ok.getString("outcome")).isEqualTo("OK");
        assertThat(ok.getJsonObject("unit").getString("state")).isEqualTo("ACTIVE");
        assertThat(ok.getString("message")).contains("Activated").contains(ok.getJsonObject("unit").getString("short"));
        assertThat(w.state(w.units, 1)).isEqualTo("ACTIVE");
        assertThat(one(scan("ACTIVATE", w.code(w.units, 1))).getString("outcome")).isEqualTo("ALREADY_ACTIVE");
        assertThat(one(scan("CHECK", w.code(w.units, 2))).getString("outcome")).isEqualTo("NOT_ACTIVE");
        JsonObject rejected = one(scan("REJECT", w.code(w.units, 3)).put("reason", "smudged print"));
        assertThat(rejected.getString("outcome")).isEqualTo("OK");
        assertThat(rejected.getString("message")).contains("smudged print");
        assertThat(w.state(w.units, 3)).isEqualTo("VOIDED");
        assertThat(w.fx.services.changes.entity("batch:" + w.units.batchId(), 20)).anyMatch(e -> e.detail().contains("smudged print")
                && e.actor().equals("station:" + lineId));
        assertThat(one(scan("ACTIVATE", w.code(w.units, 3))).getString("outcome")).isEqualTo("ALREADY_VOIDED");
        assertThat(one(scan("REJECT", w.code(w.units, 3)).put("reason", "again")).getString("outcome")).isEqualTo("ALREADY_VOIDED");
        assertThat(w.state(w.units, 3)).isEqualTo("VOIDED");
        JsonObject wrongBatch = one(scan("ACTIVATE", w.code(w.sameProduct, 1)));
        assertThat(wrongBatch.getString("outcome")).isEqualTo("WRONG_BATCH");
        assertThat(wrongBatch.getString("message")).contains("batch " + w.sameProduct.batchId());
        assertThat(w.state(w.sameProduct, 1)).isEqualTo("NOT_ACTIVATED");
        assertThat(one(scan("ACTIVATE", w.code(w.otherProductBatch, 1))).getString("outcome")).isEqualTo("WRONG_PRODUCT");
        assertThat(one(scan("ACTIVATE", w.code(w.theirs, 1))).getString("outcome")).isEqualTo("NOT_OURS");
        assertThat(w.state(w.theirs, 1)).isEqualTo("NOT_ACTIVATED");
        assertThat(one(scan("ACTIVATE", "https://evil.example/m/abc")).getString("outcome")).isEqualTo("NOT_OURS");
        // a code whose serial does not belong to its batch (a forger's guess) is not ours either
        String forged = w.code(w.units, 4);
        assertThat(one(scan("ACTIVATE", "urn:markauth:mark:" + w.units.batchId() + ":0123456789abcdef")).getString("outcome"))
                .isEqualTo("NOT_OURS");
        JsonObject unreadable = one(scan("ACTIVATE", "hello world"));
        assertThat(unreadable.getString("outcome")).isEqualTo("UNREADABLE");
        assertThat(unreadable.getJsonObject("unit")).isNull();
        // a batch still being issued: the service's refusal, said plainly
        Batch issuing = w.fx.services.batches.order(w.maker, org.markauth.issuer.IssuerFixture.order(w.product.productId(), 3, "issuing-1")).batch();
        w.fx.services.lines.update(w.maker, lineId, "Line 1", List.of(w.units.batchId(), issuing.batchId()), 3, 2);
        w.fx.clock.advance(java.time.Duration.ofSeconds(6));   // past the station's line cache
        JsonObject refused = one(scan("ACTIVATE", "urn:markauth:mark:" + issuing.batchId() + ":"
                + java.util.HexFormat.of().toHexDigits(w.fx.services.serials.serial(issuing.batchId(), 1))));
        assertThat(refused.getString("outcome")).isEqualTo("REFUSED");
        assertThat(refused.getString("message")).contains("still being issued");
        w.fx.services.lines.update(w.maker, lineId, "Line 1", List.of(w.units.batchId()), 3, 2);
        w.fx.clock.advance(java.time.Duration.ofSeconds(6));
        // the same in Chinese by default
        JsonObject zh = one(scan("ACTIVATE", w.code(w.units, 1)), null);
        assertThat(zh.getString("message")).contains("之前已激活");
        assertThat(forged).isNotBlank();
    }

    @Test
    void aReplayedScanAnswersItsFirstOutcomeAndChangesNothing() throws Exception {
        JsonObject s = scan("ACTIVATE", w.code(w.units, 20));
        JsonObject first = one(s);
        assertThat(first.getString("outcome")).isEqualTo("OK");
        assertThat(first.getBoolean("replayed")).isFalse();
        long events = w.unitEvents(w.units, 20);
        JsonObject again = one(s, "zh-CN");
        assertThat(again.getString("outcome")).isEqualTo("OK");
        assertThat(again.getBoolean("replayed")).isTrue();
        assertThat(again.getString("message")).contains("已激活");
        assertThat(again.getJsonObject("unit").getString("short")).isEqualTo(first.getJsonObject("unit").getString("short"));
        assertThat(w.unitEvents(w.units, 20)).isEqualTo(events).isEqualTo(1);
        // a batch of scans replayed whole: every one replayed, in order
        JsonObject a = scan("REJECT", w.code(w.units, 21)).put("reason", "torn");
        JsonObject b = scan("ACTIVATE", w.code(w.units, 21));
        JsonArray twice = new JsonArray().add(a).add(b);
        var r1 = w.send("POST", "/api/v1/station/scans", station, new JsonObject().put("scans", twice));
        var r2 = w.send("POST", "/api/v1/station/scans", station, new JsonObject().put("scans", twice));
        assertThat(r1.bodyAsJsonObject().getJsonArray("results").stream().map(x -> ((JsonObject) x).getString("outcome")))
                .containsExactly("OK", "ALREADY_VOIDED");
        assertThat(r2.bodyAsJsonObject().getJsonArray("results").stream().map(x -> ((JsonObject) x).getString("outcome")))
                .containsExactly("OK", "ALREADY_VOIDED");
        assertThat(r2.bodyAsJsonObject().getJsonArray("results").stream().map(x -> ((JsonObject) x).getBoolean("replayed")))
                .containsExactly(true, true);
        assertThat(w.unitEvents(w.units, 21)).isEqualTo(1);
    }

    @Test
    void aScanSentTwiceAtOnceIsAppliedOnceAndBothAnswersAgree() throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int seq = 24; seq <= 29; seq++) {
                JsonObject s = seq % 2 == 0 ? scan("ACTIVATE", w.code(w.units, seq)) : scan("REJECT", w.code(w.units, seq)).put("reason", "torn");
                JsonObject body = new JsonObject().put("scans", new JsonArray().add(s));
                var go = new java.util.concurrent.CountDownLatch(1);
                List<java.util.concurrent.Future<JsonObject>> both = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    both.add(pool.submit(() -> {
                        go.await();
                        return w.send("POST", "/api/v1/station/scans", station, body).bodyAsJsonObject().getJsonArray("results").getJsonObject(0);
                    }));
                }
                go.countDown();
                JsonObject a = both.get(0).get(60, java.util.concurrent.TimeUnit.SECONDS);
                JsonObject b = both.get(1).get(60, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(List.of(a.getString("outcome"), b.getString("outcome"))).as("unit " + seq).containsExactly("OK", "OK");
                assertThat(List.of(a.getBoolean("replayed"), b.getBoolean("replayed"))).as("unit " + seq).containsExactlyInAnyOrder(false, true);
                assertThat(w.unitEvents(w.units, seq)).as("unit " + seq).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ------------------------------------------------------------------ packs

    @Test
    void unitsGoIntoCasesAndCasesOntoAPalletOnceEach() throws Exception {
        List<String> units = w.codes(w.units, 40, 48);
        for (String u : units) {
            assertThat(one(scan("ACTIVATE", u)).getString("outcome")).isEqualTo("OK");
        }
        for (String u : units.subList(0, 3)) {
            assertThat(one(scan("CHECK", u)).getString("outcome")).isEqualTo("OK");
        }
        String case1 = w.code(w.cases, 1);
        JsonObject p = pack("CASE", case1, units.subList(0, 3));
        JsonObject packed = sendPack(p);
        assertThat(packed.getString("outcome")).as(packed.encode()).isEqualTo("OK");
        assertThat(packed.getString("eventId")).startsWith("ni:///sha-256;");
        assertThat(packed.getString("message")).contains("case").contains("3 item");
        assertThat(w.state(w.cases, 1)).as("the case label is activated when it closes its case").isEqualTo("ACTIVE");
        // the replay: the stored outcome and event, no second event
        JsonObject replay = sendPack(p);
        assertThat(replay.getBoolean("replayed")).isTrue();
        assertThat(replay.getString("eventId")).isEqualTo(packed.getString("eventId"));
        for (int seq = 40; seq <= 42; seq++) {
            assertThat(w.aggregations(w.units, seq)).isEqualTo(1);
        }
        // a packed unit is refused by CHECK and by a second case
        JsonObject again = one(scan("CHECK", units.get(0)));
        assertThat(again.getString("outcome")).isEqualTo("ALREADY_PACKED");
        assertThat(again.getString("message")).contains(org.markauth.issuer.station.Station.shortSerial(
                w.fx.services.serials.serial(w.cases.batchId(), 1)));
        String case2 = w.code(w.cases, 2);
        assertThat(sendPack(pack("CASE", case2, List.of(units.get(0), units.get(3)))).getString("outcome")).isEqualTo("CHILD_REFUSED");
        // the case label used again, too many units, an inactive unit, a label that is not a mark or not ours, a voided one
        assertThat(sendPack(pack("CASE", case1, units.subList(3, 6))).getString("outcome")).isEqualTo("PARENT_USED");
        assertThat(sendPack(pack("CASE", case2, units.subList(3, 7))).getString("outcome")).isEqualTo("TOO_MANY");
        assertThat(sendPack(pack("CASE", case2, List.of(w.code(w.units, 60)))).getString("outcome")).isEqualTo("CHILD_REFUSED");
        assertThat(sendPack(pack("CASE", case2, List.of(w.code(w.theirs, 2)))).getString("outcome")).isEqualTo("CHILD_REFUSED");
        assertThat(sendPack(pack("CASE", "CASE-LABEL-7", units.subList(3, 6))).getString("outcome")).isEqualTo("PARENT_UNREADABLE");
        assertThat(sendPack(pack("CASE", w.code(w.theirs, 3), units.subList(3, 6))).getString("outcome")).isEqualTo("PARENT_NOT_OURS");
        w.fx.services.activation.voidList(w.maker, w.cases.batchId(), List.of(java.util.HexFormat.of().toHexDigits(
                w.fx.services.serials.serial(w.cases.batchId(), 9))));
        assertThat(sendPack(pack("CASE", w.code(w.cases, 9), units.subList(3, 6))).getString("outcome")).isEqualTo("PARENT_VOIDED");
        // nothing of those refusals stuck: the units still go into case 2
        assertThat(sendPack(pack("CASE", case2, units.subList(3, 6))).getString("outcome")).isEqualTo("OK");
        // cases onto a pallet; a unit is not a case
        String pallet = w.code(w.cases, 20);
        assertThat(sendPack(pack("PALLET", pallet, List.of(case1, units.get(6)))).getString("outcome")).isEqualTo("CHILD_REFUSED");
        JsonObject onPallet = sendPack(pack("PALLET", pallet, List.of(case1, case2)));
        assertThat(onPallet.getString("outcome")).as(onPallet.encode()).isEqualTo("OK");
        assertThat(sendPack(pack("PALLET", w.code(w.cases, 21), List.of(case1))).getString("outcome")).isEqualTo("CHILD_REFUSED");
        assertThat(w.aggregations(w.units, 40)).as("packed into its case once").isEqualTo(1);
        assertThat(w.aggregations(w.cases, 1)).as("the case closed, then put onto the pallet").isEqualTo(2);
        assertThat(w.fx.ks.session().execute("SELECT count(*) FROM aggregation_history WHERE parent_batch = ? AND parent_serial = ?",
                w.cases.batchId(), org.markauth.registry.MarkKey.serialBytes(w.fx.services.serials.serial(w.cases.batchId(), 1)))
                .one().getLong(0)).isEqualTo(1);
    }

    @Test
    void aCaseClosedAtTheLineGetsAnSsccWhenItsLicenseeHasAGs1CompanyPrefix() throws Exception {
        org.markauth.issuer.trace.UnitRef box = new org.markauth.issuer.trace.UnitRef(w.cases.batchId(),
                w.fx.services.serials.serial(w.cases.batchId(), 35));
        assertThat(w.fx.services.gs1.forms(box).sscc()).as("no SSCC before it is packed").isNull();
        w.fx.services.registry.setGs1CompanyPrefix(org.markauth.issuer.IssuerFixture.REGULATOR, w.maker.licenseeId().orElseThrow(), "4006381");
        List<String> units = w.codes(w.units, 62, 63);
        for (String u : units) {
            assertThat(one(scan("ACTIVATE", u)).getString("outcome")).isEqualTo("OK");
        }
        JsonObject p = pack("CASE", w.code(w.cases, 35), units);
        assertThat(sendPack(p).getString("outcome")).isEqualTo("OK");
        var forms = w.fx.services.gs1.forms(box);
        assertThat(forms.sscc()).startsWith("04006381");
        assertThat(forms.ssccUrn()).startsWith("urn:epc:id:sscc:4006381.0");
        assertThat(sendPack(p).getBoolean("replayed")).isTrue();
        assertThat(w.fx.services.gs1.forms(box).sscc()).as("a replay allocates nothing new").isEqualTo(forms.sscc());
    }

    @Test
    void aUnitPackedThroughTheEpcisApiIsPackedForTheStationToo() throws Exception {
        String unit = w.code(w.units, 55);
        assertThat(one(scan("ACTIVATE", unit)).getString("outcome")).isEqualTo("OK");
        String urn = "urn:markauth:mark:" + w.units.batchId() + ":" + java.util.HexFormat.of().toHexDigits(
                w.fx.services.serials.serial(w.units.batchId(), 55));
        String box = "urn:markauth:mark:" + w.cases.batchId() + ":" + java.util.HexFormat.of().toHexDigits(
                w.fx.services.serials.serial(w.cases.batchId(), 30));
        JsonObject event = new JsonObject().put("type", "AggregationEvent").put("eventTime", w.fx.clock.instant().toString())
                .put("action", "ADD").put("parentID", box).put("childEPCs", new JsonArray().add(urn)).put("bizStep", "packing");
        var r = w.fx.services.capture.capture(w.maker, org.markauth.issuer.trace.EpcisDocuments.write(List.of(event),
                w.fx.clock.instant()), org.markauth.issuer.trace.Capture.Mode.ATOMIC);
        assertThat(r.rejected()).isEmpty();
        JsonObject check = one(scan("CHECK", unit));
        assertThat(check.getString("outcome")).isEqualTo("ALREADY_PACKED");
        assertThat(sendPack(pack("CASE", w.code(w.cases, 31), List.of(unit))).getString("outcome")).isEqualTo("CHILD_REFUSED");
    }

    // ------------------------------------------------------------------ time

    @Test
    void theTimeOfAScanIsMeasured() throws Exception {
        List<String> codes = w.codes(w.units, 70, 119);
        List<Long> micros = new ArrayList<>();
        for (String c : codes) {
            long t0 = System.nanoTime();
            JsonObject r = one(scan("ACTIVATE", c));
            micros.add((System.nanoTime() - t0) / 1000);
            assertThat(r.getString("outcome")).isEqualTo("OK");
        }
        List<Long> checks = new ArrayList<>();
        for (String c : codes) {
            long t0 = System.nanoTime();
            one(scan("CHECK", c));
            checks.add((System.nanoTime() - t0) / 1000);
        }
        System.out.println("StationApiIT: ACTIVATE scan round trip over HTTP, " + micros.size() + " scans: " + figures(micros)
                + "; CHECK: " + figures(checks));
    }

    static String figures(List<Long> micros) {
        List<Long> s = new ArrayList<>(micros);
        Collections.sort(s);
        return String.format("median %.1f ms, p95 %.1f ms, max %.1f ms", s.get(s.size() / 2) / 1000.0,
                s.get((int) Math.ceil(s.size() * 0.95) - 1) / 1000.0, s.get(s.size() - 1) / 1000.0);
    }
}

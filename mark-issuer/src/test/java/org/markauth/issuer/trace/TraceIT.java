package org.markauth.issuer.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.markauth.issuer.IssuerFixture.OFFICER;
import static org.markauth.issuer.IssuerFixture.REGULATOR;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.issuer.app.IssuerServices;
import org.markauth.access.Principal;
import org.markauth.issuer.IssuerException;
import org.markauth.issuer.IssuerFixture;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.batch.BatchOrder;
import org.markauth.issuer.registry.Product;
import org.markauth.registry.MarkKey;
import org.markauth.registry.ScanLogKey;

/** EPCIS capture, export, aggregation and trace against the real Cassandra node. */
class TraceIT {

    static IssuerFixture fx;
    static IssuerServices trace;
    static final Principal MAKER = Principal.manufacturer("line-1", "TMAKER");
    static final Principal SHIPPER = Principal.manufacturer("dock-1", "TDIST");
    static final Principal SHOP = Principal.manufacturer("till-1", "TSHOP");
    static final Principal STRANGER = Principal.manufacturer("x-1", "TSTRANGER");
    static Product product;

    /** One issued, activated batch: its id, serials and printed codes. */
    record Units(Batch batch, List<Long> serials, List<String> codes) {
        String urn(int i) {
            return new UnitRef(batch.batchId(), serials.get(i)).urn();
        }
    }

    @BeforeAll
    static void up() throws Exception {
        fx = new IssuerFixture("issuer_trace_it");
        fx.services.keys.rotate(REGULATOR, null);
        for (String l : List.of("TMAKER", "TDIST", "TSHOP", "TSTRANGER")) {
            fx.licensee(l);
        }
        product = fx.licensedProduct("TMAKER");
        trace = fx.services;
        trace.partners.declare(MAKER, "TMAKER", "TDIST", "DISTRIBUTOR");
        trace.partners.declare(REGULATOR, "TMAKER", "TSHOP", "RETAILER");
    }

    @AfterAll
    static void down() {
        fx.close();
    }

    static int orders;

    static Units issue(int n) {
        Batch b = fx.services.batches.order(MAKER, new BatchOrder(product.productId(), n, "LOT-T", LocalDate.of(2026, 11, 1),
                LocalDate.of(2028, 11, 1), "LINE-A", "trace-" + (orders++))).batch();
        List<Long> serials = new ArrayList<>();
        List<String> codes = new ArrayList<>();
        fx.services.batches.issue(b, c -> {
            for (long s : c.serials()) {
                serials.add(s);
            }
            codes.addAll(List.of(c.codes()));
        }, (d, t) -> { });
        fx.services.activation.activateRange(MAKER, b.batchId(), 1, n);
        // events happen after the order: move the clock past the hours the tests go back
        fx.clock.advance(Duration.ofDays(3));
        return new Units(b, serials, codes);
    }

    static String at(Duration ago) {
        return fx.services.clock.instant().minus(ago).atOffset(ZoneOffset.ofHours(8)).toString();
    }

    static JsonObject object(String when, String bizStep, String disposition, String location, String... epcs) {
        return new JsonObject().put("type", "ObjectEvent").put("eventTime", when).put("eventTimeZoneOffset", "+08:00")
                .put("epcList", new JsonArray(List.of(epcs))).put("action", "commissioning".equals(bizStep) ? "ADD" : "OBSERVE")
                .put("bizStep", bizStep).put("disposition", disposition)
                .put("readPoint", new JsonObject().put("id", location + ":door")).put("bizLocation", new JsonObject().put("id", location));
    }

    static JsonObject aggregation(String when, String action, String parent, String... children) {
        return new JsonObject().put("type", "AggregationEvent").put("eventTime", when).put("eventTimeZoneOffset", "+08:00")
                .put("parentID", parent).put("childEPCs", new JsonArray(List.of(children))).put("action", action)
                .put("bizStep", "ADD".equals(action) ? "packing" : "unpacking")
                .put("disposition", "ADD".equals(action) ? "container_closed" : "container_open");
    }

    /** A destinationList naming a programme party as the one that will hold what is shipped. */
    static JsonArray to(String party) {
        return new JsonArray().add(new JsonObject().put("type", "possessing_party").put("destination", "urn:markauth:party:" + party));
    }

    static JsonObject doc(JsonObject... events) {
        return EpcisDocuments.write(List.of(events), Instant.now());
    }

    static Set<String> ids(JsonObject document) {
        return EpcisDocuments.read(document).stream().map(e -> e.event().eventId()).collect(Collectors.toSet());
    }

    @Test
    void aUnitIsTracedFromCommissioningToRetailSaleThroughItsCase() {
        Units units = issue(4);
        Units cases = issue(1);
        String unit = units.codes().get(0);            // the printed code itself is a valid EPC
        String caseEpc = cases.urn(0);
        String factory = "urn:markauth:loc:TMAKER:plant-1";
        String depot = "urn:markauth:loc:TDIST:depot-3";
        String shop = "urn:markauth:loc:TSHOP:store-12";
        Capture.Result made = trace.capture.capture(MAKER, doc(
                object(at(Duration.ofHours(50)), "commissioning", "active", factory, unit, units.urn(1), units.urn(2), caseEpc),
                aggregation(at(Duration.ofHours(49)), "ADD", caseEpc, unit, units.urn(1), units.urn(2)),
                object(at(Duration.ofHours(48)), "shipping", "in_transit", factory, caseEpc).put("destinationList", to("TDIST"))),
                Capture.Mode.ATOMIC);
        assertThat(made.rejected()).isEmpty();
        assertThat(made.recorded()).hasSize(3);
        Capture.Result received = trace.capture.capture(SHIPPER, doc(
                object(at(Duration.ofHours(30)), "receiving", "in_progress", depot, caseEpc),
                aggregation(at(Duration.ofHours(29)), "DELETE", caseEpc),
                object(at(Duration.ofHours(20)), "shipping", "in_transit", depot, unit).put("destinationList", to("TSHOP"))),
                Capture.Mode.ATOMIC);
        assertThat(received.recorded()).hasSize(3);
        Capture.Result sold = trace.capture.capture(SHOP, doc(
                object(at(Duration.ofHours(3)), "receiving", "sellable_accessible", shop, unit),
                object(at(Duration.ofHours(1)), "retail_selling", "retail_sold", shop, unit)), Capture.Mode.ATOMIC);
        assertThat(sold.recorded()).hasSize(2);

        Trace t = trace.query.trace(MAKER, unit);
        assertThat(t.origin().licenseeId()).isEqualTo("TMAKER");
        assertThat(t.origin().productId()).isEqualTo(product.productId());
        assertThat(t.origin().lot()).isEqualTo("LOT-T");
        assertThat(t.origin().lineId()).isEqualTo("LINE-A");
        assertThat(t.path()).extracting(Trace.Step::bizStep)
                .containsExactly("commissioning", "packing", "shipping", "receiving", "unpacking", "shipping", "receiving", "retail_selling");
        // the case's shipping and receiving reached the unit because it was inside then
        assertThat(t.path().get(2).viaParent()).isEqualTo(caseEpc);
        assertThat(t.path()).extracting(Trace.Step::party).containsExactly("TMAKER", "TMAKER", "TMAKER", "TDIST", "TDIST", "TDIST", "TSHOP",
                "TSHOP");
        assertThat(t.holder()).isEqualTo("consumer (sold by TSHOP)");
        assertThat(t.state()).isEqualTo("retail_sold");
        assertThat(t.container()).isNull();
        assertThat(trace.query.trace(OFFICER, unit).path()).hasSize(8);
        // another licensee's mark is answered as a missing one (no existence oracle, issue 15)
        assertThatThrownBy(() -> trace.query.trace(STRANGER, unit)).isInstanceOf(IssuerException.NotFound.class);
    }

    /** A scan as verify-api logs it (V013): the partition its time UUID names, as ScanLogKey computes it. */
    static void logScan(UnitRef u, java.util.UUID at, String verdict, String cell) {
        Instant t = Instant.ofEpochMilli(com.datastax.oss.driver.api.core.uuid.Uuids.unixTimestamp(at));
        fx.ks.session().execute("INSERT INTO scan_log (minute, shard, at, batch_id, serial, verdict, cell, region, channel) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, 'CN-44', 'PAGE')", ScanLogKey.minute(t), ScanLogKey.shard(at), at, u.batchId(),
                MarkKey.serialBytes(u.serial()), verdict, cell);
    }

    static java.util.UUID timeUuid(Instant t) {
        return com.datastax.oss.driver.api.core.uuid.Uuids.startOf(t.toEpochMilli());
    }

    @Test
    void aUnitsScansAreThoseOfTheMinutesOfItsFirstAndLatestScan_fromTheScanLog() {
        Units units = issue(2);
        UnitRef u = new UnitRef(units.batch().batchId(), units.serials().get(0));
        Instant first = Instant.parse("2026-12-01T08:00:10Z");
        Instant middle = Instant.parse("2026-12-01T09:30:00Z");
        Instant last = Instant.parse("2026-12-01T10:15:20Z");
        logScan(u, timeUuid(first), "GENUINE", "ws0e9");
        logScan(u, timeUuid(first.plusSeconds(30)), "GENUINE", "ws0e9");
        logScan(u, timeUuid(middle), "GENUINE", "ws0e9");
        logScan(u, timeUuid(last), "CLONE_SUSPECTED", "wx4g0");
        UnitRef other = new UnitRef(units.batch().batchId(), units.serials().get(1));
        logScan(other, timeUuid(last.plusSeconds(1)), "GENUINE", "wtw3s");   // same minute, another unit
        assertThat(trace.query.trace(MAKER, u.urn()).scans()).as("no summary: never scanned as far as the trace knows").isEmpty();

        fx.ks.session().execute("INSERT INTO scan_summaries (batch_id, serial, scans, clients, first_at, first_place, last_at, "
                + "last_cell, last_verdict) VALUES (?, ?, 4, 3, ?, 'ws0e9', ?, 'wx4g0', 'CLONE_SUSPECTED')", u.batchId(),
                MarkKey.serialBytes(u.serial()), first, timeUuid(last));

        List<Trace.Scan> scans = trace.query.trace(MAKER, u.urn()).scans();
        assertThat(scans).extracting(Trace.Scan::at).containsExactly(last, first.plusSeconds(30), first);
        assertThat(scans).extracting(Trace.Scan::place).containsExactly("wx4g0", "ws0e9", "ws0e9");
        assertThat(scans.get(0).verdict()).isEqualTo("CLONE_SUSPECTED");
    }

    @Test
    void aDestroyedCaseTakesItsUnitsOutOfCirculation() {
        Units units = issue(2);
        Units cases = issue(1);
        String caseEpc = cases.urn(0);
        String factory = "urn:markauth:loc:TMAKER:plant-1";
        assertThat(trace.capture.capture(MAKER, doc(
                aggregation(at(Duration.ofHours(5)), "ADD", caseEpc, units.urn(0), units.urn(1)),
                object(at(Duration.ofHours(1)), "destroying", "destroyed", factory, caseEpc)), Capture.Mode.ATOMIC)
                .rejected()).isEmpty();

        assertThat(fx.services.activation.unitState(units.batch().batchId(), units.serials().get(0))).contains("DECOMMISSIONED");
        assertThat(fx.services.activation.unitState(units.batch().batchId(), units.serials().get(1))).contains("DECOMMISSIONED");
        assertThat(fx.services.activation.unitState(cases.batch().batchId(), cases.serials().get(0))).contains("DECOMMISSIONED");
    }

    @Test
    void aCaseListsAndVerifiesItsUnitsAndUnpackingStopsEventsReachingThem() {
        Units units = issue(3);
        Units pallet = issue(2);
        String caseEpc = pallet.urn(0);
        String palletEpc = pallet.urn(1);
        fx.services.activation.voidList(MAKER, units.batch().batchId(), List.of(new UnitRef(1, units.serials().get(2)).serialHex()));
        trace.capture.capture(MAKER, doc(
                aggregation(at(Duration.ofHours(10)), "ADD", caseEpc, units.urn(0), units.urn(1), units.urn(2)),
                aggregation(at(Duration.ofHours(9)), "ADD", palletEpc, caseEpc)), Capture.Mode.ATOMIC);

        Trace c = trace.query.trace(REGULATOR, caseEpc);
        assertThat(c.contents()).extracting(Trace.Content::urn).containsExactlyInAnyOrder(units.urn(0), units.urn(1), units.urn(2));
        assertThat(c.contents()).filteredOn(x -> x.urn().equals(units.urn(2))).extracting(Trace.Content::state).containsExactly("VOIDED");
        assertThat(c.contents()).filteredOn(x -> x.urn().equals(units.urn(0))).extracting(Trace.Content::state).containsExactly("ACTIVE");
        assertThat(c.container()).isEqualTo(palletEpc);

        // an event on the pallet reaches the units through the case
        trace.capture.capture(MAKER, doc(object(at(Duration.ofHours(8)), "shipping", "in_transit", "urn:markauth:loc:TMAKER:plant-1",
                palletEpc)), Capture.Mode.ATOMIC);
        assertThat(trace.query.trace(REGULATOR, units.urn(1)).path()).extracting(Trace.Step::bizStep).containsExactly("packing", "shipping");

        // unpack one unit: it leaves the case, and the next event on the pallet no longer reaches it
        trace.capture.capture(MAKER, doc(aggregation(at(Duration.ofHours(7)), "DELETE", caseEpc, units.urn(1))), Capture.Mode.ATOMIC);
        assertThat(trace.query.trace(REGULATOR, caseEpc).contents()).extracting(Trace.Content::urn)
                .containsExactlyInAnyOrder(units.urn(0), units.urn(2));
        assertThat(trace.query.trace(REGULATOR, units.urn(1)).container()).isNull();
        trace.capture.capture(MAKER, doc(object(at(Duration.ofHours(6)), "receiving", "in_progress", "urn:markauth:loc:TMAKER:wh-2",
                palletEpc)), Capture.Mode.ATOMIC);
        assertThat(trace.query.trace(REGULATOR, units.urn(1)).path()).extracting(Trace.Step::bizStep)
                .containsExactly("packing", "shipping", "unpacking");
        assertThat(trace.query.trace(REGULATOR, units.urn(0)).path()).extracting(Trace.Step::bizStep)
                .containsExactly("packing", "shipping", "receiving");
    }

    @Test
    void aLateEventOnACaseReachesWhatTheCaseHeldAtTheEventsTime() {
        Units units = issue(3);
        Units cases = issue(2);
        String caseEpc = cases.urn(0);
        String plant = "urn:markauth:loc:TMAKER:plant-1";
        String unpacked = units.urn(2);
        Duration t1 = Duration.ofHours(10);    // packed
        Duration t2 = Duration.ofHours(8);     // shipped, captured last
        Duration t3 = Duration.ofHours(6);     // one unit unpacked
        Duration t4 = Duration.ofHours(4);     // received
        trace.capture.capture(MAKER, doc(aggregation(at(t1), "ADD", caseEpc, units.urn(0), units.urn(1), unpacked)), Capture.Mode.ATOMIC);
        trace.capture.capture(MAKER, doc(aggregation(at(t3), "DELETE", caseEpc, unpacked)), Capture.Mode.ATOMIC);
        trace.capture.capture(MAKER, doc(object(at(t4), "receiving", "in_progress", plant, caseEpc)), Capture.Mode.ATOMIC);
        assertThat(trace.capture.capture(MAKER, doc(object(at(t2), "shipping", "in_transit", plant, caseEpc)), Capture.Mode.ATOMIC)
                .recorded()).hasSize(1);

        // the shipping at t2 reached every unit the case held then, the later-unpacked one too
        for (int i = 0; i < 3; i++) {
            assertThat(trace.query.trace(REGULATOR, units.urn(i)).path()).filteredOn(s -> "shipping".equals(s.bizStep()))
                    .extracting(Trace.Step::viaParent).containsExactly(caseEpc);
        }
        // the receiving at t4 did not reach the unit unpacked at t3
        assertThat(trace.query.trace(REGULATOR, unpacked).path()).extracting(Trace.Step::bizStep)
                .containsExactly("packing", "shipping", "unpacking");
        assertThat(trace.query.trace(REGULATOR, units.urn(0)).path()).extracting(Trace.Step::bizStep)
                .containsExactly("packing", "shipping", "receiving");

        // a packing into another case captured late (at t0 < t1) does not undo the later unpacking,
        // and an event on that other case reaches the unit only while it was inside
        String otherCase = cases.urn(1);
        trace.capture.capture(MAKER, doc(aggregation(at(Duration.ofHours(12)), "ADD", otherCase, unpacked)), Capture.Mode.ATOMIC);
        assertThat(trace.query.trace(REGULATOR, unpacked).container()).isNull();
        assertThat(trace.query.trace(REGULATOR, otherCase).contents()).isEmpty();
        assertThat(trace.query.trace(REGULATOR, caseEpc).contents()).extracting(Trace.Content::urn)
                .containsExactlyInAnyOrder(units.urn(0), units.urn(1));
        trace.capture.capture(MAKER, doc(
                object(at(Duration.ofHours(11)), "inspecting", null, plant, otherCase),
                object(at(Duration.ofHours(9)), "shipping", "returned", plant, otherCase)), Capture.Mode.ATOMIC);
        assertThat(trace.query.trace(REGULATOR, unpacked).path()).extracting(Trace.Step::bizStep)
                .containsExactly("packing", "inspecting", "packing", "shipping", "unpacking");
    }

    @Test
    void aDocumentRoundTripsThroughExportAndResendingItRecordsNothingTwice() {
        Units units = issue(2);
        JsonObject sent = doc(
                object(at(Duration.ofHours(5)), "urn:epcglobal:cbv:bizstep:commissioning", "https://ns.gs1.org/cbv/Disp-active",
                        "urn:markauth:loc:TMAKER:plant-1", units.urn(0), units.urn(1)),
                object(at(Duration.ofHours(4)), "shipping", "in_transit", "urn:markauth:loc:TMAKER:plant-1", units.urn(0))
                        .put("bizTransactionList", new JsonArray().add(new JsonObject().put("type", "po").put("bizTransaction", "urn:po:4711"))));
        Capture.Result first = trace.capture.capture(MAKER, sent, Capture.Mode.ATOMIC);
        assertThat(first.recorded()).hasSize(2);

        JsonObject exported = trace.query.exportUnit(MAKER, units.urn(0));
        assertThat(exported.getString("type")).isEqualTo("EPCISDocument");
        assertThat(exported.getString("schemaVersion")).isEqualTo("2.0");
        // equal in meaning: the same event hashes, the vocabulary as bare CBV words, extensions kept
        assertThat(ids(exported)).isEqualTo(ids(sent));
        JsonArray events = exported.getJsonObject("epcisBody").getJsonArray("eventList");
        assertThat(events.getJsonObject(0).getString("bizStep")).isEqualTo("commissioning");
        assertThat(events.getJsonObject(0).getString("disposition")).isEqualTo("active");
        assertThat(events.getJsonObject(1).getJsonArray("bizTransactionList").getJsonObject(0).getString("bizTransaction"))
                .isEqualTo("urn:po:4711");
        LocalDate today = LocalDate.ofInstant(fx.services.clock.instant(), ZoneOffset.UTC);
        assertThat(ids(trace.query.exportPeriod(MAKER, "TMAKER", today.minusDays(1), today))).containsAll(ids(sent));

        // the exported document captured again: every event is a duplicate, nothing changes
        Capture.Result again = trace.capture.capture(MAKER, exported, Capture.Mode.ATOMIC);
        assertThat(again.recorded()).isEmpty();
        assertThat(again.duplicates()).hasSize(2);
        assertThat(trace.query.trace(MAKER, units.urn(0)).path()).hasSize(2);
    }

    @Test
    void badEventsAreRefusedWithSpecificReasonsAndTheCallerChoosesForTheRest() {
        Units mine = issue(2);
        Units foreign;
        {
            Product other = fx.licensedProduct("TSTRANGER");
            Batch b = fx.services.batches.order(STRANGER, new BatchOrder(other.productId(), 1, "LOT-F", LocalDate.of(2026, 11, 1),
                    LocalDate.of(2028, 11, 1), "LINE-F", "foreign")).batch();
            List<Long> s = new ArrayList<>();
            fx.services.batches.issue(b, c -> { for (long x : c.serials()) s.add(x); }, (d, t) -> { });
            foreign = new Units(b, s, List.of());
            fx.clock.advance(Duration.ofDays(3));
        }
        String loc = "urn:markauth:loc:TMAKER:plant-1";
        JsonObject good = object(at(Duration.ofHours(2)), "commissioning", "active", loc, mine.urn(0));
        JsonObject notMine = object(at(Duration.ofHours(2)), "commissioning", "active", loc, foreign.urn(0));
        JsonObject unknown = object(at(Duration.ofHours(2)), "commissioning", "active", loc,
                new UnitRef(mine.batch().batchId(), 42L).urn());
        JsonObject future = object(fx.services.clock.instant().plus(Duration.ofHours(2)).atOffset(ZoneOffset.UTC).toString(),
                "commissioning", "active", loc, mine.urn(1));
        JsonObject badStep = object(at(Duration.ofHours(2)), "teleporting", null, loc, mine.urn(1));
        JsonObject badEpc = object(at(Duration.ofHours(2)), "shipping", null, loc, "urn:markauth:mark:12:xyz");

        Capture.Result atomic = trace.capture.capture(MAKER, doc(good, notMine, unknown, future, badStep, badEpc), Capture.Mode.ATOMIC);
        assertThat(atomic.committed()).isFalse();
        assertThat(atomic.recorded()).isEmpty();
        assertThat(atomic.rejected()).extracting(Capture.Rejected::index, Capture.Rejected::code).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1, "NOT_YOUR_MARK"), org.assertj.core.groups.Tuple.tuple(2, "UNKNOWN_MARK"),
                org.assertj.core.groups.Tuple.tuple(3, "TIME_IN_FUTURE"), org.assertj.core.groups.Tuple.tuple(4, "UNKNOWN_BIZSTEP"),
                org.assertj.core.groups.Tuple.tuple(5, "MALFORMED_EPC"));
        assertThat(trace.query.trace(MAKER, mine.urn(0)).path()).isEmpty();

        Capture.Result partial = trace.capture.capture(MAKER, doc(good, notMine), Capture.Mode.PARTIAL);
        assertThat(partial.committed()).isTrue();
        assertThat(partial.recorded()).hasSize(1);
        assertThat(partial.rejected()).extracting(Capture.Rejected::code).containsExactly("NOT_YOUR_MARK");
        assertThat(trace.query.trace(MAKER, mine.urn(0)).path()).hasSize(1);

        // a retailer that was never declared may not record the maker's units
        assertThat(trace.capture.capture(STRANGER, doc(object(at(Duration.ofHours(1)), "receiving", null, loc, mine.urn(0))),
                Capture.Mode.PARTIAL).rejected()).extracting(Capture.Rejected::code).containsExactly("NOT_YOUR_MARK");
    }
}

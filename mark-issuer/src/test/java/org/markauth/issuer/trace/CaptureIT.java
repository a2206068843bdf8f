package org.markauth.issuer.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.markauth.issuer.IssuerFixture.REGULATOR;

import com.datastax.oss.driver.api.core.cql.Row;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.access.Principal;
import org.markauth.issuer.IssuerFixture;
import org.markauth.issuer.app.IssuerServices;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.batch.BatchOrder;
import org.markauth.issuer.registry.Product;
import org.markauth.registry.MarkKey;

/**
 * EPCIS 2.0 capture of every event type (EPCIS 2.0 section 7.4), the CBV 2.0 event hash as the
 * duplicate test, errorDeclaration (section 7.4.1.2) and the V020 rows, against the real Cassandra node.
 */
class CaptureIT {

    static IssuerFixture fx;
    static IssuerServices s;
    static final Principal MAKER = Principal.manufacturer("line-1", "QMAKER");
    static final Principal STRANGER = Principal.manufacturer("x-1", "QSTRANGER");
    static Product product;
    static final String PLANT = "urn:markauth:loc:QMAKER:plant-1";

    record Units(Batch batch, List<Long> serials) {
        String urn(int i) {
            return new UnitRef(batch.batchId(), serials.get(i)).urn();
        }

        UnitRef ref(int i) {
            return new UnitRef(batch.batchId(), serials.get(i));
        }
    }

    @BeforeAll
    static void up() throws Exception {
        fx = new IssuerFixture("issuer_capture_it");
        fx.services.keys.rotate(REGULATOR, null);
        fx.licensee("QMAKER");
        fx.licensee("QSTRANGER");
        product = fx.licensedProduct("QMAKER");
        s = fx.services;
    }

    @AfterAll
    static void down() {
        fx.close();
    }

    static int orders;

    static Units issue(int n) {
        Batch b = s.batches.order(MAKER, new BatchOrder(product.productId(), n, "LOT-Q", LocalDate.of(2026, 11, 1),
                LocalDate.of(2028, 11, 1), "LINE-Q", "capture-" + (orders++))).batch();
        List<Long> serials = new ArrayList<>();
        s.batches.issue(b, c -> {
            for (long x : c.serials()) {
                serials.add(x);
            }
        }, (d, t) -> { });
        s.activation.activateRange(MAKER, b.batchId(), 1, n);
        fx.clock.advance(Duration.ofDays(3));
        return new Units(b, serials);
    }

    static String at(Duration ago) {
        return s.clock.instant().minus(ago).atOffset(ZoneOffset.ofHours(8)).toString();
    }

    static JsonObject event(String type, Duration ago, String action, String bizStep) {
        JsonObject e = new JsonObject().put("type", type).put("eventTime", at(ago)).put("eventTimeZoneOffset", "+08:00");
        if (action != null) {
            e.put("action", action);
        }
        return e.put("bizStep", bizStep).put("readPoint", new JsonObject().put("id", PLANT + ":door"))
                .put("bizLocation", new JsonObject().put("id", PLANT));
    }

    static JsonArray list(String... xs) {
        return new JsonArray(List.of(xs));
    }

    static JsonObject quantity(String cls, double q, String uom) {
        JsonObject o = new JsonObject().put("epcClass", cls).put("quantity", q);
        return uom == null ? o : o.put("uom", uom);
    }

    /** A document with an extension namespace in its @context. */
    static JsonObject doc(JsonObject... events) {
        JsonObject d = EpcisDocuments.write(List.of(events), Instant.now());
        d.getJsonArray("@context").add(new JsonObject().put("ex", "https://example.com/epcis/"));
        return d;
    }

    static Capture.Result capture(Principal p, JsonObject... events) {
        return s.capture.capture(p, doc(events), Capture.Mode.PARTIAL);
    }

    static String code(Capture.Result r) {
        assertThat(r.rejected()).as("one refusal").hasSize(1);
        return r.rejected().get(0).code();
    }

    static Row eventRow(String hash) {
        return fx.ks.session().execute("SELECT * FROM epcis_events WHERE event_id = ?", hash).one();
    }

    @Test
    void everyEventTypeIsRecordedWithItsDetailAndTheV020Rows() {
        Units u = issue(6);
        String productClass = Capture.PRODUCT_CLASS_PREFIX + product.productId();
        JsonObject commission = event("ObjectEvent", Duration.ofHours(10), "ADD", "commissioning")
                .put("eventID", "urn:uuid:6b0c1f0e-8a3c-4e3e-9c51-000000000001")
                .put("epcList", list(u.urn(0), u.urn(1), u.urn(2), u.urn(3)))
                .put("disposition", "active")
                .put("ilmd", new JsonObject().put("ex:bestBefore", "2028-11-01"))
                .put("certificationInfo", "https://example.com/cert/42")
                .put("persistentDisposition", new JsonObject().put("set", list("urn:epcglobal:cbv:disp:conformant")))
                .put("ex:lineSpeed", 120);
        JsonObject packing = event("AggregationEvent", Duration.ofHours(9), "ADD", "packing").put("parentID", u.urn(5))
                .put("childEPCs", list(u.urn(0), u.urn(1))).put("disposition", "container_closed");
        JsonObject transaction = event("TransactionEvent", Duration.ofHours(8), "ADD", "shipping").put("parentID", u.urn(5))
                .put("bizTransactionList", new JsonArray().add(new JsonObject().put("type", "urn:epcglobal:cbv:btt:po")
                        .put("bizTransaction", "urn:epcglobal:cbv:bt:0614141000005:PO-77")))
                .put("sourceList", new JsonArray().add(new JsonObject().put("type", "owning_party")
                        .put("source", "urn:markauth:party:QMAKER")));
        JsonObject transformation = event("TransformationEvent", Duration.ofHours(7), null, "commissioning")
                .put("inputEPCList", list("urn:epc:id:sgtin:4012345.011111.987"))
                .put("inputQuantityList", new JsonArray().add(quantity("urn:epc:class:lgtin:4012345.011111.4711", 2.5, "KGM")))
                .put("outputEPCList", list(u.urn(4))).put("transformationID", "urn:uuid:9b2d7c8e-0000-4000-8000-00000000abcd");
        JsonObject association = event("AssociationEvent", Duration.ofHours(6), "ADD", "assembling")
                .put("parentID", "urn:epc:id:giai:4000001.12345").put("childEPCs", list(u.urn(2)));
        JsonObject sensing = event("ObjectEvent", Duration.ofHours(5), "OBSERVE", "sensor_reporting").put("epcList", list(u.urn(3)))
                .put("sensorElementList", new JsonArray().add(new JsonObject()
                        .put("sensorMetadata", new JsonObject().put("time", at(Duration.ofHours(5))))
                        .put("sensorReport", new JsonArray().add(new JsonObject().put("type", "Temperature").put("value", 4.5)
                                .put("uom", "CEL")))));
        JsonObject quantityOnly = event("ObjectEvent", Duration.ofHours(4), "OBSERVE", "inspecting")
                .put("quantityList", new JsonArray().add(quantity(productClass, 200, null)));
        Capture.Result r = capture(MAKER, commission, packing, transaction, transformation, association, sensing, quantityOnly);
        assertThat(r.rejected()).isEmpty();
        assertThat(r.recorded()).hasSize(7).startsWith("urn:uuid:6b0c1f0e-8a3c-4e3e-9c51-000000000001");
        assertThat(r.hashes()).hasSize(7).allMatch(h -> h.startsWith("ni:///sha-256;") && h.endsWith("?ver=CBV2.0"));

        // the stored row: the sender's eventID, the @context, the query columns; body without recordTime
        Row row = eventRow(r.hashes().get(0));
        assertThat(row.getString("sender_event_id")).isEqualTo("urn:uuid:6b0c1f0e-8a3c-4e3e-9c51-000000000001");
        assertThat(row.getString("context")).contains("https://example.com/epcis/");
        assertThat(row.getString("biz_step")).isEqualTo("commissioning");
        assertThat(row.getString("read_point")).isEqualTo(PLANT + ":door");
        JsonObject body = new JsonObject(row.getString("body"));
        assertThat(body.getString("eventID")).isEqualTo("urn:uuid:6b0c1f0e-8a3c-4e3e-9c51-000000000001");
        assertThat(body.getJsonObject("persistentDisposition").getJsonArray("set")).containsExactly("conformant");
        assertThat(body.getInteger("ex:lineSpeed")).isEqualTo(120);
        assertThat(body.containsKey("recordTime")).isFalse();
        Row tx = eventRow(r.hashes().get(2));
        assertThat(new JsonObject(tx.getString("body")).getJsonArray("bizTransactionList").getJsonObject(0).getString("type"))
                .isEqualTo("po");
        assertThat(new JsonObject(eventRow(r.hashes().get(6)).getString("body")).getString("eventID")).isEqualTo(r.hashes().get(6));
        // the sender's id and the hash both lead to the hash
        assertThat(fx.ks.session().execute("SELECT event_hash FROM epcis_event_ids WHERE event_id = ?", r.recorded().get(0))
                .one().getString(0)).isEqualTo(r.hashes().get(0));
        String h = r.hashes().get(5);
        LocalDate day = LocalDate.ofInstant(s.clock.instant().minus(Duration.ofHours(5)), ZoneOffset.UTC);
        assertThat(fx.ks.session().execute("SELECT event_type FROM events_by_day WHERE day = ? AND shard = ?", day,
                TraceStore.shard(h)).all()).extracting(x -> x.getString(0)).contains("ObjectEvent");
        assertThat(fx.ks.session().execute("SELECT count(*) FROM units_by_event WHERE event_hash = ?", r.hashes().get(1))
                .one().getLong(0)).isEqualTo(3);     // the case and its two units
        assertThat(fx.ks.session().execute("SELECT count(*) FROM events_by_record_day WHERE day = ? AND shard = ?",
                LocalDate.ofInstant(s.clock.instant(), ZoneOffset.UTC), TraceStore.shard(h)).one().getLong(0)).isPositive();

        // the traces carry each event's detail
        Trace t0 = s.query.trace(MAKER, u.urn(0));
        assertThat(t0.path()).extracting(Trace.Step::type).containsExactly("ObjectEvent", "AggregationEvent", "TransactionEvent");
        Trace.Step shipped = t0.path().get(2);
        assertThat(shipped.viaParent()).isEqualTo(u.urn(5));
        assertThat(shipped.event().getJsonArray("bizTransactionList").getJsonObject(0).getString("bizTransaction"))
                .isEqualTo("urn:epcglobal:cbv:bt:0614141000005:PO-77");
        assertThat(shipped.event().getString("recordTime")).isNotNull();
        assertThat(s.query.trace(MAKER, u.urn(4)).path()).singleElement().satisfies(st -> {
            assertThat(st.type()).isEqualTo("TransformationEvent");
            assertThat(st.event().getJsonArray("inputQuantityList").getJsonObject(0).getString("uom")).isEqualTo("KGM");
        });
        assertThat(s.query.trace(MAKER, u.urn(2)).path()).extracting(Trace.Step::type).containsExactly("ObjectEvent", "AssociationEvent");
        Trace.Step sensed = s.query.trace(MAKER, u.urn(3)).path().get(1);
        assertThat(sensed.bizStep()).isEqualTo("sensor_reporting");
        assertThat(sensed.event().getJsonArray("sensorElementList").getJsonObject(0).getJsonArray("sensorReport")
                .getJsonObject(0).getDouble("value")).isEqualTo(4.5);
    }

    @Test
    void eventsDifferingOnlyInBusinessContentAreNotDuplicates() {
        Units u = issue(1);
        JsonObject a = event("ObjectEvent", Duration.ofHours(3), "OBSERVE", "shipping").put("epcList", list(u.urn(0)))
                .put("bizTransactionList", new JsonArray().add(new JsonObject().put("type", "po").put("bizTransaction", "urn:po:1")));
        JsonObject b = a.copy().put("bizTransactionList", new JsonArray().add(new JsonObject().put("type", "po")
                .put("bizTransaction", "urn:po:2")));
        JsonObject c = event("ObjectEvent", Duration.ofHours(3), "OBSERVE", "sensor_reporting").put("epcList", list(u.urn(0)))
                .put("sensorElementList", new JsonArray().add(new JsonObject().put("sensorReport", new JsonArray()
                        .add(new JsonObject().put("type", "Temperature").put("value", 4.0).put("uom", "CEL")))));
        JsonObject d = c.copy().put("sensorElementList", new JsonArray().add(new JsonObject().put("sensorReport", new JsonArray()
                .add(new JsonObject().put("type", "Temperature").put("value", 9.0).put("uom", "CEL")))));
        Capture.Result r = capture(MAKER, a, b, c, d);
        assertThat(r.recorded()).hasSize(4);
        assertThat(r.duplicates()).isEmpty();
    }

    @Test
    void aTrueDuplicateIsRecordedOnceWhateverItsNotation() {
        Units u = issue(2);
        Instant when = s.clock.instant().minus(Duration.ofHours(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        JsonObject first = new JsonObject().put("type", "ObjectEvent").put("action", "OBSERVE")
                .put("eventTime", when.atOffset(ZoneOffset.ofHours(8)).toString()).put("eventTimeZoneOffset", "+08:00")
                .put("epcList", list(u.urn(0), u.urn(1))).put("bizStep", "inspecting")
                .put("readPoint", new JsonObject().put("id", PLANT));
        // the same event: other field order, EPC list reversed, the time in UTC, the CBV term as a URN
        JsonObject again = new JsonObject().put("readPoint", new JsonObject().put("id", PLANT))
                .put("bizStep", "urn:epcglobal:cbv:bizstep:inspecting").put("epcList", list(u.urn(1), u.urn(0)))
                .put("eventTimeZoneOffset", "+08:00").put("eventTime", when.toString()).put("action", "OBSERVE")
                .put("type", "ObjectEvent");
        Capture.Result r1 = capture(MAKER, first);
        Capture.Result r2 = capture(MAKER, again);
        assertThat(r1.recorded()).hasSize(1);
        assertThat(r2.recorded()).isEmpty();
        assertThat(r2.duplicates()).containsExactly(r1.hashes().get(0));
        assertThat(s.query.trace(MAKER, u.urn(0)).path()).hasSize(1);
    }

    @Test
    void anErrorDeclarationUndoesADecommissioningAndHidesTheEventFromTraces() {
        Units u = issue(2);
        JsonObject commission = event("ObjectEvent", Duration.ofHours(6), "ADD", "commissioning").put("epcList", list(u.urn(0)));
        JsonObject destroy = event("ObjectEvent", Duration.ofHours(5), "OBSERVE", "destroying").put("disposition", "destroyed")
                .put("eventID", "urn:uuid:0d0d0d0d-1111-4222-8333-444444444444").put("epcList", list(u.urn(0)));
        assertThat(capture(MAKER, commission, destroy).recorded()).hasSize(2);
        assertThat(s.query.unitState(u.ref(0))).isEqualTo("DECOMMISSIONED");
        assertThat(s.query.trace(MAKER, u.urn(0)).state()).isEqualTo("destroyed");

        JsonObject correction = event("ObjectEvent", Duration.ofHours(4), "OBSERVE", "inspecting").put("epcList", list(u.urn(0)))
                .put("eventID", "urn:uuid:0d0d0d0d-1111-4222-8333-555555555555");
        JsonObject declaration = destroy.copy().put("errorDeclaration", new JsonObject()
                .put("declarationTime", at(Duration.ofMinutes(10))).put("reason", "urn:epcglobal:cbv:er:incorrect_data")
                .put("correctiveEventIDs", list("urn:uuid:0d0d0d0d-1111-4222-8333-555555555555")));

        // nobody else may declare it, and a declaration naming nothing recorded is refused
        assertThat(code(capture(STRANGER, declaration))).isEqualTo("UNKNOWN_DECLARED_EVENT");
        JsonObject nothing = declaration.copy().put("eventID", "urn:uuid:0d0d0d0d-1111-4222-8333-999999999999");
        assertThat(code(capture(MAKER, nothing))).isEqualTo("UNKNOWN_DECLARED_EVENT");

        Capture.Result r = capture(MAKER, correction, declaration);
        assertThat(r.rejected()).isEmpty();
        assertThat(r.recorded()).containsExactly("urn:uuid:0d0d0d0d-1111-4222-8333-555555555555",
                "urn:uuid:0d0d0d0d-1111-4222-8333-444444444444");
        assertThat(s.query.unitState(u.ref(0))).isEqualTo("ACTIVE");
        Trace t = s.query.trace(MAKER, u.urn(0));
        assertThat(t.state()).isEqualTo("active");
        Trace.Step declared = t.path().stream().filter(x -> "destroying".equals(x.bizStep())).findFirst().orElseThrow();
        assertThat(declared.declared()).isNotNull();
        assertThat(declared.declared().reason()).isEqualTo("incorrect_data");
        assertThat(declared.declared().correctiveEventIds()).containsExactly("urn:uuid:0d0d0d0d-1111-4222-8333-555555555555");
        assertThat(fx.ks.session().execute("SELECT declared FROM events_by_unit WHERE batch_id = ? AND serial = ?",
                u.batch().batchId(), MarkKey.serialBytes(u.serials().get(0))).all())
                .extracting(x -> !x.isNull(0) && x.getBoolean(0)).containsExactly(false, true, false);
        // declaring it again is a duplicate
        assertThat(capture(MAKER, declaration).duplicates()).containsExactly("urn:uuid:0d0d0d0d-1111-4222-8333-444444444444");
    }

    @Test
    void anotherLicenseeReusingAnEventIdCannotSquatIt() {
        // QSTRANGER records an event on its own mark under the eventID QMAKER will use (partners see each other's ids)
        Product theirs = fx.licensedProduct("QSTRANGER");
        Batch tb = s.batches.order(STRANGER, new BatchOrder(theirs.productId(), 1, "LOT-S", LocalDate.of(2026, 11, 1), null,
                "LINE-S", "capture-squat")).batch();
        List<Long> ts = new ArrayList<>();
        s.batches.issue(tb, c -> {
            for (long x : c.serials()) {
                ts.add(x);
            }
        }, (d, t) -> { });
        s.activation.activateRange(STRANGER, tb.batchId(), 1, 1);
        fx.clock.advance(Duration.ofDays(3));
        Units u = issue(1);
        String id = "urn:uuid:5a5a5a5a-1111-4222-8333-000000000001";
        JsonObject squat = event("ObjectEvent", Duration.ofHours(3), "OBSERVE", "inspecting").put("eventID", id)
                .put("epcList", list(new UnitRef(tb.batchId(), ts.get(0)).urn()));
        assertThat(capture(STRANGER, squat).recorded()).containsExactly(id);
        JsonObject mine = event("ObjectEvent", Duration.ofHours(2), "OBSERVE", "destroying").put("disposition", "destroyed")
                .put("eventID", id).put("epcList", list(u.urn(0)));
        assertThat(capture(MAKER, mine).recorded()).containsExactly(id);
        assertThat(s.query.unitState(u.ref(0))).isEqualTo("DECOMMISSIONED");
        JsonObject declaration = mine.copy().put("errorDeclaration", new JsonObject()
                .put("declarationTime", at(Duration.ofMinutes(10))).put("reason", "incorrect_data"));
        // the squatter declaring by that eventID reaches only its own event: the maker's unit stays out of circulation
        assertThat(capture(STRANGER, declaration).rejected()).isEmpty();
        assertThat(s.query.unitState(u.ref(0))).isEqualTo("DECOMMISSIONED");
        // the maker's declaration by that eventID reaches its own event, not the squatter's
        assertThat(capture(MAKER, declaration).rejected()).isEmpty();
        assertThat(s.query.unitState(u.ref(0))).isEqualTo("ACTIVE");
    }

    @Test
    void aDeclaredPackingNoLongerHoldsItsUnits() {
        Units u = issue(3);
        JsonObject pack = event("AggregationEvent", Duration.ofHours(4), "ADD", "packing").put("parentID", u.urn(2))
                .put("childEPCs", list(u.urn(0), u.urn(1)));
        assertThat(capture(MAKER, pack).recorded()).hasSize(1);
        assertThat(s.query.trace(MAKER, u.urn(2)).contents()).hasSize(2);
        JsonObject declaration = pack.copy().put("errorDeclaration", new JsonObject().put("declarationTime", at(Duration.ofMinutes(1)))
                .put("reason", "did_not_occur"));
        assertThat(capture(MAKER, declaration).recorded()).hasSize(1);
        assertThat(s.query.trace(MAKER, u.urn(2)).contents()).isEmpty();
        assertThat(s.query.trace(MAKER, u.urn(0)).container()).isNull();
        // an event on the case reaches its units no more
        assertThat(capture(MAKER, event("ObjectEvent", Duration.ofHours(1), "OBSERVE", "inspecting").put("epcList", list(u.urn(2))))
                .recorded()).hasSize(1);
        assertThat(s.query.trace(MAKER, u.urn(0)).path()).extracting(Trace.Step::bizStep).containsExactly("packing");
    }

    @Test
    void whatMustBeAProgrammeMarkIsRefusedWithItsOwnCode() {
        Units u = issue(1);
        String foreign = "urn:epc:id:sgtin:4012345.011111.1";
        assertThat(code(capture(MAKER, event("ObjectEvent", Duration.ofHours(1), "OBSERVE", "inspecting")
                .put("epcList", list(u.urn(0), foreign))))).isEqualTo("FOREIGN_EPC");
        assertThat(code(capture(MAKER, event("TransformationEvent", Duration.ofHours(1), null, "commissioning")
                .put("inputEPCList", list(u.urn(0))).put("outputEPCList", list(foreign))))).isEqualTo("FOREIGN_EPC");
        assertThat(code(capture(MAKER, event("AssociationEvent", Duration.ofHours(1), "ADD", "assembling")
                .put("parentID", u.urn(0)).put("childEPCs", list(foreign))))).isEqualTo("FOREIGN_EPC");
        assertThat(code(capture(MAKER, event("ObjectEvent", Duration.ofHours(1), "OBSERVE", "inspecting")
                .put("quantityList", new JsonArray().add(quantity("urn:epc:class:lgtin:4012345.011111.4711", 3, null))))))
                .isEqualTo("FOREIGN_EPC");
        assertThat(code(capture(MAKER, event("TransformationEvent", Duration.ofHours(1), null, "commissioning")
                .put("inputEPCList", list(foreign))))).isEqualTo("NO_PROGRAMME_MARK");
        // another licensee's product class by quantity
        assertThat(code(capture(STRANGER, event("ObjectEvent", Duration.ofHours(1), "OBSERVE", "inspecting")
                .put("quantityList", new JsonArray().add(quantity(Capture.PRODUCT_CLASS_PREFIX + product.productId(), 3, null))))))
                .isEqualTo("NOT_YOUR_MARK");
    }

    @Test
    void eventsInvalidPerEpcis20AreMalformedAndVocabularyFollowsCbv20() {
        Units u = issue(1);
        JsonObject base = event("ObjectEvent", Duration.ofHours(1), "OBSERVE", "inspecting").put("epcList", list(u.urn(0)));
        assertThat(code(capture(MAKER, base.copy().put("bizLocation", new JsonObject().put("id", "plant 1")))))
                .isEqualTo("MALFORMED_EVENT");
        assertThat(code(capture(MAKER, base.copy().put("readPoint", new JsonObject().put("id", "door-3")))))
                .isEqualTo("MALFORMED_EVENT");
        assertThat(code(capture(MAKER, base.copy().put("quantityList", new JsonArray().add(new JsonObject().put("quantity", 3))))))
                .isEqualTo("MALFORMED_EVENT");
        assertThat(code(capture(MAKER, event("TransactionEvent", Duration.ofHours(1), "ADD", "shipping")
                .put("epcList", list(u.urn(0)))))).isEqualTo("MALFORMED_EVENT");
        Capture.Result notCbv = capture(MAKER, base.copy().put("bizStep", "teleporting"));
        assertThat(code(notCbv)).isEqualTo("UNKNOWN_BIZSTEP");
        assertThat(notCbv.rejected().get(0).message()).contains("sensor_reporting", "CBV 2.0");
        assertThat(code(capture(MAKER, base.copy().put("disposition", "lost")))).isEqualTo("UNKNOWN_DISPOSITION");
        // every CBV 2.0 term is accepted, and a term of one's own vocabulary as a URI is kept as given
        Capture.Result ok = capture(MAKER, base.copy().put("bizStep", "https://ref.gs1.org/cbv/BizStep-stock_taking")
                        .put("disposition", "completeness_verified"),
                base.copy().put("bizStep", "https://example.com/steps/polishing").put("disposition", "urn:example:disp:shiny"));
        assertThat(ok.rejected()).isEmpty();
        assertThat(s.query.trace(MAKER, u.urn(0)).path()).extracting(Trace.Step::bizStep)
                .containsExactlyInAnyOrder("stock_taking", "https://example.com/steps/polishing");
        assertThat(Cbv.BIZ_STEPS).hasSize(41);
        assertThat(Cbv.DISPOSITIONS).hasSize(33);
    }
}

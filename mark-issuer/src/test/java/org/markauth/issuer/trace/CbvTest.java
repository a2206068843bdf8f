package org.markauth.issuer.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CBV 2.0 vocabulary (GS1's published JSON-LD context) and EPCIS 2.0 event validity, without services. */
class CbvTest {

    @Test
    void everyCbv20TermInEverySpellingIsTheBareWordAndOtherUrisAreKept() {
        assertThat(Cbv.BIZ_STEPS).hasSize(41).contains("sensor_reporting", "creating_class_instance", "void_shipping");
        assertThat(Cbv.DISPOSITIONS).hasSize(33).contains("completeness_inferred", "mismatch_quantity", "dispensed");
        for (String spelling : List.of("sensor_reporting", "urn:epcglobal:cbv:bizstep:sensor_reporting",
                "https://ref.gs1.org/cbv/BizStep-sensor_reporting", "https://ns.gs1.org/cbv/BizStep-sensor_reporting")) {
            assertThat(Cbv.bizStep(spelling)).isEqualTo("sensor_reporting");
        }
        assertThat(Cbv.disposition("urn:epcglobal:cbv:disp:in_transit")).isEqualTo("in_transit");
        assertThat(Cbv.bizStep("https://example.com/steps/polishing")).isEqualTo("https://example.com/steps/polishing");
        assertThat(Cbv.sourceDestType("https://ref.gs1.org/cbv/SDT-possessing_party")).isEqualTo("possessing_party");
        assertThat(Cbv.bizTransactionType("urn:epcglobal:cbv:btt:po")).isEqualTo("po");
        assertThat(Cbv.errorReason("did_not_occur")).isEqualTo("did_not_occur");
    }

    @Test
    void wordsOutsideCbvAreRefusedWithTheCbvList() {
        for (String bad : List.of("returning", "recalling", "teleporting", "urn:epcglobal:cbv:bizstep:teleporting",
                "https://ref.gs1.org/cbv/BizStep-teleporting")) {
            assertThatThrownBy(() -> Cbv.bizStep(bad)).isInstanceOfSatisfying(EpcisException.class, e -> {
                assertThat(e.code()).isEqualTo("UNKNOWN_BIZSTEP");
                assertThat(e.getMessage()).contains("CBV 2.0", "sensor_reporting");
            });
        }
        assertThatThrownBy(() -> Cbv.disposition("lost")).isInstanceOfSatisfying(EpcisException.class,
                e -> assertThat(e.code()).isEqualTo("UNKNOWN_DISPOSITION"));
    }

    static JsonObject object() {
        return new JsonObject().put("type", "ObjectEvent").put("eventTime", "2026-11-20T09:30:00+08:00")
                .put("eventTimeZoneOffset", "+08:00").put("action", "OBSERVE").put("epcList", new JsonArray().add("urn:markauth:mark:1:00000000000000aa"));
    }

    static String refusal(JsonObject e) {
        try {
            EpcisEvent.fromJson(e);
            return null;
        } catch (EpcisException x) {
            return x.code();
        }
    }

    @Test
    void eventsInvalidPerTheEpcis20SchemaAreMalformed() {
        assertThat(refusal(object())).isNull();
        assertThat(refusal(object().put("readPoint", new JsonObject().put("id", "door 3")))).isEqualTo("MALFORMED_EVENT");
        assertThat(refusal(object().put("epcList", new JsonArray().add("not an epc")))).isEqualTo("MALFORMED_EVENT");
        assertThat(refusal(object().put("epcList", new JsonArray().add("urn:x:1").add("urn:x:1")))).isEqualTo("MALFORMED_EVENT");
        assertThat(refusal(object().put("quantityList", new JsonArray().add(new JsonObject().put("epcClass", "urn:x:c")
                .put("quantity", 1).put("lot", "x"))))).isEqualTo("MALFORMED_EVENT");
        assertThat(refusal(object().put("quantityList", new JsonArray().add(new JsonObject().put("epcClass", "urn:x:c")
                .put("quantity", 1).put("uom", "kilo"))))).isEqualTo("MALFORMED_EVENT");
        assertThat(refusal(object().put("eventTimeZoneOffset", "+15:00"))).isEqualTo("MALFORMED_EVENT");
        assertThat(refusal(object().put("childEPCs", new JsonArray().add("urn:x:1")))).isEqualTo("MALFORMED_EVENT");
        assertThat(refusal(object().put("sensorElementList", new JsonArray().add(new JsonObject())))).isEqualTo("MALFORMED_EVENT");
        assertThat(refusal(object().put("errorDeclaration", new JsonObject().put("reason", "did_not_occur")))).isEqualTo("MALFORMED_EVENT");
        assertThat(refusal(object().put("type", "TransformationEvent").put("outputEPCList", new JsonArray().add("urn:x:1"))))
                .isEqualTo("MALFORMED_EVENT");     // a transformation has no action
        assertThat(refusal(object().put("type", "https://example.com/MyEvent"))).isEqualTo("UNSUPPORTED_EVENT_TYPE");
        assertThat(refusal(object().put("type", "TransactionEvent"))).isEqualTo("MALFORMED_EVENT");
        JsonObject association = object().put("type", "AssociationEvent").put("childEPCs", new JsonArray().add("urn:x:1"));
        association.remove("epcList");
        assertThat(refusal(association)).isEqualTo("MALFORMED_EVENT");     // no parentID
        assertThat(refusal(association.copy().put("parentID", "urn:epc:id:giai:4000001.1"))).isNull();
    }

    @Test
    void theBodyKeepsTheSendersIdAndVocabularyAsBareWords() {
        EpcisEvent e = EpcisEvent.fromJson(object().put("eventID", "urn:uuid:1").put("bizStep", "urn:epcglobal:cbv:bizstep:shipping")
                .put("recordTime", "2026-11-20T10:00:00Z").put("sourceList", new JsonArray().add(new JsonObject()
                        .put("type", "https://ref.gs1.org/cbv/SDT-owning_party").put("source", "urn:markauth:party:A"))));
        assertThat(e.eventId()).isEqualTo("urn:uuid:1");
        assertThat(e.hash()).startsWith("ni:///sha-256;");
        assertThat(e.body().getString("eventID")).isEqualTo("urn:uuid:1");
        assertThat(e.body().getString("bizStep")).isEqualTo("shipping");
        assertThat(e.body().containsKey("recordTime")).isFalse();
        assertThat(e.body().getJsonArray("sourceList").getJsonObject(0).getString("type")).isEqualTo("owning_party");
    }
}

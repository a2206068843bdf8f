package org.markauth.issuer.trace.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.markauth.issuer.trace.EpcisException;
import org.markauth.issuer.trace.UnitRef;

/** SimpleEventQuery matching (EPCIS 2.0 section 8.2.7.1) on GS1's own example event (JSON/EPCISQueryDocument.jsonld). */
class EventFilterTest {

    /** The first event of GS1's EPCISQueryDocument example, as stored. */
    static final JsonObject GS1 = new JsonObject("""
            {"eventID": "ni:///sha-256;df7bb3c352fef055578554f09f5e2aa41782150ced7bd0b8af24dd3ccb30ba69?ver=CBV2.0",
             "type": "ObjectEvent", "action": "OBSERVE", "bizStep": "shipping", "disposition": "in_transit",
             "epcList": ["urn:epc:id:sgtin:0614141.107346.2017", "urn:epc:id:sgtin:0614141.107346.2018"],
             "eventTime": "2005-04-03T20:33:31.116000-06:00", "eventTimeZoneOffset": "-06:00",
             "readPoint": {"id": "urn:epc:id:sgln:0614141.07346.1234"},
             "bizTransactionList": [{"type": "po", "bizTransaction": "http://transaction.acme.com/po/12345678"}]}""");
    static final EventFilter.Stored STORED = new EventFilter.Stored(GS1.getString("eventID"), "ObjectEvent",
            Instant.parse("2005-04-04T02:33:31.116Z"), Instant.parse("2005-04-05T00:00:00Z"), "L1", GS1, null, null, null, null);

    static boolean matches(String... kv) {
        Map<String, List<String>> p = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            p.put(kv[i], List.of(kv[i + 1]));
        }
        EpcisQuery q = EpcisQuery.fromQueryString(p, false);
        return new EventFilter(q, epc -> epc.startsWith("urn:markauth:mark:1:") ? Optional.of(new UnitRef(1, 7)) : Optional.empty())
                .matches(STORED);
    }

    @Test
    void termsMatchInEveryCbvSpelling() {
        assertThat(matches("EQ_bizStep", "shipping")).isTrue();
        assertThat(matches("EQ_bizStep", "urn:epcglobal:cbv:bizstep:shipping")).isTrue();
        assertThat(matches("EQ_bizStep", "https://ref.gs1.org/cbv/BizStep-shipping|receiving")).isTrue();
        assertThat(matches("EQ_bizStep", "receiving")).isFalse();
        assertThat(matches("EQ_disposition", "https://ns.gs1.org/cbv/Disp-in_transit")).isTrue();
        assertThat(matches("EQ_action", "ADD")).isFalse();
        assertThat(matches("EQ_readPoint", "urn:epc:id:sgln:0614141.07346.1234")).isTrue();
        assertThat(matches("EQ_bizLocation", "urn:epc:id:sgln:0614141.07346.1234")).isFalse();   // the event has none
        assertThat(matches("EQ_bizTransaction_urn:epcglobal:cbv:btt:po", "http://transaction.acme.com/po/12345678")).isTrue();
        assertThat(matches("EQ_bizTransaction_inv", "http://transaction.acme.com/po/12345678")).isFalse();
    }

    @Test
    void epcsMatchExactlyOrByTagDataStandardPattern() {
        assertThat(matches("MATCH_epc", "urn:epc:id:sgtin:0614141.107346.2018")).isTrue();
        assertThat(matches("MATCH_epc", "urn:epc:idpat:sgtin:0614141.107346.*")).isTrue();
        assertThat(matches("MATCH_epc", "urn:epc:idpat:sgtin:0614141.*.*")).isTrue();
        assertThat(matches("MATCH_epc", "urn:epc:idpat:sgtin:0614141.107347.*")).isFalse();
        assertThat(matches("MATCH_epc", "urn:epc:idpat:sscc:0614141.*")).isFalse();
        assertThat(matches("MATCH_parentID", "urn:epc:id:sgtin:0614141.107346.2018")).isFalse();   // no parentID
        assertThat(matches("MATCH_anyEPC", "urn:epc:id:sgtin:0614141.107346.2017")).isTrue();
        assertThat(matches("MATCH_epcClass", "urn:epc:idpat:sgtin:0614141.107346.*")).isFalse();  // no quantityList
    }

    @Test
    void aProgrammeMarkMatchesInAnyFormAndItsBatchIsItsClass() {
        JsonObject body = GS1.copy().put("epcList", new JsonArray().add("https://m.example/code-of-unit-7"));
        EventFilter.Stored e = new EventFilter.Stored("h", "ObjectEvent", STORED.eventTime(), STORED.recordTime(), "L1", body, null, null,
                null, null);
        java.util.function.Function<String, Optional<UnitRef>> marks = epc -> epc.equals("https://m.example/code-of-unit-7")
                || epc.equals(new UnitRef(1, 7).urn()) ? Optional.of(new UnitRef(1, 7)) : Optional.empty();
        for (String[] c : new String[][] {{new UnitRef(1, 7).urn(), "true"}, {"urn:markauth:mark:1:*", "true"},
                {"urn:markauth:mark:2:*", "false"}, {new UnitRef(1, 8).urn(), "false"}}) {
            EpcisQuery q = EpcisQuery.fromQueryString(Map.of("MATCH_epc", List.of(c[0])), false);
            assertThat(new EventFilter(q, marks).matches(e)).as(c[0]).isEqualTo(Boolean.parseBoolean(c[1]));
        }
    }

    @Test
    void timesAreHalfOpenAndErrorDeclarationsNeedADeclaration() {
        assertThat(matches("GE_eventTime", "2005-04-03T20:33:31.116-06:00")).isTrue();
        assertThat(matches("LT_eventTime", "2005-04-03T20:33:31.116-06:00")).isFalse();
        assertThat(matches("GE_recordTime", "2005-04-05T00:00:00Z", "LT_recordTime", "2005-04-05T00:00:00.001Z")).isTrue();
        assertThat(matches("EXISTS_errorDeclaration", "true")).isFalse();
        assertThat(matches("EXISTS_errorDeclaration", "false")).isTrue();     // false: regardless, as the standard says
        EventFilter.Stored declared = new EventFilter.Stored(STORED.hash(), "ObjectEvent", STORED.eventTime(), STORED.recordTime(), "L1",
                GS1, Instant.parse("2005-04-06T00:00:00Z"), "incorrect_data",
                new JsonObject().put("correctiveEventIDs", new JsonArray().add("urn:uuid:1")), null);
        EpcisQuery q = EpcisQuery.fromQueryString(Map.of("EQ_errorReason", List.of("urn:epcglobal:cbv:er:incorrect_data"),
                "EQ_correctiveEventID", List.of("urn:uuid:1"), "LT_errorDeclarationTime", List.of("2005-04-07T00:00:00Z")), false);
        assertThat(new EventFilter(q, x -> Optional.empty()).matches(declared)).isTrue();
    }

    @Test
    void unsupportedAndMalformedParametersAreNamed() {
        for (String[] c : new String[][] {{"EQ_quantity", "3"}, {"GE_startTime", "2005-04-05T00:00:00Z"}, {"EQ_ILMD_lot", "x"},
                {"EQ_INNER_bizStep", "x"}, {"HASATTR_bizLocation", "x"}}) {
            assertThatThrownBy(() -> matches(c)).isInstanceOf(EpcisException.class).hasMessageContaining(c[0])
                    .extracting(e -> ((EpcisException) e).code()).isEqualTo("QUERY_PARAMETER_UNSUPPORTED");
        }
        assertThatThrownBy(() -> matches("MATCH_epc", "urn:epc:idpat:")).hasMessageContaining("MATCH_epc");
        assertThatThrownBy(() -> EpcisQuery.fromJson(new JsonObject().put("EQ_bizStep", new JsonArray().add(3))))
                .hasMessageContaining("EQ_bizStep");
        assertThatThrownBy(() -> EpcisQuery.fromJson(new JsonObject().put("perPage", 3))).hasMessageContaining("perPage");
    }

    @Test
    void aNamedQueryRoundTripsThroughItsJson() {
        EpcisQuery q = EpcisQuery.fromJson(new JsonObject("{\"eventType\": [\"ObjectEvent\"], \"EQ_bizStep\": [\"shipping\", \"receiving\"],"
                + " \"GE_eventTime\": \"2026-01-01T00:00:00Z\", \"EXISTS_errorDeclaration\": true, \"orderBy\": \"eventTime\","
                + " \"eventCountLimit\": 5}"));
        assertThat(EpcisQuery.fromJson(q.toJson())).isEqualTo(q);
        assertThat(EpcisQuery.fromJson(q.toJson()).digest()).isEqualTo(q.digest());
        assertThat(q.descending()).isTrue();
    }
}

package org.markauth.issuer.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The custody vocabulary: which CBV steps move custody, and whom a shipment's destinationList names. */
class CustodyTest {

    static JsonObject to(String... typeAndId) {
        JsonArray list = new JsonArray();
        for (int i = 0; i < typeAndId.length; i += 2) {
            list.add(new JsonObject().put("type", typeAndId[i]).put("destination", typeAndId[i + 1]));
        }
        return new JsonObject().put("destinationList", list);
    }

    @Test
    void theStepsThatMoveCustody() {
        assertThat(Custody.kindOf("shipping", "in_transit")).isEqualTo(Custody.Kind.IN_TRANSIT);
        assertThat(Custody.kindOf("returning", null)).isEqualTo(Custody.Kind.IN_TRANSIT);
        assertThat(Custody.kindOf("receiving", "in_progress")).isEqualTo(Custody.Kind.HELD);
        assertThat(Custody.kindOf("accepting", null)).isEqualTo(Custody.Kind.HELD);
        assertThat(Custody.kindOf("void_shipping", null)).isEqualTo(Custody.Kind.HELD);
        assertThat(Custody.kindOf("retail_selling", "retail_sold")).isEqualTo(Custody.Kind.SOLD);
        assertThat(Custody.kindOf(null, "sold")).isEqualTo(Custody.Kind.SOLD);
        assertThat(Custody.kindOf("destroying", "destroyed")).isEqualTo(Custody.Kind.OUT);
        // a destroyed disposition wins over a sale step: the unit is out of circulation either way
        assertThat(Custody.kindOf("retail_selling", "destroyed")).isEqualTo(Custody.Kind.OUT);
        assertThat(Custody.kindOf("packing", "container_closed")).isNull();
        assertThat(Custody.kindOf("inspecting", null)).isNull();
        assertThat(Custody.kindOf(null, null)).isNull();
    }

    @Test
    void aDestinationIsThePossessingPartyElseTheOwnerElseTheLocationsLicensee() {
        assertThat(Custody.destination(new JsonObject())).isNull();
        assertThat(Custody.destination(to("possessing_party", "urn:markauth:party:GZ-CIDU"))).isEqualTo("GZ-CIDU");
        assertThat(Custody.destination(to("urn:epcglobal:cbv:sdt:owning_party", "urn:markauth:party:A",
                "https://ns.gs1.org/cbv/SDT-possessing_party", "urn:markauth:party:B"))).isEqualTo("B");
        assertThat(Custody.destination(to("owning_party", "urn:markauth:party:A", "location", "urn:markauth:loc:C:store-1")))
                .isEqualTo("A");
        assertThat(Custody.destination(to("location", "urn:markauth:loc:C:store-1"))).isEqualTo("C");
        // ids the programme does not know name nobody
        assertThat(Custody.destination(to("possessing_party", "urn:epc:id:pgln:0614141.00001"))).isNull();
        assertThat(Custody.destination(to("possessing_party", "urn:markauth:party:"))).isNull();
        assertThat(Custody.destination(to("location", "urn:markauth:loc:nosite"))).isNull();
    }

    @Test
    void aMalformedDestinationListIsAMalformedEvent() {
        for (Object bad : new Object[] {"urn:markauth:party:A", new JsonArray().add("urn:markauth:party:A"),
                new JsonArray().add(new JsonObject().put("type", "possessing_party")),
                new JsonArray().add(new JsonObject().put("type", 7).put("destination", "urn:markauth:party:A"))}) {
            assertThatThrownBy(() -> Custody.destination(new JsonObject().put("destinationList", bad)))
                    .isInstanceOfSatisfying(EpcisException.class, e -> assertThat(e.code()).isEqualTo("MALFORMED_EVENT"));
        }
    }
}

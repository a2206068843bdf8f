package org.markauth.verify.officer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class InspectionRecordTest {

    static JsonObject valid() {
        return new JsonObject().put("format", "markauth-inspection/1").put("id", "0f8fad5b-d9cb-469f-a165-70867728950e")
                .put("device", "0123456789abcdef0123456789abcdef").put("officer", "officer-7")
                .put("startedAt", "2026-12-06T10:15:30.123Z").put("endedAt", "2026-12-06T10:20:00Z")
                .put("place", null)
                .put("units", new JsonArray().add(new JsonObject().put("code", "HTTPS://MARK.EXAMPLE.CN/M/X").put("verdict", "FORGED")
                        .put("source", "OFFLINE").put("checkedAt", "2026-12-06T10:16:00Z").put("statusSequence", null)
                        .put("batchId", null).put("serial", null).put("outcome", "COUNTERFEIT")))
                .put("photos", new JsonArray()).put("seizures", new JsonArray()).put("notes", "柜台下发现");
    }

    static InspectionRecord parse(String json) {
        return InspectionRecord.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aValidRecordIsReadWithItsValues() {
        InspectionRecord r = parse(valid().encode());
        assertThat(r.id()).isEqualTo(UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e"));
        assertThat(r.startedAt()).isEqualTo(Instant.parse("2026-12-06T10:15:30.123Z"));
        assertThat(r.place()).isNull();
        assertThat(r.units()).singleElement().satisfies(u -> {
            assertThat(u.batchId()).isNull();
            assertThat(u.kind()).isEqualTo("INSPECTION");
        });
        assertThat(r.notes()).isEqualTo("柜台下发现");
    }

    @Test
    void eachRefusalNamesTheMember() {
        assertThatThrownBy(() -> parse(valid().put("format", "markauth-inspection/2").encode())).hasMessageContaining("format");
        assertThatThrownBy(() -> parse(valid().put("id", "0F8FAD5B-D9CB-469F-A165-70867728950E").encode())).hasMessageContaining("id");
        assertThatThrownBy(() -> parse(valid().put("endedAt", "2026-12-06T10:00:00Z").encode())).hasMessageContaining("endedAt");
        assertThatThrownBy(() -> parse(valid().put("endedAt", "2026-12-06T10:20:00+08:00").encode())).hasMessageContaining("endedAt");
        JsonObject badUnit = valid();
        badUnit.getJsonArray("units").getJsonObject(0).put("verdict", "PROBABLY_FINE");
        assertThatThrownBy(() -> parse(badUnit.encode())).hasMessageContaining("units[0].verdict");
        JsonObject fraction = valid();
        fraction.getJsonArray("units").getJsonObject(0).put("batchId", 1.5);
        assertThatThrownBy(() -> parse(fraction.encode())).hasMessageContaining("units[0].batchId");
        JsonObject twice = valid().put("photos", new JsonArray()
                .add(new JsonObject().put("sha256", "a".repeat(64)).put("type", "image/png").put("bytes", 10))
                .add(new JsonObject().put("sha256", "a".repeat(64)).put("type", "image/png").put("bytes", 10)));
        assertThatThrownBy(() -> parse(twice.encode())).hasMessageContaining("photos[1].sha256");
        assertThatThrownBy(() -> parse(valid().put("notes", "x".repeat(4001)).encode())).hasMessageContaining("notes");
        assertThatThrownBy(() -> parse(valid().encode() + " {}")).hasMessageContaining("more after");
        assertThatThrownBy(() -> parse("[]")).hasMessageContaining("record must be a JSON object");
    }

    @Test
    void aRecordOverTheLimitOrNotUtf8IsRefusedBeforeItIsRead() {
        byte[] big = new byte[InspectionRecord.MAX_BYTES + 1];
        assertThatThrownBy(() -> InspectionRecord.parse(big)).hasMessageContaining("at most " + InspectionRecord.MAX_BYTES);
        assertThatThrownBy(() -> InspectionRecord.parse(new byte[] {'{', (byte) 0xC3, '}'})).hasMessageContaining("UTF-8");
        assertThat(InspectionRecord.unpaired("a\uD800b")).isTrue();
        assertThat(InspectionRecord.unpaired("柜台 😀")).isFalse();
    }

    @Test
    void theUnitRowTimeIsTheCheckTimeAndTheSameForTheSameUnitOfTheSameRecord() {
        UUID id = UUID.randomUUID();
        Instant at = Instant.parse("2026-12-06T10:16:00.500Z");
        UUID a = InspectionStore.unitAt(id, 0, at);
        assertThat(InspectionStore.unitAt(id, 0, at)).isEqualTo(a);
        assertThat(InspectionStore.unitAt(id, 1, at)).isNotEqualTo(a);
        assertThat(InspectionStore.unitAt(UUID.randomUUID(), 0, at)).isNotEqualTo(a);
        assertThat(a.version()).isEqualTo(1);
        assertThat(org.markauth.verify.registry.RegistryReader.instantOf(a)).isEqualTo(at);
    }
}

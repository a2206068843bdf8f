package org.markauth.sdk.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class InspectionRecordTest {
    private final EvidenceFixtures f = new EvidenceFixtures(5000);

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aPhonesRecordParsesWithEveryMember() {
        InspectionRecord r = InspectionRecord.parse(f.record());
        assertThat(r.id()).isEqualTo(EvidenceFixtures.RECORD_ID);
        assertThat(r.place().label()).isEqualTo("上海市 七浦路 服装市场");
        assertThat(r.units()).hasSize(2);
        assertThat(r.units().get(0).batchId()).isEqualTo(1001L);
        assertThat(r.units().get(1).serial()).isNull();
        assertThat(r.photos().get(0).extension()).isEqualTo("jpg");
        assertThat(r.seizures().get(0).quantity()).isEqualTo(24);
        assertThat(InspectionRecord.parse(utf8(f.recordJson().replaceFirst("\"place\":\\{[^}]*}", "\"place\":null"))).place()).isNull();
    }

    @Test
    void invalidRecordsAreRefusedNamingTheMember() {
        String j = f.recordJson();
        assertThatThrownBy(() -> InspectionRecord.parse(utf8(j.replace("\"notes\"", "\"extra\":1,\"notes\""))))
                .hasMessageContaining("unknown member 'extra'");
        assertThatThrownBy(() -> InspectionRecord.parse(utf8(j.replace(",\"notes\":\"摊主称货源来自广州。\"", ""))))
                .hasMessageContaining("lacks the member 'notes'");
        assertThatThrownBy(() -> InspectionRecord.parse(utf8(j.replace("\"notes\"", "\"notes\":\"a\",\"notes\""))))
                .hasMessageContaining("not one JSON object");
        assertThatThrownBy(() -> InspectionRecord.parse(utf8("\uFEFF" + j))).hasMessageContaining("byte order mark");
        assertThatThrownBy(() -> InspectionRecord.parse(utf8(j + "{}"))).hasMessageContaining("not one JSON object");
        assertThatThrownBy(() -> InspectionRecord.parse(utf8(j.replace("\"quantity\":24", "\"quantity\":0"))))
                .hasMessageContaining("quantity");
        assertThatThrownBy(() -> InspectionRecord.parse(utf8(j.replace("\"quantity\":24", "\"quantity\":2.5"))))
                .hasMessageContaining("'quantity' must be an integer");
        assertThatThrownBy(() -> InspectionRecord.parse(utf8(j.replace("wtw3sj", "wtw3sja")))).hasMessageContaining("geohash");
        assertThatThrownBy(() -> InspectionRecord.parse(utf8(j.replace("\"outcome\":\"SEIZED\"", "\"outcome\":\"BURNT\""))))
                .hasMessageContaining("outcome");
        assertThatThrownBy(() -> InspectionRecord.parse(utf8(j.replace(EvidenceFixtures.RECORD_ID, EvidenceFixtures.RECORD_ID.toUpperCase()))))
                .hasMessageContaining("UUID v4");
        assertThatThrownBy(() -> InspectionRecord.parse(utf8(j.replace("10:15:30.123Z", "10:15:30.123+08:00"))))
                .hasMessageContaining("'endedAt'");
        assertThatThrownBy(() -> InspectionRecord.parse(utf8(j.replace("\"endedAt\":\"2026-12-06T10:15:30.123Z\"",
                "\"endedAt\":\"2026-12-06T10:00:00Z\"")))).hasMessageContaining("endedAt must not be before");
        assertThatThrownBy(() -> InspectionRecord.parse(utf8(j.replace("摊主称货源来自广州。", "x".repeat(4001)))))
                .hasMessageContaining("notes");
        assertThatThrownBy(() -> InspectionRecord.parse(new byte[InspectionRecord.MAX_BYTES + 1])).hasMessageContaining("at most");
        assertThatThrownBy(() -> InspectionRecord.parse(new byte[] {(byte) 0xC3, 0x28})).hasMessageContaining("not one JSON object");
    }
}

package org.markauth.verify.officer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.markauth.sdk.evidence.InspectionRecord;

/** The rows derived from a record (the record itself is read by the SDK: its tests are scanner-sdk's InspectionRecordTest). */
class InspectionStoreTest {

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

    @Test
    void aSeizedUnitIsASeizureInTheUnitsHistory_everyOtherOutcomeAnInspection() {
        Instant at = Instant.parse("2026-12-06T10:16:00Z");
        assertThat(InspectionStore.kind(new InspectionRecord.Unit("c", "GENUINE", "ONLINE", at, null, 1L, "0102030405060708", "SEIZED")))
                .isEqualTo("SEIZURE");
        for (String outcome : new String[] {"PASSED", "SUSPECT", "COUNTERFEIT"}) {
            assertThat(InspectionStore.kind(new InspectionRecord.Unit("c", "FORGED", "OFFLINE", at, 3L, null, null, outcome)))
                    .isEqualTo("INSPECTION");
        }
    }
}

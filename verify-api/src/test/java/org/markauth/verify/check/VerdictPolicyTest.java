package org.markauth.verify.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.markauth.sdk.mark.MarkContent;
import org.markauth.sdk.mark.Serial;
import org.markauth.sdk.verify.VerdictCode;
import org.markauth.verify.registry.BatchView;
import org.markauth.verify.registry.LicenseeView;
import org.markauth.verify.registry.MarkRow;
import org.markauth.verify.registry.ProductView;
import org.markauth.verify.registry.RegistryException;

class VerdictPolicyTest {

    static final LocalDate TODAY = LocalDate.of(2026, 11, 23);
    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    static final MarkContent CONTENT = new MarkContent(7, 42, new Serial(99));
    static final MarkRow UNIT = new MarkRow(42, 99, 5, null, null);
    static final LicenseeView OK = new LicenseeView("L1", "n", "n", false, null, null);

    static BatchView batch(String state, LocalDate expiry, List<BatchView.Range> ranges) {
        return new BatchView(42, 7, "L1", "lot", TODAY.minusDays(30), expiry, "line", 10, state, null, null, null,
                Instant.parse("2026-01-01T00:00:00Z"), ranges);
    }

    static ProductView product(String licence) {
        return new ProductView(7, "L1", "p", "p", "m", "c", null, "std", "t", Map.of(), List.of(), Set.of(), "FS-7", licence,
                null, null, Instant.parse("2026-06-01T00:00:00Z"), null);
    }

    static final List<BatchView.Range> ACTIVE = List.of(new BatchView.Range(1, 10, "ACTIVATE", Instant.EPOCH));

    static VerdictCode decide(MarkRow unit, BatchView b, ProductView p, LicenseeView l) {
        return VerdictPolicy.decide(VerdictCode.SIGNATURE_VALID, CONTENT, unit, b, p, l, NOW).code();
    }

    @Test
    void activatedUnitOfActiveLicenceIsGenuine() {
        assertThat(decide(UNIT, batch("ISSUED", null, ACTIVE), product("ACTIVE"), OK)).isEqualTo(VerdictCode.GENUINE);
    }

    @Test
    void latestRangeCoveringTheUnitWins() {
        var voidedLater = List.of(ACTIVE.get(0), new BatchView.Range(4, 6, "VOID", Instant.EPOCH));
        assertThat(decide(UNIT, batch("ISSUED", null, voidedLater), product("ACTIVE"), OK)).isEqualTo(VerdictCode.VOIDED);
        assertThat(decide(UNIT, batch("ISSUED", null, List.of()), product("ACTIVE"), OK)).isEqualTo(VerdictCode.NOT_ACTIVATED);
    }

    @Test
    void unitOverrideBeatsRanges() {
        assertThat(decide(new MarkRow(42, 99, 5, "DECOMMISSIONED", null), batch("ISSUED", null, ACTIVE), product("ACTIVE"), OK))
                .isEqualTo(VerdictCode.DECOMMISSIONED);
        assertThat(decide(new MarkRow(42, 99, 50, "ACTIVE", null), batch("ISSUED", null, List.of()), product("ACTIVE"), OK))
                .isEqualTo(VerdictCode.GENUINE);
    }

    @Test
    void precedenceUnknownThenRecallThenLicenceThenExpiry() {
        assertThat(decide(null, batch("ISSUED", null, ACTIVE), product("ACTIVE"), OK)).isEqualTo(VerdictCode.UNKNOWN_SERIAL);
        assertThat(decide(UNIT, batch("RECALLED", TODAY.minusDays(1), ACTIVE), product("SUSPENDED"), OK))
                .isEqualTo(VerdictCode.RECALLED);
        assertThat(decide(UNIT, batch("ISSUED", TODAY.minusDays(1), ACTIVE), product("SUSPENDED"), OK))
                .isEqualTo(VerdictCode.LICENCE_SUSPENDED);
        assertThat(decide(UNIT, batch("ISSUED", TODAY.minusDays(1), ACTIVE), product("ACTIVE"), OK)).isEqualTo(VerdictCode.EXPIRED);
        assertThat(decide(UNIT, batch("ISSUED", null, ACTIVE), product("ACTIVE"),
                new LicenseeView("L1", "n", "n", true, "fraud", Instant.EPOCH))).isEqualTo(VerdictCode.LICENCE_REVOKED);
    }

    static ProductView licence(String status, Instant validUntil) {
        return new ProductView(7, "L1", "p", "p", "m", "c", null, "std", "t", Map.of(), List.of(), Set.of(), "FS-7", status,
                Instant.parse("2025-01-01T00:00:00Z"), validUntil, Instant.parse("2026-06-01T00:00:00Z"), null);
    }

    @Test
    void anExpiredLicenceByStatusOrByValidUntilIsLicenceExpired() {
        Instant later = NOW.plusSeconds(3600);
        Instant passed = NOW.minusSeconds(1);
        assertThat(decide(UNIT, batch("ISSUED", null, ACTIVE), licence("ACTIVE", later), OK)).isEqualTo(VerdictCode.GENUINE);
        assertThat(decide(UNIT, batch("ISSUED", null, ACTIVE), licence("ACTIVE", passed), OK)).isEqualTo(VerdictCode.LICENCE_EXPIRED);
        assertThat(decide(UNIT, batch("ISSUED", null, ACTIVE), licence("ACTIVE", NOW), OK))
                .as("validUntil is exclusive").isEqualTo(VerdictCode.LICENCE_EXPIRED);
        assertThat(decide(UNIT, batch("ISSUED", null, ACTIVE), licence("EXPIRED", later), OK)).isEqualTo(VerdictCode.LICENCE_EXPIRED);
        assertThat(VerdictPolicy.decide(VerdictCode.SIGNATURE_VALID, CONTENT, UNIT, batch("ISSUED", null, ACTIVE),
                licence("ACTIVE", passed), OK, NOW).detail()).isEqualTo("licence expired " + passed);
    }

    @Test
    void licenceExpiryRanksWithSuspensionAndRevocationBelowRecallAboveProductExpiry() {
        Instant passed = NOW.minusSeconds(1);
        assertThat(decide(UNIT, batch("RECALLED", null, ACTIVE), licence("ACTIVE", passed), OK)).isEqualTo(VerdictCode.RECALLED);
        assertThat(decide(UNIT, batch("ISSUED", null, ACTIVE), licence("SUSPENDED", passed), OK))
                .isEqualTo(VerdictCode.LICENCE_SUSPENDED);
        assertThat(decide(UNIT, batch("ISSUED", null, ACTIVE), licence("REVOKED", passed), OK)).isEqualTo(VerdictCode.LICENCE_REVOKED);
        assertThat(decide(UNIT, batch("ISSUED", null, ACTIVE), licence("ACTIVE", passed),
                new LicenseeView("L1", "n", "n", true, "fraud", Instant.EPOCH))).isEqualTo(VerdictCode.LICENCE_REVOKED);
        assertThat(decide(UNIT, batch("ISSUED", TODAY.minusDays(1), ACTIVE), licence("EXPIRED", NOW.plusSeconds(60)), OK))
                .isEqualTo(VerdictCode.LICENCE_EXPIRED);
        assertThat(decide(new MarkRow(42, 99, 5, "VOIDED", null), batch("ISSUED", null, ACTIVE), licence("ACTIVE", passed), OK))
                .isEqualTo(VerdictCode.VOIDED);
    }

    @Test
    void batchOfAnotherProductIsUnknownSerial() {
        BatchView other = new BatchView(42, 8, "L1", "lot", null, null, null, 1, "ISSUED", null, null, null, null, ACTIVE);
        assertThat(decide(UNIT, other, product("ACTIVE"), OK)).isEqualTo(VerdictCode.UNKNOWN_SERIAL);
    }

    @Test
    void revokedKeyIsReportedForAKnownUnit() {
        assertThat(VerdictPolicy.decide(VerdictCode.KEY_REVOKED, CONTENT, UNIT, batch("ISSUED", null, ACTIVE), product("ACTIVE"),
                OK, NOW).code()).isEqualTo(VerdictCode.KEY_REVOKED);
    }

    @Test
    void aMissingProductOrLicenceIsNoVerdictAndNeverARevocation() {
        assertThatThrownBy(() -> decide(UNIT, batch("ISSUED", null, ACTIVE), null, OK))
                .isInstanceOf(RegistryException.class).hasMessageContaining("no products row");
        assertThatThrownBy(() -> decide(UNIT, batch("ISSUED", null, ACTIVE), product(null), OK))
                .isInstanceOf(RegistryException.class).hasMessageContaining("no licence");
        assertThat(decide(UNIT, batch("ISSUED", null, ACTIVE), product("REVOKED"), OK)).isEqualTo(VerdictCode.LICENCE_REVOKED);
        // the facts that do not depend on the product still win
        assertThat(decide(null, batch("ISSUED", null, ACTIVE), null, OK)).isEqualTo(VerdictCode.UNKNOWN_SERIAL);
        assertThat(decide(UNIT, batch("RECALLED", null, ACTIVE), null, OK)).isEqualTo(VerdictCode.RECALLED);
    }
}

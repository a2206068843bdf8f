package org.markauth.verify.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.markauth.http.Lang;
import org.markauth.sdk.crypto.KeyId;
import org.markauth.sdk.crypto.SignatureAlgorithm;
import org.markauth.sdk.mark.MarkContent;
import org.markauth.sdk.mark.MarkFormat;
import org.markauth.sdk.mark.Serial;
import org.markauth.sdk.mark.SignedMark;
import org.markauth.sdk.verify.VerdictCode;
import org.markauth.verify.page.Texts;
import org.markauth.verify.registry.BatchView;
import org.markauth.verify.registry.MarkRow;
import org.markauth.verify.registry.ProductView.StatusChange;
import org.markauth.verify.registry.ProductView;
import org.markauth.verify.scan.PriorScans;

/** "Made while licensed" is judged at the unit's activation against the licence's history, never at the batch's order. */
class MadeWhileLicensedTest {

    static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant GRANTED = Instant.parse("2026-01-01T08:00:00Z");
    static final Instant ORDERED = Instant.parse("2026-03-01T00:00:00Z");
    static final Instant SUSPENDED = Instant.parse("2026-05-01T00:00:00Z");
    static final Instant REINSTATED = Instant.parse("2026-06-01T00:00:00Z");
    static final Instant UNTIL = Instant.parse("2026-11-30T16:00:00Z");

    static ProductView product(String status, Instant since, Instant until, List<StatusChange> history) {
        return new ProductView(7, "L1", "p", "p", "m", "c", null, "std", "t", Map.of(), List.of(), Set.of(), "FS-7", status,
                FROM, until, since, "spot check", history);
    }

    static BatchView batch(Instant activated) {
        return new BatchView(42, 7, "L1", "lot", LocalDate.of(2026, 3, 1), null, "line", 10, "ISSUED", null, null, null,
                ORDERED, activated == null ? List.of() : List.of(new BatchView.Range(1, 10, "ACTIVATE", activated)));
    }

    /** The mark only has to be one the signature vouched for: the rule reads the registry's rows. */
    static final SignedMark MARK = new SignedMark(new MarkContent(7, 42, new Serial(99)), SignatureAlgorithm.ED25519,
            new KeyId(1), new byte[MarkFormat.SIGNATURE_LENGTH]);

    static Verification.Checked at(Instant now, MarkRow unit, BatchView b, ProductView p) {
        return new Verification.Checked(VerdictCode.GENUINE, now, MARK, unit, b, p, null, PriorScans.UNKNOWN, List.of());
    }

    static final MarkRow UNIT = new MarkRow(42, 99, 5, null, null);

    @Test
    void underAnActiveLicenceGrantedBeforeTheBatchTheUnitIsMadeWhileLicensed() {
        // the demo's case: granted, then a batch ordered and activated; the old rule compared order time with statusSince
        var p = product("ACTIVE", GRANTED, UNTIL, List.of(new StatusChange(GRANTED, "ACTIVE")));
        assertThat(at(ORDERED.plusSeconds(86_400), UNIT, batch(ORDERED.plusSeconds(3600)), p).madeWhileLicensed()).isTrue();
        // and without a history (rows written by an older issuer): the current status since statusSince
        assertThat(at(ORDERED, UNIT, batch(ORDERED.plusSeconds(3600)), product("ACTIVE", GRANTED, UNTIL, List.of()))
                .madeWhileLicensed()).isTrue();
    }

    @Test
    void aUnitActivatedAfterTheSuspensionIsNotMadeWhileLicensedThoughItsBatchWasOrderedBefore() {
        var p = product("SUSPENDED", SUSPENDED, UNTIL, List.of(new StatusChange(GRANTED, "ACTIVE"), new StatusChange(SUSPENDED, "SUSPENDED")));
        assertThat(at(REINSTATED, UNIT, batch(SUSPENDED.plusSeconds(60)), p).madeWhileLicensed()).isFalse();
        assertThat(at(REINSTATED, UNIT, batch(SUSPENDED.minusSeconds(60)), p).madeWhileLicensed()).isTrue();
        var noHistory = product("SUSPENDED", SUSPENDED, UNTIL, List.of());
        assertThat(at(REINSTATED, UNIT, batch(SUSPENDED.plusSeconds(60)), noHistory).madeWhileLicensed()).isFalse();
        assertThat(at(REINSTATED, UNIT, batch(SUSPENDED.minusSeconds(60)), noHistory).madeWhileLicensed()).isTrue();
    }

    @Test
    void aUnitMadeUnderThePreviousTermStaysMadeWhileLicensedAfterARenewal() {
        // renewed on 2027-01-01 for a new term: validFrom is now the new term's start
        Instant renewed = Instant.parse("2027-01-01T00:00:00Z");
        var p = new ProductView(7, "L1", "p", "p", "m", "c", null, "std", "t", Map.of(), List.of(), Set.of(), "FS-7", "ACTIVE",
                renewed, renewed.plus(java.time.Duration.ofDays(3 * 365)), renewed, "renewed",
                List.of(new StatusChange(GRANTED, "ACTIVE"), new StatusChange(renewed, "ACTIVE")));
        assertThat(at(renewed.plusSeconds(86_400), UNIT, batch(ORDERED.plusSeconds(3600)), p).madeWhileLicensed()).isTrue();
        assertThat(at(renewed.plusSeconds(86_400), UNIT, batch(GRANTED.minusSeconds(60)), p).madeWhileLicensed())
                .as("before the first grant").isFalse();
    }

    @Test
    void theHistoryDecidesForAUnitActivatedDuringASuspensionSinceLifted() {
        var p = product("ACTIVE", REINSTATED, UNTIL, List.of(new StatusChange(REINSTATED, "ACTIVE"),
                new StatusChange(GRANTED, "ACTIVE"), new StatusChange(SUSPENDED, "SUSPENDED")));
        assertThat(at(REINSTATED, UNIT, batch(SUSPENDED.plusSeconds(60)), p).madeWhileLicensed()).isFalse();
        assertThat(at(REINSTATED, UNIT, batch(REINSTATED.plusSeconds(60)), p).madeWhileLicensed()).isTrue();
        assertThat(at(REINSTATED, UNIT, batch(GRANTED.minusSeconds(60)), p).madeWhileLicensed()).as("before the grant").isFalse();
    }

    @Test
    void aUnitActivatedByListCountsFromItsOwnActivationAndANeverActivatedOneIsNotMade() {
        var p = product("SUSPENDED", SUSPENDED, UNTIL, List.of(new StatusChange(GRANTED, "ACTIVE"), new StatusChange(SUSPENDED, "SUSPENDED")));
        assertThat(at(REINSTATED, new MarkRow(42, 99, 5, "ACTIVE", SUSPENDED.minusSeconds(5)), batch(null), p).madeWhileLicensed()).isTrue();
        assertThat(at(REINSTATED, new MarkRow(42, 99, 5, "ACTIVE", SUSPENDED.plusSeconds(5)), batch(null), p).madeWhileLicensed()).isFalse();
        assertThat(at(REINSTATED, UNIT, batch(null), p).madeWhileLicensed()).isFalse();
    }

    @Test
    void anExpiredLicenceSaysBothFactsInBothLanguages() {
        var p = product("ACTIVE", GRANTED, UNTIL, List.of(new StatusChange(GRANTED, "ACTIVE")));
        Verification.Checked v = at(UNTIL.plusSeconds(86_400), UNIT, batch(ORDERED.plusSeconds(3600)), p);
        assertThat(v.licenceStatus()).isEqualTo("EXPIRED");
        assertThat(v.madeWhileLicensed()).isTrue();
        // 2026-11-30T16:00Z is midnight 2026-12-01 in China Standard Time, the programme's zone
        assertThat(Texts.statusNote(v, Lang.EN)).isEqualTo("Made while licensed; licence expired on 2026-12-01.");
        assertThat(Texts.statusNote(v, Lang.ZH)).isEqualTo("许可有效期内生产；许可已于 2026-12-01 过期。");
        Verification.Checked after = at(UNTIL.plusSeconds(86_400), UNIT, batch(UNTIL.plusSeconds(60)), p);
        assertThat(after.madeWhileLicensed()).as("activated after validUntil").isFalse();
        assertThat(Texts.statusNote(after, Lang.EN)).isEqualTo("Licence expired on 2026-12-01.");
        assertThat(Texts.statusNote(at(UNTIL.minusSeconds(60), UNIT, batch(ORDERED), p), Lang.EN)).isNull();
    }
}

package org.markauth.issuer.activation;

import org.markauth.registry.RangeKind;
import org.markauth.registry.BatchState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.markauth.issuer.IssuerFixture.REGULATOR;

import com.datastax.oss.driver.api.core.cql.Row;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.access.Principal;
import org.markauth.issuer.IssuerException;
import org.markauth.issuer.IssuerFixture;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.registry.Product;

class ActivationIT {

    static IssuerFixture fx;
    static Activation activation;
    static Product product;
    static final Principal MAKER = Principal.manufacturer("line-1", "ACT");

    @BeforeAll
    static void up() throws Exception {
        fx = new IssuerFixture("issuer_activation_it");
        activation = fx.services.activation;
        fx.services.keys.rotate(REGULATOR, null);
        fx.licensee("ACT");
        product = fx.licensedProduct("ACT");
    }

    @AfterAll
    static void down() {
        fx.close();
    }

    @Test
    void rangesActivateAndVoidAndTheLatestRangeWins() {
        Batch b = fx.issued(MAKER, product, 1000, "ranges");
        int id = b.batchId();
        assertThat(activation.effectiveState(id, 1)).isEqualTo("NOT_ACTIVATED");
        activation.activateRange(MAKER, id, 1, 600);
        activation.voidRange(MAKER, id, 501, 600);
        assertThat(activation.effectiveState(id, 1)).isEqualTo("ACTIVE");
        assertThat(activation.effectiveState(id, 500)).isEqualTo("ACTIVE");
        assertThat(activation.effectiveState(id, 550)).isEqualTo("VOIDED");
        assertThat(activation.effectiveState(id, 601)).isEqualTo("NOT_ACTIVATED");
        List<RangeAction> ranges = activation.ranges(MAKER, id);
        assertThat(ranges).extracting(RangeAction::action).containsExactly(RangeKind.ACTIVATE, RangeKind.VOID);
        assertThat(ranges.get(0).actor()).isEqualTo("line-1");
        assertThatThrownBy(() -> activation.activateRange(MAKER, id, 900, 1001))
                .satisfies(e -> assertThat(((IssuerException) e).code()).isEqualTo("RANGE_OUTSIDE_BATCH"));
        assertThatThrownBy(() -> activation.activateRange(Principal.manufacturer("x", "OTHER"), id, 1, 2))
                .isInstanceOf(IssuerException.NotFound.class);     // as a missing batch: no existence oracle
        assertThatThrownBy(() -> activation.activateRange(IssuerFixture.OFFICER, id, 1, 2))
                .isInstanceOf(IssuerException.Forbidden.class);
    }

    @Test
    void listsSetPerUnitStatesWithAnEventEachAndRefuseForeignSerials() {
        Batch b = fx.issued(MAKER, product, 100, "lists");
        Batch other = fx.issued(MAKER, product, 10, "lists-other");
        int id = b.batchId();
        String s7 = HexFormat.of().toHexDigits(fx.services.serials.serial(id, 7));
        String s8 = HexFormat.of().toHexDigits(fx.services.serials.serial(id, 8));
        assertThat(activation.activateList(MAKER, id, List.of(s7, s8))).isEqualTo(2);
        activation.voidList(MAKER, id, List.of(s8));
        assertThat(activation.effectiveState(id, 7)).isEqualTo("ACTIVE");
        assertThat(activation.effectiveState(id, 8)).isEqualTo("VOIDED");
        assertThat(activation.effectiveState(id, 9)).isEqualTo("NOT_ACTIVATED");
        List<Row> events = fx.ks.session().execute("SELECT kind, actor FROM mark_events WHERE batch_id = ? AND serial = ?",
                id, java.nio.ByteBuffer.wrap(HexFormat.of().parseHex(s8))).all();
        assertThat(events).extracting(r -> r.getString("kind")).containsExactly("ACTIVATE", "VOID");
        String foreign = HexFormat.of().toHexDigits(fx.services.serials.serial(other.batchId(), 1));
        assertThatThrownBy(() -> activation.activateList(MAKER, id, List.of(s7, foreign)))
                .satisfies(e -> assertThat(((IssuerException) e).code()).isEqualTo("SERIAL_NOT_IN_BATCH"));
        assertThatThrownBy(() -> activation.activateList(MAKER, id, List.of("xyz"))).hasMessageContaining("16 hex digits");
    }

    @Test
    void voidedAndDecommissionedUnitsAreNeverActivatedAgainByListOrRange() {
        Batch b = fx.issued(MAKER, product, 100, "revival");
        int id = b.batchId();
        String s7 = HexFormat.of().toHexDigits(fx.services.serials.serial(id, 7));
        String s8 = HexFormat.of().toHexDigits(fx.services.serials.serial(id, 8));
        String s9 = HexFormat.of().toHexDigits(fx.services.serials.serial(id, 9));
        String s55 = HexFormat.of().toHexDigits(fx.services.serials.serial(id, 55));
        activation.activateList(MAKER, id, List.of(s7, s8));
        activation.voidList(MAKER, id, List.of(s7));
        activation.decommission("partner-1", id, fx.services.serials.serial(id, 8), "destroyed");
        activation.activateRange(MAKER, id, 50, 60);
        activation.voidRange(MAKER, id, 55, 56);
        for (String unit : List.of(s7, s8, s55)) {
            assertThatThrownBy(() -> activation.activateList(MAKER, id, List.of(s9, unit)))
                    .satisfies(e -> assertThat(((IssuerException) e).code()).isEqualTo("UNIT_OUT_OF_USE"))
                    .hasMessageContaining(unit).hasMessageContaining("nothing was changed");
        }
        assertThat(activation.effectiveState(id, 7)).isEqualTo("VOIDED");
        assertThat(activation.effectiveState(id, 8)).isEqualTo("DECOMMISSIONED");
        assertThat(activation.effectiveState(id, 55)).isEqualTo("VOIDED");
        assertThat(activation.effectiveState(id, 9)).as("the whole request was refused").isEqualTo("NOT_ACTIVATED");
        assertThatThrownBy(() -> activation.activateRange(MAKER, id, 40, 60))
                .satisfies(e -> assertThat(((IssuerException) e).code()).isEqualTo("UNIT_OUT_OF_USE"))
                .hasMessageContaining("units 55..56");
        assertThat(activation.effectiveState(id, 56)).isEqualTo("VOIDED");
        // around the voided units, and units already active again, are fine
        activation.activateRange(MAKER, id, 57, 70);
        assertThat(activation.activateList(MAKER, id, List.of(s9, HexFormat.of().toHexDigits(fx.services.serials.serial(id, 50)))))
                .isEqualTo(2);
        assertThat(activation.effectiveState(id, 9)).isEqualTo("ACTIVE");
    }

    @Test
    void unusedMarksExpireAfterThePeriodAndCannotBeActivatedThen() {
        Batch b = fx.issued(MAKER, product, 500, "expiry");
        int id = b.batchId();
        activation.activateRange(MAKER, id, 1, 100);
        activation.activateRange(MAKER, id, 201, 300);
        String s450 = HexFormat.of().toHexDigits(fx.services.serials.serial(id, 450));
        activation.activateList(MAKER, id, List.of(s450));

        fx.clock.advance(Duration.ofDays(179));
        assertThat(activation.expireUnused()).isZero();
        fx.clock.advance(Duration.ofDays(2));
        try {
            assertThat(activation.expireUnused()).isGreaterThanOrEqualTo(1);
            assertThat(activation.effectiveState(id, 50)).isEqualTo("ACTIVE");
            assertThat(activation.effectiveState(id, 150)).isEqualTo("VOIDED");
            assertThat(activation.effectiveState(id, 250)).isEqualTo("ACTIVE");
            assertThat(activation.effectiveState(id, 301)).isEqualTo("VOIDED");
            assertThat(activation.effectiveState(id, 450)).isEqualTo("ACTIVE");   // activated by list: kept
            assertThat(activation.ranges(MAKER, id)).filteredOn(r -> r.actor().equals("system:expiry"))
                    .extracting(r -> r.firstSeq() + ".." + r.lastSeq()).containsExactly("101..200", "301..500");
            assertThatThrownBy(() -> activation.activateRange(MAKER, id, 101, 110))
                    .satisfies(e -> assertThat(((IssuerException) e).code()).isEqualTo("UNUSED_EXPIRED"));
            assertThat(activation.expireUnused()).as("a second sweep does nothing").isZero();
        } finally {
            fx.clock.advance(Duration.ofDays(-181));
        }
    }

    @Test
    void aRecalledBatchRefusesActivation() {
        Batch b = fx.issued(MAKER, product, 20, "recall");
        fx.services.recalls.recallBatch(REGULATOR, b.batchId(), "contaminated lot", "stop using; return to the shop");
        assertThat(fx.services.batches.find(b.batchId()).state()).isEqualTo(BatchState.RECALLED);
        Row row = fx.ks.session().execute("SELECT recall_reason, recall_notice, recalled_at FROM batches WHERE batch_id = ?",
                b.batchId()).one();
        assertThat(row.getString("recall_notice")).isEqualTo("stop using; return to the shop");
        assertThat(row.getInstant("recalled_at")).isNotNull();
        assertThatThrownBy(() -> activation.activateRange(MAKER, b.batchId(), 1, 5))
                .satisfies(e -> assertThat(((IssuerException) e).code()).isEqualTo("BATCH_RECALLED"));
    }
}

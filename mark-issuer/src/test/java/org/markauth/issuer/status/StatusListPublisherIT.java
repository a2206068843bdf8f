package org.markauth.issuer.status;

import org.markauth.registry.UnitState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.markauth.issuer.IssuerFixture.REGULATOR;

import com.datastax.oss.driver.api.core.cql.Row;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.markauth.issuer.clones.Blocks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.access.Principal;
import org.markauth.issuer.IssuerFixture;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.batch.BatchStore;
import org.markauth.issuer.registry.Product;
import org.markauth.sdk.status.BatchStatus;
import org.markauth.sdk.status.StatusDocument;
import org.markauth.sdk.status.StatusList;
import org.markauth.sdk.status.StatusListCodec;
import org.markauth.sdk.trust.KeyUse;

/** The issuer builds the status list from the registry's real rows (Cassandra) and the blocked-units hook. */
class StatusListPublisherIT {

    static IssuerFixture fx;
    static Product product;
    static final Principal MAKER = Principal.manufacturer("line-1", "STL");
    static final AtomicReference<Map<Integer, Set<Long>>> BLOCKS = new AtomicReference<>(Map.of());
    static StatusListPublisher publisher;

    @BeforeAll
    static void up() throws Exception {
        fx = new IssuerFixture("issuer_status_it");
        fx.services.keys.rotate(REGULATOR, null);
        fx.licensee("STL");
        product = fx.licensedProduct("STL");
        publisher = fx.services.statusLists(() -> BLOCKS.get(), Duration.ofMinutes(5));
    }

    @AfterAll
    static void down() {
        fx.close();
    }

    static Row head() {
        return fx.ks.session().execute("SELECT sequence, full_document, delta_document FROM status_lists WHERE list = 'current' LIMIT 1").one();
    }

    static StatusList latest() {
        return StatusListCodec.decodeAndVerify(BatchStore.bytes(head().getByteBuffer("full_document")),
                List.of(fx.services.keys.root())).asFullList();
    }

    long serial(Batch b, int seq) {
        return fx.services.serials.serial(b.batchId(), seq);
    }

    @Test
    void voidsDecommissionsRecallsAndBlocksAreListedAndEachChangeIsADelta() {
        Batch a = fx.issued(MAKER, product, 50, "status-a");
        Batch r = fx.issued(MAKER, product, 20, "status-r");
        var act = fx.services.activation;
        act.activateRange(MAKER, a.batchId(), 1, 50);
        act.voidRange(MAKER, a.batchId(), 41, 50);                    // 41..50 voided by range (never activated again)
        act.voidList(MAKER, a.batchId(), List.of(HexFormat.of().toHexDigits(serial(a, 3))));
        act.decommission("partner", a.batchId(), serial(a, 4), "destroyed");
        fx.services.recalls.recallBatch(REGULATOR, r.batchId(), "contamination", "return to shop");
        BLOCKS.set(Map.of(a.batchId(), Set.of(serial(a, 5))));

        long seq = publisher.publish().orElseThrow();
        StatusList l = latest();
        assertThat(l.sequence()).isEqualTo(seq);
        BatchStatus sa = l.batch(a.batchId()).orElseThrow();
        assertThat(sa.recalled()).isFalse();
        assertThat(sa.voided()).hasSize(11); // 3, 41..50
        assertThat(sa.stateOf(serial(a, 3))).isEqualTo(BatchStatus.UnitState.VOIDED);
        assertThat(sa.stateOf(serial(a, 42))).isEqualTo(BatchStatus.UnitState.VOIDED);
        assertThat(sa.stateOf(serial(a, 45))).isEqualTo(BatchStatus.UnitState.VOIDED);
        assertThat(sa.stateOf(serial(a, 4))).isEqualTo(BatchStatus.UnitState.DECOMMISSIONED);
        assertThat(sa.stateOf(serial(a, 5))).isEqualTo(BatchStatus.UnitState.BLOCKED);
        assertThat(sa.stateOf(serial(a, 1))).isNull();
        assertThat(sa.keyId()).isEqualTo(a.keyId());
        assertThat(sa.productId()).isEqualTo(product.productId());
        assertThat(l.batch(r.batchId()).orElseThrow().recalled()).isTrue();
        assertThat(StatusListCodec.decodeAndVerify(BatchStore.bytes(head().getByteBuffer("full_document")),
                List.of(fx.services.keys.root())).delegation().use()).isEqualTo(KeyUse.STATUS);

        // nothing changed: no new sequence
        assertThat(publisher.publish()).isEmpty();

        // the block is lifted and another unit voided: a new sequence whose delta names only batch a
        BLOCKS.set(Map.of());
        act.voidList(MAKER, a.batchId(), List.of(HexFormat.of().toHexDigits(serial(a, 6))));
        long next = publisher.publish().orElseThrow();
        assertThat(next).isEqualTo(seq + 1);
        StatusDocument delta = StatusListCodec.decodeAndVerify(BatchStore.bytes(head().getByteBuffer("delta_document")),
                List.of(fx.services.keys.root()));
        assertThat(delta.baseSequence()).isEqualTo(seq);
        assertThat(delta.records()).extracting(BatchStatus::batchId).containsExactly(a.batchId());
        assertThat(l.apply(next, delta.issuedAt(), delta.nextUpdate(), delta.records())).isEqualTo(latest());
        BatchStatus sa2 = latest().batch(a.batchId()).orElseThrow();
        assertThat(sa2.stateOf(serial(a, 5))).isNull();
        assertThat(sa2.stateOf(serial(a, 6))).isEqualTo(BatchStatus.UnitState.VOIDED);
    }

    @Test
    void theBlocksTableFeedsTheHookServeUses_blockedUnitsOnly() {
        Batch b = fx.issued(MAKER, product, 10, "status-blocks");
        fx.services.activation.activateRange(MAKER, b.batchId(), 1, 10);
        Blocks blocks = new Blocks(fx.services.session, fx.services.changes, fx.services.clock);
        blocks.block(REGULATOR, b.batchId(), serial(b, 2), "fakes seized", null);
        blocks.block(REGULATOR, b.batchId(), serial(b, 3), "display unit", null);
        blocks.unblock(REGULATOR, b.batchId(), serial(b, 3), "it was the shop's display unit");

        assertThat(blocks.blockedByBatch()).containsEntry(b.batchId(), Set.of(serial(b, 2)));
    }

    @Test
    void anUnchangedListIsReissuedBeforeItGoesStale() {
        publisher.publish();                       // whatever the other test left, now current
        long seq = latest().sequence();
        assertThat(publisher.publish()).isEmpty();
        // a publisher promising 20 min finds the list in force (5 min left) due: it re-issues the same state
        StatusListPublisher slower = fx.services.statusLists(() -> BLOCKS.get(), Duration.ofMinutes(20));
        byte[] digest = latest().stateDigest();
        long next = slower.publish().orElseThrow();
        assertThat(next).isEqualTo(seq + 1);
        assertThat(latest().stateDigest()).isEqualTo(digest);
        assertThat(latest().nextUpdate()).isAfter(fx.clock.instant().plus(Duration.ofMinutes(19)));
        assertThat(slower.publish()).isEmpty();

        // a block alone (no change_log row) is a change; the same blocks again are not
        Batch b = fx.issued(MAKER, product, 10, "status-blocks");
        BLOCKS.set(Map.of(b.batchId(), Set.of(serial(b, 2))));
        assertThat(slower.publish()).isPresent();
        assertThat(latest().batch(b.batchId()).orElseThrow().stateOf(serial(b, 2))).isEqualTo(BatchStatus.UnitState.BLOCKED);
        assertThat(slower.publish()).isEmpty();
        BLOCKS.set(Map.of());
        assertThat(slower.publish()).isPresent();
        assertThat(latest().batch(b.batchId())).isEmpty();
    }

    @Test
    void theReceiptKeyFileHoldsAKeyTheRootDelegatedForReceipts() {
        String content = fx.services.keys.newReceiptKey("office-1", Duration.ofDays(30));
        String[] parts = content.split(":");
        assertThat(parts).hasSize(3);
        assertThat(parts[0]).isEqualTo("ED25519");
        var d = org.markauth.sdk.trust.Delegation.read(java.nio.ByteBuffer.wrap(HexFormat.of().parseHex(parts[2])),
                List.of(fx.services.keys.root()), KeyUse.RECEIPT);
        assertThat(d.publicKey()).isEqualTo(org.markauth.sdk.crypto.KeyPairs.publicKeyOf(
                org.markauth.sdk.crypto.SignatureAlgorithm.ED25519, HexFormat.of().parseHex(parts[1])));
        assertThat(d.validUntil()).isAfter(fx.clock.instant().plus(Duration.ofDays(29)));
        assertThat(fx.services.changes.entity("keys:receipt", 5)).anySatisfy(a -> assertThat(a.action()).isEqualTo("keys.receipt-key"));
    }
}

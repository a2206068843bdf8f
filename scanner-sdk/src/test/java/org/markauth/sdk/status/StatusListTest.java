package org.markauth.sdk.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.markauth.sdk.TestKeys;
import org.markauth.sdk.crypto.MarkKeyPair;
import org.markauth.sdk.crypto.RawSigner;
import org.markauth.sdk.crypto.SignatureAlgorithm;
import org.markauth.sdk.mark.MarkContent;
import org.markauth.sdk.mark.MarkSigner;
import org.markauth.sdk.mark.Serial;
import org.markauth.sdk.mark.SignedMark;
import org.markauth.sdk.trust.Delegation;
import org.markauth.sdk.trust.KeyUse;
import org.markauth.sdk.trust.TrustList;
import org.markauth.sdk.trust.TrustRoot;
import org.markauth.sdk.trust.TrustedKey;
import org.markauth.sdk.verify.OfflineVerifier;
import org.markauth.sdk.verify.Verdict;
import org.markauth.sdk.verify.VerdictCode;

class StatusListTest {
    static final Instant T0 = TestKeys.T0;
    private final MarkKeyPair rootPair = TestKeys.keyPair(SignatureAlgorithm.ED25519, 100);
    private final MarkKeyPair statusPair = TestKeys.keyPair(SignatureAlgorithm.ED25519, 300);
    private final MarkKeyPair issuer = TestKeys.keyPair(SignatureAlgorithm.ED25519, 101);
    private final RawSigner root = RawSigner.create(SignatureAlgorithm.ED25519, rootPair.privateKey());
    private final List<TrustRoot> roots = List.of(new TrustRoot(SignatureAlgorithm.ED25519, rootPair.publicKey()));
    private final StatusListSigner signer = signer(KeyUse.STATUS, root);

    @TempDir
    Path dir;

    private StatusListSigner signer(KeyUse use, RawSigner by) {
        Delegation d = Delegation.issue(by, use, SignatureAlgorithm.ED25519, statusPair.publicKey(), T0, T0.plusSeconds(365 * 86400L));
        return new StatusListSigner(RawSigner.create(SignatureAlgorithm.ED25519, statusPair.privateKey()),
                new Delegation(KeyUse.STATUS, d.algorithm(), d.publicKey(), d.validFrom(), d.validUntil(), d.rootAlgorithm(),
                        d.rootKeyId(), d.rootSignature()));
    }

    private int keyId() {
        return org.markauth.sdk.crypto.KeyId.of(issuer.publicKey()).value();
    }

    private StatusList v1() {
        return new StatusList(1, T0, T0.plusSeconds(3600), List.of(
                new BatchStatus(keyId(), 7, 42, true, new long[0], new long[0], new long[0]),
                new BatchStatus(keyId(), 7, 43, false, new long[] {0xF000_0000_0000_0001L, 5}, new long[] {9}, new long[] {11})));
    }

    private StatusList v2() {
        // batch 42's recall is lifted, batch 43 gains a blocked unit, batch 44 appears
        return new StatusList(2, T0.plusSeconds(60), T0.plusSeconds(3660), List.of(
                new BatchStatus(keyId(), 7, 43, false, new long[] {5, 0xF000_0000_0000_0001L}, new long[] {9}, new long[] {11, 12}),
                new BatchStatus(keyId(), 8, 44, true, new long[0], new long[0], new long[0])));
    }

    @Test
    void fullListRoundTripsAndSortsSerialsUnsigned() {
        byte[] doc = signer.full(v1());
        StatusDocument d = StatusListCodec.decodeAndVerify(doc, roots);
        assertThat(d.isDelta()).isFalse();
        assertThat(d.asFullList()).isEqualTo(v1());
        assertThat(d.asFullList().batch(43).orElseThrow().voided()).containsExactly(5, 0xF000_0000_0000_0001L);
        assertThat(d.delegation().use()).isEqualTo(KeyUse.STATUS);
        assertThat(doc).hasSize(StatusListCodec.HEADER_BYTES + v1().stateBytes().length
                + Delegation.length(SignatureAlgorithm.ED25519) + 64);
    }

    @Test
    void deltaAppliedToTheHeldListGivesThePublishersList() {
        StatusListStore store = StatusListStore.open(dir, roots);
        assertThat(store.update(signer.full(v1())).changed()).isTrue();
        StatusListStore.UpdateResult r = store.update(signer.delta(v1(), v2()));
        assertThat(r.changed()).isTrue();
        assertThat(r.list()).isEqualTo(v2());
        assertThat(store.sequence()).isEqualTo(2);
        // the cache (full + delta) reloads to the same list
        assertThat(StatusListStore.open(dir, roots).current()).contains(v2());
        // the same full list again changes nothing
        assertThat(store.update(signer.full(v2())).changed()).isFalse();
    }

    @Test
    void aChainOfDeltasInOneResponseApplies() {
        StatusList v3 = v2().apply(3, T0.plusSeconds(120), T0.plusSeconds(3720),
                List.of(BatchStatus.cleared(keyId(), 8, 44)));
        StatusListStore store = StatusListStore.open(dir, roots);
        store.update(signer.full(v1()));
        byte[] d12 = signer.delta(v1(), v2());
        byte[] d23 = signer.delta(v2(), v3);
        byte[] both = java.util.Arrays.copyOf(d12, d12.length + d23.length);
        System.arraycopy(d23, 0, both, d12.length, d23.length);
        assertThat(store.update(both).list()).isEqualTo(v3);
        assertThat(v3.batch(44)).isEmpty();
    }

    @Test
    void olderSameSequenceOrNonApplyingDocumentsAreRefusedAndTheHeldListStays() {
        StatusListStore store = StatusListStore.open(dir, roots);
        store.update(signer.full(v2()));
        assertThatThrownBy(() -> store.update(signer.full(v1()))).isInstanceOf(StatusListException.class)
                .hasMessageContaining("older");
        StatusList other = new StatusList(2, T0, T0.plusSeconds(3600), v1().batches());
        assertThatThrownBy(() -> store.update(signer.full(other))).hasMessageContaining("same sequence");
        assertThatThrownBy(() -> store.update(signer.delta(v1(), v2()))).hasMessageContaining("does not apply");
        assertThatThrownBy(() -> StatusListStore.open(dir.resolve("empty"), roots).update(signer.delta(v1(), v2())))
                .hasMessageContaining("does not apply");
        assertThat(store.current()).contains(v2());
    }

    @Test
    void aDeltaThatDoesNotReproduceTheStateDigestIsRefused() {
        StatusListStore store = StatusListStore.open(dir, roots);
        store.update(signer.full(v1()));
        // a delta "from 1" computed against another base: applying it to the held v1 misses batch 42's removal
        StatusList fakeBase = new StatusList(1, T0, T0.plusSeconds(3600), List.of(v1().batches().get(1)));
        assertThatThrownBy(() -> store.update(signer.delta(fakeBase, v2()))).hasMessageContaining("publisher's state");
        assertThat(store.current()).contains(v1());
    }

    @Test
    void everyTamperedByteIsRefused() {
        byte[] doc = signer.full(v1());
        for (int i = 0; i < doc.length; i++) {
            byte[] t = doc.clone();
            t[i] ^= 0x01;
            assertThatThrownBy(() -> StatusListCodec.decodeAndVerify(t, roots)).as("byte " + i)
                    .isInstanceOf(StatusListException.class);
        }
        byte[] longer = java.util.Arrays.copyOf(doc, doc.length + 1);
        assertThatThrownBy(() -> StatusListCodec.decodeAndVerify(longer, roots)).isInstanceOf(StatusListException.class);
        assertThatThrownBy(() -> StatusListCodec.decodeAndVerify(java.util.Arrays.copyOf(doc, 40), roots))
                .hasMessageContaining("truncated");
    }

    @Test
    void timesBeyondWhatAnInstantHoldsAreRefusedAsAnInvalidHeader() {
        byte[] doc = signer.full(v1());
        java.nio.ByteBuffer.wrap(doc).putLong(22, Long.MAX_VALUE - 1).putLong(30, Long.MAX_VALUE);   // issuedAt, nextUpdate
        assertThatThrownBy(() -> StatusListCodec.decodeAndVerify(doc, roots)).isInstanceOf(StatusListException.class)
                .hasMessageContaining("header is invalid");
    }

    @Test
    void wrongKeysAreRefused() {
        // delegated by a root that is not pinned
        RawSigner stranger = RawSigner.create(SignatureAlgorithm.ED25519, TestKeys.keyPair(SignatureAlgorithm.ED25519, 999).privateKey());
        assertThatThrownBy(() -> StatusListCodec.decodeAndVerify(signer(KeyUse.STATUS, stranger).full(v1()), roots))
                .hasMessageContaining("not pinned");
        // a receipt key cannot sign status lists (its delegation says RECEIPT)
        Delegation receipt = Delegation.issue(root, KeyUse.RECEIPT, SignatureAlgorithm.ED25519, statusPair.publicKey(), T0,
                T0.plusSeconds(86400));
        assertThatThrownBy(() -> new StatusListSigner(RawSigner.create(SignatureAlgorithm.ED25519, statusPair.privateKey()), receipt))
                .isInstanceOf(IllegalArgumentException.class);
        // signed by another key than the delegated one
        Delegation forOther = Delegation.issue(root, KeyUse.STATUS, SignatureAlgorithm.ED25519, issuer.publicKey(), T0,
                T0.plusSeconds(86400));
        assertThatThrownBy(() -> new StatusListSigner(RawSigner.create(SignatureAlgorithm.ED25519, statusPair.privateKey()), forOther))
                .isInstanceOf(IllegalArgumentException.class);
        // issued outside the delegation's validity
        StatusList late = new StatusList(1, T0.plusSeconds(400 * 86400L), T0.plusSeconds(401 * 86400L), v1().batches());
        assertThatThrownBy(() -> StatusListCodec.decodeAndVerify(signer.full(late), roots)).hasMessageContaining("outside");
    }

    @Test
    void offlineVerdictsSayWhatTheListSaysWithItsAge() {
        TrustList trust = TestKeys.trustList(1, TrustedKey.active(SignatureAlgorithm.ED25519, issuer.publicKey(), T0));
        Clock now = Clock.fixed(T0.plusSeconds(90), ZoneOffset.UTC);
        OfflineVerifier with = OfflineVerifier.create(trust, OfflineVerifier.Options.defaults().withClock(now).withStatusList(v1()));
        OfflineVerifier without = OfflineVerifier.create(trust, OfflineVerifier.Options.defaults().withClock(now));
        assertThat(with.verify(mark(7, 42, 1)).code()).isEqualTo(VerdictCode.RECALLED);
        assertThat(with.verify(mark(7, 43, 5)).code()).isEqualTo(VerdictCode.VOIDED);
        assertThat(with.verify(mark(7, 43, 9)).code()).isEqualTo(VerdictCode.DECOMMISSIONED);
        assertThat(with.verify(mark(7, 43, 11)).code()).isEqualTo(VerdictCode.CLONED);
        Verdict fine = with.verify(mark(7, 43, 6));
        assertThat(fine.code()).isEqualTo(VerdictCode.SIGNATURE_VALID);
        assertThat(fine.details()).containsEntry("statusListSequence", "1").containsEntry("statusListAgeSeconds", "90")
                .containsEntry("statusListIssuedAt", T0.toString()).doesNotContainKey("statusListStaleSince");
        // a record applies only to its own product (and key): another product's batch 42 is not recalled
        assertThat(with.verify(mark(8, 42, 1)).code()).isEqualTo(VerdictCode.SIGNATURE_VALID);
        // without a list, the old behaviour
        assertThat(without.verify(mark(7, 43, 11)).code()).isEqualTo(VerdictCode.SIGNATURE_VALID);
        // past nextUpdate the list is stale and the verdict says since when
        Verdict stale = OfflineVerifier.create(trust, OfflineVerifier.Options.defaults()
                .withClock(Clock.fixed(T0.plusSeconds(7200), ZoneOffset.UTC)).withStatusList(v1())).verify(mark(7, 43, 11));
        assertThat(stale.code()).isEqualTo(VerdictCode.CLONED);
        assertThat(stale.details()).containsEntry("statusListStaleSince", T0.plusSeconds(3600).toString());
    }

    private SignedMark mark(long product, long batch, long serial) {
        return MarkSigner.create(SignatureAlgorithm.ED25519, issuer.privateKey()).sign(new MarkContent(product, batch, new Serial(serial), null));
    }
}

package org.markauth.sdk.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.markauth.sdk.TestKeys;
import org.markauth.sdk.crypto.MarkKeyPair;
import org.markauth.sdk.crypto.RawSigner;
import org.markauth.sdk.crypto.SignatureAlgorithm;

/** The offline root's delegation of the trust-list key (docs/mark-format.md 10b): accepted, rotated and refused. */
class TrustListDelegationTest {
    private static final Instant T0 = TestKeys.T0;
    private final MarkKeyPair rootPair = TestKeys.keyPair(SignatureAlgorithm.ED25519, 200);
    private final RawSigner root = RawSigner.create(rootPair.algorithm(), rootPair.privateKey());
    private final List<TrustRoot> pinned = List.of(new TrustRoot(root.algorithm(), root.publicKey()));
    private final MarkKeyPair issuerKey = TestKeys.keyPair(SignatureAlgorithm.ED25519, 201);
    private final MarkKeyPair nextKey = TestKeys.keyPair(SignatureAlgorithm.ED25519, 202);
    private final MarkKeyPair markKey = TestKeys.keyPair(SignatureAlgorithm.ED25519, 203);

    @TempDir
    Path dir;

    private TrustListDelegation.Signed delegation(MarkKeyPair k, Instant from, Instant until, RawSigner by, String... hosts) {
        return new TrustListDelegation("markauth-cn", List.of(TrustListDelegation.TRUST_LIST),
                hosts.length == 0 ? List.of(TestKeys.HOST) : List.of(hosts), k.algorithm(), k.publicKey(), from, until).sign(by);
    }

    private TrustList list(long seq, Instant issuedAt) {
        return new TrustList(seq, issuedAt, issuedAt.plus(Duration.ofDays(1)), List.of(TestKeys.HOST),
                List.of(TrustedKey.active(markKey.algorithm(), markKey.publicKey(), T0)));
    }

    private byte[] sign(MarkKeyPair k, TrustListDelegation.Signed d, TrustList l) {
        return TrustListSigner.delegated(k.algorithm(), k.privateKey(), d).sign(l);
    }

    @Test
    void aListSignedByTheDelegatedKeyVerifiesUnderThePinnedRootOnly() {
        TrustListDelegation.Signed d = delegation(issuerKey, T0, T0.plus(Duration.ofDays(90)), root);
        byte[] doc = sign(issuerKey, d, list(1, T0.plusSeconds(60)));
        TrustListCodec.Verified v = TrustListCodec.verify(doc, pinned);
        assertThat(v.list()).isEqualTo(list(1, T0.plusSeconds(60)));
        assertThat(v.delegation()).isEqualTo(d);
        assertThat(new String(doc, StandardCharsets.US_ASCII)).startsWith("{\"format\":\"markauth-trust-list/2\",\"payload\":{")
                .contains(",\"delegation\":{\"format\":\"markauth-delegation/1\",\"payload\":{\"programme\":\"markauth-cn\"");
        // the delegated key itself pinned as a root is not enough: the delegation must verify under a pinned root
        assertThatThrownBy(() -> TrustListCodec.verify(doc, List.of(new TrustRoot(issuerKey.algorithm(), issuerKey.publicKey()))))
                .isInstanceOfSatisfying(TrustListException.class, e -> assertThat(e.refusal()).isEqualTo(TrustListRefusal.DELEGATION_UNPINNED_ROOT));
    }

    @Test
    void theDelegationDocumentRoundTripsAndIsCanonical() {
        TrustListDelegation.Signed d = delegation(issuerKey, T0, T0.plus(Duration.ofDays(90)), root, "visit.markauth.cn", TestKeys.HOST);
        byte[] file = d.document();
        assertThat(file[file.length - 1]).isEqualTo((byte) '\n');
        assertThat(TrustListDelegation.decodeAndVerify(file, pinned)).isEqualTo(d);
        assertThat(d.delegation().hosts()).isSorted().allMatch(h -> h.equals(h.toUpperCase()));
        String text = new String(file, StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> TrustListDelegation.decodeAndVerify(text.replace("{\"programme\":", "{ \"programme\":")
                .getBytes(StandardCharsets.US_ASCII), pinned)).isInstanceOfSatisfying(TrustListException.class,
                e -> assertThat(e.refusal()).isEqualTo(TrustListRefusal.NOT_CANONICAL));
        assertThatThrownBy(() -> TrustListDelegation.decodeAndVerify(text.replace("markauth-cn", "markauth-xx")
                .getBytes(StandardCharsets.US_ASCII), pinned)).isInstanceOfSatisfying(TrustListException.class,
                e -> assertThat(e.refusal()).isEqualTo(TrustListRefusal.DELEGATION_BAD_SIGNATURE));
        assertThat(TrustListDelegation.fingerprint(pinned.get(0))).matches("[0-9a-f]{4}(:[0-9a-f]{4}){15}");
    }

    @Test
    void rotationToANewDelegatedKeyIsAcceptedByAVerifierHoldingTheOldKeysList() {
        TrustListStore store = TrustListStore.open(dir, pinned, Clock.fixed(T0.plus(Duration.ofDays(40)), ZoneOffset.UTC));
        TrustListDelegation.Signed first = delegation(issuerKey, T0, T0.plus(Duration.ofDays(60)), root);
        store.update(sign(issuerKey, first, list(1, T0.plus(Duration.ofDays(10)))));
        TrustListDelegation.Signed second = delegation(nextKey, T0.plus(Duration.ofDays(30)), T0.plus(Duration.ofDays(120)), root);
        store.update(sign(nextKey, second, list(2, T0.plus(Duration.ofDays(40)))));
        assertThat(store.current().orElseThrow().sequence()).isEqualTo(2);
        // the old key's list, issued before its delegation ended, still verifies on its own; a later one is refused
        assertThatThrownBy(() -> TrustListCodec.verify(TrustListCodec.delegatedEnvelope(list(3, T0.plus(Duration.ofDays(61))),
                first, issuerKey.algorithm(), first.delegation().keyId(), RawSigner.create(issuerKey.algorithm(), issuerKey.privateKey())
                        .sign(TrustListCodec.delegatedSignatureInput(list(3, T0.plus(Duration.ofDays(61)))))), pinned))
                .isInstanceOfSatisfying(TrustListException.class, e -> assertThat(e.refusal()).isEqualTo(TrustListRefusal.DELEGATION_NOT_VALID));
    }

    @Test
    void theSignerRefusesAListOutsideItsDelegationsWindowOrScope() {
        TrustListDelegation.Signed d = delegation(issuerKey, T0, T0.plus(Duration.ofDays(30)), root);
        assertThatThrownBy(() -> sign(issuerKey, d, list(1, T0.plus(Duration.ofDays(31)))))
                .isInstanceOfSatisfying(TrustListException.class, e -> assertThat(e.refusal()).isEqualTo(TrustListRefusal.DELEGATION_NOT_VALID))
                .hasMessageContaining("import a new delegation");
        assertThatThrownBy(() -> sign(issuerKey, d, list(1, T0.minusSeconds(1))))
                .isInstanceOfSatisfying(TrustListException.class, e -> assertThat(e.refusal()).isEqualTo(TrustListRefusal.DELEGATION_NOT_VALID));
        TrustListDelegation.Signed narrow = delegation(issuerKey, T0, T0.plus(Duration.ofDays(30)), root, "OTHER.EXAMPLE.CN");
        assertThatThrownBy(() -> sign(issuerKey, narrow, list(1, T0.plusSeconds(1))))
                .isInstanceOfSatisfying(TrustListException.class, e -> assertThat(e.refusal()).isEqualTo(TrustListRefusal.DELEGATION_SCOPE));
        assertThatThrownBy(() -> TrustListSigner.delegated(nextKey.algorithm(), nextKey.privateKey(), d))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("names key");
    }

    @Test
    void aDelegationFromAnotherRootOrTamperedIsRefused() {
        MarkKeyPair other = TestKeys.keyPair(SignatureAlgorithm.ED25519, 299);
        TrustListDelegation.Signed foreign = delegation(issuerKey, T0, T0.plus(Duration.ofDays(30)),
                RawSigner.create(other.algorithm(), other.privateKey()));
        byte[] doc = sign(issuerKey, foreign, list(1, T0.plusSeconds(1)));
        assertThatThrownBy(() -> TrustListCodec.verify(doc, pinned)).isInstanceOfSatisfying(TrustListException.class,
                e -> assertThat(e.refusal()).isEqualTo(TrustListRefusal.DELEGATION_UNPINNED_ROOT));
        TrustListDelegation.Signed d = delegation(issuerKey, T0, T0.plus(Duration.ofDays(30)), root);
        String good = new String(sign(issuerKey, d, list(1, T0.plusSeconds(1))), StandardCharsets.US_ASCII);
        String widened = good.replace("\"hosts\":[\"" + TestKeys.HOST + "\"],\"algorithm\"",
                "\"hosts\":[\"" + TestKeys.HOST + "\",\"ZZ.EXAMPLE.CN\"],\"algorithm\"");
        assertThat(widened).isNotEqualTo(good);
        assertThatThrownBy(() -> TrustListCodec.verify(widened.getBytes(StandardCharsets.US_ASCII), pinned))
                .isInstanceOfSatisfying(TrustListException.class, e -> assertThat(e.refusal()).isEqualTo(TrustListRefusal.DELEGATION_BAD_SIGNATURE));
        // a /1 list signed by the root directly is still accepted (transition), and says so by having no delegation
        byte[] legacy = TrustListSigner.create(rootPair.algorithm(), rootPair.privateKey()).sign(list(1, T0));
        assertThat(TrustListCodec.verify(legacy, pinned).delegation()).isNull();
    }
}

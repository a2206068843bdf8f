package org.markauth.sdk.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.markauth.sdk.TestKeys;
import org.markauth.sdk.crypto.MarkKeyPair;
import org.markauth.sdk.crypto.SignatureAlgorithm;
import org.markauth.sdk.http.RetryPolicy;
import org.markauth.sdk.http.Transport;

class TrustListTest {
    private static final Clock NOW = Clock.fixed(TestKeys.T0.plusSeconds(60), ZoneOffset.UTC);
    private final MarkKeyPair root = TestKeys.keyPair(SignatureAlgorithm.ED25519, 100);
    private final TrustListSigner signer = TrustListSigner.create(SignatureAlgorithm.ED25519, root.privateKey());
    private final MarkKeyPair issuer = TestKeys.keyPair(SignatureAlgorithm.ED25519, 101);
    private final MarkKeyPair issuerSm2 = TestKeys.keyPair(SignatureAlgorithm.SM2_SM3, 102);

    @TempDir
    Path dir;

    private TrustList list(long seq) {
        return TestKeys.trustList(seq, TrustedKey.active(SignatureAlgorithm.ED25519, issuer.publicKey(), TestKeys.T0),
                TrustedKey.active(SignatureAlgorithm.SM2_SM3, issuerSm2.publicKey(), TestKeys.T0).revoke(TestKeys.T0.plusSeconds(5)));
    }

    @Test
    void signedDocumentVerifiesAndDecodesToTheSameList() {
        byte[] doc = signer.sign(list(3));
        assertThat(TrustListCodec.decodeAndVerify(doc, List.of(signer.root()))).isEqualTo(list(3));
        assertThat(new String(doc, StandardCharsets.US_ASCII)).startsWith("{\"format\":\"markauth-trust-list/1\",\"payload\":{\"sequence\":3,");
    }

    @Test
    void canonicalFormIsExactlyAsSpecified() {
        byte[] pub = issuer.publicKey();
        TrustList l = new TrustList(1, TestKeys.T0, TestKeys.T0.plusSeconds(86400), List.of("markauth.cn"),
                List.of(TrustedKey.active(SignatureAlgorithm.ED25519, pub, TestKeys.T0)));
        assertThat(new String(TrustListCodec.canonical(l), StandardCharsets.US_ASCII)).isEqualTo(
                "{\"sequence\":1,\"issuedAt\":\"2026-01-01T00:00:00Z\",\"nextUpdate\":\"2026-01-02T00:00:00Z\","
                        + "\"hosts\":[\"MARKAUTH.CN\"],\"keys\":[{\"keyId\":\"" + l.keys().get(0).keyId().toHex()
                        + "\",\"algorithm\":\"ED25519\",\"publicKey\":\"" + java.util.HexFormat.of().formatHex(pub)
                        + "\",\"validFrom\":\"2026-01-01T00:00:00Z\",\"status\":\"ACTIVE\"}]}");
    }

    @Test
    void tamperedUnpinnedOrNonCanonicalDocumentsAreRefused() {
        String doc = new String(signer.sign(list(3)), StandardCharsets.US_ASCII);
        List<TrustRoot> roots = List.of(signer.root());
        assertThatThrownBy(() -> TrustListCodec.decodeAndVerify(doc.replace("\"sequence\":3", "\"sequence\":4").getBytes(), roots))
                .isInstanceOf(TrustListException.class).hasMessageContaining("does not verify");
        assertThatThrownBy(() -> TrustListCodec.decodeAndVerify(doc.replace("\"status\":\"REVOKED\"", "\"status\":\"ACTIVE\"")
                .replaceAll(",\"revokedAt\":\"[^\"]+\"", "").getBytes(), roots))
                .isInstanceOf(TrustListException.class);
        MarkKeyPair other = TestKeys.keyPair(SignatureAlgorithm.ED25519, 999);
        assertThatThrownBy(() -> TrustListCodec.decodeAndVerify(doc.getBytes(),
                List.of(new TrustRoot(SignatureAlgorithm.ED25519, other.publicKey()))))
                .hasMessageContaining("not pinned");
        assertThatThrownBy(() -> TrustListCodec.decodeAndVerify(doc.replace("\"payload\":{", "\"payload\":{\"extra\":1,").getBytes(), roots))
                .hasMessageContaining("unknown member 'extra'");
        assertThatThrownBy(() -> TrustListCodec.decodeAndVerify("[1,2".getBytes(), roots)).isInstanceOf(TrustListException.class);
    }

    @Test
    void storeCachesOnDiskAndRefusesRollback() {
        TrustListStore store = TrustListStore.open(dir, List.of(signer.root()), NOW);
        assertThat(store.current()).isEmpty();
        assertThat(store.update(signer.sign(list(5))).changed()).isTrue();
        assertThat(store.update(signer.sign(list(5))).changed()).isFalse();

        TrustListRollbackException e = org.junit.jupiter.api.Assertions.assertThrows(TrustListRollbackException.class,
                () -> store.update(signer.sign(list(4))));
        assertThat(e.heldSequence()).isEqualTo(5);
        assertThat(e.offeredSequence()).isEqualTo(4);
        TrustList sameSeqOther = new TrustList(5, TestKeys.T0, TestKeys.T0.plusSeconds(99), List.of("X.CN"), List.of());
        assertThatThrownBy(() -> store.update(signer.sign(sameSeqOther))).isInstanceOf(TrustListRollbackException.class);

        TrustListStore reopened = TrustListStore.open(dir, List.of(signer.root()), NOW);
        assertThat(reopened.current()).contains(list(5));
        assertThatThrownBy(() -> reopened.update(signer.sign(list(1)))).isInstanceOf(TrustListRollbackException.class);
        assertThat(reopened.update(signer.sign(list(6))).changed()).isTrue();
    }

    @Test
    void staleFlagAfterNextUpdateAndTamperedCacheRefused() throws IOException {
        TrustListStore store = TrustListStore.open(dir, List.of(signer.root()), NOW);
        store.update(signer.sign(list(1)));
        assertThat(store.status().orElseThrow().stale()).isFalse();
        Clock later = Clock.fixed(list(1).nextUpdate().plusSeconds(1), ZoneOffset.UTC);
        TrustListStore.Status s = TrustListStore.open(dir, List.of(signer.root()), later).status().orElseThrow();
        assertThat(s.stale()).isTrue();
        assertThat(s.staleSince()).isEqualTo(list(1).nextUpdate());

        Path file = dir.resolve(TrustListStore.FILE_NAME);
        Files.writeString(file, Files.readString(file).replace("REVOKED", "ACTIVE"));
        assertThatThrownBy(() -> TrustListStore.open(dir, List.of(signer.root()), NOW)).isInstanceOf(TrustListException.class);
    }

    @Test
    void updaterFetchesWithRetriesAndReportsFailures() {
        TrustListStore store = TrustListStore.open(dir, List.of(signer.root()), NOW);
        AtomicInteger calls = new AtomicInteger();
        Transport flaky = req -> {
            assertThat(req.uri()).isEqualTo(URI.create("https://markauth.cn/api/v1/trust-list"));
            if (calls.incrementAndGet() < 3) {
                throw new IOException("connection reset");
            }
            return new Transport.Response(200, "application/json", signer.sign(list(2)));
        };
        TrustListUpdater u = new TrustListUpdater(flaky, URI.create("https://markauth.cn/"), store, Duration.ofSeconds(1),
                new RetryPolicy(3, Duration.ZERO));
        assertThat(u.update().list().sequence()).isEqualTo(2);
        assertThat(calls).hasValue(3);

        Transport down = req -> {
            throw new IOException("no route to host");
        };
        assertThatThrownBy(() -> new TrustListUpdater(down, URI.create("https://markauth.cn/"), store, Duration.ofSeconds(1),
                new RetryPolicy(2, Duration.ZERO)).update()).isInstanceOf(TrustListException.class).hasMessageContaining("cached list");
        assertThat(store.current().orElseThrow().sequence()).isEqualTo(2);
    }

    @Test
    void mutatedDocumentsOnlyEverFailWithTrustListException() {
        byte[] doc = signer.sign(list(3));
        List<TrustRoot> roots = List.of(signer.root());
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
        String alphabet = "{}[]\",:0123456789abcdefAZ-.\\ \u0000\u00e9";
        int accepted = 0;
        for (int i = 0; i < 3000; i++) {
            StringBuilder b = new StringBuilder(new String(doc, StandardCharsets.UTF_8));
            for (int e = 0; e < 1 + rnd.nextInt(3) && b.length() > 0; e++) {
                int at = rnd.nextInt(b.length());
                switch (rnd.nextInt(4)) {
                    case 0 -> b.setCharAt(at, alphabet.charAt(rnd.nextInt(alphabet.length())));
                    case 1 -> b.deleteCharAt(at);
                    case 2 -> b.insert(at, alphabet.charAt(rnd.nextInt(alphabet.length())));
                    default -> b.setLength(at);
                }
            }
            try {
                TrustListCodec.decodeAndVerify(b.toString().getBytes(StandardCharsets.UTF_8), roots);
                accepted++; // e.g. a change in insignificant white space at the end
            } catch (TrustListException expected) {
                // the only failure a caller must handle
            }
        }
        assertThat(accepted).isLessThan(100);
    }
}

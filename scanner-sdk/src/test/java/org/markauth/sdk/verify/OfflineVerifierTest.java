package org.markauth.sdk.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.markauth.sdk.TestKeys;
import org.markauth.sdk.crypto.MarkKeyPair;
import org.markauth.sdk.crypto.SignatureAlgorithm;
import org.markauth.sdk.mark.Base32;
import org.markauth.sdk.mark.Gtin;
import org.markauth.sdk.mark.MalformedReason;
import org.markauth.sdk.mark.MarkContent;
import org.markauth.sdk.mark.MarkSigner;
import org.markauth.sdk.mark.Serial;
import org.markauth.sdk.mark.SignedMark;
import org.markauth.sdk.trust.TrustList;
import org.markauth.sdk.trust.TrustedKey;

class OfflineVerifierTest {
    private static final Clock NOW = Clock.fixed(TestKeys.T0.plusSeconds(3600), ZoneOffset.UTC);
    private static final MarkContent CONTENT = new MarkContent(42, 1001, Serial.ofHex("1122334455667788"));

    private static OfflineVerifier verifier(TrustList list) {
        return OfflineVerifier.create(list, OfflineVerifier.Options.defaults().withClock(NOW)
                .withCatalogue(new Catalogue(Map.of(42L, "Foshan ceramic tile 600x600"), Map.of(1001L, "Lot 2026-01"))));
    }

    @ParameterizedTest
    @EnumSource(SignatureAlgorithm.class)
    void aMarkSignedByATrustedKeyHasAValidSignatureWithProductAndBatch(SignatureAlgorithm alg) {
        MarkKeyPair keys = TestKeys.keyPair(alg, 11);
        SignedMark mark = MarkSigner.create(alg, keys.privateKey()).sign(CONTENT);
        OfflineVerifier v = verifier(TestKeys.trustList(1, TrustedKey.active(alg, keys.publicKey(), TestKeys.T0)));

        Verdict verdict = v.verify(mark.toUrl(TestKeys.HOST));

        assertThat(verdict.code()).isEqualTo(VerdictCode.SIGNATURE_VALID);
        assertThat(verdict.mark()).isEqualTo(mark);
        assertThat(verdict.details()).containsEntry("productName", "Foshan ceramic tile 600x600").containsEntry("batchName", "Lot 2026-01");
        assertThat(verdict.trustListStaleSince()).isNull();
        assertThat(verdict.message(Locale.CHINA)).startsWith("签名有效");
        SignedMark gs1 = MarkSigner.create(alg, keys.privateKey())
                .sign(new MarkContent(42, 1001, CONTENT.serial(), Gtin.withCheckDigit("0690000000001")));
        assertThat(v.verify(gs1.toUrl(TestKeys.HOST)).code()).isEqualTo(VerdictCode.SIGNATURE_VALID);
    }

    @ParameterizedTest
    @EnumSource(SignatureAlgorithm.class)
    void aChangedFieldOrSignatureIsForged(SignatureAlgorithm alg) {
        MarkKeyPair keys = TestKeys.keyPair(alg, 12);
        SignedMark mark = MarkSigner.create(alg, keys.privateKey()).sign(CONTENT);
        OfflineVerifier v = verifier(TestKeys.trustList(1, TrustedKey.active(alg, keys.publicKey(), TestKeys.T0)));
        for (int offset : new int[] {5, 9, 13, 20, 21, 84}) {
            byte[] r = mark.payloadBytes();
            r[offset] ^= 0x01;
            assertThat(v.verify(Base32.encode(r)).code()).as("flip at %d", offset).isEqualTo(VerdictCode.FORGED);
        }
    }

    @ParameterizedTest
    @EnumSource(SignatureAlgorithm.class)
    void unknownRevokedAndExpiredKeysAreReported(SignatureAlgorithm alg) {
        MarkKeyPair keys = TestKeys.keyPair(alg, 13);
        MarkKeyPair other = TestKeys.keyPair(alg, 14);
        String url = MarkSigner.create(alg, keys.privateKey()).sign(CONTENT).toUrl(TestKeys.HOST);
        TrustedKey key = TrustedKey.active(alg, keys.publicKey(), TestKeys.T0);

        assertThat(verifier(TestKeys.trustList(1, TrustedKey.active(alg, other.publicKey(), TestKeys.T0))).verify(url).code())
                .isEqualTo(VerdictCode.UNKNOWN_KEY);
        Verdict revoked = verifier(TestKeys.trustList(2, key.revoke(TestKeys.T0.plusSeconds(60)))).verify(url);
        assertThat(revoked.code()).isEqualTo(VerdictCode.KEY_REVOKED);
        assertThat(revoked.details()).containsEntry("revokedAt", "2026-01-01T00:01:00Z");
        TrustedKey ending = new TrustedKey(key.keyId(), alg, keys.publicKey(), TestKeys.T0, TestKeys.T0.plusSeconds(60),
                org.markauth.sdk.trust.KeyStatus.RETIRED, null);
        assertThat(verifier(TestKeys.trustList(3, ending)).verify(url).code()).isEqualTo(VerdictCode.EXPIRED);
        assertThat(verifier(TestKeys.trustList(4, key.retire())).verify(url).code()).isEqualTo(VerdictCode.SIGNATURE_VALID);
    }

    @org.junit.jupiter.api.Test
    void malformedForeignAndStaleAreValuesNotExceptions() {
        MarkKeyPair keys = TestKeys.keyPair(SignatureAlgorithm.ED25519, 15);
        TrustList list = TestKeys.trustList(1, TrustedKey.active(SignatureAlgorithm.ED25519, keys.publicKey(), TestKeys.T0));
        Verdict m = verifier(list).verify("not a mark");
        assertThat(m.code()).isEqualTo(VerdictCode.MALFORMED);
        assertThat(m.reason()).isEqualTo(MalformedReason.NOT_A_MARK);
        Verdict f = verifier(list).verify("HTTPS://MARKAUTH-CN.COM/M/ABC");
        assertThat(f.code()).isEqualTo(VerdictCode.FOREIGN);
        assertThat(f.message(Locale.ENGLISH)).contains("MARKAUTH-CN.COM");

        OfflineVerifier late = OfflineVerifier.create(list, OfflineVerifier.Options.defaults()
                .withClock(Clock.fixed(list.nextUpdate().plusSeconds(1), ZoneOffset.UTC)));
        Verdict stale = late.verify(MarkSigner.create(SignatureAlgorithm.ED25519, keys.privateKey()).sign(CONTENT).payloadText());
        assertThat(stale.code()).isEqualTo(VerdictCode.SIGNATURE_VALID);
        assertThat(stale.trustListStaleSince()).isEqualTo(list.nextUpdate());
        assertThat(stale.message(Locale.ENGLISH)).contains("stale since 2026-01-08T00:00:00Z");
    }

    @org.junit.jupiter.api.Test
    void oneVerifierIsSafeToShareBetweenThreads() throws Exception {
        MarkKeyPair ed = TestKeys.keyPair(SignatureAlgorithm.ED25519, 16);
        MarkKeyPair sm2 = TestKeys.keyPair(SignatureAlgorithm.SM2_SM3, 17);
        OfflineVerifier v = verifier(TestKeys.trustList(1, TrustedKey.active(ed.algorithm(), ed.publicKey(), TestKeys.T0),
                TrustedKey.active(sm2.algorithm(), sm2.publicKey(), TestKeys.T0)));
        String edUrl = MarkSigner.create(ed.algorithm(), ed.privateKey()).sign(CONTENT).toUrl(TestKeys.HOST);
        byte[] forged = MarkSigner.create(sm2.algorithm(), sm2.privateKey()).sign(CONTENT).payloadBytes();
        forged[30] ^= 4;
        String sm2Forged = Base32.encode(forged);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        if (v.verify(edUrl).code() != VerdictCode.SIGNATURE_VALID || v.verify(sm2Forged).code() != VerdictCode.FORGED) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (java.util.concurrent.Future<Boolean> f : results) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}

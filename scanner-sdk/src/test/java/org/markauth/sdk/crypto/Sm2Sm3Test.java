package org.markauth.sdk.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.junit.jupiter.api.Test;
import org.markauth.sdk.TestKeys;

/**
 * SM3 known answers from GB/T 32905-2016 Annex A; the SM2 signature example on the recommended
 * curve sm2p256v1 from GM/T 0003.5-2012 (GB/T 32918.5) with user id "1234567812345678" and message
 * "message digest" (the same values appear in GmSSL's and several hardware vendors' self-tests);
 * plus sign/verify round trips.
 */
class Sm2Sm3Test {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void sm3MatchesTheStandardsExamples() {
        assertThat(sm3("abc")).isEqualTo("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
        assertThat(sm3("abcd".repeat(16))).isEqualTo("debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");
    }

    private static String sm3(String s) {
        SM3Digest d = new SM3Digest();
        byte[] in = s.getBytes(StandardCharsets.US_ASCII);
        d.update(in, 0, in.length);
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return HEX.formatHex(out);
    }

    private static final String D = "3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8";
    private static final String PUB = "04"
            + "09f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020"
            + "ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13";
    private static final String K = "59276e27d506861a16680f3ad9c02dccef3cc1fa3cdbe4ce6d54b80deac1bc21";
    private static final String RS = "f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3"
            + "b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa";

    @Test
    void sm2StandardExampleOnTheRecommendedCurve() {
        byte[] msg = "message digest".getBytes(StandardCharsets.US_ASCII);
        assertThat(HEX.formatHex(KeyPairs.publicKeyOf(SignatureAlgorithm.SM2_SM3, HEX.parseHex(D)))).isEqualTo(PUB);
        assertThat(SignatureVerifier.create(SignatureAlgorithm.SM2_SM3, HEX.parseHex(PUB)).verify(msg, HEX.parseHex(RS))).isTrue();
        // With the example's k fed as the random, signing reproduces the published (r, s).
        java.security.SecureRandom fixedK = new java.security.SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                System.arraycopy(HEX.parseHex(K), 0, bytes, 0, bytes.length);
            }
        };
        assertThat(HEX.formatHex(RawSigner.create(SignatureAlgorithm.SM2_SM3, HEX.parseHex(D), fixedK).sign(msg))).isEqualTo(RS);
    }

    @Test
    void signsRepeatedlyWithOneSignerAndEachSignatureVerifies() {
        MarkKeyPair keys = TestKeys.keyPair(SignatureAlgorithm.SM2_SM3, 7);
        assertThat(keys.publicKey()).hasSize(65).startsWith(0x04);
        assertThat(keys.privateKey()).hasSize(32);
        RawSigner signer = RawSigner.create(SignatureAlgorithm.SM2_SM3, keys.privateKey());
        SignatureVerifier verifier = SignatureVerifier.create(SignatureAlgorithm.SM2_SM3, keys.publicKey());
        for (int i = 0; i < 5; i++) {
            byte[] msg = ("message " + i).getBytes(StandardCharsets.US_ASCII);
            byte[] sig = signer.sign(msg);
            assertThat(sig).hasSize(64);
            assertThat(verifier.verify(msg, sig)).isTrue();
            assertThat(verifier.verify(("message " + (i + 1)).getBytes(StandardCharsets.US_ASCII), sig)).isFalse();
        }
    }

    @Test
    void rejectsInvalidPublicKeysAndPrivateScalars() {
        byte[] notOnCurve = new byte[65];
        notOnCurve[0] = 4;
        notOnCurve[64] = 1;
        assertThatThrownBy(() -> SignatureVerifier.create(SignatureAlgorithm.SM2_SM3, notOnCurve))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeyPairs.publicKeyOf(SignatureAlgorithm.SM2_SM3, new byte[32]))
                .hasMessageContaining("out of range");
        assertThatThrownBy(() -> SignatureVerifier.create(SignatureAlgorithm.ED25519, new byte[31]))
                .hasMessageContaining("32 bytes");
    }

    @Test
    void keyIdIsTheFirstFourBytesOfSha256OfThePublicKey() throws Exception {
        byte[] pub = HEX.parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(pub); // the JDK, independent of BC
        assertThat(KeyId.of(pub).toHex()).isEqualTo(HEX.formatHex(h, 0, 4));
    }
}

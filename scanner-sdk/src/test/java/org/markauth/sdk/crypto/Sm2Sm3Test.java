package org.markauth.sdk.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.junit.jupiter.api.Test;
import org.markauth.sdk.TestKeys;

/**
 * SM3 known answers from GB/T 32905-2016 Annex A, and SM2 (GB/T 32918.2) sign/verify on
 * sm2p256v1 with the GM/T 0009 default user id.
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

package org.markauth.sdk.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The device key rules of docs/mark-format.md §15.2 that the verify-api applies when it registers a
 * key (the same method): the id is the hash of the DER, and only the one DER of a P-256 key is taken.
 * Signatures over records: EvidenceVerifierTest.
 */
class InspectionSignatureTest {

    static KeyPair ec(String curve) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve));
        return g.generateKeyPair();
    }

    @Test
    void aWebCryptoStyleP256KeyIsTaken_itsIdTheFirst16BytesOfTheHashOfItsDer() throws Exception {
        byte[] der = ec("secp256r1").getPublic().getEncoded();
        assertThat(der).hasSize(91);
        assertThat(InspectionSignature.publicKey(der).getParams().getOrder().bitLength()).isEqualTo(256);
        assertThat(InspectionSignature.deviceId(der))
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der), 0, 16));
    }

    @Test
    void rsaJunkAndEmptyKeysAreRefusedWithTheReason() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        assertThatThrownBy(() -> InspectionSignature.publicKey(rsa.generateKeyPair().getPublic().getEncoded()))
                .hasMessageContaining("not an EC public key");
        assertThatThrownBy(() -> InspectionSignature.publicKey(new byte[] {0, 0, 0})).hasMessageContaining("not an EC public key");
        assertThatThrownBy(() -> InspectionSignature.publicKey(new byte[0])).hasMessageContaining("SPKI DER");
        assertThatThrownBy(() -> InspectionSignature.publicKey(new byte[InspectionSignature.MAX_SPKI_BYTES + 1]))
                .hasMessageContaining("SPKI DER");
    }

    @Test
    void anotherEncodingOfAP256KeyIsRefused_soOneKeyHasOneId() throws Exception {
        byte[] der = ec("secp256r1").getPublic().getEncoded();
        // the same SEQUENCE with its length in the long form (30 81 59 …): BER, not DER
        byte[] longForm = new byte[der.length + 1];
        longForm[0] = 0x30;
        longForm[1] = (byte) 0x81;
        System.arraycopy(der, 1, longForm, 2, der.length - 1);
        assertThatThrownBy(() -> InspectionSignature.publicKey(longForm)).isInstanceOf(IllegalArgumentException.class);
        // the point compressed (02/03 ‖ x in a shorter BIT STRING)
        byte[] compressed = Arrays.copyOf(der, der.length - 32);
        compressed[1] = (byte) (compressed[1] - 32);
        compressed[24] = (byte) (compressed[24] - 32);     // 30 59 | 21 bytes of algorithm | 03 42 00 04 x y
        compressed[26] = (byte) (2 + (der[der.length - 1] & 1));
        assertThatThrownBy(() -> InspectionSignature.publicKey(compressed)).isInstanceOf(IllegalArgumentException.class);
        // bytes after the key
        assertThatThrownBy(() -> InspectionSignature.publicKey(Arrays.copyOf(der, der.length + 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

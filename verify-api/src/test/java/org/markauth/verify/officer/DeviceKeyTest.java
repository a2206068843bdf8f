package org.markauth.verify.officer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class DeviceKeyTest {

    static KeyPair ec(String curve) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve));
        return g.generateKeyPair();
    }

    @Test
    void aP256KeyIsTakenItsIdTheHashOfItsDerAndItsP1363SignatureVerifies() throws Exception {
        KeyPair k = ec("secp256r1");
        byte[] der = k.getPublic().getEncoded();
        DeviceKey key = DeviceKey.parse(Base64.getUrlEncoder().withoutPadding().encodeToString(der));
        assertThat(key.id()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der), 0, 16));
        byte[] record = "{\"format\":\"markauth-inspection/1\"}".getBytes(StandardCharsets.UTF_8);
        Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
        s.initSign(k.getPrivate());
        s.update("MARKAUTH-INSPECTION-v1".getBytes(StandardCharsets.US_ASCII));
        s.update(record);
        byte[] sig = s.sign();
        assertThat(sig).hasSize(64);
        assertThat(key.verifies(record, sig)).isTrue();
        byte[] changed = record.clone();
        changed[3] ^= 1;
        assertThat(key.verifies(changed, sig)).isFalse();
        assertThat(key.verifies(record, new byte[64])).isFalse();
        assertThat(key.verifies(record, new byte[63])).isFalse();
    }

    @Test
    void otherCurvesRsaAndJunkAreRefusedWithTheReason() throws Exception {
        assertThatThrownBy(() -> DeviceKey.of(ec("secp384r1").getPublic().getEncoded())).hasMessageContaining("P-256");
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        assertThatThrownBy(() -> DeviceKey.of(rsa.generateKeyPair().getPublic().getEncoded())).hasMessageContaining("elliptic");
        assertThatThrownBy(() -> DeviceKey.parse("AAAA")).hasMessageContaining("elliptic");
        assertThatThrownBy(() -> DeviceKey.parse("a+b/")).hasMessageContaining("base64url");
        byte[] der = ec("secp256r1").getPublic().getEncoded();
        der[der.length - 1] ^= 1;   // the point's y moved off the curve
        assertThatThrownBy(() -> DeviceKey.of(der)).isInstanceOf(IllegalArgumentException.class);
    }
}

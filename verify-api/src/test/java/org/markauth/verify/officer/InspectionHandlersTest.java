package org.markauth.verify.officer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.markauth.http.ApiError;
import org.markauth.verify.web.ErrorCode;

/**
 * What the officer routes add to the SDK's rules: the envelope's text must have a UTF-8 form, and a
 * device key the SDK refuses is a 400 BAD_DEVICE_KEY with the SDK's reason. (The rules themselves:
 * scanner-sdk's InspectionRecordTest and InspectionSignatureTest; over HTTP: OfficerAppIT.)
 */
class InspectionHandlersTest {

    @Test
    void anEnvelopeTextWithALoneSurrogateIsNotTheSignedText() {
        assertThat(InspectionHandlers.unpaired("a\uD800b")).isTrue();
        assertThat(InspectionHandlers.unpaired("柜台 😀")).isFalse();
    }

    @Test
    void aDeviceKeyTheSdkRefusesIsBadDeviceKeyWithTheReason() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp384r1"));
        String p384 = Base64.getUrlEncoder().withoutPadding().encodeToString(g.generateKeyPair().getPublic().getEncoded());
        assertThatThrownBy(() -> DeviceHandlers.spki(p384)).isInstanceOf(ApiError.class)
                .satisfies(e -> assertThat(((ApiError) e).code()).isEqualTo(ErrorCode.BAD_DEVICE_KEY)).hasMessageContaining("P-256");
        assertThatThrownBy(() -> DeviceHandlers.spki("a+b/")).isInstanceOf(ApiError.class).hasMessageContaining("base64url");
        assertThatThrownBy(() -> DeviceHandlers.spki(7)).isInstanceOf(ApiError.class).hasMessageContaining("base64url");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        byte[] der = g.generateKeyPair().getPublic().getEncoded();
        assertThat(DeviceHandlers.spki(Base64.getUrlEncoder().withoutPadding().encodeToString(der))).isEqualTo(der);
    }
}

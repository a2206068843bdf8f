package org.markauth.sdk.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Ed25519 acceptance rules of docs/mark-format.md section 2, one by one. */
class Ed25519StrictnessTest {
    static final HexFormat HEX = HexFormat.of();

    /** The eight small-order points and non-canonical encodings of them (the well-known blocklist). */
    @ParameterizedTest
    @ValueSource(strings = {
            "0100000000000000000000000000000000000000000000000000000000000000",
            "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
            "0000000000000000000000000000000000000000000000000000000000000000",
            "0000000000000000000000000000000000000000000000000000000000000080",
            "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
            "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
            "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
            "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
            "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
            "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
            "0100000000000000000000000000000000000000000000000000000000000080",
            "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"})
    void smallOrderAndNonCanonicalPublicKeysAreRefused(String hex) {
        assertThatThrownBy(() -> SignatureVerifier.create(SignatureAlgorithm.ED25519, HEX.parseHex(hex)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aKeyWithASmallOrderComponentIsRefused() {
        byte[] a = new Ed25519PrivateKeyParameters(new byte[32], 0).generatePublicKey().getEncoded();
        byte[] mixed = EdwardsPoints.encode(EdwardsPoints.add(EdwardsPoints.decode(a), EdwardsPoints.torsion8()));
        SignatureVerifier.create(SignatureAlgorithm.ED25519, a);
        assertThatThrownBy(() -> SignatureVerifier.create(SignatureAlgorithm.ED25519, mixed))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prime order");
    }

    @Test
    void sAtOrAboveTheGroupOrderIsRefused() {
        Ed25519PrivateKeyParameters k = new Ed25519PrivateKeyParameters(new byte[32], 0);
        byte[] msg = "m".getBytes();
        byte[] sig = new byte[64];
        k.sign(org.bouncycastle.math.ec.rfc8032.Ed25519.Algorithm.Ed25519, null, msg, 0, 1, sig, 0);
        SignatureVerifier v = SignatureVerifier.create(SignatureAlgorithm.ED25519, k.generatePublicKey().getEncoded());
        assertThat(v.verify(msg, sig)).isTrue();
        assertThat(v.verify(msg, withS(sig, EdwardsPoints.fromLittleEndian(java.util.Arrays.copyOfRange(sig, 32, 64))
                .add(EdwardsPoints.L)))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
            "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
            "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
            "0100000000000000000000000000000000000000000000000000000000000080",
            "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"})
    void nonCanonicalREncodingsAreRefusedBeforeTheEquation(String hex) {
        assertThat(SignatureVerifier.Ed25519Verifier.isCanonicalPoint(HEX.parseHex(hex), 0)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
            "0100000000000000000000000000000000000000000000000000000000000000",
            "5866666666666666666666666666666666666666666666666666666666666666",
            "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa"})
    void canonicalEncodingsPass(String hex) {
        assertThat(SignatureVerifier.Ed25519Verifier.isCanonicalPoint(HEX.parseHex(hex), 0)).isTrue();
    }

    /** The equation is the cofactored one: a signer may put a small-order component in R. */
    @Test
    void cofactoredEquationAcceptsATorsionComponentInR() throws Exception {
        byte[] seed = new byte[32];
        byte[] msg = "m".getBytes();
        byte[] sig = EdwardsPoints.torsionSignature(seed, msg);
        byte[] a = new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
        assertThat(SignatureVerifier.create(SignatureAlgorithm.ED25519, a).verify(msg, sig)).isTrue();
    }

    static byte[] withS(byte[] sig, BigInteger s) {
        byte[] out = sig.clone();
        System.arraycopy(EdwardsPoints.toLittleEndian(s, 32), 0, out, 32, 32);
        return out;
    }
}

package org.markauth.sdk.evidence;

import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;

/**
 * An officer device key for tests: a P-256 key from a fixed scalar that signs deterministically
 * (RFC 6979 nonces), so generated packages and the published vector are the same on every run. A
 * phone's WebCrypto signs with random nonces; both verify the same way.
 */
public final class TestDevice {
    private static final X9ECParameters P256 = CustomNamedCurves.getByName("secp256r1");
    private static final ECDomainParameters DOMAIN = new ECDomainParameters(P256);

    private final BigInteger d;
    private final byte[] spki;

    public TestDevice(long seed) {
        this.d = BigInteger.valueOf(seed).multiply(BigInteger.valueOf(0x9E3779B97F4A7C15L & Long.MAX_VALUE)).mod(P256.getN())
                .add(BigInteger.ONE);
        // the named-curve SPKI, byte for byte what WebCrypto's exportKey('spki') and the JDK produce
        this.spki = spkiOf(P256.getG().multiply(d).normalize());
    }

    /** SPKI DER of the public key. */
    public byte[] spki() {
        return spki.clone();
    }

    public String id() {
        return InspectionSignature.deviceId(spki);
    }

    /** The 64-byte r‖s over "MARKAUTH-INSPECTION-v1" ‖ record. */
    public byte[] sign(byte[] record) {
        SHA256Digest h = new SHA256Digest();
        byte[] in = InspectionSignature.signatureInput(record);
        h.update(in, 0, in.length);
        byte[] digest = new byte[32];
        h.doFinal(digest, 0);
        ECDSASigner s = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        s.init(true, new ECPrivateKeyParameters(d, DOMAIN));
        BigInteger[] rs = s.generateSignature(digest);
        byte[] out = new byte[64];
        put(rs[0], out, 0);
        put(rs[1], out, 32);
        return out;
    }

    private static void put(BigInteger v, byte[] out, int off) {
        byte[] b = v.toByteArray();
        int n = Math.min(b.length, 32);
        System.arraycopy(b, b.length - n, out, off + 32 - n, n);
    }

    private static byte[] spkiOf(org.bouncycastle.math.ec.ECPoint q) {
        // SEQUENCE { SEQUENCE { id-ecPublicKey, prime256v1 }, BIT STRING 04||x||y }
        byte[] prefix = java.util.HexFormat.of().parseHex("3059301306072a8648ce3d020106082a8648ce3d030107034200");
        byte[] point = q.getEncoded(false);
        byte[] out = Arrays.copyOf(prefix, prefix.length + point.length);
        System.arraycopy(point, 0, out, prefix.length, point.length);
        return out;
    }
}

package org.markauth.sdk.evidence;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The officer device's signature over an inspection record (docs/mark-format.md, section 15.2):
 * ECDSA on NIST P-256 (secp256r1, FIPS 186-4) with SHA-256, the signature as the 64-byte r‖s of
 * IEEE P1363 — what WebCrypto's {@code sign({name:'ECDSA',hash:'SHA-256'}, …)} returns on the phone —
 * over {@value #PREFIX_TEXT} ‖ the record's bytes exactly as sent.
 *
 * <p>P-256 and not the marks' Ed25519 because a browser's WebCrypto can make a <em>non-extractable</em>
 * P-256 key everywhere today, and a key the page's script cannot read is the point of a device key.
 * Verification uses the JDK's provider ({@code SHA256withECDSAinP1363Format}); the key is checked to
 * be on secp256r1 first, so a key on another curve is refused instead of trusted.
 */
public final class InspectionSignature {

    static final String PREFIX_TEXT = "MARKAUTH-INSPECTION-v1";
    /** The 22 ASCII bytes put before the record. */
    public static final byte[] PREFIX = PREFIX_TEXT.getBytes(StandardCharsets.US_ASCII);
    /** Length of an r‖s signature. */
    public static final int SIGNATURE_LENGTH = 64;
    /** Largest SPKI accepted (a P-256 SPKI is 91 bytes; room for explicit parameters, which are then compared). */
    public static final int MAX_SPKI_BYTES = 1024;
    private static final ECParameterSpec P256 = p256();

    private InspectionSignature() {
    }

    /** The signed bytes: {@value #PREFIX_TEXT} ‖ record. */
    public static byte[] signatureInput(byte[] record) {
        byte[] in = Arrays.copyOf(PREFIX, PREFIX.length + record.length);
        System.arraycopy(record, 0, in, PREFIX.length, record.length);
        return in;
    }

    /**
     * The device id of a public key: the first 16 bytes of SHA-256 over its SPKI DER, as 32
     * lowercase hex digits.
     */
    public static String deviceId(byte[] spki) {
        return HexFormat.of().formatHex(Arrays.copyOf(sha256(spki), 16));
    }

    /**
     * Reads a device public key from its SubjectPublicKeyInfo DER.
     *
     * @throws IllegalArgumentException when it is not an EC key on secp256r1 with a point on the curve, in
     *                                  the one DER encoding of 15.2 (the server registers keys with this check too)
     */
    public static ECPublicKey publicKey(byte[] spki) {
        if (spki == null || spki.length == 0 || spki.length > MAX_SPKI_BYTES) {
            throw new IllegalArgumentException("a device key is an SPKI DER of 1-" + MAX_SPKI_BYTES + " bytes");
        }
        ECPublicKey key;
        try {
            key = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
        } catch (InvalidKeySpecException | ClassCastException e) {
            throw new IllegalArgumentException("the device key is not an EC public key in SPKI DER form");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no EC key factory", e);
        }
        ECParameterSpec p = key.getParams();
        if (!p.getCurve().equals(P256.getCurve()) || !p.getGenerator().equals(P256.getGenerator())
                || !p.getOrder().equals(P256.getOrder()) || p.getCofactor() != P256.getCofactor()) {
            throw new IllegalArgumentException("the device key is not on the curve P-256 (secp256r1)");
        }
        if (!onCurve(key.getW())) {
            throw new IllegalArgumentException("the device key's point is not on P-256");
        }
        if (!Arrays.equals(key.getEncoded(), spki)) {
            // the device id hashes the DER: one key must have one encoding, or it would have two ids
            throw new IllegalArgumentException("the device key's DER is not its one encoding (RFC 5480: named curve prime256v1, "
                    + "uncompressed point, 91 bytes)");
        }
        return key;
    }

    /**
     * {@code true} when {@code signature} (64-byte r‖s) is the device key's signature over
     * {@value #PREFIX_TEXT} ‖ {@code record}; {@code false} for any other signature, including one of
     * the wrong length.
     *
     * @throws IllegalArgumentException when {@code spki} is not a P-256 public key (see {@link #publicKey})
     */
    public static boolean verify(byte[] spki, byte[] record, byte[] signature) {
        ECPublicKey key = publicKey(spki);
        if (signature == null || signature.length != SIGNATURE_LENGTH) {
            return false;
        }
        try {
            Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
            s.initVerify(key);
            s.update(PREFIX);
            s.update(record);
            return s.verify(signature);
        } catch (SignatureException e) {
            return false;       // r or s out of range: not a signature of this key
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot verify ECDSA P-256 signatures", e);
        }
    }

    static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }

    private static boolean onCurve(ECPoint w) {
        if (w == null || w.equals(ECPoint.POINT_INFINITY)) {
            return false;
        }
        BigInteger prime = ((ECFieldFp) P256.getCurve().getField()).getP();
        BigInteger x = w.getAffineX();
        BigInteger y = w.getAffineY();
        if (x.signum() < 0 || y.signum() < 0 || x.compareTo(prime) >= 0 || y.compareTo(prime) >= 0) {
            return false;
        }
        BigInteger rhs = x.pow(3).add(P256.getCurve().getA().multiply(x)).add(P256.getCurve().getB()).mod(prime);
        return y.pow(2).mod(prime).equals(rhs);
    }

    private static ECParameterSpec p256() {
        try {
            AlgorithmParameters a = AlgorithmParameters.getInstance("EC");
            a.init(new ECGenParameterSpec("secp256r1"));
            return a.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK does not know the curve secp256r1", e);
        }
    }
}

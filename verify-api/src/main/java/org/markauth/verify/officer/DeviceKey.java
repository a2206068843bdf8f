package org.markauth.verify.officer;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * An officer device's public key: the SPKI (DER) of an ECDSA P-256 (secp256r1) key, as WebCrypto
 * exports it ({@code exportKey('spki', …)}), parsed and checked with the JDK alone. Its id is the
 * hex of the first 16 bytes of SHA-256 of the DER, which anyone holding the key can recompute
 * (the evidence package's check). Another curve, RSA, or a DER that does not re-encode to itself
 * is refused: the id must name exactly one encoding of one key.
 *
 * <p>Signatures are ECDSA with SHA-256 in IEEE P1363 form (r‖s, 64 bytes: what WebCrypto returns),
 * over "MARKAUTH-INSPECTION-v1" ‖ the record's bytes (docs/api-verify.md, "Officer app"). A
 * {@link Signature} per call: signers are not shared between threads.
 */
public record DeviceKey(String id, byte[] spki) {

    /** The signature input's prefix: 22 ASCII bytes. */
    public static final byte[] CONTEXT = "MARKAUTH-INSPECTION-v1".getBytes(StandardCharsets.US_ASCII);
    private static final ECParameterSpec P256 = p256();

    public DeviceKey {
        spki = spki.clone();
    }

    @Override
    public byte[] spki() {
        return spki.clone();
    }

    /** Parses a base64url (no padding) SPKI; IllegalArgumentException says what is wrong with it. */
    public static DeviceKey parse(String base64url) {
        if (base64url == null || base64url.isEmpty() || base64url.length() > 400) {
            throw new IllegalArgumentException("publicKey must be a base64url string of at most 400 characters");
        }
        if (!base64url.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("publicKey is not base64url without padding");
        }
        byte[] der;
        try {
            der = Base64.getUrlDecoder().decode(base64url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("publicKey is not base64url without padding");
        }
        return of(der);
    }

    /** The key of an SPKI DER; IllegalArgumentException when it is not an ECDSA P-256 key. */
    public static DeviceKey of(byte[] der) {
        PublicKey key;
        try {
            key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("not the SPKI of an elliptic-curve key");
        }
        if (!(key instanceof ECPublicKey ec) || !sameCurve(ec.getParams(), P256)) {
            throw new IllegalArgumentException("the key is not on the curve P-256 (secp256r1)");
        }
        if (!onCurve(ec)) {
            throw new IllegalArgumentException("the point is not on the curve P-256");
        }
        if (!Arrays.equals(key.getEncoded(), der)) {
            throw new IllegalArgumentException("the DER is not the key's one encoding (use the uncompressed point, named curve)");
        }
        return new DeviceKey(idOf(der), der);
    }

    /** Hex of the first 16 bytes of SHA-256(spki): 32 lowercase hex digits. */
    public static String idOf(byte[] spki) {
        return HexFormat.of().formatHex(sha256(spki), 0, 16);
    }

    /** Whether {@code signature} (64 bytes r‖s) signs "MARKAUTH-INSPECTION-v1" ‖ {@code record} under this key. */
    public boolean verifies(byte[] record, byte[] signature) {
        if (signature == null || signature.length != 64) {
            return false;
        }
        try {
            Signature v = Signature.getInstance("SHA256withECDSAinP1363Format");
            v.initVerify(KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki)));
            v.update(CONTEXT);
            v.update(record);
            return v.verify(signature);
        } catch (java.security.SignatureException e) {
            return false;   // a malformed r or s: not a signature of this key
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ECDSA P-256 is required by the Java platform", e);
        }
    }

    public String base64url() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(spki);
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }

    /** y² = x³ + ax + b (mod p): the JDK's key factory does not check it. */
    private static boolean onCurve(ECPublicKey k) {
        java.security.spec.ECFieldFp field = (java.security.spec.ECFieldFp) P256.getCurve().getField();
        BigInteger p = field.getP();
        BigInteger x = k.getW().getAffineX();
        BigInteger y = k.getW().getAffineY();
        if (x == null || y == null || x.signum() < 0 || y.signum() < 0 || x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            return false;
        }
        BigInteger right = x.pow(3).add(P256.getCurve().getA().multiply(x)).add(P256.getCurve().getB()).mod(p);
        return y.pow(2).mod(p).equals(right);
    }

    private static boolean sameCurve(ECParameterSpec a, ECParameterSpec b) {
        return a.getCurve().equals(b.getCurve()) && a.getGenerator().equals(b.getGenerator())
                && a.getOrder().equals(b.getOrder()) && a.getCofactor() == b.getCofactor();
    }

    private static ECParameterSpec p256() {
        try {
            java.security.AlgorithmParameters p = java.security.AlgorithmParameters.getInstance("EC");
            p.init(new java.security.spec.ECGenParameterSpec("secp256r1"));
            ECParameterSpec spec = p.getParameterSpec(ECParameterSpec.class);
            if (!spec.getOrder().equals(new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16))) {
                throw new IllegalStateException("secp256r1 has an unexpected order");
            }
            return spec;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the curve secp256r1 is required by the Java platform", e);
        }
    }
}

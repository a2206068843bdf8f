package org.markauth.sdk.crypto;

import java.math.BigInteger;

/**
 * Textbook edwards25519 arithmetic in affine coordinates with BigInteger (RFC 8032 §5.1), slow and
 * independent of Bouncy Castle: only for building test vectors with points no honest signer makes
 * (small-order and mixed-order keys, signatures with a torsion component, non-canonical encodings).
 */
public final class EdwardsPoints {
    public static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    public static final BigInteger L = BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));
    static final BigInteger D = BigInteger.valueOf(-121665).multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);
    static final BigInteger SQRT_M1 = BigInteger.TWO.modPow(P.subtract(BigInteger.ONE).shiftRight(2), P);

    /** An affine point (x, y). */
    public record Point(BigInteger x, BigInteger y) {
    }

    public static final Point IDENTITY = new Point(BigInteger.ZERO, BigInteger.ONE);

    private EdwardsPoints() {
    }

    public static Point add(Point a, Point b) {
        BigInteger t = D.multiply(a.x).multiply(b.x).multiply(a.y).multiply(b.y).mod(P);
        BigInteger x = a.x.multiply(b.y).add(b.x.multiply(a.y)).multiply(BigInteger.ONE.add(t).modInverse(P)).mod(P);
        BigInteger y = a.y.multiply(b.y).add(a.x.multiply(b.x)).multiply(BigInteger.ONE.subtract(t).mod(P).modInverse(P)).mod(P);
        return new Point(x, y);
    }

    public static Point multiply(BigInteger k, Point p) {
        Point r = IDENTITY;
        for (int i = k.bitLength() - 1; i >= 0; i--) {
            r = add(r, r);
            if (k.testBit(i)) {
                r = add(r, p);
            }
        }
        return r;
    }

    /** Decodes a 32-byte encoding, also non-canonical ones (y ≥ p is reduced); null when not on the curve. */
    public static Point decode(byte[] enc) {
        byte[] le = enc.clone();
        boolean sign = (le[31] & 0x80) != 0;
        le[31] &= 0x7F;
        BigInteger y = fromLittleEndian(le).mod(P);
        BigInteger u = y.multiply(y).subtract(BigInteger.ONE).mod(P);
        BigInteger v = D.multiply(y).multiply(y).add(BigInteger.ONE).mod(P);
        BigInteger x2 = u.multiply(v.modInverse(P)).mod(P);
        BigInteger x = x2.modPow(P.add(BigInteger.valueOf(3)).shiftRight(3), P);
        if (!x.multiply(x).mod(P).equals(x2)) {
            x = x.multiply(SQRT_M1).mod(P);
        }
        if (!x.multiply(x).mod(P).equals(x2)) {
            return null;
        }
        if (x.testBit(0) != sign) {
            x = P.subtract(x).mod(P);
        }
        return new Point(x, y);
    }

    /** The canonical 32-byte encoding. */
    public static byte[] encode(Point p) {
        byte[] le = toLittleEndian(p.y, 32);
        if (p.x.testBit(0)) {
            le[31] |= (byte) 0x80;
        }
        return le;
    }

    public static BigInteger fromLittleEndian(byte[] le) {
        byte[] be = new byte[le.length];
        for (int i = 0; i < le.length; i++) {
            be[i] = le[le.length - 1 - i];
        }
        return new BigInteger(1, be);
    }

    public static byte[] toLittleEndian(BigInteger v, int n) {
        byte[] be = v.toByteArray();
        byte[] le = new byte[n];
        for (int i = 0; i < be.length && i < n; i++) {
            le[i] = be[be.length - 1 - i];
        }
        return le;
    }

    /** A point of order 8 (RFC 8032's curve has cofactor 8). */
    public static Point torsion8() {
        return decode(java.util.HexFormat.of().parseHex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"));
    }

    /** A signature with R = [r]B + T (T of order 8) and S = r + k·a, k = SHA-512(R ‖ A ‖ M) mod L. */
    public static byte[] torsionSignature(byte[] seed, byte[] msg) throws java.security.NoSuchAlgorithmException {
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-512");
        byte[] h = sha.digest(seed);
        h[0] &= (byte) 248;
        h[31] &= 127;
        h[31] |= 64;
        BigInteger a = fromLittleEndian(java.util.Arrays.copyOf(h, 32));
        Point b = decode(java.util.HexFormat.of().parseHex("5866666666666666666666666666666666666666666666666666666666666666"));
        byte[] pub = encode(multiply(a, b));
        BigInteger r = fromLittleEndian(sha.digest(msg)).mod(L);
        byte[] rEnc = encode(add(multiply(r, b), torsion8()));
        sha.reset();
        sha.update(rEnc);
        sha.update(pub);
        sha.update(msg);
        BigInteger k = fromLittleEndian(sha.digest()).mod(L);
        byte[] sig = new byte[64];
        System.arraycopy(rEnc, 0, sig, 0, 32);
        System.arraycopy(toLittleEndian(r.add(k.multiply(a)).mod(L), 32), 0, sig, 32, 32);
        return sig;
    }

}

package org.markauth.sdk.trust;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.markauth.sdk.crypto.KeyId;
import org.markauth.sdk.crypto.RawSigner;
import org.markauth.sdk.crypto.SignatureAlgorithm;
import org.markauth.sdk.crypto.SignatureVerifier;

/**
 * A service key vouched for by the programme root: "the key {@code publicKey} may sign
 * {@code use} documents between {@code validFrom} and {@code validUntil}", signed by a root that
 * verifiers pin (docs/mark-format.md, "Delegated service keys"). It travels inside what the key
 * signs (status lists, receipts), so one pinned root is all a verifier needs and the trust list's
 * format stays as it is for every existing reader.
 *
 * <p>Binary form (big-endian): use (1) ‖ algorithm code (1) ‖ public key (32 or 65) ‖ validFrom
 * (8, Unix seconds) ‖ validUntil (8) ‖ root algorithm code (1) ‖ root key id (4) ‖ root signature
 * (64). The root signs {@value #PREFIX_TEXT} ‖ the bytes from use to validUntil.
 */
public record Delegation(KeyUse use, SignatureAlgorithm algorithm, byte[] publicKey, Instant validFrom, Instant validUntil,
                         SignatureAlgorithm rootAlgorithm, KeyId rootKeyId, byte[] rootSignature) {

    static final String PREFIX_TEXT = "MARKAUTH-DELEGATION-v1";
    public static final byte[] SIGNATURE_PREFIX = PREFIX_TEXT.getBytes(StandardCharsets.US_ASCII);

    public Delegation {
        Objects.requireNonNull(use, "use");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(rootAlgorithm, "rootAlgorithm");
        Objects.requireNonNull(rootKeyId, "rootKeyId");
        publicKey = publicKey.clone();
        rootSignature = rootSignature.clone();
        SignatureVerifier.create(algorithm, publicKey); // length and point
        validFrom = validFrom.truncatedTo(ChronoUnit.SECONDS);
        validUntil = validUntil.truncatedTo(ChronoUnit.SECONDS);
        if (validFrom.getEpochSecond() < 0 || !validUntil.isAfter(validFrom)) {
            throw new IllegalArgumentException("delegation validUntil must be after validFrom (and both after 1970)");
        }
        if (rootSignature.length != rootAlgorithm.signatureLength()) {
            throw new IllegalArgumentException("root signature must be " + rootAlgorithm.signatureLength() + " bytes");
        }
    }

    /** Signs a delegation with the root (programme office tooling, the issuer). */
    public static Delegation issue(RawSigner root, KeyUse use, SignatureAlgorithm algorithm, byte[] publicKey,
                                   Instant validFrom, Instant validUntil) {
        byte[] tbs = tbs(use, algorithm, publicKey, validFrom.truncatedTo(ChronoUnit.SECONDS),
                validUntil.truncatedTo(ChronoUnit.SECONDS));
        return new Delegation(use, algorithm, publicKey, validFrom, validUntil, root.algorithm(), root.keyId(),
                root.sign(withPrefix(tbs)));
    }

    public KeyId keyId() {
        return KeyId.of(publicKey);
    }

    /** Encoded length of a delegation of a key of this algorithm. */
    public static int length(SignatureAlgorithm algorithm) {
        return 2 + algorithm.publicKeyLength() + 16 + 1 + 4 + 64;
    }

    public byte[] encode() {
        byte[] tbs = tbs(use, algorithm, publicKey, validFrom, validUntil);
        return ByteBuffer.allocate(tbs.length + 1 + 4 + rootSignature.length).put(tbs).put((byte) rootAlgorithm.code())
                .putInt(rootKeyId.value()).put(rootSignature).array();
    }

    /**
     * Reads a delegation at the buffer's position (advancing it) and checks it against the pinned
     * roots and the expected use.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static Delegation read(ByteBuffer in, List<TrustRoot> roots, KeyUse expected) {
        if (in.remaining() < 2) {
            throw new IllegalArgumentException("delegation truncated");
        }
        int start = in.position();
        KeyUse use = KeyUse.fromCode(in.get() & 0xFF);
        SignatureAlgorithm alg = SignatureAlgorithm.fromCode(in.get() & 0xFF);
        if (use == null || alg == null) {
            throw new IllegalArgumentException("delegation has an unknown use or algorithm code");
        }
        if (use != expected) {
            throw new IllegalArgumentException("delegated key is for " + use + ", not " + expected);
        }
        if (in.remaining() < length(alg) - 2) {
            throw new IllegalArgumentException("delegation truncated");
        }
        byte[] pub = new byte[alg.publicKeyLength()];
        in.get(pub);
        long from = in.getLong();
        long until = in.getLong();
        int tbsEnd = in.position();
        SignatureAlgorithm rootAlg = SignatureAlgorithm.fromCode(in.get() & 0xFF);
        KeyId rootId = new KeyId(in.getInt());
        byte[] sig = new byte[64];
        in.get(sig);
        if (rootAlg == null || from < 0 || until < 0) {
            throw new IllegalArgumentException("delegation has an unknown root algorithm or a negative time");
        }
        TrustRoot root = roots.stream().filter(r -> r.algorithm() == rootAlg && r.keyId().equals(rootId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("delegation is signed by root " + rootId + " (" + rootAlg
                        + "), which is not pinned"));
        byte[] tbs = Arrays.copyOfRange(in.array(), in.arrayOffset() + start, in.arrayOffset() + tbsEnd);
        if (!SignatureVerifier.create(rootAlg, root.publicKey()).verify(withPrefix(tbs), sig)) {
            throw new IllegalArgumentException("delegation signature does not verify under root " + rootId);
        }
        return new Delegation(use, alg, pub, Instant.ofEpochSecond(from), Instant.ofEpochSecond(until), rootAlg, rootId, sig);
    }

    /** {@code true} when {@code at} lies in [validFrom, validUntil]. */
    public boolean covers(Instant at) {
        return !at.isBefore(validFrom) && !at.isAfter(validUntil);
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public byte[] rootSignature() {
        return rootSignature.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Delegation d && Arrays.equals(encode(), d.encode());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encode());
    }

    @Override
    public String toString() {
        return "Delegation[" + use + ", key " + keyId() + " " + algorithm + ", " + validFrom + ".." + validUntil
                + ", by root " + rootKeyId + "]";
    }

    private static byte[] tbs(KeyUse use, SignatureAlgorithm alg, byte[] pub, Instant from, Instant until) {
        return ByteBuffer.allocate(2 + pub.length + 16).put((byte) use.code()).put((byte) alg.code()).put(pub)
                .putLong(from.getEpochSecond()).putLong(until.getEpochSecond()).array();
    }

    private static byte[] withPrefix(byte[] tbs) {
        byte[] in = Arrays.copyOf(SIGNATURE_PREFIX, SIGNATURE_PREFIX.length + tbs.length);
        System.arraycopy(tbs, 0, in, SIGNATURE_PREFIX.length, tbs.length);
        return in;
    }
}

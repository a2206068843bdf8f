package org.markauth.sdk.crypto;

/**
 * The signature algorithms a mark or a trust list may use, with their fixed encodings.
 *
 * <ul>
 *   <li>{@link #ED25519}: RFC 8032 section 5.1 (pure Ed25519, no context). Public key 32 bytes
 *       (RFC 8032 5.1.2 encoding), private key the 32-byte seed, signature R||S 64 bytes.</li>
 *   <li>{@link #SM2_SM3}: GB/T 32918.2-2016 (GM/T 0003.2) signature with the SM3 hash
 *       (GB/T 32905-2016) on the recommended curve sm2p256v1 (GB/T 32918.5), the default
 *       distinguishing identifier "1234567812345678" (GM/T 0009-2012 / GB/T 35276-2017, section
 *       "default user id"). Public key uncompressed point 0x04||x||y, 65 bytes; private key the
 *       scalar d, 32 bytes big-endian; signature r||s, 32 + 32 bytes big-endian (not DER).</li>
 * </ul>
 *
 * The {@link #code()} is the 4-bit value stored in the low half of the mark's header byte; it never
 * changes once published.
 */
public enum SignatureAlgorithm {
    ED25519(1, 32, 32, 64),
    SM2_SM3(2, 32, 65, 64);

    private final int code;
    private final int privateKeyLength;
    private final int publicKeyLength;
    private final int signatureLength;

    SignatureAlgorithm(int code, int privateKeyLength, int publicKeyLength, int signatureLength) {
        this.code = code;
        this.privateKeyLength = privateKeyLength;
        this.publicKeyLength = publicKeyLength;
        this.signatureLength = signatureLength;
    }

    public int code() {
        return code;
    }

    public int privateKeyLength() {
        return privateKeyLength;
    }

    public int publicKeyLength() {
        return publicKeyLength;
    }

    public int signatureLength() {
        return signatureLength;
    }

    /** The algorithm with this header code, or {@code null} when none has it (never throws). */
    public static SignatureAlgorithm fromCode(int code) {
        for (SignatureAlgorithm a : values()) {
            if (a.code == code) {
                return a;
            }
        }
        return null;
    }
}

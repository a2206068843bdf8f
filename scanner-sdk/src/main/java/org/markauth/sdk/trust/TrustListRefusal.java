package org.markauth.sdk.trust;

/**
 * Why a trust-list document was refused: stable machine codes, listed in docs/mark-format.md
 * section 10 in the order the checks run, and named by the negative vectors of
 * docs/test-vectors/trust-lists.json. Append-only.
 */
public enum TrustListRefusal {
    /** Over {@link TrustListCodec#MAX_DOCUMENT_BYTES}. */
    TOO_LARGE,
    /** Starts with a UTF-8 byte order mark. */
    BOM,
    /** Does not start with {@code &#123;}, or has anything after the closing brace but one LF. */
    BAD_FRAMING,
    /** Not a JSON object. */
    NOT_JSON,
    /** A member appears twice in one object. */
    DUPLICATE_MEMBER,
    /** A member the format does not define. */
    UNKNOWN_MEMBER,
    /** {@code format} is not {@code markauth-trust-list/1}. */
    BAD_FORMAT,
    /** A value of the wrong type or form (time, hex, key id, algorithm, status). */
    BAD_VALUE,
    /** {@code sequence} outside 1 … 2^53 − 1. */
    SEQUENCE_RANGE,
    /** {@code hosts} is empty. */
    NO_HOSTS,
    /** A host that is not an LDH name of at most 253 characters. */
    BAD_HOST,
    /** A public key refused by the rules of section 2 (length, encoding, small or mixed order, not on the curve). */
    BAD_KEY,
    /** A {@code keyId} that is not the key id of its {@code publicKey}. */
    KEY_ID_MISMATCH,
    /** {@code revokedAt} present without status REVOKED, or REVOKED without it. */
    BAD_STATUS,
    /** {@code nextUpdate} not after {@code issuedAt}, or a key's {@code validUntil} not after its {@code validFrom}. */
    VALIDITY_ORDER,
    /** Two keys with the same id. */
    DUPLICATE_KEY_ID,
    /** The payload's bytes are not its canonical form (case, order, duplicates, white space, number or time form). */
    NOT_CANONICAL,
    /** Signed by a root key that is not pinned. */
    UNPINNED_ROOT,
    /** The root signature does not verify over the canonical payload. */
    BAD_SIGNATURE,
    /** A validly signed list with a lower sequence than the one held. */
    ROLLBACK,
    /** A validly signed list with the held sequence but other content (equivocation). */
    EQUIVOCATION,
    /** The cache file could not be read or written. */
    CACHE_IO,
    /** The document could not be fetched (network, HTTP status): nothing was refused, nothing was received. */
    FETCH_FAILED,
    /** A {@code /2} list whose delegation is signed by a root key that is not pinned. */
    DELEGATION_UNPINNED_ROOT,
    /** A {@code /2} list whose delegation's root signature does not verify (tampered delegation). */
    DELEGATION_BAD_SIGNATURE,
    /** A {@code /2} list signed by a key other than the one its delegation names. */
    DELEGATION_KEY_MISMATCH,
    /** A {@code /2} list issued outside its delegation's notBefore … notAfter. */
    DELEGATION_NOT_VALID,
    /** A {@code /2} list outside its delegation's scope (uses without TRUST_LIST, or a host the delegation does not name). */
    DELEGATION_SCOPE
}

package org.markauth.sdk.trust;

/**
 * What a key delegated by the programme root may sign (docs/mark-format.md, "Delegated service
 * keys"). Mark-signing keys are not delegated this way: they stay in the trust list. The code is
 * the byte in a {@link Delegation}; codes are append-only.
 */
public enum KeyUse {
    /** Signs status lists (recalled, voided, decommissioned and blocked units). */
    STATUS(1),
    /** Signs verification receipts of the verify-api. */
    RECEIPT(2);

    private final int code;

    KeyUse(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The use with this code, or {@code null}. */
    public static KeyUse fromCode(int code) {
        for (KeyUse u : values()) {
            if (u.code == code) {
                return u;
            }
        }
        return null;
    }
}

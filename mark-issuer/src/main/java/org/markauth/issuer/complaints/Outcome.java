package org.markauth.issuer.complaints;

/**
 * What the office decided: the consumer gets a refund, a replacement or compensation (an amount in
 * fen, which the programme's fund may pay first), or the complaint is not upheld (REJECTED).
 */
public enum Outcome {
    REFUND, REPLACEMENT, COMPENSATION, REJECTED;

    /** Whether the complaint was upheld: every outcome but REJECTED (the credit file's COMPLAINT_UPHELD). */
    public boolean upheld() {
        return this != REJECTED;
    }
}

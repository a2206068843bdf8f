package org.markauth.issuer.batch;

/**
 * What the batch engine needs from key management: which key signs new batches, and minters for a
 * batch (its own key, even if retired since, so re-prints are identical for Ed25519).
 */
public interface Minting {

    /** The id of the active signing key; throws {@link org.markauth.issuer.IssuerException.Unavailable} if none. */
    int activeKeyId();

    /** Minters for a batch; {@code gtin} (GTIN-14) selects the GS1 Digital Link form when not null. */
    Minter.Factory minters(Batch batch, String gtin);
}

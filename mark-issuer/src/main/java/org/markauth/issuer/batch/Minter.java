package org.markauth.issuer.batch;

/**
 * Makes the serial and the printed code of each unit of one batch. Confined to one thread (it
 * holds a signer and a cipher); a {@link Factory} makes one per worker thread.
 */
public interface Minter extends AutoCloseable {

    /** The serial of unit {@code seq}. */
    long serial(int seq);

    /** The code to print for a unit (the signed mark's URL). */
    String code(long serial);

    /** Zeroes the key material this minter holds. */
    @Override
    void close();

    @FunctionalInterface
    interface Factory {
        Minter create();
    }
}

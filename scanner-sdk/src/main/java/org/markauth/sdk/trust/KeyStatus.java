package org.markauth.sdk.trust;

/**
 * A signing key's life-cycle state in the trust list.
 * <ul>
 *   <li>{@link #ACTIVE}: the issuer signs new marks with it; its marks verify.</li>
 *   <li>{@link #RETIRED}: no new marks, but marks it signed still verify (rotation).</li>
 *   <li>{@link #REVOKED}: compromised or lost; every mark under it verifies as KEY_REVOKED.</li>
 * </ul>
 */
public enum KeyStatus {
    ACTIVE, RETIRED, REVOKED
}

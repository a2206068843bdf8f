package org.markauth.registry;

/**
 * The state of a licence ({@code licences.status}). Suspension and revocation are the programme's
 * exit mechanism; a revoked licence is final (the licensee must apply again, which is a new licence
 * number).
 */
public enum LicenceStatus {
    ACTIVE, SUSPENDED, REVOKED, EXPIRED;

    /** The column's value; null for a null column (a product without a licence row). */
    public static LicenceStatus ofColumn(String value) {
        return value == null || value.isEmpty() ? null : valueOf(value);
    }

    /** Whether the regulator may move a licence from this status to {@code to}. */
    public boolean mayBecome(LicenceStatus to) {
        return switch (this) {
            case ACTIVE -> to != ACTIVE;
            case SUSPENDED -> to != SUSPENDED;
            case EXPIRED -> to == ACTIVE || to == REVOKED;
            case REVOKED -> false;
        };
    }
}

package org.markauth.registry;

/** A batch's state ({@code batches.state}). */
public enum BatchState {
    /** Ordered; its marks are being signed and stored. */
    ISSUING,
    /** Every mark is stored; units become genuine when activated. */
    ISSUED,
    /** Recalled by the regulator or the licensee: its units verify as RECALLED. */
    RECALLED;

    /** The column's value; null for a null column (a row being written). */
    public static BatchState ofColumn(String value) {
        return value == null || value.isEmpty() ? null : valueOf(value);
    }
}

package org.markauth.registry;

/** What a range action did to the units it covers ({@code batch_ranges.action}); the latest covering range wins. */
public enum RangeKind {
    ACTIVATE, VOID;

    public static RangeKind ofColumn(String value) {
        return value == null || value.isEmpty() ? null : valueOf(value);
    }
}

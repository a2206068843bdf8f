package org.markauth.issuer.standards;

/** Field checks of the standards' and supervision's records; each failure names the field and the limit. */
public final class StandardText {

    private StandardText() {
    }

    /** {@code v} stripped, 1 to {@code max} characters, or a refusal naming {@code field}. */
    public static String required(String field, String v, int max) {
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        String s = v.strip();
        if (s.length() > max) {
            throw new IllegalArgumentException(field + " must be at most " + max + " characters, got " + s.length());
        }
        return s;
    }

    /** {@code v} stripped, or null when absent or blank; at most {@code max} characters. */
    public static String optional(String field, String v, int max) {
        return v == null || v.isBlank() ? null : required(field, v, max);
    }
}

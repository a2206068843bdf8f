package org.markauth.issuer.credit;

/**
 * A licensee's quality-credit grade (docs/credit.md): A is the red list, D the black list and may
 * not order marks, C is a warning shown to the office and the manufacturer.
 */
public enum Grade {
    A, B, C, D;

    /** The grade a form or query names, or null for a blank one; anything else is refused naming the grades. */
    public static Grade parse(String v) {
        if (v == null || v.isBlank()) {
            return null;
        }
        for (Grade g : values()) {
            if (g.name().equalsIgnoreCase(v.strip())) {
                return g;
            }
        }
        throw new IllegalArgumentException("grade must be one of A, B, C, D, got '" + (v.length() > 20 ? v.substring(0, 20) + "…" : v) + "'");
    }
}

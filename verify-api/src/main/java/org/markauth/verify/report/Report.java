package org.markauth.verify.report;

import java.util.Objects;
import java.util.Set;

/**
 * A consumer's report of a suspected fake, validated: where bought (required), seller, optional
 * photo (JPEG, PNG or WebP) and optional contact. Lengths are bounded so a report cannot be used to
 * store arbitrary data.
 */
public record Report(String code, String where, String seller, String contact, String photoType, byte[] photo,
                     String lang) {

    public static final int MAX_TEXT = 200;
    public static final int MAX_CONTACT = 100;

    public Report {
        Objects.requireNonNull(code, "code");
        if (where == null || where.isBlank() || where.length() > MAX_TEXT) {
            throw new IllegalArgumentException("where is required, at most " + MAX_TEXT + " characters");
        }
        if (seller != null && seller.length() > MAX_TEXT) {
            throw new IllegalArgumentException("seller is at most " + MAX_TEXT + " characters");
        }
        if (contact != null && contact.length() > MAX_CONTACT) {
            throw new IllegalArgumentException("contact is at most " + MAX_CONTACT + " characters");
        }
        if ((photo == null) != (photoType == null)) {
            throw new IllegalArgumentException("photo and its type go together");
        }
        if (photoType != null && !Set.of("image/jpeg", "image/png", "image/webp").contains(photoType)) {
            throw new IllegalArgumentException("photo must be a JPEG, PNG or WebP image");
        }
        seller = blankToNull(seller);
        contact = blankToNull(contact);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}

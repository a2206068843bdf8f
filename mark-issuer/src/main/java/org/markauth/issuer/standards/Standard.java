package org.markauth.issuer.standards;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * A programme standard ("T/FSBZ 001-2026 家用电饭煲"): its number, titles and sector (the programme's
 * industry: 家电, 陶瓷, 铝型材 ...). Its versions carry status and indicators ({@link StandardVersion}).
 * {@code standardId} is the number folded into a path segment ({@link #idOf}).
 */
public record Standard(String standardId, String standardNo, String titleZh, String titleEn, String sector,
                       Instant createdAt, Instant updatedAt) {

    public Standard {
        standardNo = StandardText.required("standardNo", standardNo, 64);
        if (!standardId.equals(idOf(standardNo))) {
            throw new IllegalArgumentException("standardId " + standardId + " is not the id of number " + standardNo);
        }
        titleZh = StandardText.required("titleZh", titleZh, 300);
        titleEn = StandardText.optional("titleEn", titleEn, 300);
        sector = StandardText.required("sector", sector, 50);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /**
     * The id of a standard number in paths: upper-cased, every run of characters other than A-Z and
     * 0-9 one '-', no '-' at either end ("T/FSBZ 001-2026" → "T-FSBZ-001-2026"). A number with no
     * letter or digit at all (only Chinese characters) is refused: a standard number has its code.
     */
    public static String idOf(String standardNo) {
        String id = standardNo.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "-").replaceAll("^-|-$", "");
        if (id.isEmpty()) {
            throw new IllegalArgumentException("standardNo '" + standardNo + "' has no letters or digits; give the standard's code, "
                    + "e.g. T/FSBZ 001-2026");
        }
        return id;
    }

    /** The title in the reader's language (the Chinese one when there is no English title). */
    public String title(boolean english) {
        return english && titleEn != null ? titleEn : titleZh;
    }
}

package org.markauth.issuer.credit;

import java.time.LocalDate;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One fact in a licensee's quality-credit file: what kind, on which day, under which reference
 * (a recall id, a licence's product and status time, a sampling task number, a case number...), and
 * a sentence for the file and, on the black list, for the public. (licensee, kind, reference) is its
 * identity: recording it again changes nothing.
 */
public record CreditEvent(String licenseeId, CreditKind kind, LocalDate date, String reference, String summary) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    static final int MAX_REFERENCE = 120;
    static final int MAX_SUMMARY = 500;

    public CreditEvent {
        if (licenseeId == null || !ID.matcher(licenseeId).matches()) {
            throw new IllegalArgumentException("licenseeId must be 1 to 64 letters, digits, '_', '.' or '-', got '" + licenseeId + "'");
        }
        Objects.requireNonNull(kind, "kind");
        if (date == null) {
            throw new IllegalArgumentException("date is required (the day the event happened, YYYY-MM-DD)");
        }
        reference = text("reference", reference, MAX_REFERENCE);
        summary = text("summary", summary, MAX_SUMMARY);
    }

    private static String text(String field, String v, int max) {
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        String s = v.strip();
        if (s.length() > max) {
            throw new IllegalArgumentException(field + " is " + s.length() + " characters; at most " + max);
        }
        if (s.chars().anyMatch(c -> c < 0x20)) {
            throw new IllegalArgumentException(field + " must be one line without control characters");
        }
        return s;
    }

    /** A recall of {@code licenseeId}'s batches, referenced by the recall's id. */
    public static CreditEvent recall(String licenseeId, UUID recallId, LocalDate date, String summary) {
        return new CreditEvent(licenseeId, CreditKind.RECALL, date, "recall:" + recallId, cut(summary));
    }

    /** A confirmed counterfeit alert against one of {@code licenseeId}'s products, referenced by the alert's id. */
    public static CreditEvent forgedMarks(String licenseeId, UUID alertId, LocalDate date, String summary) {
        return new CreditEvent(licenseeId, CreditKind.FORGED_MARKS, date, "alert:" + alertId, cut(summary));
    }

    /** A source's sentence as a summary: one line, at most {@value #MAX_SUMMARY} characters. */
    static String cut(String s) {
        if (s == null) {
            return null;
        }
        String line = s.replaceAll("\\p{Cntrl}+", " ").strip();
        return line.length() <= MAX_SUMMARY ? line : line.substring(0, MAX_SUMMARY - 1) + "…";
    }
}

package org.markauth.verify.report;

import java.util.List;
import java.util.Objects;
import org.markauth.http.ApiError;
import org.markauth.verify.web.ErrorCode;

/**
 * A consumer's report of a suspected fake, validated: the scanned code and where bought (required),
 * seller, photos (their count, size and format checked by {@link ReportReader}) and optional
 * contact. Lengths are bounded so a report cannot be used to store arbitrary data; a field out of
 * bounds is an {@link ApiError} with a sentence in the reporter's language.
 */
public record Report(String code, String where, String seller, String contact, List<Photo> photos, String lang) {

    public static final int MAX_CODE = 512;
    public static final int MAX_TEXT = 200;
    public static final int MAX_CONTACT = 100;

    public Report {
        if (code == null || code.isBlank() || code.length() > MAX_CODE) {
            throw new ApiError(ErrorCode.REPORT_NO_CODE, null);
        }
        if (where == null || where.isBlank() || where.length() > MAX_TEXT) {
            throw new ApiError(ErrorCode.REPORT_NO_WHERE, null);
        }
        if (seller != null && seller.length() > MAX_TEXT) {
            throw new ApiError(ErrorCode.REPORT_FIELD_TOO_LONG, "seller");
        }
        if (contact != null && contact.length() > MAX_CONTACT) {
            throw new ApiError(ErrorCode.REPORT_FIELD_TOO_LONG, "contact");
        }
        Objects.requireNonNull(lang, "lang");
        photos = List.copyOf(photos);
        where = where.strip();
        seller = blankToNull(seller);
        contact = blankToNull(contact);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}

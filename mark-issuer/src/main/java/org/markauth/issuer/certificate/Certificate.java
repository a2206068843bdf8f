package org.markauth.issuer.certificate;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;
import org.markauth.registry.CertificateStatus;

/**
 * One licence certificate (table {@code certificates}, V025): its number, the signed mark its QR
 * carries (batch, serial, URL) and the words printed on it at issue. {@code supersededBy} is set
 * when a later certificate of the same product replaced it.
 */
public record Certificate(String certificateNo, int productId, String licenseeId, String licenceNo, int batchId, long serial,
                          String url, String licenseeName, String licenseeNameEn, String uscc, String productName,
                          String productNameEn, String model, String standardNo, String standardTitle, Instant validFrom,
                          Instant validUntil, Instant issuedAt, String issuedBy, String supersededBy, Instant supersededAt) {

    /** {@code CERT-<year>-<product id, 6 digits or more>-<revision, 2 digits or more>}. */
    public static final Pattern NUMBER = Pattern.compile("CERT-[0-9]{4}-[0-9]{6,10}-[0-9]{2,4}");

    public Certificate {
        if (!NUMBER.matcher(Objects.requireNonNull(certificateNo, "certificateNo")).matches()) {
            throw new IllegalArgumentException("certificateNo must look like CERT-2026-000123-01, got '" + certificateNo + "'");
        }
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(issuedAt, "issuedAt");
    }

    /** The number of revision {@code revision} of {@code productId}'s certificate issued in {@code year}. */
    public static String number(int year, int productId, int revision) {
        return String.format("CERT-%04d-%06d-%02d", year, productId, revision);
    }

    public boolean superseded() {
        return supersededBy != null;
    }

    /** The serial as verifiers and the registry write it: 16 lowercase hex digits. */
    public String serialHex() {
        return HexFormat.of().toHexDigits(serial);
    }

    /** The API's form (docs/certificates.md); {@code status} is the certificate's status now. */
    public JsonObject toJson(CertificateStatus status) {
        return new JsonObject().put("certificateNo", certificateNo).put("productId", productId).put("licenseeId", licenseeId)
                .put("licenceNo", licenceNo).put("batchId", batchId).put("serial", serialHex()).put("url", url)
                .put("licensee", new JsonObject().put("name", licenseeName).put("nameEn", licenseeNameEn).put("uscc", uscc))
                .put("product", new JsonObject().put("name", productName).put("nameEn", productNameEn).put("model", model))
                .put("standard", new JsonObject().put("no", standardNo).put("title", standardTitle))
                .put("validFrom", text(validFrom)).put("validUntil", text(validUntil)).put("issuedAt", text(issuedAt))
                .put("issuedBy", issuedBy).put("supersededBy", supersededBy).put("supersededAt", text(supersededAt))
                .put("status", status.name()).put("pdf", "/api/v1/certificates/" + certificateNo + "/pdf");
    }

    private static String text(Instant i) {
        return i == null ? null : i.toString();
    }
}

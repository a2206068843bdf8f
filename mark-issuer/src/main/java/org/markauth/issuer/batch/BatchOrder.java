package org.markauth.issuer.batch;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A manufacturer's order for N marks of one product. The idempotency key makes a retried order
 * return the batch of the first attempt; {@link #fingerprint()} detects a key reused for a
 * different order.
 */
public record BatchOrder(int productId, int quantity, String lot, LocalDate productionDate, LocalDate expiryDate,
                         String lineId, String idempotencyKey) {

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:/-]{0,63}");
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

    public BatchOrder {
        if (productId <= 0) {
            throw new IllegalArgumentException("productId must be positive, got " + productId);
        }
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity must be at least 1, got " + quantity);
        }
        token("lot", lot);
        token("lineId", lineId);
        if (productionDate == null) {
            throw new IllegalArgumentException("productionDate is required (a date YYYY-MM-DD)");
        }
        if (expiryDate != null && !expiryDate.isAfter(productionDate)) {
            throw new IllegalArgumentException("expiryDate (" + expiryDate + ") must be after productionDate (" + productionDate + ")");
        }
        if (idempotencyKey == null || !KEY.matcher(idempotencyKey).matches()) {
            throw new IllegalArgumentException("idempotencyKey is required: 1-128 letters, digits, '_', '.', ':' or '-' "
                    + "(send the same key when you retry the same order)");
        }
    }

    private static void token(String field, String v) {
        if (v == null || !TOKEN.matcher(v).matches()) {
            throw new IllegalArgumentException(field + " must be 1-64 letters, digits or _ . : / -, got "
                    + (v == null ? "none" : "'" + v + "'"));
        }
    }

    /** SHA-256 over the order's fields except the idempotency key. */
    public byte[] fingerprint() {
        String s = productId + "|" + quantity + "|" + lot + "|" + productionDate + "|" + expiryDate + "|" + lineId;
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }
}

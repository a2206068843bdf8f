package org.markauth.sdk.receipt;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.markauth.sdk.crypto.RawSigner;
import org.markauth.sdk.crypto.SignatureVerifier;
import org.markauth.sdk.trust.Delegation;
import org.markauth.sdk.trust.KeyUse;
import org.markauth.sdk.trust.TrustRoot;

/**
 * Signs and verifies verification receipts (docs/mark-format.md, "Verification receipts").
 *
 * <pre>{@code
 * Receipt r = Receipts.verify(receiptJson, pinnedRoots);   // throws ReceiptException if it does not verify
 * System.out.println(r.instance() + " said " + r.verdict() + " for " + r.code() + " at " + r.time());
 * }</pre>
 */
public final class Receipts {

    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Set<String> FIELDS = Set.of("format", "code", "verdict", "time", "instance", "delegation", "signature");
    private static final int MAX_JSON_BYTES = 16 * 1024;

    private Receipts() {
    }

    /** Signs a receipt. {@code key} must be the delegated key; NOT thread-safe for SM2 (one signer per thread). */
    public static Receipt sign(RawSigner key, Delegation delegation, String code, String verdict, Instant time, String instance) {
        if (delegation.use() != KeyUse.RECEIPT || delegation.algorithm() != key.algorithm()
                || !java.util.Arrays.equals(delegation.publicKey(), key.publicKey())) {
            throw new IllegalArgumentException("the delegation " + delegation + " is not for this receipt key " + key.keyId());
        }
        // built once unsigned so the constructor validates the fields before anything is signed
        byte[] input = new Receipt(code, verdict, time, instance, delegation, new byte[64]).signatureInput();
        return new Receipt(code, verdict, time, instance, delegation, key.sign(input));
    }

    /** Verifies the JSON form (a verdict's {@code receipt} member, or a saved file). */
    public static Receipt verify(String json, List<TrustRoot> roots) {
        if (json == null || json.length() > MAX_JSON_BYTES) {
            throw new ReceiptException("a receipt is a JSON object of at most " + MAX_JSON_BYTES + " characters");
        }
        JsonNode n;
        try {
            n = JSON.readTree(json);
        } catch (IOException e) {
            throw new ReceiptException("receipt is not JSON", e);
        }
        if (n == null || !n.isObject()) {
            throw new ReceiptException("receipt must be a JSON object");
        }
        if (n.has("receipt") && n.get("receipt").isObject()) {
            n = n.get("receipt");       // a whole verdict was given: use its receipt
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new ReceiptException("receipt has unknown member '" + f + "'");
            }
        }
        if (!Receipt.FORMAT.equals(text(n, "format"))) {
            throw new ReceiptException("receipt format must be " + Receipt.FORMAT);
        }
        Receipt r;
        try {
            String t = text(n, "time");
            if (!t.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z")) {
                throw new ReceiptException("receipt time must be yyyy-MM-ddTHH:mm:ssZ, got " + t);
            }
            ByteBuffer del = ByteBuffer.wrap(hex(text(n, "delegation")));
            Delegation d = Delegation.read(del, roots, KeyUse.RECEIPT);
            if (del.hasRemaining()) {
                throw new ReceiptException("receipt delegation has " + del.remaining() + " trailing bytes");
            }
            r = new Receipt(text(n, "code"), text(n, "verdict"), Instant.parse(t), text(n, "instance"), d,
                    hex(text(n, "signature")));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new ReceiptException("receipt is invalid: " + e.getMessage(), e);
        }
        return verify(r, roots);
    }

    /**
     * Checks a receipt: its delegation is signed by a pinned root for RECEIPT use and covers its
     * time, and its signature verifies under the delegated key.
     */
    public static Receipt verify(Receipt r, List<TrustRoot> roots) {
        Delegation d;
        try {
            d = Delegation.read(ByteBuffer.wrap(r.delegation().encode()), roots, KeyUse.RECEIPT);
        } catch (IllegalArgumentException e) {
            throw new ReceiptException("receipt key is not vouched for: " + e.getMessage(), e);
        }
        if (!d.covers(r.time())) {
            throw new ReceiptException("receipt time " + r.time() + " is outside its key's delegation " + d);
        }
        if (!SignatureVerifier.create(d.algorithm(), d.publicKey()).verify(r.signatureInput(), r.signature())) {
            throw new ReceiptException("receipt signature does not verify under key " + d.keyId() + " (tampered?)");
        }
        return r;
    }

    private static String text(JsonNode n, String f) {
        JsonNode v = n.get(f);
        if (v == null || !v.isTextual()) {
            throw new ReceiptException("receipt member '" + f + "' must be a string");
        }
        return v.asText();
    }

    private static byte[] hex(String s) {
        if (!s.equals(s.toLowerCase(java.util.Locale.ROOT))) {
            throw new IllegalArgumentException("hex must be lowercase");
        }
        return HexFormat.of().parseHex(s);
    }
}

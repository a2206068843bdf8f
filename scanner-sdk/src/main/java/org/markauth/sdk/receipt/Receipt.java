package org.markauth.sdk.receipt;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.markauth.sdk.trust.Delegation;
import org.markauth.sdk.trust.KeyUse;

/**
 * A signed verification receipt (docs/mark-format.md, "Verification receipts"): the verify-api
 * instance {@code instance} answered verdict {@code verdict} for the scanned text {@code code} at
 * {@code time}, signed by a receipt key the programme root delegated. Evidence for a buyer or a
 * court that a scan said what it said; anyone holding the root public key can check it.
 *
 * @param code     the scanned text exactly as the API received it
 * @param verdict  the verdict code (VerdictCode name)
 * @param time     when the verdict was given, whole seconds UTC
 * @param instance the answering instance's name
 */
public record Receipt(String code, String verdict, Instant time, String instance, Delegation delegation, byte[] signature) {

    public static final String FORMAT = "markauth-receipt/1";
    public static final byte[] SIGNATURE_PREFIX = "MARKAUTH-RECEIPT-v1".getBytes(StandardCharsets.US_ASCII);
    public static final int MAX_CODE_CHARS = 512;
    public static final int MAX_INSTANCE_CHARS = 64;

    public Receipt {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(delegation, "delegation");
        if (code.isEmpty() || code.length() > MAX_CODE_CHARS) {
            throw new IllegalArgumentException("receipt code must be 1.." + MAX_CODE_CHARS + " characters");
        }
        if (verdict == null || !verdict.matches("[A-Z][A-Z_]{0,31}")) {
            throw new IllegalArgumentException("receipt verdict must be a verdict code (A-Z and _), got " + verdict);
        }
        if (instance == null || !instance.matches("[A-Za-z0-9._:-]{1," + MAX_INSTANCE_CHARS + "}")) {
            throw new IllegalArgumentException("receipt instance must be 1.." + MAX_INSTANCE_CHARS
                    + " characters of A-Z a-z 0-9 . _ : -, got " + instance);
        }
        time = Objects.requireNonNull(time, "time").truncatedTo(ChronoUnit.SECONDS);
        if (time.getEpochSecond() < 0) {
            throw new IllegalArgumentException("receipt time before 1970");
        }
        if (delegation.use() != KeyUse.RECEIPT) {
            throw new IllegalArgumentException("a receipt must be signed by a RECEIPT key, this one is " + delegation.use());
        }
        signature = signature.clone();
    }

    /**
     * The signed bytes: {@code "MARKAUTH-RECEIPT-v1"} ‖ u32 length ‖ code (UTF-8) ‖ u32 length ‖
     * verdict (ASCII) ‖ u64 time (Unix seconds) ‖ u32 length ‖ instance (ASCII), big-endian.
     */
    public static byte[] signatureInput(String code, String verdict, Instant time, String instance) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(SIGNATURE_PREFIX);
        field(out, code.getBytes(StandardCharsets.UTF_8));
        field(out, verdict.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(ByteBuffer.allocate(8).putLong(time.getEpochSecond()).array());
        field(out, instance.getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    public byte[] signatureInput() {
        return signatureInput(code, verdict, time, instance);
    }

    /** The JSON form (member order fixed; JSON string escaping only in {@code code}). */
    public com.fasterxml.jackson.databind.node.ObjectNode toJson() {
        var n = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        n.put("format", FORMAT).put("code", code).put("verdict", verdict)
                .put("time", DateTimeFormatter.ISO_INSTANT.format(time)).put("instance", instance)
                .put("delegation", HexFormat.of().formatHex(delegation.encode()))
                .put("signature", HexFormat.of().formatHex(signature));
        return n;
    }

    private static void field(ByteArrayOutputStream out, byte[] b) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(b.length).array());
        out.writeBytes(b);
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Receipt r && code.equals(r.code) && verdict.equals(r.verdict) && time.equals(r.time)
                && instance.equals(r.instance) && delegation.equals(r.delegation) && Arrays.equals(signature, r.signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(code, verdict, time, instance, delegation) * 31 + Arrays.hashCode(signature);
    }
}

package org.markauth.sdk.evidence;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.markauth.sdk.crypto.RawSigner;
import org.markauth.sdk.trust.Delegation;
import org.markauth.sdk.trust.KeyUse;

/**
 * The server's statement in an evidence package, {@code evidence.json} (docs/mark-format.md, section
 * 15.4): "instance {@code instance} received the record with SHA-256 {@code recordSha256}, signed
 * {@code deviceSignature} by the device {@code device} of officer {@code device.officer()}, at
 * {@code receivedAt}", signed by a RECEIPT key the programme root delegated (section 10a) — the same
 * key that signs verification receipts, so a verifier needs only the pinned root.
 *
 * <p>The delegation is kept as its bytes: whether it is vouched for is a check of
 * {@link EvidenceVerifier}, not of the document's form.
 *
 * @param recordSha256 SHA-256 of {@code record.json}, 32 bytes
 * @param deviceSignature the device's 64-byte r‖s over the record
 * @param delegation the RECEIPT delegation, binary form of section 10a
 * @param signature the server signature, 64 bytes, over {@link #signatureInput()}
 */
public record Evidence(String recordId, byte[] recordSha256, InspectionDevice device, byte[] deviceSignature, Instant receivedAt,
                       String instance, byte[] delegation, byte[] signature) {

    public static final String FORMAT = "markauth-evidence/1";
    static final String PREFIX_TEXT = "MARKAUTH-EVIDENCE-v1";
    /** The 20 ASCII bytes before the signed fields. */
    public static final byte[] SIGNATURE_PREFIX = PREFIX_TEXT.getBytes(StandardCharsets.US_ASCII);
    /** Largest evidence.json in bytes. */
    public static final int MAX_JSON_BYTES = 16 * 1024;
    private static final Pattern TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
    private static final Pattern INSTANCE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Pattern LOWER_HEX = Pattern.compile("([0-9a-f]{2})*");
    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+");
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Set<String> MEMBERS = Set.of("format", "recordId", "recordSha256", "device", "deviceSignature",
            "receivedAt", "instance", "delegation", "signature");
    private static final Set<String> DEVICE_MEMBERS = Set.of("id", "publicKey", "officer", "registeredAt");

    public Evidence {
        if (recordId == null || !InspectionRecord.UUID_V4.matcher(recordId).matches()) {
            throw new IllegalArgumentException("recordId must be a lowercase UUID v4, got " + recordId);
        }
        Objects.requireNonNull(device, "device");
        recordSha256 = exact(recordSha256, 32, "recordSha256");
        deviceSignature = exact(deviceSignature, InspectionSignature.SIGNATURE_LENGTH, "deviceSignature");
        receivedAt = Objects.requireNonNull(receivedAt, "receivedAt").truncatedTo(ChronoUnit.SECONDS);
        if (receivedAt.getEpochSecond() < 0) {
            throw new IllegalArgumentException("receivedAt before 1970");
        }
        if (instance == null || !INSTANCE.matcher(instance).matches()) {
            throw new IllegalArgumentException("instance must be 1-64 characters of A-Z a-z 0-9 . _ : -, got " + instance);
        }
        delegation = Objects.requireNonNull(delegation, "delegation").clone();
        if (delegation.length > 512) {
            throw new IllegalArgumentException("delegation is at most 512 bytes");
        }
        signature = exact(signature, 64, "signature");
    }

    /**
     * Signs the statement with a RECEIPT key. NOT thread-safe for SM2 keys (one {@link RawSigner} per
     * thread, or serialise the calls, as verify-api's {@code ReceiptSigner} does).
     *
     * @throws IllegalArgumentException when the delegation is not this key's, not for RECEIPT, or
     *                                  does not cover {@code receivedAt}
     */
    public static Evidence sign(RawSigner key, Delegation delegation, String recordId, byte[] recordSha256, InspectionDevice device,
                                byte[] deviceSignature, Instant receivedAt, String instance) {
        if (delegation.use() != KeyUse.RECEIPT || delegation.algorithm() != key.algorithm()
                || !Arrays.equals(delegation.publicKey(), key.publicKey())) {
            throw new IllegalArgumentException("the delegation " + delegation + " is not a RECEIPT delegation of this key " + key.keyId());
        }
        Evidence unsigned = new Evidence(recordId, recordSha256, device, deviceSignature, receivedAt, instance, delegation.encode(),
                new byte[64]);
        if (!delegation.covers(unsigned.receivedAt())) {
            throw new IllegalArgumentException("the receipt key's delegation (" + delegation.validFrom() + " .. " + delegation.validUntil()
                    + ") does not cover receivedAt " + unsigned.receivedAt() + "; a verifier would refuse the package");
        }
        return new Evidence(recordId, recordSha256, device, deviceSignature, receivedAt, instance, delegation.encode(),
                key.sign(unsigned.signatureInput()));
    }

    /**
     * The server-signed bytes (big-endian): {@value #PREFIX_TEXT} ‖ recordSha256 (32) ‖ u32 length ‖
     * device SPKI DER ‖ u32 length ‖ officer (UTF-8) ‖ u64 receivedAt (Unix seconds) ‖ u32 length ‖
     * instance (ASCII) ‖ deviceSignature (64).
     */
    public byte[] signatureInput() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(SIGNATURE_PREFIX);
        out.writeBytes(recordSha256);
        field(out, device.publicKey());
        field(out, device.officer().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(ByteBuffer.allocate(8).putLong(receivedAt.getEpochSecond()).array());
        field(out, instance.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(deviceSignature);
        return out.toByteArray();
    }

    /** The JSON form, members in the order of the specification. */
    public ObjectNode toJson() {
        HexFormat hex = HexFormat.of();
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("format", FORMAT).put("recordId", recordId).put("recordSha256", hex.formatHex(recordSha256));
        n.putObject("device").put("id", device.id())
                .put("publicKey", Base64.getUrlEncoder().withoutPadding().encodeToString(device.publicKey()))
                .put("officer", device.officer()).put("registeredAt", DateTimeFormatter.ISO_INSTANT.format(device.registeredAt()));
        n.put("deviceSignature", hex.formatHex(deviceSignature))
                .put("receivedAt", DateTimeFormatter.ISO_INSTANT.format(receivedAt)).put("instance", instance)
                .put("delegation", hex.formatHex(delegation)).put("signature", hex.formatHex(signature));
        return n;
    }

    /** The bytes of {@code evidence.json}: the JSON form and one LF. */
    public byte[] toBytes() {
        return (toJson().toString() + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads {@code evidence.json}: one JSON object (optionally followed by white space), exactly the
     * members of section 15.4, in any order.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static Evidence parse(byte[] json) {
        if (json.length > MAX_JSON_BYTES) {
            throw new IllegalArgumentException("evidence.json is at most " + MAX_JSON_BYTES + " bytes, this one is " + json.length);
        }
        JsonNode n;
        try {
            n = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("evidence.json is not one JSON object: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("evidence.json must be a JSON object");
        }
        members(n, MEMBERS, "");
        if (!FORMAT.equals(text(n, "format"))) {
            throw new IllegalArgumentException("evidence.json format must be " + FORMAT + ", got " + n.get("format"));
        }
        JsonNode d = n.get("device");
        if (!d.isObject()) {
            throw new IllegalArgumentException("evidence.json member 'device' must be an object");
        }
        members(d, DEVICE_MEMBERS, "device.");
        String pk = text(d, "publicKey");
        if (!BASE64URL.matcher(pk).matches()) {
            throw new IllegalArgumentException("device.publicKey must be base64url without padding");
        }
        InspectionDevice device = new InspectionDevice(text(d, "id"), Base64.getUrlDecoder().decode(pk), text(d, "officer"),
                time(d, "registeredAt"));
        return new Evidence(text(n, "recordId"), hex(n, "recordSha256"), device, hex(n, "deviceSignature"), time(n, "receivedAt"),
                text(n, "instance"), hex(n, "delegation"), hex(n, "signature"));
    }

    private static void members(JsonNode n, Set<String> allowed, String prefix) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw new IllegalArgumentException("evidence.json has an unknown member '" + prefix + f + "'");
            }
        }
        for (String f : allowed) {
            if (!n.has(f)) {
                throw new IllegalArgumentException("evidence.json lacks the member '" + prefix + f + "'");
            }
        }
    }

    private static String text(JsonNode n, String f) {
        JsonNode v = n.get(f);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("evidence.json member '" + f + "' must be a string");
        }
        return v.textValue();
    }

    private static Instant time(JsonNode n, String f) {
        String t = text(n, f);
        if (!TIME.matcher(t).matches()) {
            throw new IllegalArgumentException("evidence.json member '" + f + "' must be yyyy-MM-ddTHH:mm:ssZ, got " + t);
        }
        try {
            return Instant.parse(t);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("evidence.json member '" + f + "' is not a valid time: " + t);
        }
    }

    private static byte[] hex(JsonNode n, String f) {
        String s = text(n, f);
        if (!LOWER_HEX.matcher(s).matches()) {
            throw new IllegalArgumentException("evidence.json member '" + f + "' must be lowercase hex");
        }
        return HexFormat.of().parseHex(s);
    }

    private static byte[] exact(byte[] b, int length, String name) {
        if (b == null || b.length != length) {
            throw new IllegalArgumentException(name + " must be " + length + " bytes");
        }
        return b.clone();
    }

    private static void field(ByteArrayOutputStream out, byte[] b) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(b.length).array());
        out.writeBytes(b);
    }

    @Override
    public byte[] recordSha256() {
        return recordSha256.clone();
    }

    @Override
    public byte[] deviceSignature() {
        return deviceSignature.clone();
    }

    @Override
    public byte[] delegation() {
        return delegation.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Evidence e && Arrays.equals(signatureInput(), e.signatureInput()) && recordId.equals(e.recordId)
                && device.equals(e.device) && Arrays.equals(delegation, e.delegation) && Arrays.equals(signature, e.signature);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(signatureInput()) * 31 + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "Evidence[record " + recordId + ", device " + device.id() + ", officer " + device.officer() + ", received "
                + receivedAt + " by " + instance + "]";
    }
}

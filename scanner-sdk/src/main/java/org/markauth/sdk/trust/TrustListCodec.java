package org.markauth.sdk.trust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.markauth.sdk.crypto.KeyId;
import org.markauth.sdk.crypto.SignatureAlgorithm;
import org.markauth.sdk.crypto.SignatureVerifier;

/**
 * The signed trust-list document (docs/mark-format.md, "Trust list"): canonical JSON of the
 * payload, and an envelope carrying it with a detached root signature.
 *
 * <p>The canonical form is written by hand, not by a JSON library, so that it is exactly what the
 * spec says: fixed member order, no white space, integers in decimal, instants as
 * {@code yyyy-MM-ddTHH:mm:ssZ}, byte strings as lowercase hex, absent optional members omitted,
 * keys sorted by id. Every value is ASCII drawn from a set that never needs JSON escaping.
 * The verifier decodes the payload through {@link TrustList}'s validating constructor, re-encodes it
 * canonically, and checks the signature over those bytes — so a document with extra members, other
 * spacing or a different order fails, and what was verified is exactly what is used.
 */
public final class TrustListCodec {
    public static final String FORMAT = "markauth-trust-list/1";
    /** Domain separation for the root signature. */
    public static final byte[] SIGNATURE_PREFIX = "MARKAUTH-TRUSTLIST-v1".getBytes(StandardCharsets.US_ASCII);
    /** Documents larger than this are refused before parsing. */
    public static final int MAX_DOCUMENT_BYTES = 1 << 20;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final HexFormat HEX = HexFormat.of();
    private static final Set<String> ENVELOPE_FIELDS = Set.of("format", "payload", "signature");
    private static final Set<String> PAYLOAD_FIELDS = Set.of("sequence", "issuedAt", "nextUpdate", "hosts", "keys");
    private static final Set<String> KEY_FIELDS =
            Set.of("keyId", "algorithm", "publicKey", "validFrom", "validUntil", "status", "revokedAt");
    private static final Set<String> SIGNATURE_FIELDS = Set.of("algorithm", "keyId", "value");

    private TrustListCodec() {
    }

    /** The canonical UTF-8 (in fact ASCII) bytes of the payload. */
    public static byte[] canonical(TrustList list) {
        StringBuilder b = new StringBuilder(256 + list.keys().size() * 256);
        b.append("{\"sequence\":").append(list.sequence())
                .append(",\"issuedAt\":\"").append(instant(list.issuedAt()))
                .append("\",\"nextUpdate\":\"").append(instant(list.nextUpdate())).append("\",\"hosts\":[");
        for (int i = 0; i < list.hosts().size(); i++) {
            b.append(i == 0 ? "\"" : ",\"").append(list.hosts().get(i)).append('"');
        }
        b.append("],\"keys\":[");
        for (int i = 0; i < list.keys().size(); i++) {
            TrustedKey k = list.keys().get(i);
            b.append(i == 0 ? "" : ",")
                    .append("{\"keyId\":\"").append(k.keyId().toHex())
                    .append("\",\"algorithm\":\"").append(k.algorithm().name())
                    .append("\",\"publicKey\":\"").append(HEX.formatHex(k.publicKey()))
                    .append("\",\"validFrom\":\"").append(instant(k.validFrom())).append('"');
            if (k.validUntil() != null) {
                b.append(",\"validUntil\":\"").append(instant(k.validUntil())).append('"');
            }
            b.append(",\"status\":\"").append(k.status().name()).append('"');
            if (k.revokedAt() != null) {
                b.append(",\"revokedAt\":\"").append(instant(k.revokedAt())).append('"');
            }
            b.append('}');
        }
        b.append("]}");
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The bytes the root key signs. */
    public static byte[] signatureInput(TrustList list) {
        byte[] c = canonical(list);
        byte[] in = new byte[SIGNATURE_PREFIX.length + c.length];
        System.arraycopy(SIGNATURE_PREFIX, 0, in, 0, SIGNATURE_PREFIX.length);
        System.arraycopy(c, 0, in, SIGNATURE_PREFIX.length, c.length);
        return in;
    }

    /** The envelope bytes: {@code {"format":…,"payload":<canonical>,"signature":{…}}}. */
    static byte[] envelope(TrustList list, SignatureAlgorithm alg, KeyId rootKeyId, byte[] signature) {
        String s = "{\"format\":\"" + FORMAT + "\",\"payload\":" + new String(canonical(list), StandardCharsets.US_ASCII)
                + ",\"signature\":{\"algorithm\":\"" + alg.name() + "\",\"keyId\":\"" + rootKeyId.toHex()
                + "\",\"value\":\"" + HEX.formatHex(signature) + "\"}}\n";
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Parses and verifies a signed document against the pinned roots.
     *
     * @throws TrustListException naming what is wrong; never returns an unverified list
     */
    public static TrustList decodeAndVerify(byte[] document, List<TrustRoot> roots) {
        if (document.length > MAX_DOCUMENT_BYTES) {
            throw new TrustListException("trust list document is " + document.length + " bytes, limit "
                    + MAX_DOCUMENT_BYTES + "; refusing to parse it");
        }
        JsonNode env;
        try {
            env = JSON.readTree(document);
        } catch (java.io.IOException e) {
            throw new TrustListException("trust list document is not JSON: " + e.getMessage(), e);
        }
        if (env == null || !env.isObject()) {
            throw new TrustListException("trust list document must be a JSON object");
        }
        onlyFields(env, ENVELOPE_FIELDS, "envelope");
        if (!FORMAT.equals(text(env, "format"))) {
            throw new TrustListException("trust list format must be " + FORMAT + ", got " + env.get("format"));
        }
        JsonNode sig = object(env, "signature");
        onlyFields(sig, SIGNATURE_FIELDS, "signature");
        TrustList list = payload(object(env, "payload"));
        SignatureAlgorithm alg = algorithm(text(sig, "algorithm"));
        KeyId rootId = keyId(text(sig, "keyId"));
        byte[] value = hex(text(sig, "value"), "signature value");
        TrustRoot root = roots.stream().filter(r -> r.algorithm() == alg && r.keyId().equals(rootId)).findFirst()
                .orElseThrow(() -> new TrustListException("trust list is signed by root key " + rootId + " (" + alg
                        + "), which is not pinned; pinned roots: " + roots));
        if (value.length != alg.signatureLength()
                || !SignatureVerifier.create(alg, root.publicKey()).verify(signatureInput(list), value)) {
            throw new TrustListException("trust list signature does not verify under root key " + rootId
                    + " (tampered, or not in canonical form)");
        }
        return list;
    }

    private static TrustList payload(JsonNode p) {
        onlyFields(p, PAYLOAD_FIELDS, "payload");
        JsonNode seq = p.get("sequence");
        if (seq == null || !seq.canConvertToLong() || !seq.isIntegralNumber()) {
            throw new TrustListException("trust list payload.sequence must be an integer");
        }
        List<String> hosts = new ArrayList<>();
        for (JsonNode h : array(p, "hosts")) {
            if (!h.isTextual()) {
                throw new TrustListException("trust list hosts must be strings");
            }
            hosts.add(h.asText());
        }
        List<TrustedKey> keys = new ArrayList<>();
        for (JsonNode k : array(p, "keys")) {
            if (!k.isObject()) {
                throw new TrustListException("trust list keys must be objects");
            }
            onlyFields(k, KEY_FIELDS, "key");
            try {
                keys.add(new TrustedKey(keyId(text(k, "keyId")), algorithm(text(k, "algorithm")),
                        hex(text(k, "publicKey"), "publicKey"), instant(text(k, "validFrom")),
                        k.has("validUntil") ? instant(text(k, "validUntil")) : null, status(text(k, "status")),
                        k.has("revokedAt") ? instant(text(k, "revokedAt")) : null));
            } catch (IllegalArgumentException e) {
                throw new TrustListException("trust list key is invalid: " + e.getMessage(), e);
            }
        }
        try {
            return new TrustList(seq.longValue(), instant(text(p, "issuedAt")), instant(text(p, "nextUpdate")), hosts, keys);
        } catch (IllegalArgumentException e) {
            throw new TrustListException("trust list payload is invalid: " + e.getMessage(), e);
        }
    }

    private static void onlyFields(JsonNode n, Set<String> allowed, String where) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw new TrustListException("trust list " + where + " has unknown member '" + f + "'");
            }
        }
    }

    private static JsonNode object(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isObject()) {
            throw new TrustListException("trust list member '" + field + "' must be an object");
        }
        return v;
    }

    private static JsonNode array(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isArray()) {
            throw new TrustListException("trust list member '" + field + "' must be an array");
        }
        return v;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new TrustListException("trust list member '" + field + "' must be a string");
        }
        return v.asText();
    }

    private static String instant(Instant i) {
        return DateTimeFormatter.ISO_INSTANT.format(i);
    }

    private static Instant instant(String s) {
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new TrustListException("trust list time '" + s + "' is not yyyy-MM-ddTHH:mm:ssZ", e);
        }
    }

    private static byte[] hex(String s, String what) {
        try {
            if (!s.equals(s.toLowerCase(java.util.Locale.ROOT))) {
                throw new IllegalArgumentException("upper case");
            }
            return HEX.parseHex(s);
        } catch (IllegalArgumentException e) {
            throw new TrustListException("trust list " + what + " must be lowercase hex", e);
        }
    }

    private static KeyId keyId(String s) {
        try {
            return KeyId.ofHex(s);
        } catch (IllegalArgumentException e) {
            throw new TrustListException("trust list key id '" + s + "' must be 8 hex digits", e);
        }
    }

    private static SignatureAlgorithm algorithm(String s) {
        try {
            return SignatureAlgorithm.valueOf(s);
        } catch (IllegalArgumentException e) {
            throw new TrustListException("trust list algorithm '" + s + "' is not one of ED25519, SM2_SM3", e);
        }
    }

    private static KeyStatus status(String s) {
        try {
            return KeyStatus.valueOf(s);
        } catch (IllegalArgumentException e) {
            throw new TrustListException("trust list key status '" + s + "' is not one of ACTIVE, RETIRED, REVOKED", e);
        }
    }

}

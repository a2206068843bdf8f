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
    /** A list signed by a key the offline root delegated, carrying that delegation (section 10b). */
    public static final String FORMAT_DELEGATED = "markauth-trust-list/2";
    /** Domain separation for the root signature. */
    public static final byte[] SIGNATURE_PREFIX = "MARKAUTH-TRUSTLIST-v1".getBytes(StandardCharsets.US_ASCII);
    /** Domain separation for the delegated key's signature of a {@code /2} list. */
    public static final byte[] SIGNATURE_PREFIX_DELEGATED = "MARKAUTH-TRUSTLIST-v2".getBytes(StandardCharsets.US_ASCII);
    /** Documents larger than this are refused before parsing. */
    public static final int MAX_DOCUMENT_BYTES = 1 << 20;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final HexFormat HEX = HexFormat.of();
    private static final Set<String> ENVELOPE_FIELDS = Set.of("format", "payload", "signature");
    private static final Set<String> ENVELOPE_FIELDS_DELEGATED = Set.of("format", "payload", "delegation", "signature");
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

    /** The bytes the root key signs ({@code /1}). */
    public static byte[] signatureInput(TrustList list) {
        return prefixed(SIGNATURE_PREFIX, canonical(list));
    }

    /** The bytes the delegated key signs ({@code /2}): {@code MARKAUTH-TRUSTLIST-v2} ‖ canonical payload. */
    public static byte[] delegatedSignatureInput(TrustList list) {
        return prefixed(SIGNATURE_PREFIX_DELEGATED, canonical(list));
    }

    private static byte[] prefixed(byte[] prefix, byte[] c) {
        byte[] in = new byte[prefix.length + c.length];
        System.arraycopy(prefix, 0, in, 0, prefix.length);
        System.arraycopy(c, 0, in, prefix.length, c.length);
        return in;
    }

    /** The {@code /2} envelope: {@code {"format":…,"payload":<canonical>,"delegation":<object>,"signature":{…}}}. */
    static byte[] delegatedEnvelope(TrustList list, TrustListDelegation.Signed delegation, SignatureAlgorithm alg, KeyId keyId,
                                    byte[] signature) {
        String s = "{\"format\":\"" + FORMAT_DELEGATED + "\",\"payload\":" + new String(canonical(list), StandardCharsets.US_ASCII)
                + ",\"delegation\":" + new String(delegation.object(), StandardCharsets.US_ASCII)
                + ",\"signature\":{\"algorithm\":\"" + alg.name() + "\",\"keyId\":\"" + keyId.toHex()
                + "\",\"value\":\"" + HEX.formatHex(signature) + "\"}}\n";
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * A verified trust list and, for a {@code /2} document, the delegation it was verified through
     * ({@code null} for a {@code /1} list signed by a pinned root directly).
     */
    public record Verified(TrustList list, TrustListDelegation.Signed delegation) {
    }

    /** The envelope bytes: {@code {"format":…,"payload":<canonical>,"signature":{…}}}. */
    static byte[] envelope(TrustList list, SignatureAlgorithm alg, KeyId rootKeyId, byte[] signature) {
        String s = "{\"format\":\"" + FORMAT + "\",\"payload\":" + new String(canonical(list), StandardCharsets.US_ASCII)
                + ",\"signature\":{\"algorithm\":\"" + alg.name() + "\",\"keyId\":\"" + rootKeyId.toHex()
                + "\",\"value\":\"" + HEX.formatHex(signature) + "\"}}\n";
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Parses and verifies a signed document against the pinned roots, with the checks of
     * docs/mark-format.md section 10 in its order: size, byte order mark, framing, JSON, members,
     * format, payload values, canonical form, root, signature.
     *
     * @throws TrustListException naming what is wrong, with its {@link TrustListRefusal}; never returns an unverified list
     */
    public static TrustList decodeAndVerify(byte[] document, List<TrustRoot> roots) {
        return verify(document, roots).list();
    }

    /**
     * As {@link #decodeAndVerify} and also returns the delegation a {@code /2} list was verified
     * through. A {@code /2} list is accepted iff its delegation verifies under a pinned root, the
     * list's signature verifies under the delegated key, the list's issuedAt lies in the delegation's
     * window and the delegation's scope covers it (uses TRUST_LIST, every host of the list).
     */
    public static Verified verify(byte[] document, List<TrustRoot> roots) {
        if (document.length > MAX_DOCUMENT_BYTES) {
            throw new TrustListException(TrustListRefusal.TOO_LARGE, "trust list document is " + document.length
                    + " bytes, limit " + MAX_DOCUMENT_BYTES + "; refusing to parse it");
        }
        if (document.length >= 3 && (document[0] & 0xFF) == 0xEF && (document[1] & 0xFF) == 0xBB && (document[2] & 0xFF) == 0xBF) {
            throw new TrustListException(TrustListRefusal.BOM, "trust list document starts with a byte order mark; "
                    + "it must start with '{'");
        }
        if (document.length == 0 || document[0] != '{') {
            throw new TrustListException(TrustListRefusal.BAD_FRAMING, "trust list document must start with '{'");
        }
        Envelope e = envelope(document);
        JsonNode env = e.tree();
        boolean delegated = env.get("format") != null && FORMAT_DELEGATED.equals(env.get("format").asText());
        onlyFields(env, delegated ? ENVELOPE_FIELDS_DELEGATED : ENVELOPE_FIELDS, "envelope");
        if (!FORMAT.equals(text(env, "format")) && !delegated) {
            throw new TrustListException(TrustListRefusal.BAD_FORMAT, "trust list format must be " + FORMAT + " or "
                    + FORMAT_DELEGATED + ", got " + env.get("format"));
        }
        JsonNode sig = object(env, "signature");
        onlyFields(sig, SIGNATURE_FIELDS, "signature");
        TrustList list = payload(object(env, "payload"));
        byte[] canonical = canonical(list);
        if (!java.util.Arrays.equals(canonical, java.util.Arrays.copyOfRange(document, e.payloadFrom(), e.payloadTo()))) {
            throw new TrustListException(TrustListRefusal.NOT_CANONICAL, "trust list payload is not in canonical form "
                    + "(member order, white space, upper-case hosts sorted and distinct, keys sorted by id, whole-second "
                    + "times, plain integers); the signature is checked over the canonical bytes only");
        }
        SignatureAlgorithm alg = algorithm(text(sig, "algorithm"));
        KeyId rootId = keyId(text(sig, "keyId"));
        byte[] value = hex(text(sig, "value"), "signature value");
        if (delegated) {
            object(env, "delegation");
            return new Verified(list, delegated(list, e.member(document, "delegation"), roots, alg, rootId, value));
        }
        TrustRoot root = roots.stream().filter(r -> r.algorithm() == alg && r.keyId().equals(rootId)).findFirst()
                .orElseThrow(() -> new TrustListException(TrustListRefusal.UNPINNED_ROOT, "trust list is signed by root key "
                        + rootId + " (" + alg + "), which is not pinned; pinned roots: " + roots));
        if (value.length != alg.signatureLength()
                || !SignatureVerifier.create(alg, root.publicKey()).verify(signatureInput(list), value)) {
            throw new TrustListException(TrustListRefusal.BAD_SIGNATURE, "trust list signature does not verify under root key "
                    + rootId + " (tampered, or signed over other bytes)");
        }
        return new Verified(list, null);
    }

    /** The checks of a {@code /2} list after its payload: delegation, signature, window, scope (section 10b). */
    private static TrustListDelegation.Signed delegated(TrustList list, byte[] delegationObject, List<TrustRoot> roots,
                                                        SignatureAlgorithm alg, KeyId keyId, byte[] value) {
        TrustListDelegation.Signed signed = TrustListDelegation.decodeAndVerify(delegationObject, roots);
        TrustListDelegation d = signed.delegation();
        if (alg != d.algorithm() || !keyId.equals(d.keyId())) {
            throw new TrustListException(TrustListRefusal.DELEGATION_KEY_MISMATCH, "trust list is signed by key " + keyId + " ("
                    + alg + ") but its delegation names key " + d.keyId() + " (" + d.algorithm() + ")");
        }
        if (value.length != alg.signatureLength()
                || !SignatureVerifier.create(alg, d.publicKey()).verify(delegatedSignatureInput(list), value)) {
            throw new TrustListException(TrustListRefusal.BAD_SIGNATURE, "trust list signature does not verify under the "
                    + "delegated key " + keyId + " (tampered, or signed over other bytes)");
        }
        if (!d.covers(list.issuedAt())) {
            throw new TrustListException(TrustListRefusal.DELEGATION_NOT_VALID, "trust list was issued at " + list.issuedAt()
                    + ", outside its delegation's validity " + d.notBefore() + " … " + d.notAfter());
        }
        String scope = d.refusesScope(list);
        if (scope != null) {
            throw new TrustListException(TrustListRefusal.DELEGATION_SCOPE, "trust list is outside its delegation's scope: " + scope);
        }
        return signed;
    }

    /** The envelope's tree and where each top-level member's value lies in the document ([from, to)). */
    record Envelope(JsonNode tree, java.util.Map<String, int[]> ranges) {
        int payloadFrom() {
            return ranges.get("payload")[0];
        }

        int payloadTo() {
            return ranges.get("payload")[1];
        }

        byte[] member(byte[] document, String name) {
            int[] r = ranges.get(name);
            return java.util.Arrays.copyOfRange(document, r[0], r[1]);
        }
    }

    /**
     * Reads the top-level object with a streaming parser so that the payload's exact byte range is
     * known (the canonical check compares bytes, not values), and refuses anything after the
     * closing brace except one LF.
     */
    static Envelope envelope(byte[] document) {
        com.fasterxml.jackson.databind.node.ObjectNode tree = JSON.createObjectNode();
        java.util.Map<String, int[]> ranges = new java.util.HashMap<>();
        try (com.fasterxml.jackson.core.JsonParser p = JSON.getFactory().createParser(document)) {
            if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                throw new TrustListException(TrustListRefusal.NOT_JSON, "trust list document must be a JSON object");
            }
            while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                int at = (int) p.currentTokenLocation().getByteOffset();
                JsonNode value = JSON.readTree(p);
                if (tree.has(name)) {
                    throw new TrustListException(TrustListRefusal.DUPLICATE_MEMBER, "trust list envelope has member '"
                            + name + "' twice");
                }
                tree.set(name, value);
                ranges.put(name, new int[] {at, (int) p.currentLocation().getByteOffset()});
            }
            int end = (int) p.currentLocation().getByteOffset();
            int rest = document.length - end;
            if (rest > 1 || (rest == 1 && document[end] != '\n')) {
                throw new TrustListException(TrustListRefusal.BAD_FRAMING, "trust list document has " + rest
                        + " bytes after its closing '}'; at most one newline (LF) may follow");
            }
        } catch (java.io.IOException ex) {
            String m = ex instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : ex.getMessage();
            boolean duplicate = m != null && m.startsWith("Duplicate field");
            throw new TrustListException(duplicate ? TrustListRefusal.DUPLICATE_MEMBER : TrustListRefusal.NOT_JSON,
                    "trust list document is not " + (duplicate ? "valid: " : "JSON: ") + m, ex);
        }
        return new Envelope(tree, ranges);
    }

    /** 2^53 − 1: the largest integer every JSON reader (JavaScript included) holds exactly. */
    static final long MAX_SEQUENCE = (1L << 53) - 1;

    private static TrustList payload(JsonNode p) {
        onlyFields(p, PAYLOAD_FIELDS, "payload");
        JsonNode seq = p.get("sequence");
        if (seq == null || !seq.isIntegralNumber()) {
            throw new TrustListException("trust list payload.sequence must be an integer");
        }
        if (!seq.canConvertToLong() || seq.longValue() < 1 || seq.longValue() > MAX_SEQUENCE) {
            throw new TrustListException(TrustListRefusal.SEQUENCE_RANGE, "trust list sequence must be 1 … " + MAX_SEQUENCE
                    + ", got " + seq);
        }
        List<String> hosts = new ArrayList<>();
        for (JsonNode h : array(p, "hosts")) {
            if (!h.isTextual()) {
                throw new TrustListException("trust list hosts must be strings");
            }
            if (!org.markauth.sdk.mark.MarkCodec.isValidHost(h.asText())) {
                throw new TrustListException(TrustListRefusal.BAD_HOST, "trust list host '" + h.asText()
                        + "' is not a host name (letters, digits, hyphens, dots; at most 253)");
            }
            hosts.add(h.asText());
        }
        if (hosts.isEmpty()) {
            throw new TrustListException(TrustListRefusal.NO_HOSTS, "trust list must name at least one programme host");
        }
        List<TrustedKey> keys = new ArrayList<>();
        java.util.Set<KeyId> ids = new java.util.HashSet<>();
        for (JsonNode k : array(p, "keys")) {
            if (!k.isObject()) {
                throw new TrustListException("trust list keys must be objects");
            }
            onlyFields(k, KEY_FIELDS, "key");
            TrustedKey key = key(k);
            if (!ids.add(key.keyId())) {
                throw new TrustListException(TrustListRefusal.DUPLICATE_KEY_ID, "trust list holds two keys with id " + key.keyId());
            }
            keys.add(key);
        }
        Instant issuedAt = instant(text(p, "issuedAt"));
        Instant nextUpdate = instant(text(p, "nextUpdate"));
        if (!nextUpdate.isAfter(issuedAt)) {
            throw new TrustListException(TrustListRefusal.VALIDITY_ORDER, "trust list nextUpdate " + nextUpdate
                    + " must be after issuedAt " + issuedAt);
        }
        try {
            return new TrustList(seq.longValue(), issuedAt, nextUpdate, hosts, keys);
        } catch (IllegalArgumentException e) {
            throw new TrustListException("trust list payload is invalid: " + e.getMessage(), e);
        }
    }

    /** One key, each rule of section 10 with its own refusal. */
    private static TrustedKey key(JsonNode k) {
        KeyId id = keyId(text(k, "keyId"));
        SignatureAlgorithm alg = algorithm(text(k, "algorithm"));
        byte[] pub = hex(text(k, "publicKey"), "publicKey");
        Instant from = instant(text(k, "validFrom"));
        Instant until = k.has("validUntil") ? instant(text(k, "validUntil")) : null;
        KeyStatus status = status(text(k, "status"));
        Instant revokedAt = k.has("revokedAt") ? instant(text(k, "revokedAt")) : null;
        try {
            SignatureVerifier.create(alg, pub);
        } catch (IllegalArgumentException e) {
            throw new TrustListException(TrustListRefusal.BAD_KEY, "trust list key " + id + " is refused: " + e.getMessage(), e);
        }
        if (!KeyId.of(pub).equals(id)) {
            throw new TrustListException(TrustListRefusal.KEY_ID_MISMATCH, "trust list key id " + id
                    + " is not the id of its public key (" + KeyId.of(pub) + ")");
        }
        if (until != null && !until.isAfter(from)) {
            throw new TrustListException(TrustListRefusal.VALIDITY_ORDER, "trust list key " + id + ": validUntil " + until
                    + " must be after validFrom " + from);
        }
        if ((status == KeyStatus.REVOKED) != (revokedAt != null)) {
            throw new TrustListException(TrustListRefusal.BAD_STATUS, "trust list key " + id
                    + ": revokedAt is required for, and only for, status REVOKED");
        }
        return new TrustedKey(id, alg, pub, from, until, status, revokedAt);
    }

    static void onlyFields(JsonNode n, Set<String> allowed, String where) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw new TrustListException(TrustListRefusal.UNKNOWN_MEMBER, "trust list " + where + " has unknown member '" + f + "'");
            }
        }
    }

    static JsonNode object(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isObject()) {
            throw new TrustListException("trust list member '" + field + "' must be an object");
        }
        return v;
    }

    static JsonNode array(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isArray()) {
            throw new TrustListException("trust list member '" + field + "' must be an array");
        }
        return v;
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new TrustListException("trust list member '" + field + "' must be a string");
        }
        return v.asText();
    }

    static String instant(Instant i) {
        return DateTimeFormatter.ISO_INSTANT.format(i);
    }

    private static final java.util.regex.Pattern INSTANT =
            java.util.regex.Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z");

    static Instant instant(String s) {
        try {
            if (!INSTANT.matcher(s).matches()) {
                throw new TrustListException("trust list time '" + s + "' is not yyyy-MM-ddTHH:mm:ssZ");
            }
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new TrustListException("trust list time '" + s + "' is not yyyy-MM-ddTHH:mm:ssZ", e);
        }
    }

    static byte[] hex(String s, String what) {
        try {
            if (!s.equals(s.toLowerCase(java.util.Locale.ROOT))) {
                throw new IllegalArgumentException("upper case");
            }
            return HEX.parseHex(s);
        } catch (IllegalArgumentException e) {
            throw new TrustListException("trust list " + what + " must be lowercase hex", e);
        }
    }

    static KeyId keyId(String s) {
        if (!s.matches("[0-9a-f]{8}")) {
            throw new TrustListException("trust list key id '" + s + "' must be 8 lowercase hex digits");
        }
        try {
            return KeyId.ofHex(s);
        } catch (IllegalArgumentException e) {
            throw new TrustListException("trust list key id '" + s + "' must be 8 hex digits", e);
        }
    }

    static SignatureAlgorithm algorithm(String s) {
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

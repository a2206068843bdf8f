package org.markauth.sdk.vectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.markauth.sdk.TestKeys;
import org.markauth.sdk.crypto.EdwardsPoints;
import org.markauth.sdk.crypto.KeyId;
import org.markauth.sdk.crypto.MarkKeyPair;
import org.markauth.sdk.crypto.RawSigner;
import org.markauth.sdk.crypto.SignatureAlgorithm;
import org.markauth.sdk.trust.TrustList;
import org.markauth.sdk.trust.TrustListCodec;
import org.markauth.sdk.trust.TrustListDelegation;
import org.markauth.sdk.trust.TrustListRefusal;
import org.markauth.sdk.trust.TrustedKey;

/**
 * Generates docs/test-vectors/trust-lists.json: one accepted document and, for every refusal of
 * docs/mark-format.md section 10, documents that must be refused with it. Each refused document is
 * validly signed by the vectors' root over exactly its payload bytes (unless the case is about the
 * signature), so only the named check can refuse it. Run {@link #main} to regenerate;
 * {@code TrustListVectorsTest} fails when the file and this generator disagree.
 */
public final class TrustListVectors {
    public static final Path FILE = Path.of("..", "docs", "test-vectors", "trust-lists.json");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final HexFormat HEX = HexFormat.of();

    private final RawSigner root;
    private final RawSigner otherRoot;
    private final MarkKeyPair ed;
    private final MarkKeyPair sm2;
    private final String base;
    private final ArrayNode vectors;

    private TrustListVectors(ArrayNode vectors) {
        MarkKeyPair r = TestKeys.keyPair(SignatureAlgorithm.ED25519, 1000);
        this.root = RawSigner.create(r.algorithm(), r.privateKey());
        MarkKeyPair o = TestKeys.keyPair(SignatureAlgorithm.ED25519, 1099);
        this.otherRoot = RawSigner.create(o.algorithm(), o.privateKey());
        this.ed = TestKeys.keyPair(SignatureAlgorithm.ED25519, 1001);
        this.sm2 = TestKeys.keyPair(SignatureAlgorithm.SM2_SM3, 1002);
        Instant t0 = TestKeys.T0;
        TrustList list = new TrustList(7, MarkVectors.NOW.minusSeconds(86400), MarkVectors.NOW.plusSeconds(6 * 86400),
                List.of(MarkVectors.HOST, MarkVectors.HOST2), List.of(TrustedKey.active(ed.algorithm(), ed.publicKey(), t0),
                TrustedKey.active(sm2.algorithm(), sm2.publicKey(), t0)));
        this.base = new String(TrustListCodec.canonical(list), StandardCharsets.US_ASCII);
        this.vectors = vectors;
    }

    public static void main(String[] args) throws IOException {
        VectorFile.write(FILE, generate());
    }

    public static String render() throws IOException {
        return VectorFile.render(generate());
    }

    public static ObjectNode generate() {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("format", "markauth-trust-list-vectors/1");
        doc.put("description", "Trust-list documents (docs/mark-format.md sections 10 and 10b). The UTF-8 bytes of 'document' (after"
                + " appending 'padWithSpaces' ASCII spaces when given) are offered to a verifier pinning 'rootPublicKey';"
                + " 'expected' is ACCEPTED or the refusal code. With 'held', that document is cached first and 'document'"
                + " is offered as an update. Keys are for testing only.");
        doc.put("rootAlgorithm", "ED25519");
        doc.put("rootPublicKey", HEX.formatHex(TestKeys.keyPair(SignatureAlgorithm.ED25519, 1000).publicKey()));
        new TrustListVectors(doc.putArray("vectors")).all();
        return doc;
    }

    private void all() {
        String good = signed(base);
        add("canonical list, one trailing LF", good, null);
        add("canonical list without the trailing LF", good.strip(), null);

        add("over 1 MiB (size comes before framing)", good, TrustListRefusal.TOO_LARGE).put("padWithSpaces", 1 << 20);
        add("UTF-8 byte order mark", "\uFEFF" + good, TrustListRefusal.BOM);
        add("leading space", " " + good, TrustListRefusal.BAD_FRAMING);
        add("CRLF at the end", good.strip() + "\r\n", TrustListRefusal.BAD_FRAMING);
        add("two LFs at the end", good + "\n", TrustListRefusal.BAD_FRAMING);
        add("a second JSON value after the envelope", good.strip() + "{}", TrustListRefusal.BAD_FRAMING);
        add("not JSON", "{\"format\":", TrustListRefusal.NOT_JSON);
        add("envelope member twice", good.replace("{\"format\":\"markauth-trust-list/1\",",
                "{\"format\":\"markauth-trust-list/1\",\"format\":\"markauth-trust-list/1\","), TrustListRefusal.DUPLICATE_MEMBER);
        add("payload member twice", signed(base.replace("{\"sequence\":7,", "{\"sequence\":7,\"sequence\":7,")),
                TrustListRefusal.DUPLICATE_MEMBER);
        add("unknown payload member", signed(base.replace("]}", "],\"comment\":\"x\"}")), TrustListRefusal.UNKNOWN_MEMBER);
        add("unknown envelope member", good.replace("{\"format\"", "{\"note\":\"x\",\"format\""), TrustListRefusal.UNKNOWN_MEMBER);
        add("other format", good.replace("markauth-trust-list/1", "markauth-trust-list/3"), TrustListRefusal.BAD_FORMAT);

        add("sequence as a string", signed(base.replace("\"sequence\":7", "\"sequence\":\"7\"")), TrustListRefusal.BAD_VALUE);
        add("sequence 7.0", signed(base.replace("\"sequence\":7", "\"sequence\":7.0")), TrustListRefusal.BAD_VALUE);
        add("sequence 0", signed(base.replace("\"sequence\":7", "\"sequence\":0")), TrustListRefusal.SEQUENCE_RANGE);
        add("sequence -1", signed(base.replace("\"sequence\":7", "\"sequence\":-1")), TrustListRefusal.SEQUENCE_RANGE);
        add("sequence 2^53", signed(base.replace("\"sequence\":7", "\"sequence\":9007199254740992")), TrustListRefusal.SEQUENCE_RANGE);
        add("no hosts", signed(base.replace("\"hosts\":[\"MARKAUTH.CN\",\"VISIT.MARKAUTH.CN\"]", "\"hosts\":[]")),
                TrustListRefusal.NO_HOSTS);
        add("host with a port", signed(base.replace("\"MARKAUTH.CN\",", "\"MARKAUTH.CN:443\",")), TrustListRefusal.BAD_HOST);
        add("host with a dotless i (U+0131)", signed(base.replace("\"VISIT.", "\"V\u0131SIT.")), TrustListRefusal.BAD_HOST);
        add("empty host label", signed(base.replace("\"MARKAUTH.CN\",", "\"MARKAUTH..CN\",")), TrustListRefusal.BAD_HOST);
        add("time with milliseconds", signed(base.replace("\"issuedAt\":\"2026-05-31T00:00:00Z\"",
                "\"issuedAt\":\"2026-05-31T00:00:00.000Z\"")), TrustListRefusal.BAD_VALUE);
        add("time with an offset", signed(base.replace("\"issuedAt\":\"2026-05-31T00:00:00Z\"",
                "\"issuedAt\":\"2026-05-31T08:00:00+08:00\"")), TrustListRefusal.BAD_VALUE);
        String edId = KeyId.of(ed.publicKey()).toHex();
        add("key id in upper case", signed(base.replace("\"keyId\":\"" + edId + "\"", "\"keyId\":\"" + edId.toUpperCase() + "\"")),
                TrustListRefusal.BAD_VALUE);
        String edPub = HEX.formatHex(ed.publicKey());
        add("public key hex in upper case", signed(base.replace(edPub, edPub.toUpperCase())), TrustListRefusal.BAD_VALUE);
        add("unknown status", signed(base.replace("\"status\":\"ACTIVE\"}", "\"status\":\"SUSPENDED\"}")), TrustListRefusal.BAD_VALUE);
        add("unknown algorithm", signed(base.replaceFirst("\"algorithm\":\"ED25519\"", "\"algorithm\":\"ED448\"")),
                TrustListRefusal.BAD_VALUE);

        badKey("identity point (order 1)", "0100000000000000000000000000000000000000000000000000000000000000");
        badKey("point of order 2", "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
        badKey("point of order 4", "0000000000000000000000000000000000000000000000000000000000000080");
        badKey("point of order 8", "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a");
        badKey("non-canonical encoding (y = p)", "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
        badKey("non-canonical identity (x = 0 with the sign bit)", "0100000000000000000000000000000000000000000000000000000000000080");
        badKey("mixed order (a valid key plus a point of order 8)", HEX.formatHex(EdwardsPoints.encode(
                EdwardsPoints.add(EdwardsPoints.decode(ed.publicKey()), EdwardsPoints.torsion8()))));
        badKey("31-byte key", edPub.substring(2));
        add("key id of another key", signed(keysSorted(base.replace("\"keyId\":\"" + edId + "\"", "\"keyId\":\"00000000\""))),
                TrustListRefusal.KEY_ID_MISMATCH);
        add("REVOKED without revokedAt", signed(base.replaceFirst("\"status\":\"ACTIVE\"", "\"status\":\"REVOKED\"")),
                TrustListRefusal.BAD_STATUS);
        add("revokedAt on an ACTIVE key", signed(base.replaceFirst("\"status\":\"ACTIVE\"",
                "\"status\":\"ACTIVE\",\"revokedAt\":\"2026-03-01T00:00:00Z\"")), TrustListRefusal.BAD_STATUS);
        add("key validUntil before validFrom", signed(base.replaceFirst("\"validFrom\":\"2026-01-01T00:00:00Z\"",
                "\"validFrom\":\"2026-01-01T00:00:00Z\",\"validUntil\":\"2025-12-31T00:00:00Z\"")), TrustListRefusal.VALIDITY_ORDER);
        add("nextUpdate equal to issuedAt", signed(base.replace("\"nextUpdate\":\"2026-06-07T00:00:00Z\"",
                "\"nextUpdate\":\"2026-05-31T00:00:00Z\"")), TrustListRefusal.VALIDITY_ORDER);
        String keys = base.substring(base.indexOf("\"keys\":[") + 8, base.length() - 2);
        String first = keys.substring(0, keys.indexOf("},{") + 1);
        String second = keys.substring(keys.indexOf("},{") + 2);
        add("the same key twice", signed(base.replace(keys, first + "," + first + "," + second)), TrustListRefusal.DUPLICATE_KEY_ID);
        add("keys not sorted by id", signed(base.replace(keys, second + "," + first)), TrustListRefusal.NOT_CANONICAL);
        add("hosts not sorted", signed(base.replace("\"MARKAUTH.CN\",\"VISIT.MARKAUTH.CN\"", "\"VISIT.MARKAUTH.CN\",\"MARKAUTH.CN\"")),
                TrustListRefusal.NOT_CANONICAL);
        add("host in lower case", signed(base.replace("\"VISIT.MARKAUTH.CN\"", "\"visit.markauth.cn\"")), TrustListRefusal.NOT_CANONICAL);
        add("host listed twice", signed(base.replace("\"VISIT.MARKAUTH.CN\"", "\"VISIT.MARKAUTH.CN\",\"VISIT.MARKAUTH.CN\"")),
                TrustListRefusal.NOT_CANONICAL);
        add("white space in the payload", signed(base.replace("{\"sequence\":7,", "{\"sequence\": 7,")), TrustListRefusal.NOT_CANONICAL);
        add("members out of order", signed(base.replace("\"issuedAt\":\"2026-05-31T00:00:00Z\",\"nextUpdate\":\"2026-06-07T00:00:00Z\"",
                "\"nextUpdate\":\"2026-06-07T00:00:00Z\",\"issuedAt\":\"2026-05-31T00:00:00Z\"")), TrustListRefusal.NOT_CANONICAL);
        add("escaped letter in a host", signed(base.replace("\"MARKAUTH.CN\",", "\"\\u004DARKAUTH.CN\",")), TrustListRefusal.NOT_CANONICAL);
        add("signed by a root that is not pinned", signed(base, otherRoot), TrustListRefusal.UNPINNED_ROOT);
        add("signature bit flipped", flipSignatureBit(good), TrustListRefusal.BAD_SIGNATURE);
        add("payload changed after signing", good.replace("\"sequence\":7,", "\"sequence\":8,"), TrustListRefusal.BAD_SIGNATURE);
        add("signature key id in upper case", good.replace("\"keyId\":\"" + root.keyId().toHex() + "\",\"value\"",
                "\"keyId\":\"" + root.keyId().toHex().toUpperCase() + "\",\"value\""), TrustListRefusal.BAD_VALUE);

        String older = signed(base.replace("\"sequence\":7", "\"sequence\":6"));
        add("older sequence than the held list", older, TrustListRefusal.ROLLBACK).put("held", good);
        String other = signed(base.replace("\"nextUpdate\":\"2026-06-07T00:00:00Z\"", "\"nextUpdate\":\"2026-06-08T00:00:00Z\""));
        add("same sequence as the held list, other content", other, TrustListRefusal.EQUIVOCATION).put("held", good);
        add("the held list offered again", good, null).put("held", good);
        add("a newer list than the held one", signed(base.replace("\"sequence\":7", "\"sequence\":8")), null).put("held", good);
        delegated(good);
    }

    /** Section 10b: lists signed by a key the root delegated ({@code markauth-trust-list/2}). */
    private void delegated(String good) {
        MarkKeyPair k = TestKeys.keyPair(SignatureAlgorithm.ED25519, 1003);
        RawSigner key = RawSigner.create(k.algorithm(), k.privateKey());
        MarkKeyPair k2 = TestKeys.keyPair(SignatureAlgorithm.ED25519, 1004);
        RawSigner next = RawSigner.create(k2.algorithm(), k2.privateKey());
        Instant from = MarkVectors.NOW.minusSeconds(30 * 86400);
        Instant until = MarkVectors.NOW.plusSeconds(335 * 86400);
        List<String> hosts = List.of(MarkVectors.HOST, MarkVectors.HOST2);
        String d = delegation(new TrustListDelegation("markauth-cn", List.of(TrustListDelegation.TRUST_LIST), hosts,
                key.algorithm(), key.publicKey(), from, until), root);
        String good2 = delegatedDoc(base, d, key);
        add("delegated: list signed by the key the pinned root delegated", good2, null);
        add("delegated: without the trailing LF", good2.strip(), null);
        add("delegated: a /1 list held, then a /2 list from the delegated key", delegatedDoc(
                base.replace("\"sequence\":7", "\"sequence\":8"), d, key), null).put("held", good);
        String d2 = delegation(new TrustListDelegation("markauth-cn", List.of(TrustListDelegation.TRUST_LIST), hosts,
                next.algorithm(), next.publicKey(), from.plusSeconds(86400), until.plusSeconds(365 * 86400)), root);
        add("delegated: rotation, the next delegated key's list after the previous key's", delegatedDoc(
                base.replace("\"sequence\":7", "\"sequence\":8"), d2, next), null).put("held", good2);
        add("delegated: delegation signed by a root that is not pinned", delegatedDoc(base, delegation(
                new TrustListDelegation("markauth-cn", List.of(TrustListDelegation.TRUST_LIST), hosts, key.algorithm(),
                        key.publicKey(), from, until), otherRoot), key), TrustListRefusal.DELEGATION_UNPINNED_ROOT);
        String far = java.time.format.DateTimeFormatter.ISO_INSTANT.format(until.plusSeconds(3650L * 86400));
        add("delegated: delegation's notAfter changed after the root signed it", delegatedDoc(base,
                d.replace(java.time.format.DateTimeFormatter.ISO_INSTANT.format(until), far), key), TrustListRefusal.DELEGATION_BAD_SIGNATURE);
        add("delegated: list signed by a key other than the delegated one", delegatedDoc(base, d, next),
                TrustListRefusal.DELEGATION_KEY_MISMATCH);
        add("delegated: payload changed after the delegated key signed it", good2.replace("\"sequence\":7,", "\"sequence\":8,"),
                TrustListRefusal.BAD_SIGNATURE);
        add("delegated: delegation expired before the list's issuedAt", delegatedDoc(base, delegation(
                new TrustListDelegation("markauth-cn", List.of(TrustListDelegation.TRUST_LIST), hosts, key.algorithm(),
                        key.publicKey(), from.minusSeconds(400 * 86400), from), root), key), TrustListRefusal.DELEGATION_NOT_VALID);
        add("delegated: delegation not yet valid at the list's issuedAt", delegatedDoc(base, delegation(
                new TrustListDelegation("markauth-cn", List.of(TrustListDelegation.TRUST_LIST), hosts, key.algorithm(),
                        key.publicKey(), MarkVectors.NOW, until), root), key), TrustListRefusal.DELEGATION_NOT_VALID);
        add("delegated: list names a host outside the delegation's scope", delegatedDoc(base, delegation(
                new TrustListDelegation("markauth-cn", List.of(TrustListDelegation.TRUST_LIST), List.of(MarkVectors.HOST),
                        key.algorithm(), key.publicKey(), from, until), root), key), TrustListRefusal.DELEGATION_SCOPE);
        add("delegated: /2 envelope without a delegation", good2.substring(0, good2.indexOf(",\"delegation\":"))
                + good2.substring(good2.lastIndexOf(",\"signature\":")), TrustListRefusal.BAD_VALUE);
        add("delegated: unknown delegation member", delegatedDoc(base, signedDelegation(
                d.substring(d.indexOf("\"payload\":") + 10, d.indexOf(",\"signature\":")).replace("\"programme\"",
                        "\"comment\":\"x\",\"programme\""), root), key), TrustListRefusal.UNKNOWN_MEMBER);
    }

    /** The delegation object (no LF) as the root signs it. */
    private static String delegation(TrustListDelegation d, RawSigner by) {
        return new String(d.sign(by).object(), StandardCharsets.US_ASCII);
    }

    /** A delegation object over these exact payload bytes. */
    private static String signedDelegation(String payload, RawSigner by) {
        byte[] in = (new String(TrustListDelegation.SIGNATURE_PREFIX, StandardCharsets.US_ASCII) + payload)
                .getBytes(StandardCharsets.US_ASCII);
        return "{\"format\":\"" + TrustListDelegation.FORMAT + "\",\"payload\":" + payload + ",\"signature\":{\"algorithm\":\""
                + by.algorithm().name() + "\",\"keyId\":\"" + by.keyId().toHex() + "\",\"value\":\"" + HEX.formatHex(by.sign(in))
                + "\"}}";
    }

    /** The /2 envelope over these exact payload bytes, with this delegation object, signed by {@code by}. */
    private static String delegatedDoc(String payload, String delegation, RawSigner by) {
        byte[] in = (new String(TrustListCodec.SIGNATURE_PREFIX_DELEGATED, StandardCharsets.US_ASCII) + payload)
                .getBytes(StandardCharsets.US_ASCII);
        return "{\"format\":\"" + TrustListCodec.FORMAT_DELEGATED + "\",\"payload\":" + payload + ",\"delegation\":" + delegation
                + ",\"signature\":{\"algorithm\":\"" + by.algorithm().name() + "\",\"keyId\":\"" + by.keyId().toHex()
                + "\",\"value\":\"" + HEX.formatHex(by.sign(in)) + "\"}}\n";
    }

    private void badKey(String what, String publicKeyHex) {
        byte[] pub = HEX.parseHex(publicKeyHex);
        String edId = KeyId.of(ed.publicKey()).toHex();
        String payload = base.replace("\"keyId\":\"" + edId + "\"", "\"keyId\":\"" + KeyId.of(pub).toHex() + "\"")
                .replace(HEX.formatHex(ed.publicKey()), publicKeyHex);
        add("Ed25519 key refused: " + what, signed(keysSorted(payload)), TrustListRefusal.BAD_KEY);
    }

    /**
     * The payload with its key objects sorted by {@code keyId} as written (8 lowercase hex digits sort
     * as unsigned numbers), so a vector that changes a key id breaks only the rule it is about.
     */
    private static String keysSorted(String payload) {
        int from = payload.indexOf("\"keys\":[") + 8;
        int to = payload.length() - 2;
        List<String> keys = new java.util.ArrayList<>(List.of(payload.substring(from + 1, to - 1).split("\\},\\{")));
        keys.sort(java.util.Comparator.comparing(k -> k.substring(k.indexOf("\"keyId\":\"") + 9, k.indexOf("\"keyId\":\"") + 17)));
        return payload.substring(0, from) + "{" + String.join("},{", keys) + "}" + payload.substring(to);
    }

    private ObjectNode add(String name, String document, TrustListRefusal expected) {
        return vectors.addObject().put("name", name).put("document", document)
                .put("expected", expected == null ? "ACCEPTED" : expected.name());
    }

    private String signed(String payload) {
        return signed(payload, root);
    }

    /** The envelope over these exact payload bytes, signed by {@code by}, with one trailing LF. */
    private static String signed(String payload, RawSigner by) {
        byte[] p = payload.getBytes(StandardCharsets.UTF_8);
        byte[] in = new byte[TrustListCodec.SIGNATURE_PREFIX.length + p.length];
        System.arraycopy(TrustListCodec.SIGNATURE_PREFIX, 0, in, 0, TrustListCodec.SIGNATURE_PREFIX.length);
        System.arraycopy(p, 0, in, TrustListCodec.SIGNATURE_PREFIX.length, p.length);
        return "{\"format\":\"" + TrustListCodec.FORMAT + "\",\"payload\":" + payload + ",\"signature\":{\"algorithm\":\""
                + by.algorithm().name() + "\",\"keyId\":\"" + by.keyId().toHex() + "\",\"value\":\"" + HEX.formatHex(by.sign(in))
                + "\"}}\n";
    }

    private static String flipSignatureBit(String doc) {
        int at = doc.indexOf("\"value\":\"") + 9;
        char c = doc.charAt(at);
        return doc.substring(0, at) + (c == '0' ? '1' : '0') + doc.substring(at + 1);
    }
}

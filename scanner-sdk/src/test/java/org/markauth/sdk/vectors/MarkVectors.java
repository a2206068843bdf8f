package org.markauth.sdk.vectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.markauth.sdk.TestKeys;
import org.markauth.sdk.crypto.MarkKeyPair;
import org.markauth.sdk.crypto.MarkSigner;
import org.markauth.sdk.crypto.SignatureAlgorithm;
import org.markauth.sdk.mark.Base32;
import org.markauth.sdk.mark.Gtin;
import org.markauth.sdk.mark.MalformedReason;
import org.markauth.sdk.mark.MarkContent;
import org.markauth.sdk.mark.Serial;
import org.markauth.sdk.mark.SignedMark;
import org.markauth.sdk.trust.KeyStatus;
import org.markauth.sdk.trust.TrustList;
import org.markauth.sdk.trust.TrustListSigner;
import org.markauth.sdk.trust.TrustedKey;
import org.markauth.sdk.verify.VerdictCode;

/**
 * Generates docs/test-vectors/marks.json deterministically from fixed seeds (SHA1PRNG seeded before
 * first use is deterministic on OpenJDK; SM2's per-signature k comes from it too). Regenerate with
 * {@code ./mvnw -o -pl scanner-sdk test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=org.markauth.sdk.vectors.MarkVectors} or simply run {@link #main}; the test
 * {@code MarkVectorsTest} fails when the file and this generator disagree.
 */
public final class MarkVectors {
    public static final Path FILE = Path.of("..", "docs", "test-vectors", "marks.json");
    public static final String HOST = TestKeys.HOST;
    public static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final HexFormat HEX = HexFormat.of();

    private MarkVectors() {
    }

    public static void main(String[] args) throws IOException {
        Files.writeString(FILE, render(), StandardCharsets.UTF_8);
        System.out.println("wrote " + FILE.toAbsolutePath().normalize());
    }

    public static String render() throws IOException {
        return JSON.writeValueAsString(generate()) + "\n";
    }

    public static ObjectNode generate() {
        MarkKeyPair root = TestKeys.keyPair(SignatureAlgorithm.ED25519, 1000);
        MarkKeyPair ed = TestKeys.keyPair(SignatureAlgorithm.ED25519, 1001);
        MarkKeyPair sm2 = TestKeys.keyPair(SignatureAlgorithm.SM2_SM3, 1002);
        MarkKeyPair retired = TestKeys.keyPair(SignatureAlgorithm.ED25519, 1003);
        MarkKeyPair revoked = TestKeys.keyPair(SignatureAlgorithm.ED25519, 1004);
        MarkKeyPair expired = TestKeys.keyPair(SignatureAlgorithm.SM2_SM3, 1005);
        MarkKeyPair unlisted = TestKeys.keyPair(SignatureAlgorithm.ED25519, 1006);
        Instant t0 = TestKeys.T0;
        TrustList list = new TrustList(7, NOW.minusSeconds(86400), NOW.plusSeconds(6 * 86400), List.of(HOST), List.of(
                TrustedKey.active(ed.algorithm(), ed.publicKey(), t0),
                TrustedKey.active(sm2.algorithm(), sm2.publicKey(), t0),
                TrustedKey.active(retired.algorithm(), retired.publicKey(), t0).retire(),
                TrustedKey.active(revoked.algorithm(), revoked.publicKey(), t0).revoke(Instant.parse("2026-03-01T12:00:00Z")),
                new TrustedKey(expired.keyId(), expired.algorithm(), expired.publicKey(), t0,
                        Instant.parse("2026-05-01T00:00:00Z"), KeyStatus.RETIRED, null)));
        TrustListSigner rootSigner = TrustListSigner.create(root.algorithm(), root.privateKey());

        ObjectNode doc = JSON.createObjectNode();
        doc.put("format", "markauth-mark-vectors/1");
        doc.put("description", "Test vectors for mark format v1 (docs/mark-format.md). Verify each 'input' with the trust list"
                + " below at time 'now'; expect 'expected' (and 'reason' for MALFORMED). Keys are for testing only.");
        doc.put("now", NOW.toString());
        doc.put("rootPublicKey", HEX.formatHex(root.publicKey()));
        doc.put("rootAlgorithm", root.algorithm().name());
        doc.put("trustListDocument", new String(rootSigner.sign(list), StandardCharsets.US_ASCII).strip());
        ArrayNode keys = doc.putArray("signingKeys");
        for (Object[] k : new Object[][] {{"ed25519-active", ed}, {"sm2-active", sm2}, {"ed25519-retired", retired},
                {"ed25519-revoked", revoked}, {"sm2-expired", expired}, {"ed25519-unlisted", unlisted}}) {
            MarkKeyPair p = (MarkKeyPair) k[1];
            keys.addObject().put("name", (String) k[0]).put("algorithm", p.algorithm().name()).put("keyId", p.keyId().toHex())
                    .put("privateKey", HEX.formatHex(p.privateKey())).put("publicKey", HEX.formatHex(p.publicKey()));
        }

        ArrayNode v = doc.putArray("vectors");
        MarkContent c = new MarkContent(20260001, 3_000_000_123L, Serial.ofHex("9f3a61c2d4e5b708"));
        MarkContent cMax = new MarkContent(MarkContent.MAX_ID, MarkContent.MAX_ID, Serial.ofHex("ffffffffffffffff"));
        MarkContent cGs1 = new MarkContent(20260001, 3_000_000_123L, Serial.ofHex("0000000000000001"),
                Gtin.withCheckDigit("0690123456789"));
        SignedMark edMark = sign(ed, c, 1);
        SignedMark sm2Mark = sign(sm2, c, 2);
        String edUrl = edMark.toUrl(HOST);

        valid(v, "ed25519 plain URL", edMark, edUrl);
        valid(v, "sm2-sm3 plain URL", sm2Mark, sm2Mark.toUrl(HOST));
        valid(v, "ed25519 all-ones ids and serial", sign(ed, cMax, 3), sign(ed, cMax, 3).toUrl(HOST));
        valid(v, "ed25519 GS1 Digital Link", sign(ed, cGs1, 4), sign(ed, cGs1, 4).toUrl(HOST));
        valid(v, "sm2-sm3 GS1 Digital Link", sign(sm2, cGs1, 5), sign(sm2, cGs1, 5).toUrl(HOST));
        valid(v, "bare code (officer typed it)", edMark, edMark.payloadText());
        valid(v, "lower-case URL", edMark, edUrl.toLowerCase());
        valid(v, "surrounding white space from a scanner", edMark, " " + edUrl + "\r\n");
        valid(v, "retired key still verifies", sign(retired, c, 6), sign(retired, c, 6).toUrl(HOST));

        byte[] r = edMark.payloadBytes();
        r[40] ^= 0x01;
        verdict(v, "signature bit flipped", url(r), VerdictCode.FORGED);
        r = edMark.payloadBytes();
        r[8] ^= 0x01;
        verdict(v, "product id changed", url(r), VerdictCode.FORGED);
        r = sm2Mark.payloadBytes();
        r[20] ^= 0x80;
        verdict(v, "sm2 serial changed", url(r), VerdictCode.FORGED);
        r = edMark.payloadBytes();
        r[0] = 0x12; // claims SM2 under an Ed25519 key id
        verdict(v, "algorithm does not match the key", url(r), VerdictCode.FORGED);
        String gs1 = sign(ed, cGs1, 4).toUrl(HOST);
        verdict(v, "GTIN swapped in a GS1 link", gs1.replace("/01/06901234567892/", "/01/" + Gtin.withCheckDigit("0690123456790").digits() + "/"),
                VerdictCode.FORGED);
        verdict(v, "unknown key", sign(unlisted, c, 7).toUrl(HOST), VerdictCode.UNKNOWN_KEY);
        verdict(v, "revoked key (even for marks signed before revokedAt)", sign(revoked, c, 8).toUrl(HOST), VerdictCode.KEY_REVOKED);
        verdict(v, "key past validUntil", sign(expired, c, 9).toUrl(HOST), VerdictCode.EXPIRED);

        verdict(v, "look-alike host", edUrl.replace("MARKAUTH.CN", "MARKAUTH-CN.COM"), VerdictCode.FOREIGN);
        verdict(v, "programme host as a subdomain of another", edUrl.replace("MARKAUTH.CN", "MARKAUTH.CN.EVIL.EXAMPLE"), VerdictCode.FOREIGN);
        verdict(v, "userinfo trick", edUrl.replace("MARKAUTH.CN", "MARKAUTH.CN@EVIL.EXAMPLE"), VerdictCode.FOREIGN);
        verdict(v, "Cyrillic A in the host", edUrl.replace("MARKAUTH.CN", "M\u0410RKAUTH.CN"), VerdictCode.FOREIGN);
        verdict(v, "explicit port", edUrl.replace("MARKAUTH.CN", "MARKAUTH.CN:443"), VerdictCode.FOREIGN);

        malformed(v, "empty", "", MalformedReason.EMPTY);
        malformed(v, "white space only", "  \t ", MalformedReason.EMPTY);
        malformed(v, "513 characters", edUrl + "A".repeat(513 - edUrl.length()), MalformedReason.TOO_LONG);
        malformed(v, "NUL byte inside", edUrl.substring(0, 30) + "\u0000" + edUrl.substring(31), MalformedReason.BINARY);
        malformed(v, "binary junk", "\u0089PNG\r\n\u001a\n", MalformedReason.BINARY);
        malformed(v, "plain text", "Genuine product, trust me", MalformedReason.NOT_A_MARK);
        malformed(v, "http instead of https", edUrl.replace("HTTPS://", "HTTP://"), MalformedReason.NOT_HTTPS);
        malformed(v, "wrong path", edUrl.replace("/M/", "/P/"), MalformedReason.BAD_PATH);
        malformed(v, "home page", "HTTPS://" + HOST + "/", MalformedReason.BAD_PATH);
        malformed(v, "digit 1 is not base32", edUrl.substring(0, 30) + "1" + edUrl.substring(31), MalformedReason.BAD_ENCODING);
        // 85 bytes fill 136 base32 characters exactly; the GS1 query (77 bytes) has 4 spare bits.
        char lastQ = gs1.charAt(gs1.length() - 1);
        String nonCanonical = gs1.substring(0, gs1.length() - 1) + (char) (lastQ == 'Z' ? '2' : lastQ + 1);
        malformed(v, "non-zero trailing bits in the GS1 query (non-canonical base32)", nonCanonical, MalformedReason.BAD_ENCODING);
        malformed(v, "truncated", edUrl.substring(0, edUrl.length() - 8), MalformedReason.BAD_LENGTH);
        malformed(v, "one extra character", edUrl + "A", MalformedReason.BAD_LENGTH);
        r = edMark.payloadBytes();
        r[0] = 0x21;
        malformed(v, "format version 2", url(r), MalformedReason.UNSUPPORTED_VERSION);
        r[0] = 0x0F & 0x01;
        malformed(v, "format version 0", url(r), MalformedReason.UNSUPPORTED_VERSION);
        r[0] = 0x1F;
        malformed(v, "algorithm code 15", url(r), MalformedReason.UNKNOWN_ALGORITHM);
        malformed(v, "GTIN check digit wrong", gs1.replace("/01/06901234567892/", "/01/06901234567891/"), MalformedReason.BAD_GTIN);
        malformed(v, "GS1 serial too short", gs1.replace("/21/AAAAAAAAAAAAC", "/21/AAAAC"), MalformedReason.BAD_SERIAL);
        malformed(v, "GS1 link without the signed record", gs1.substring(0, gs1.indexOf('?')), MalformedReason.BAD_PATH);
        return doc;
    }

    private static SignedMark sign(MarkKeyPair k, MarkContent c, long seed) {
        return MarkSigner.create(k.algorithm(), k.privateKey(), TestKeys.seeded(seed)).sign(c);
    }

    private static String url(byte[] record) {
        return "HTTPS://" + HOST + "/M/" + Base32.encode(record);
    }

    private static void valid(ArrayNode v, String name, SignedMark m, String input) {
        ObjectNode n = verdict(v, name, input, VerdictCode.SIGNATURE_VALID);
        n.put("algorithm", m.algorithm().name()).put("keyId", m.keyId().toHex())
                .put("productId", m.content().productId()).put("batchId", m.content().batchId())
                .put("serial", m.content().serial().toHex());
        if (m.content().gtin() != null) {
            n.put("gtin", m.content().gtin().digits());
        }
        n.put("record", HEX.formatHex(m.payloadBytes())).put("signatureInput", HEX.formatHex(m.signatureInput()));
    }

    private static ObjectNode verdict(ArrayNode v, String name, String input, VerdictCode code) {
        return v.addObject().put("name", name).put("input", input).put("expected", code.name());
    }

    private static void malformed(ArrayNode v, String name, String input, MalformedReason reason) {
        verdict(v, name, input, VerdictCode.MALFORMED).put("reason", reason.name());
    }
}

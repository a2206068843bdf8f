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
import org.markauth.sdk.crypto.MarkKeyPair;
import org.markauth.sdk.crypto.SignatureAlgorithm;
import org.markauth.sdk.mark.Base32;
import org.markauth.sdk.mark.Gtin;
import org.markauth.sdk.mark.MalformedReason;
import org.markauth.sdk.mark.MarkContent;
import org.markauth.sdk.mark.MarkSigner;
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
    /** A second programme host with an I and an S, for the ı (U+0131) and ſ (U+017F) look-alikes. */
    public static final String HOST2 = "VISIT.MARKAUTH.CN";
    public static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final HexFormat HEX = HexFormat.of();

    private MarkVectors() {
    }

    public static void main(String[] args) throws IOException {
        VectorFile.write(FILE, generate());
    }

    public static String render() throws IOException {
        return VectorFile.render(generate());
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
        TrustList list = new TrustList(7, NOW.minusSeconds(86400), NOW.plusSeconds(6 * 86400), List.of(HOST, HOST2), List.of(
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
                + " below at time 'now'; expect 'expected' (and 'reason' for MALFORMED, 'host' for FOREIGN). Keys are for"
                + " testing only. Inputs are JSON strings: escapes such as \\u0131 stand for one UTF-16 character.");
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
        valid(v, "second programme host", edMark, edMark.toUrl(HOST2));
        valid(v, "second programme host in lower case", edMark, edMark.toUrl(HOST2).replace(HOST2, "visit.markauth.cn"));
        for (String[] pad : new String[][] {{"SP", " "}, {"HT", "\t"}, {"LF", "\n"}, {"CR", "\r"}, {"GS (U+001D)", "\u001D"}}) {
            valid(v, "white space " + pad[0] + " at both ends is stripped", edMark, pad[1] + edUrl + pad[1]);
        }
        valid(v, "white space around a bare code", edMark, "\t" + edMark.payloadText() + "\r\n");
        SignedMark torsion = new SignedMark(c, SignatureAlgorithm.ED25519, ed.keyId(), torsionSignature(ed, edMark));
        valid(v, "ed25519 R with a small-order component (cofactored equation, section 2)", torsion, torsion.toUrl(HOST));

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
        r = edMark.payloadBytes();
        byte[] sPlusL = org.markauth.sdk.crypto.EdwardsPoints.toLittleEndian(org.markauth.sdk.crypto.EdwardsPoints
                .fromLittleEndian(java.util.Arrays.copyOfRange(r, 53, 85)).add(org.markauth.sdk.crypto.EdwardsPoints.L), 32);
        System.arraycopy(sPlusL, 0, r, 53, 32);
        verdict(v, "ed25519 S + L (non-canonical S, S >= L)", url(r), VerdictCode.FORGED);
        r = edMark.payloadBytes();
        System.arraycopy(HEX.parseHex("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"), 0, r, 21, 32);
        verdict(v, "ed25519 R not canonically encoded (y >= p)", url(r), VerdictCode.FORGED);
        r = sign(revoked, c, 8).payloadBytes();
        r[40] ^= 0x01;
        verdict(v, "forged mark under a revoked key (FORGED comes before KEY_REVOKED)", url(r), VerdictCode.FORGED);
        verdict(v, "unknown key", sign(unlisted, c, 7).toUrl(HOST), VerdictCode.UNKNOWN_KEY);
        verdict(v, "revoked key (even for marks signed before revokedAt)", sign(revoked, c, 8).toUrl(HOST), VerdictCode.KEY_REVOKED);
        verdict(v, "key past validUntil", sign(expired, c, 9).toUrl(HOST), VerdictCode.EXPIRED);

        foreign(v, "look-alike host", edUrl, "MARKAUTH-CN.COM");
        foreign(v, "programme host as a subdomain of another", edUrl, "MARKAUTH.CN.EVIL.EXAMPLE");
        foreign(v, "userinfo trick", edUrl, "MARKAUTH.CN@EVIL.EXAMPLE");
        foreign(v, "Cyrillic A in the host", edUrl, "M\u0410RKAUTH.CN");
        foreign(v, "explicit port", edUrl, "MARKAUTH.CN:443");
        String url2 = edMark.toUrl(HOST2);
        foreign(v, "dotless i (U+0131) in the host: Unicode upper case would make it VISIT", url2, "V\u0131SIT.MARKAUTH.CN");
        foreign(v, "dotless i (U+0131) in a lower-case host", url2, "v\u0131sit.markauth.cn");
        foreign(v, "long s (U+017F) in the host: Unicode upper case would make it VISIT", url2, "VI\u017FIT.MARKAUTH.CN");
        foreign(v, "Kelvin sign (U+212A) for K: Unicode lower case would make it k", edUrl, "MAR\u212AAUTH.CN");
        foreign(v, "fullwidth letters (U+FF2D …)", edUrl, "\uFF2D\uFF21\uFF32\uFF2B\uFF21\uFF35\uFF34\uFF28.CN");
        foreign(v, "fullwidth full stop (U+FF0E)", edUrl, "MARKAUTH\uFF0ECN");
        foreign(v, "foreign host comes before the scheme and the path", edUrl.replace("HTTPS://", "HTTP://").replace("/M/", "/X/"),
                "EVIL.EXAMPLE");

        malformed(v, "empty", "", MalformedReason.EMPTY);
        malformed(v, "white space only", "  \t ", MalformedReason.EMPTY);
        malformed(v, "513 characters", edUrl + "A".repeat(513 - edUrl.length()), MalformedReason.TOO_LONG);
        malformed(v, "NUL byte inside", edUrl.substring(0, 30) + "\u0000" + edUrl.substring(31), MalformedReason.BINARY);
        malformed(v, "binary junk", "\u0089PNG\r\n\u001a\n", MalformedReason.BINARY);
        malformed(v, "plain text", "Genuine product, trust me", MalformedReason.NOT_A_MARK);
        malformed(v, "http instead of https", edUrl.replace("HTTPS://", "HTTP://"), MalformedReason.NOT_HTTPS);
        malformed(v, "long s (U+017F) in the scheme: Unicode upper case would make it HTTPS", edUrl.replace("HTTPS://", "HTTP\u017F://"),
                MalformedReason.NOT_HTTPS);
        malformed(v, "scheme comes before the path", edUrl.replace("HTTPS://", "HTTP://").replace("/M/", "/X/"), MalformedReason.NOT_HTTPS);
        malformed(v, "fullwidth M (U+FF2D) in the path", edUrl.replace("/M/", "/\uFF2D/"), MalformedReason.BAD_PATH);
        for (String[] c2 : new String[][] {{"no-break space U+00A0", "\u00A0"}, {"line separator U+2028", "\u2028"},
                {"ideographic space U+3000", "\u3000"}, {"zero-width space U+200B", "\u200B"}, {"byte order mark U+FEFF", "\uFEFF"}}) {
            malformed(v, c2[0] + " at the end is not stripped", edUrl + c2[1], MalformedReason.INVISIBLE);
        }
        malformed(v, "right-to-left override U+202E inside the host", edUrl.replace("MARKAUTH.CN", "MARKAUTH\u202E.CN"),
                MalformedReason.INVISIBLE);
        malformed(v, "next line U+0085 at the end is a control character", edUrl + "\u0085", MalformedReason.BINARY);
        malformed(v, "vertical tab at the start is a control character", "\u000B" + edUrl, MalformedReason.BINARY);
        malformed(v, "binary comes before invisible", "\u00A0" + edUrl + "\u0000", MalformedReason.BINARY);
        malformed(v, "513 characters of binary: the length comes first", "\u0000".repeat(513), MalformedReason.TOO_LONG);
        malformed(v, "512 spaces", " ".repeat(512), MalformedReason.EMPTY);
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

    /** A FOREIGN vector: {@code url} with its host replaced by {@code host}; the answer names that host. */
    private static void foreign(ArrayNode v, String name, String url, String host) {
        int from = url.indexOf("://") + 3;
        int to = url.indexOf('/', from);
        verdict(v, name, url.substring(0, from) + host + url.substring(to), VerdictCode.FOREIGN).put("host", host);
    }

    /** The mark's own content signed by its key with a torsion component in R (test-only maths). */
    private static byte[] torsionSignature(MarkKeyPair k, SignedMark m) {
        try {
            return org.markauth.sdk.crypto.EdwardsPoints.torsionSignature(k.privateKey(), m.signatureInput());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
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

package org.markauth.sdk.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.markauth.sdk.TestKeys;
import org.markauth.sdk.crypto.MarkKeyPair;
import org.markauth.sdk.crypto.RawSigner;
import org.markauth.sdk.crypto.SignatureAlgorithm;
import org.markauth.sdk.mark.MarkContent;
import org.markauth.sdk.mark.MarkSigner;
import org.markauth.sdk.mark.Serial;
import org.markauth.sdk.trust.Delegation;
import org.markauth.sdk.trust.KeyUse;
import org.markauth.sdk.trust.TrustList;
import org.markauth.sdk.trust.TrustListSigner;
import org.markauth.sdk.trust.TrustedKey;

/**
 * Generates docs/test-vectors/status-lists.json deterministically from fixed seeds (Ed25519 is
 * deterministic). {@code StatusListVectorsTest} fails if the file and this generator disagree.
 * Regenerate like the mark vectors (docs/mark-format.md, "Test vectors"), with main class
 * {@code org.markauth.sdk.status.StatusListVectors}.
 */
public final class StatusListVectors {

    public static final Path FILE = Path.of("..", "docs", "test-vectors", "status-lists.json");
    public static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    static final long PRODUCT = 20260001;
    static final int BATCH = (int) 3_000_000_123L;
    static final int RECALL_LIFTED = (int) 3_000_000_124L;
    static final int RECALLED = (int) 3_000_000_125L;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final HexFormat HEX = HexFormat.of();

    private StatusListVectors() {
    }

    public static void main(String[] args) throws IOException {
        Files.writeString(FILE, render(), StandardCharsets.UTF_8);
        System.out.println("wrote " + FILE.toAbsolutePath().normalize());
    }

    public static String render() throws IOException {
        return JSON.writeValueAsString(generate()) + "\n";
    }

    public static ObjectNode generate() {
        MarkKeyPair root = TestKeys.keyPair(SignatureAlgorithm.ED25519, 2000);
        MarkKeyPair statusKey = TestKeys.keyPair(SignatureAlgorithm.ED25519, 2001);
        MarkKeyPair issuer = TestKeys.keyPair(SignatureAlgorithm.ED25519, 2002);
        MarkKeyPair stranger = TestKeys.keyPair(SignatureAlgorithm.ED25519, 2003);
        RawSigner rootSigner = RawSigner.create(SignatureAlgorithm.ED25519, root.privateKey());
        RawSigner keySigner = RawSigner.create(SignatureAlgorithm.ED25519, statusKey.privateKey());
        Instant from = Instant.parse("2026-05-01T00:00:00Z");
        Instant until = Instant.parse("2027-05-01T00:00:00Z");
        Delegation delegation = Delegation.issue(rootSigner, KeyUse.STATUS, SignatureAlgorithm.ED25519, statusKey.publicKey(), from, until);
        StatusListSigner signer = new StatusListSigner(keySigner, delegation);
        int key = issuer.keyId().value();

        StatusList l1 = new StatusList(1, NOW.minusSeconds(3600), NOW.plusSeconds(3600), List.of(
                new BatchStatus(key, PRODUCT, BATCH, false, new long[] {0x9f3a61c2d4e5b708L}, new long[] {2}, new long[] {-1L}),
                new BatchStatus(key, PRODUCT, RECALL_LIFTED, true, new long[0], new long[0], new long[0])));
        StatusList l2 = l1.apply(2, NOW.minusSeconds(1800), NOW.plusSeconds(5400), List.of(
                new BatchStatus(key, PRODUCT, BATCH, false, new long[] {0x9f3a61c2d4e5b708L}, new long[] {2},
                        new long[] {-1L, 0x8000_0000_0000_0000L}),
                BatchStatus.cleared(key, PRODUCT, RECALL_LIFTED),
                new BatchStatus(key, PRODUCT, RECALLED, true, new long[0], new long[0], new long[0])));
        byte[] full1 = signer.full(l1);
        byte[] delta12 = signer.delta(l1, l2);
        byte[] full2 = signer.full(l2);
        TrustList trust = new TrustList(1, NOW.minusSeconds(86400), NOW.plusSeconds(6 * 86400), List.of(TestKeys.HOST),
                List.of(TrustedKey.active(issuer.algorithm(), issuer.publicKey(), from)));

        ObjectNode doc = JSON.createObjectNode();
        doc.put("format", "markauth-status-list-vectors/1");
        doc.put("description", "Test vectors for the status list (docs/mark-format.md, section 13). Documents are hex of the"
                + " binary form. Verify each against the pinned root; apply 'delta1to2' to 'full1' and expect 'full2''s state;"
                + " refuse every 'invalid' document; verify each mark with the trust list and status list 2 at 'now'. Keys are"
                + " for testing only.");
        doc.put("now", NOW.toString());
        doc.put("rootAlgorithm", "ED25519");
        doc.put("rootPublicKey", HEX.formatHex(root.publicKey()));
        doc.put("statusKeyPrivate", HEX.formatHex(statusKey.privateKey()));
        doc.put("statusKeyPublic", HEX.formatHex(statusKey.publicKey()));
        doc.put("issuerKeyPrivate", HEX.formatHex(issuer.privateKey()));
        doc.put("trustListDocument", new String(TrustListSigner.create(root.algorithm(), root.privateKey()).sign(trust),
                StandardCharsets.US_ASCII).strip());
        doc.put("delegation", HEX.formatHex(delegation.encode()));
        doc.put("delegationSignatureInput", HEX.formatHex(concat(Delegation.SIGNATURE_PREFIX,
                Arrays.copyOf(delegation.encode(), 2 + 32 + 16))));
        describe(doc.putObject("full1"), l1, full1, 0);
        doc.put("full1SignatureInput", HEX.formatHex(StatusListCodec.signatureInput(Arrays.copyOf(full1, full1.length - 64))));
        describe(doc.putObject("delta1to2"), l2, delta12, 1);
        describe(doc.putObject("full2"), l2, full2, 0);

        ArrayNode bad = doc.putArray("invalid");
        byte[] t = full1.clone();
        t[StatusListCodec.HEADER_BYTES + 4 + BatchStatus.FIXED_BYTES] ^= 0x01;
        invalid(bad, "a serial byte changed after signing", t, "signature does not verify");
        Delegation foreign = Delegation.issue(RawSigner.create(SignatureAlgorithm.ED25519, stranger.privateKey()), KeyUse.STATUS,
                SignatureAlgorithm.ED25519, statusKey.publicKey(), from, until);
        invalid(bad, "status key delegated by a root that is not pinned", new StatusListSigner(keySigner, foreign).full(l1), "not pinned");
        Delegation receipt = Delegation.issue(rootSigner, KeyUse.RECEIPT, SignatureAlgorithm.ED25519, statusKey.publicKey(), from, until);
        invalid(bad, "key delegated for receipts, not status lists", signed(keySigner, StatusListCodec.unsigned(1, 0,
                l1.issuedAt(), l1.nextUpdate(), l1.stateDigest(), l1.batches(), receipt)), "not STATUS");
        invalid(bad, "records not in batch-id order", signed(keySigner, StatusListCodec.unsigned(1, 0, l1.issuedAt(),
                l1.nextUpdate(), l1.stateDigest(), List.of(l1.batches().get(1), l1.batches().get(0)), delegation)), "order");
        invalid(bad, "state digest does not match the records", signed(keySigner, StatusListCodec.unsigned(1, 0, l1.issuedAt(),
                l1.nextUpdate(), new byte[32], l1.batches(), delegation)), "digest");
        invalid(bad, "issued after the delegation's validUntil", signer.full(new StatusList(1, until.plusSeconds(1),
                until.plusSeconds(3600), l1.batches())), "outside");
        invalid(bad, "a trailing byte", Arrays.copyOf(full1, full1.length + 1), "truncated");
        t = full1.clone();
        t[4] = 2;
        invalid(bad, "format version 2", t, "version");

        ArrayNode store = doc.putArray("storeRules");
        store.addObject().put("name", "an older full list after a newer one (rollback)").put("hold", "full2").put("offer", "full1")
                .put("expected", "refused");
        store.addObject().put("name", "a delta whose base is not the list held").put("hold", "full2").put("offer", "delta1to2")
                .put("expected", "refused");
        store.addObject().put("name", "the same list again").put("hold", "full2").put("offer", "full2").put("expected", "unchanged");

        ArrayNode marks = doc.putArray("marks");
        mark(marks, issuer, "voided unit", PRODUCT, BATCH, 0x9f3a61c2d4e5b708L, "VOIDED");
        mark(marks, issuer, "decommissioned unit", PRODUCT, BATCH, 2, "DECOMMISSIONED");
        mark(marks, issuer, "blocked unit (serial ffffffffffffffff)", PRODUCT, BATCH, -1L, "CLONED");
        mark(marks, issuer, "blocked unit (serial 8000000000000000: unsigned order)", PRODUCT, BATCH, 0x8000_0000_0000_0000L, "CLONED");
        mark(marks, issuer, "unlisted unit of a listed batch", PRODUCT, BATCH, 3, "SIGNATURE_VALID");
        mark(marks, issuer, "unit of a recalled batch", PRODUCT, RECALLED, 77, "RECALLED");
        mark(marks, issuer, "batch whose recall the delta lifted", PRODUCT, RECALL_LIFTED, 77, "SIGNATURE_VALID");
        mark(marks, issuer, "recalled batch id under another product: the record does not apply", PRODUCT + 1, RECALLED, 77,
                "SIGNATURE_VALID");
        return doc;
    }

    private static void describe(ObjectNode n, StatusList l, byte[] document, int kind) {
        n.put("document", HEX.formatHex(document));
        n.put("length", document.length);
        n.put("kind", kind == 0 ? "full" : "delta");
        n.put("sequence", l.sequence());
        n.put("baseSequence", kind == 0 ? 0 : l.sequence() - 1);
        n.put("issuedAt", l.issuedAt().toString());
        n.put("nextUpdate", l.nextUpdate().toString());
        n.put("stateDigest", HEX.formatHex(l.stateDigest()));
        n.put("units", l.unitCount());
    }

    private static void invalid(ArrayNode a, String name, byte[] document, String error) {
        a.addObject().put("name", name).put("document", HEX.formatHex(document)).put("errorContains", error);
    }

    private static void mark(ArrayNode a, MarkKeyPair k, String name, long product, int batch, long serial, String expected) {
        String url = MarkSigner.create(k.algorithm(), k.privateKey())
                .sign(new MarkContent(product, batch & 0xFFFF_FFFFL, new Serial(serial))).toUrl(TestKeys.HOST);
        a.addObject().put("name", name).put("input", url).put("expected", expected);
    }

    private static byte[] signed(RawSigner key, byte[] unsigned) {
        return concat(unsigned, key.sign(StatusListCodec.signatureInput(unsigned)));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

}

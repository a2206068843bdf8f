package org.markauth.sdk.receipt;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import org.markauth.sdk.TestKeys;
import org.markauth.sdk.crypto.MarkKeyPair;
import org.markauth.sdk.crypto.RawSigner;
import org.markauth.sdk.crypto.SignatureAlgorithm;
import org.markauth.sdk.trust.Delegation;
import org.markauth.sdk.trust.KeyUse;

/** Generates docs/test-vectors/receipts.json from fixed seeds; {@code ReceiptsTest} checks file and generator agree. */
public final class ReceiptVectors {

    public static final Path FILE = Path.of("..", "docs", "test-vectors", "receipts.json");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReceiptVectors() {
    }

    public static void main(String[] args) throws IOException {
        Files.writeString(FILE, render(), StandardCharsets.UTF_8);
        System.out.println("wrote " + FILE.toAbsolutePath().normalize());
    }

    public static String render() throws IOException {
        return JSON.writeValueAsString(generate()) + "\n";
    }

    static ObjectNode generate() {
        HexFormat hex = HexFormat.of();
        MarkKeyPair root = TestKeys.keyPair(SignatureAlgorithm.ED25519, 3000);
        MarkKeyPair key = TestKeys.keyPair(SignatureAlgorithm.ED25519, 3001);
        RawSigner keySigner = RawSigner.create(SignatureAlgorithm.ED25519, key.privateKey());
        Delegation d = Delegation.issue(RawSigner.create(SignatureAlgorithm.ED25519, root.privateKey()), KeyUse.RECEIPT,
                SignatureAlgorithm.ED25519, key.publicKey(), Instant.parse("2026-05-01T00:00:00Z"), Instant.parse("2027-05-01T00:00:00Z"));
        String code = "HTTPS://MARKAUTH.CN/M/CEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        Receipt r = Receipts.sign(keySigner, d, code, "GENUINE", Instant.parse("2026-06-01T08:30:00Z"), "verify-1");
        Receipt tampered = new Receipt(code, "CLONED", r.time(), r.instance(), d, r.signature());
        ObjectNode doc = JSON.createObjectNode();
        doc.put("format", "markauth-receipt-vectors/1");
        doc.put("description", "Verification receipts (docs/mark-format.md, section 14). 'valid' verifies under the root;"
                + " 'tampered' (verdict changed after signing) must be refused. Keys are for testing only.");
        doc.put("rootAlgorithm", "ED25519");
        doc.put("rootPublicKey", hex.formatHex(root.publicKey()));
        doc.put("receiptKeyPrivate", hex.formatHex(key.privateKey()));
        doc.set("valid", r.toJson());
        doc.put("validSignatureInput", hex.formatHex(r.signatureInput()));
        doc.set("tampered", tampered.toJson());
        return doc;
    }
}

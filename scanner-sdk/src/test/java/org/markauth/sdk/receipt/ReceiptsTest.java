package org.markauth.sdk.receipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.markauth.sdk.TestKeys;
import org.markauth.sdk.crypto.MarkKeyPair;
import org.markauth.sdk.crypto.RawSigner;
import org.markauth.sdk.crypto.SignatureAlgorithm;
import org.markauth.sdk.trust.Delegation;
import org.markauth.sdk.trust.KeyUse;
import org.markauth.sdk.trust.TrustRoot;

class ReceiptsTest {
    private final MarkKeyPair root = TestKeys.keyPair(SignatureAlgorithm.ED25519, 100);
    private final MarkKeyPair key = TestKeys.keyPair(SignatureAlgorithm.ED25519, 400);
    private final RawSigner rootSigner = RawSigner.create(SignatureAlgorithm.ED25519, root.privateKey());
    private final RawSigner keySigner = RawSigner.create(SignatureAlgorithm.ED25519, key.privateKey());
    private final List<TrustRoot> roots = List.of(new TrustRoot(SignatureAlgorithm.ED25519, root.publicKey()));
    private final Instant t = Instant.parse("2026-06-01T08:30:00Z");
    private final Delegation d = Delegation.issue(rootSigner, KeyUse.RECEIPT, SignatureAlgorithm.ED25519, key.publicKey(),
            t.minusSeconds(86400), t.plusSeconds(86400));

    @Test
    void aSignedReceiptVerifiesFromItsJson() {
        Receipt r = Receipts.sign(keySigner, d, "HTTPS://MARKAUTH.CN/M/ABC 中文", "GENUINE", t, "verify-1");
        Receipt back = Receipts.verify(r.toJson().toString(), roots);
        assertThat(back).isEqualTo(r);
        assertThat(back.verdict()).isEqualTo("GENUINE");
        // a whole verdict object carrying the receipt is accepted too
        assertThat(Receipts.verify("{\"code\":\"GENUINE\",\"receipt\":" + r.toJson() + "}", roots)).isEqualTo(r);
    }

    @Test
    void tamperedWrongKeyOrMalformedReceiptsAreRefused() {
        Receipt r = Receipts.sign(keySigner, d, "HTTPS://MARKAUTH.CN/M/ABC", "GENUINE", t, "verify-1");
        String json = r.toJson().toString();
        assertThatThrownBy(() -> Receipts.verify(json.replace("GENUINE", "CLONED"), roots)).hasMessageContaining("does not verify");
        assertThatThrownBy(() -> Receipts.verify(json.replace("verify-1", "verify-2"), roots)).hasMessageContaining("does not verify");
        assertThatThrownBy(() -> Receipts.verify(json.replace("08:30:00Z", "08:30:01Z"), roots)).hasMessageContaining("does not verify");
        assertThatThrownBy(() -> Receipts.verify(json.replace("/M/ABC", "/M/ABD"), roots)).hasMessageContaining("does not verify");
        // an unpinned root
        MarkKeyPair other = TestKeys.keyPair(SignatureAlgorithm.ED25519, 401);
        assertThatThrownBy(() -> Receipts.verify(json, List.of(new TrustRoot(SignatureAlgorithm.ED25519, other.publicKey()))))
                .hasMessageContaining("not pinned");
        // a STATUS key cannot sign receipts
        Delegation status = Delegation.issue(rootSigner, KeyUse.STATUS, SignatureAlgorithm.ED25519, key.publicKey(), t.minusSeconds(1),
                t.plusSeconds(1));
        String statusJson = json.replace(HexFormat.of().formatHex(d.encode()), HexFormat.of().formatHex(status.encode()));
        assertThatThrownBy(() -> Receipts.verify(statusJson, roots)).hasMessageContaining("not RECEIPT");
        // signed outside the delegation's validity
        Receipt late = Receipts.sign(keySigner, d, "X", "GENUINE", t.plusSeconds(2 * 86400), "verify-1");
        assertThatThrownBy(() -> Receipts.verify(late.toJson().toString(), roots)).hasMessageContaining("outside");
        assertThatThrownBy(() -> Receipts.verify("{\"format\":\"markauth-receipt/1\",\"extra\":1}", roots)).hasMessageContaining("unknown member");
        assertThatThrownBy(() -> Receipts.verify("not json", roots)).isInstanceOf(ReceiptException.class);
        assertThatThrownBy(() -> Receipts.verify(json.replace("T08:30:00Z", "T08:30:00.000Z"), roots)).hasMessageContaining("time");
        assertThatThrownBy(() -> Receipts.sign(keySigner, Delegation.issue(rootSigner, KeyUse.RECEIPT, SignatureAlgorithm.ED25519,
                other.publicKey(), t, t.plusSeconds(1)), "X", "GENUINE", t, "v")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void publishedVectorIsWhatTheGeneratorProducesAndVerifies() throws Exception {
        assertThat(Files.readString(ReceiptVectors.FILE, StandardCharsets.UTF_8)).as("docs/test-vectors/receipts.json is stale")
                .isEqualTo(ReceiptVectors.render());
        JsonNode doc = new ObjectMapper().readTree(ReceiptVectors.FILE.toFile());
        List<TrustRoot> r = List.of(new TrustRoot(SignatureAlgorithm.ED25519, HexFormat.of().parseHex(doc.get("rootPublicKey").asText())));
        Receipt valid = Receipts.verify(doc.get("valid").toString(), r);
        assertThat(HexFormat.of().formatHex(valid.signatureInput())).isEqualTo(doc.get("validSignatureInput").asText());
        assertThatThrownBy(() -> Receipts.verify(doc.get("tampered").toString(), r)).isInstanceOf(ReceiptException.class);
    }
}

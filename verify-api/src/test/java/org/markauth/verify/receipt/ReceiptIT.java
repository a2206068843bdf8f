package org.markauth.verify.receipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.registry.RangeKind;
import org.markauth.registry.LicenceStatus;
import org.markauth.registry.BatchState;
import org.markauth.sdk.crypto.KeyPairs;
import org.markauth.sdk.crypto.MarkKeyPair;
import org.markauth.sdk.crypto.RawSigner;
import org.markauth.sdk.crypto.SignatureAlgorithm;
import org.markauth.sdk.receipt.Receipt;
import org.markauth.sdk.receipt.ReceiptException;
import org.markauth.sdk.receipt.Receipts;
import org.markauth.sdk.trust.Delegation;
import org.markauth.sdk.trust.KeyUse;
import org.markauth.sdk.trust.TrustRoot;
import org.markauth.verify.Fixture;
import org.markauth.verify.Http;
import org.markauth.verify.app.VerifyServer;

/** Signed receipts on request, against the real Cassandra and Redis; verified with the SDK from the root alone. */
class ReceiptIT {

    static Fixture f;
    static Http http;
    static Http plain;
    static Path keyFile;
    static String code;

    @BeforeAll
    static void up() throws Exception {
        f = new Fixture("verify_receipt_it");
        keyFile = keyFile(f.root);
        VerifyServer s = f.start("receipt", Map.of("verify.receipt.key", "file:" + keyFile, "verify.instance", "it-1"));
        http = new Http(s.port());
        plain = new Http(f.start("no-receipt", Map.of()).port());
        int product = f.newId();
        int batch = f.newId();
        f.licensee("R1", "佛山回执电器");
        f.product(product, "R1", LicenceStatus.ACTIVE, Instant.now().minus(Duration.ofDays(100)), java.util.Set.of());
        f.batch(batch, product, "R1", BatchState.ISSUED, null, Instant.now().minus(Duration.ofDays(20)));
        f.range(batch, 1, 100, RangeKind.ACTIVATE);
        code = f.url(product, batch, f.mark(batch, 1, null));
    }

    @AfterAll
    static void down() {
        f.close();
    }

    /** A receipt key file as `issuer keys receipt-key` writes it, delegated by {@code root}. */
    static Path keyFile(MarkKeyPair root) throws Exception {
        return keyFile(root, Instant.now().plus(Duration.ofDays(30)));
    }

    static Path keyFile(MarkKeyPair root, Instant validUntil) throws Exception {
        MarkKeyPair key = KeyPairs.generate(SignatureAlgorithm.ED25519);
        Delegation d = Delegation.issue(RawSigner.create(SignatureAlgorithm.ED25519, root.privateKey()), KeyUse.RECEIPT,
                SignatureAlgorithm.ED25519, key.publicKey(), Instant.now().minusSeconds(60), validUntil);
        Path p = Files.createTempFile("receipt", ".key");
        Files.writeString(p, "ED25519:" + HexFormat.of().formatHex(key.privateKey()) + ":" + HexFormat.of().formatHex(d.encode()) + "\n");
        return p;
    }

    List<TrustRoot> roots() {
        return List.of(new TrustRoot(SignatureAlgorithm.ED25519, f.root.publicKey()));
    }

    static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void aReceiptIsSignedOnRequestAndVerifiesWithTheSdk() {
        JsonObject v = new JsonObject(http.get("/api/v1/verify?receipt=true&code=" + q(code)).body());
        assertThat(v.getString("code")).isEqualTo("GENUINE");
        Receipt r = Receipts.verify(v.getJsonObject("receipt").encode(), roots());
        assertThat(r.code()).isEqualTo(code);
        assertThat(r.verdict()).isEqualTo("GENUINE");
        assertThat(r.instance()).isEqualTo("it-1");
        assertThat(Duration.between(r.time(), Instant.now()).abs()).isLessThan(Duration.ofMinutes(5));
        // the whole verdict JSON verifies too (what a buyer saves)
        assertThat(Receipts.verify(v.encode(), roots())).isEqualTo(r);
        // no receipt unless asked
        assertThat(new JsonObject(http.get("/api/v1/verify?code=" + q(code)).body()).containsKey("receipt")).isFalse();
        // POST with a body field
        JsonObject p = new JsonObject(http.post("/api/v1/verify", "application/json",
                new JsonObject().put("code", code).put("receipt", true).encode()).body());
        assertThat(Receipts.verify(p.getJsonObject("receipt").encode(), roots()).verdict()).isEqualTo("GENUINE");
    }

    @Test
    void aTamperedReceiptOrOneCheckedUnderAnotherRootFails() {
        JsonObject v = new JsonObject(http.get("/api/v1/verify?receipt=true&code=" + q(code)).body());
        String receipt = v.getJsonObject("receipt").encode();
        assertThatThrownBy(() -> Receipts.verify(receipt.replace("GENUINE", "CLONED"), roots()))
                .isInstanceOf(ReceiptException.class).hasMessageContaining("does not verify");
        assertThatThrownBy(() -> Receipts.verify(receipt, List.of(new TrustRoot(SignatureAlgorithm.ED25519,
                KeyPairs.generate(SignatureAlgorithm.ED25519).publicKey())))).hasMessageContaining("not pinned");
    }

    @Test
    void aRetryWithTheSameRequestIdGetsTheSameReceipt() throws Exception {
        String id = UUID.randomUUID().toString();
        String first = http.get("/api/v1/verify?receipt=true&code=" + q(code), "X-Request-Id", id).body();
        Thread.sleep(1100); // a new signature would carry a later second
        String again = http.get("/api/v1/verify?receipt=true&code=" + q(code), "X-Request-Id", id).body();
        assertThat(again).isEqualTo(first);
        // the same request id without a receipt is another request: no receipt in its answer
        assertThat(new JsonObject(http.get("/api/v1/verify?code=" + q(code), "X-Request-Id", id).body())
                .containsKey("receipt")).isFalse();
    }

    @Test
    void aReceiptForAnEmptyOrOverLongCodeIsA400_notA500() {
        for (String c : new String[] {"", code + "A".repeat(600)}) {
            HttpResponse<String> r = http.get("/api/v1/verify?receipt=true&code=" + q(c));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(new JsonObject(r.body()).getString("message")).contains("512");
        }
    }

    @Test
    void aKeyWhoseDelegationHasEndedGivesNoReceipt_a503SaysWhy() throws Exception {
        Http ending = new Http(f.start("receipt-ending", Map.of("verify.receipt.key",
                "file:" + keyFile(f.root, Instant.now().plusSeconds(3)))).port());
        assertThat(ending.get("/api/v1/verify?receipt=true&code=" + q(code)).statusCode()).isEqualTo(200);
        Thread.sleep(4_000);   // past the delegation's end: a receipt now would fail Receipts.verify
        HttpResponse<String> after = ending.get("/api/v1/verify?receipt=true&code=" + q(code));
        assertThat(after.statusCode()).isEqualTo(503);
        assertThat(new JsonObject(after.body()).getString("error")).isEqualTo("RECEIPT_KEY_EXPIRED");
        assertThat(ending.get("/api/v1/verify?code=" + q(code)).statusCode()).isEqualTo(200);   // verdicts go on
    }

    @Test
    void badReceiptValuesAre400AndAServiceWithoutAKeySays501() {
        HttpResponse<String> bad = http.get("/api/v1/verify?receipt=yes&code=" + q(code));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(bad.body()).getString("error")).isEqualTo("BAD_PARAMETER");
        assertThat(http.post("/api/v1/verify", "application/json", new JsonObject().put("code", code).put("receipt", "yes").encode())
                .statusCode()).isEqualTo(400);
        HttpResponse<String> off = plain.get("/api/v1/verify?receipt=true&code=" + q(code));
        assertThat(off.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(off.body()).getString("error")).isEqualTo("RECEIPTS_DISABLED");
    }

    @Test
    void aKeyDelegatedByAnotherRootStopsStartUpNamingTheKeyButNotItsBytes() throws Exception {
        Path stranger = keyFile(KeyPairs.generate(SignatureAlgorithm.ED25519));
        String secret = Files.readString(stranger).split(":")[1];
        assertThatThrownBy(() -> f.start("bad-receipt", Map.of("verify.receipt.key", "file:" + stranger)))
                .hasMessageContaining("verify.receipt.key").hasMessageContaining("not pinned")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(secret));
    }

    @Test
    void beforeTheIssuerPublishesAStatusListTheRouteSays404() {
        // this keyspace has no status_lists rows (StatusListIT covers the published list)
        HttpResponse<String> r = http.get("/api/v1/status-list");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(new JsonObject(r.body()).getString("error")).isEqualTo("NOT_FOUND");
        assertThat(new JsonObject(r.body()).getString("message")).contains("no status list is published yet");
    }
}

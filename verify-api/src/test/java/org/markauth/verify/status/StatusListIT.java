package org.markauth.verify.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.markauth.sdk.crypto.KeyPairs;
import org.markauth.sdk.crypto.MarkKeyPair;
import org.markauth.sdk.crypto.RawSigner;
import org.markauth.sdk.crypto.SignatureAlgorithm;
import org.markauth.sdk.http.JdkTransport;
import org.markauth.sdk.http.RetryPolicy;
import org.markauth.sdk.status.BatchStatus;
import org.markauth.sdk.status.StatusList;
import org.markauth.sdk.status.StatusListException;
import org.markauth.sdk.status.StatusListSigner;
import org.markauth.sdk.status.StatusListStore;
import org.markauth.sdk.status.StatusListUpdater;
import org.markauth.sdk.trust.Delegation;
import org.markauth.sdk.trust.KeyUse;
import org.markauth.sdk.trust.TrustList;
import org.markauth.sdk.trust.TrustListCodec;
import org.markauth.sdk.trust.TrustRoot;
import org.markauth.sdk.verify.OfflineVerifier;
import org.markauth.sdk.verify.VerdictCode;
import org.markauth.verify.Fixture;
import org.markauth.verify.Http;
import org.markauth.verify.app.VerifyServer;

/**
 * verify-api publishes the status list the issuer stores (rows written here as the issuer's
 * StatusListPublisher writes them, signed by a status key the fixture's root delegates), and the
 * SDK fetches it, applies deltas and answers RECALLED / VOIDED offline where the online API does.
 */
class StatusListIT {

    static Fixture f;
    static VerifyServer server;
    static Http http;
    static final MarkKeyPair STATUS_KEY = KeyPairs.generate(SignatureAlgorithm.ED25519);
    static StatusListSigner signer;
    static int product;
    static int recalled;
    static int batch;
    static long voidedSerial;
    static long fineSerial;
    static long decommissionedSerial;
    static StatusList v1;
    static StatusList v2;
    static StatusList v3;

    @TempDir
    Path dir;

    @BeforeAll
    static void up() {
        f = new Fixture("verify_status_it");
        RawSigner root = RawSigner.create(SignatureAlgorithm.ED25519, f.root.privateKey());
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        signer = new StatusListSigner(RawSigner.create(SignatureAlgorithm.ED25519, STATUS_KEY.privateKey()),
                Delegation.issue(root, KeyUse.STATUS, SignatureAlgorithm.ED25519, STATUS_KEY.publicKey(), now.minusSeconds(60),
                        now.plus(Duration.ofDays(365))));
        product = f.newId();
        recalled = f.newId();
        batch = f.newId();
        f.licensee("L1", "佛山状态电器");
        f.product(product, "L1", "ACTIVE", Instant.now().minus(Duration.ofDays(100)), java.util.Set.of());
        f.batch(recalled, product, "L1", "RECALLED", null, Instant.now().minus(Duration.ofDays(20)));
        f.batch(batch, product, "L1", "ISSUED", null, Instant.now().minus(Duration.ofDays(20)));
        f.range(batch, 1, 100, "ACTIVATE");
        f.range(recalled, 1, 100, "ACTIVATE");
        f.mark(recalled, 1, null);
        voidedSerial = f.mark(batch, 2, "VOIDED");
        fineSerial = f.mark(batch, 3, null);
        decommissionedSerial = f.mark(batch, 4, "DECOMMISSIONED");
        int key = org.markauth.sdk.crypto.KeyId.of(f.key.publicKey()).value();
        // a bulky batch that never changes, so that deltas are smaller than the full list and get served
        long[] bulk = new java.util.Random(7).longs(300).distinct().toArray();
        v1 = new StatusList(1, now, now.plus(Duration.ofHours(1)), List.of(
                new BatchStatus(key, product, recalled, true, new long[0], new long[0], new long[0]),
                new BatchStatus(key, product, f.newId(), false, bulk, new long[0], new long[0])));
        v2 = v1.apply(2, now.plusSeconds(1), now.plus(Duration.ofHours(1)), List.of(
                new BatchStatus(key, product, batch, false, new long[] {voidedSerial}, new long[0], new long[0])));
        v3 = v2.apply(3, now.plusSeconds(2), now.plus(Duration.ofHours(1)), List.of(
                new BatchStatus(key, product, batch, false, new long[] {voidedSerial}, new long[] {decommissionedSerial}, new long[0])));
        store(v1, null);
        store(v2, v1);
        store(v3, v2);
        server = f.start("status", java.util.Map.of());
        http = new Http(server.port());
    }

    @AfterAll
    static void down() {
        f.close();
    }

    /** As the issuer's StatusListPublisher stores a sequence: the full document and the delta from the previous one. */
    static void store(StatusList l, StatusList prev) {
        f.session.execute("INSERT INTO status_lists (list, sequence, full_document, delta_document, units, published_at) "
                        + "VALUES ('current', ?, ?, ?, ?, ?)", l.sequence(), ByteBuffer.wrap(signer.full(l)),
                prev == null ? null : ByteBuffer.wrap(signer.delta(prev, l)), (int) l.unitCount(), Instant.now());
    }

    List<TrustRoot> roots() {
        return List.of(new TrustRoot(SignatureAlgorithm.ED25519, f.root.publicKey()));
    }

    StatusListUpdater updater(StatusListStore store) {
        return new StatusListUpdater(JdkTransport.create(Duration.ofSeconds(3)), URI.create("http://127.0.0.1:" + server.port()),
                store, Duration.ofSeconds(5), RetryPolicy.none());
    }

    TrustList trustList() {
        HttpResponse<String> r = http.get("/api/v1/trust-list");
        return TrustListCodec.decodeAndVerify(r.body().getBytes(java.nio.charset.StandardCharsets.UTF_8), roots());
    }

    @Test
    void theSdkFetchesTheListAndSaysOfflineWhatTheApiSaysOnline() {
        StatusListStore store = StatusListStore.open(dir, roots());
        StatusListStore.UpdateResult r = updater(store).update();
        assertThat(r.changed()).isTrue();
        assertThat(r.list()).isEqualTo(v3);
        OfflineVerifier offline = OfflineVerifier.create(trustList(), OfflineVerifier.Options.defaults().withStatusList(r.list()));
        String recalledCode = f.url(product, recalled, f.mark(recalled, 5, null));
        String voidedCode = f.url(product, batch, voidedSerial);
        String decommissionedCode = f.url(product, batch, decommissionedSerial);
        String fineCode = f.url(product, batch, fineSerial);
        assertThat(offline.verify(recalledCode).code()).isEqualTo(VerdictCode.RECALLED);
        assertThat(offline.verify(voidedCode).code()).isEqualTo(VerdictCode.VOIDED);
        assertThat(offline.verify(decommissionedCode).code()).isEqualTo(VerdictCode.DECOMMISSIONED);
        assertThat(offline.verify(fineCode).code()).isEqualTo(VerdictCode.SIGNATURE_VALID);
        assertThat(offline.verify(fineCode).details()).containsEntry("statusListSequence", "3");
        for (var c : List.of(List.of(recalledCode, "RECALLED"), List.of(voidedCode, "VOIDED"),
                List.of(decommissionedCode, "DECOMMISSIONED"), List.of(fineCode, "GENUINE"))) {
            JsonObject online = new JsonObject(http.get("/api/v1/verify?code=" + java.net.URLEncoder.encode(c.get(0),
                    java.nio.charset.StandardCharsets.UTF_8)).body());
            assertThat(online.getString("code")).as(c.get(1)).isEqualTo(c.get(1));
        }
        // asking again with the newest sequence: 204, nothing changes
        assertThat(updater(store).update().changed()).isFalse();
    }

    @Test
    void aClientHoldingAnOlderListGetsTheDeltasSinceIt() throws Exception {
        StatusListStore store = StatusListStore.open(dir, roots());
        store.update(signer.full(v1));
        var raw = JdkTransport.create(Duration.ofSeconds(3)).send(org.markauth.sdk.http.Transport.Request.get(
                URI.create("http://127.0.0.1:" + server.port() + "/api/v1/status-list?since=1"), java.util.Map.of(), Duration.ofSeconds(5)));
        assertThat(raw.status()).isEqualTo(200);
        var docs = org.markauth.sdk.status.StatusListCodec.decodeAll(raw.body(), roots());
        assertThat(docs).extracting(d -> d.baseSequence() + "->" + d.sequence()).containsExactly("1->2", "2->3");
        assertThat(updater(store).update().list()).isEqualTo(v3);
        assertThat(StatusListStore.open(dir, roots()).current()).contains(v3);
    }

    @Test
    void badSinceIsA400AndTheFullListCarriesAnEtag() {
        HttpResponse<String> bad = http.get("/api/v1/status-list?since=abc");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(bad.body()).getString("error")).isEqualTo("BAD_PARAMETER");
        assertThat(http.get("/api/v1/status-list?since=-1").statusCode()).isEqualTo(400);
        HttpResponse<String> full = http.get("/api/v1/status-list");
        assertThat(full.headers().firstValue("Content-Type")).contains("application/vnd.markauth.status-list");
        assertThat(full.headers().firstValue("ETag")).contains("\"sl-3\"");
        assertThat(http.get("/api/v1/status-list", "If-None-Match", "\"sl-3\"").statusCode()).isEqualTo(304);
        assertThat(http.get("/api/v1/status-list?since=3").statusCode()).isEqualTo(204);
    }

    @Test
    void aListSignedUnderAnotherRootIsRefusedByTheSdk() {
        MarkKeyPair otherRoot = KeyPairs.generate(SignatureAlgorithm.ED25519);
        StatusListStore store = StatusListStore.open(dir, List.of(new TrustRoot(SignatureAlgorithm.ED25519, otherRoot.publicKey())));
        assertThatThrownBy(() -> updater(store).update()).isInstanceOf(StatusListException.class)
                .hasMessageContaining("not pinned");
        assertThat(store.current()).isEmpty();
    }
}

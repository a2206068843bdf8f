package org.markauth.verify.officer;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.access.ApiKeyStore;
import org.markauth.access.Principal;
import org.markauth.access.Scope;
import org.markauth.http.SecurityHeaders;
import org.markauth.sdk.trust.TrustRoot;
import org.markauth.testing.Worlds;
import org.markauth.verify.Fixture;
import org.markauth.verify.app.VerifyServer;

/**
 * The officer app's server side against a real verify-api over real Cassandra and Redis: sessions
 * (cookie flags, CSRF, a revoked key ending its sessions), device keys, photos, device-signed
 * inspection records (signed here as WebCrypto signs: ECDSA P-256, P1363) with their idempotent
 * resubmission, and every refusal a specific 4xx naming what was wrong. The app's files and headers
 * are checked on the same handler over a test folder of their own.
 */
class OfficerAppIT {

    static final int MiB = 1024 * 1024;
    static Fixture f;
    static VerifyServer server;
    static ApiKeyStore keys;
    static String base;
    static int product;
    static int batch;
    static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void up() {
        f = new Fixture("officer_app_it");
        Worlds.GenuineBatch world = f.genuineBatch(10);
        product = world.productId();
        batch = world.batchId();
        keys = ApiKeyStore.create(f.session, Clock.systemUTC());
        server = f.start("a", Map.of());
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void down() {
        f.close();
    }

    // ---- the world: officers, their sessions and devices ----

    /** An officer (or regulator) with a key, signed in: the cookie and the CSRF token. */
    record Officer(String id, String key, String credentialId, String cookie, String csrf) {
        String[] session() {
            return new String[] {"Cookie", cookie, "X-CSRF-Token", csrf};
        }

        String[] bearer() {
            return new String[] {"Authorization", "Bearer " + key};
        }
    }

    static Officer officer(Principal p) {
        ApiKeyStore.Issued issued = keys.issue(p, Scope.ALL, null, "it");
        HttpResponse<String> r = send("POST", "/api/v1/officer/session", "application/json",
                new JsonObject().put("credential", issued.token()).put("lang", "en").encode().getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        String cookie = setCookie.split(";", 2)[0];
        return new Officer(p.userId(), issued.token(), issued.credential().id(), cookie, new JsonObject(r.body()).getString("csrf"));
    }

    static Officer newOfficer() {
        return officer(Principal.officer("officer-" + UUID.randomUUID().toString().substring(0, 8)));
    }

    /** A phone's device key, registered to the officer. */
    record Device(String id, KeyPair keys) {
        byte[] sign(byte[] record) {
            try {
                Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
                s.initSign(keys.getPrivate());
                s.update("MARKAUTH-INSPECTION-v1".getBytes(StandardCharsets.US_ASCII));
                s.update(record);
                return s.sign();
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static KeyPair ecKey(String curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(curve));
            return g.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String spki(KeyPair k) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(k.getPublic().getEncoded());
    }

    static Device device(Officer o) {
        KeyPair k = ecKey("secp256r1");
        HttpResponse<String> r = postJson("/api/v1/officer/devices", new JsonObject().put("publicKey", spki(k)).put("label", "test phone"),
                o.session());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return new Device(new JsonObject(r.body()).getString("deviceId"), k);
    }

    // ---- sessions ----

    @Test
    void aSessionIsOpenedShownUsedAndEnded_itsCookieHttpOnlyStrictAndNotSecureOnLoopback() {
        ApiKeyStore.Issued issued = keys.issue(Principal.officer("officer-s1"), Scope.ALL, null, "it");
        HttpResponse<String> r = send("POST", "/api/v1/officer/session", "application/json",
                new JsonObject().put("credential", issued.token()).put("lang", "zh-CN").encode().getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).isEqualTo(201);
        JsonObject body = new JsonObject(r.body());
        assertThat(body.getString("officer")).isEqualTo("officer-s1");
        assertThat(Instant.parse(body.getString("expiresAt"))).isBetween(Instant.now().plus(Duration.ofHours(11)),
                Instant.now().plus(Duration.ofHours(13)));
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith("markauth_officer=").containsIgnoringCase("HttpOnly").contains("SameSite=Strict")
                .contains("Path=/").doesNotContainIgnoringCase("Secure");
        String cookie = setCookie.split(";", 2)[0];
        HttpResponse<String> proxied = send("POST", "/api/v1/officer/session", "application/json",
                new JsonObject().put("credential", issued.token()).encode().getBytes(StandardCharsets.UTF_8), "X-Forwarded-Proto", "https");
        assertThat(proxied.headers().firstValue("Set-Cookie").orElseThrow()).as("behind a proxy").containsIgnoringCase("Secure");
        String id = cookie.substring("markauth_officer=".length());
        assertThat(Base64.getUrlDecoder().decode(id)).hasSize(32);
        // Redis holds the id's hash, never the id
        assertThat(redisKeys(f.redisPrefix + "osess:*")).isNotEmpty().noneMatch(k -> k.contains(id));

        HttpResponse<String> shown = send("GET", "/api/v1/officer/session", null, null, "Cookie", cookie);
        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(shown.body()).getString("csrf")).isEqualTo(body.getString("csrf"));
        assertThat(send("GET", "/api/v1/officer/devices", null, null, "Cookie", cookie).statusCode()).isEqualTo(200);

        HttpResponse<String> noToken = send("DELETE", "/api/v1/officer/session", null, null, "Cookie", cookie);
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(error(noToken)).isEqualTo("CSRF");
        HttpResponse<String> out = send("DELETE", "/api/v1/officer/session", null, null, "Cookie", cookie,
                "X-CSRF-Token", body.getString("csrf"));
        assertThat(out.statusCode()).isEqualTo(204);
        assertThat(out.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
        HttpResponse<String> after = send("GET", "/api/v1/officer/session", null, null, "Cookie", cookie, "Accept-Language", "en");
        assertThat(after.statusCode()).isEqualTo(401);
        assertThat(error(after)).isEqualTo("SESSION_ENDED");
        assertThat(message(after)).contains("sign in again");
    }

    @Test
    void aWrongRevokedOrNonOfficerKeyCannotSignIn() {
        String manufacturer = keys.issue(Principal.manufacturer("m-1", Worlds.LICENSEE), Scope.ALL, null, "it").token();
        ApiKeyStore.Issued revoked = keys.issue(Principal.officer("officer-gone"), Scope.ALL, null, "it");
        keys.revokeById(revoked.credential().id(), "it", "left");
        for (String key : List.of("mak_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", manufacturer, revoked.token(), "not a key")) {
            HttpResponse<String> r = postJson("/api/v1/officer/session", new JsonObject().put("credential", key), "Accept-Language", "en");
            assertThat(r.statusCode()).as(key).isEqualTo(401);
            assertThat(error(r)).isEqualTo("SIGN_IN_REFUSED");
            assertThat(message(r)).contains("cannot sign in");
        }
        HttpResponse<String> bad = postJson("/api/v1/officer/session", new JsonObject().put("credential", 12));
        assertThat(bad.statusCode()).isEqualTo(400);
    }

    @Test
    void revokingTheKeyEndsItsSessionsOnTheirNextRequest() {
        Officer o = newOfficer();
        assertThat(send("GET", "/api/v1/officer/session", null, null, o.session()).statusCode()).isEqualTo(200);
        keys.revokeById(o.credentialId(), "regulator-1", "phone lost");
        HttpResponse<String> r = send("GET", "/api/v1/officer/devices", null, null, o.session());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(error(r)).isEqualTo("SESSION_ENDED");
        assertThat(send("GET", "/api/v1/officer/session", null, null, o.session()).statusCode()).isEqualTo(401);
    }

    @Test
    void aChangeByCookieNeedsTheCsrfToken_aBearerKeyDoesNot() {
        Officer o = newOfficer();
        JsonObject reg = new JsonObject().put("publicKey", spki(ecKey("secp256r1"))).put("label", "phone");
        HttpResponse<String> none = postJson("/api/v1/officer/devices", reg, "Cookie", o.cookie(), "Accept-Language", "en");
        assertThat(none.statusCode()).isEqualTo(403);
        assertThat(error(none)).isEqualTo("CSRF");
        assertThat(message(none)).contains("X-CSRF-Token");
        HttpResponse<String> wrong = postJson("/api/v1/officer/devices", reg, "Cookie", o.cookie(), "X-CSRF-Token", "x" + o.csrf());
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(send("PUT", "/api/v1/officer/photos/" + "0".repeat(64), "image/png", png(100, 1), "Cookie", o.cookie())
                .statusCode()).isEqualTo(403);
        assertThat(postJson("/api/v1/officer/devices", reg, o.session()).statusCode()).isEqualTo(201);
        assertThat(postJson("/api/v1/officer/devices", reg, o.bearer()).statusCode()).as("the same key again, by bearer").isEqualTo(200);
        // the bearer routes of before take the cookie too
        assertThat(send("GET", "/api/v1/officer/units/" + batch + "/" + String.format("%016x", f.mark(batch, 9, null)), null, null,
                "Cookie", o.cookie()).statusCode()).isEqualTo(200);
    }

    // ---- device keys ----

    @Test
    void devicesAreRegisteredListedAndRevoked_byTheirOfficerOrARegulatorOnly() {
        Officer a = newOfficer();
        Officer b = newOfficer();
        KeyPair k = ecKey("secp256r1");
        JsonObject reg = new JsonObject().put("publicKey", spki(k)).put("label", "Redmi 12");
        HttpResponse<String> first = postJson("/api/v1/officer/devices", reg, a.session());
        assertThat(first.statusCode()).isEqualTo(201);
        JsonObject d = new JsonObject(first.body());
        String id = d.getString("deviceId");
        byte[] sha = sha256(k.getPublic().getEncoded());
        assertThat(id).isEqualTo(HexFormat.of().formatHex(sha, 0, 16));
        assertThat(d.getString("officer")).isEqualTo(a.id());
        HttpResponse<String> again = postJson("/api/v1/officer/devices", reg, a.session());
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(again.body()).getString("registeredAt")).isEqualTo(d.getString("registeredAt"));
        HttpResponse<String> taken = postJson("/api/v1/officer/devices", reg, b.session());
        assertThat(taken.statusCode()).isEqualTo(409);
        assertThat(error(taken)).isEqualTo("DEVICE_TAKEN");

        JsonArray list = new JsonArray(send("GET", "/api/v1/officer/devices", null, null, a.session()).body());
        assertThat(list).hasSize(1);
        assertThat(list.getJsonObject(0).getString("deviceId")).isEqualTo(id);
        assertThat(list.getJsonObject(0).getString("revokedAt")).isNull();
        assertThat(new JsonArray(send("GET", "/api/v1/officer/devices", null, null, b.session()).body())).isEmpty();

        HttpResponse<String> notYours = send("DELETE", "/api/v1/officer/devices/" + id, null, null, b.session());
        assertThat(notYours.statusCode()).isEqualTo(403);
        assertThat(error(notYours)).isEqualTo("DEVICE_NOT_YOURS");
        assertThat(send("DELETE", "/api/v1/officer/devices/" + "ab".repeat(16), null, null, a.session()).statusCode()).isEqualTo(404);
        Officer regulator = officer(Principal.regulator("regulator-" + UUID.randomUUID().toString().substring(0, 6)));
        assertThat(send("DELETE", "/api/v1/officer/devices/" + id, null, null, regulator.session()).statusCode()).isEqualTo(204);
        assertThat(send("DELETE", "/api/v1/officer/devices/" + id, null, null, a.session()).statusCode()).as("twice").isEqualTo(204);
        assertThat(new JsonArray(send("GET", "/api/v1/officer/devices", null, null, a.session()).body()).getJsonObject(0)
                .getString("revokedAt")).isNotNull();
        HttpResponse<String> reRegister = postJson("/api/v1/officer/devices", reg, a.session());
        assertThat(reRegister.statusCode()).isEqualTo(403);
        assertThat(error(reRegister)).isEqualTo("DEVICE_REVOKED");
    }

    @Test
    void aKeyNotOnP256IsRefusedWithASentence() throws Exception {
        Officer o = newOfficer();
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        for (KeyPair k : List.of(ecKey("secp384r1"), rsa.generateKeyPair())) {
            HttpResponse<String> r = postJson("/api/v1/officer/devices", new JsonObject().put("publicKey", spki(k)).put("label", "x"),
                    "Accept-Language", "en", "Cookie", o.cookie(), "X-CSRF-Token", o.csrf());
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(error(r)).isEqualTo("BAD_DEVICE_KEY");
            assertThat(message(r)).contains("P-256");
        }
        HttpResponse<String> junk = postJson("/api/v1/officer/devices", new JsonObject().put("publicKey", "AAAA").put("label", "x"),
                o.session());
        assertThat(error(junk)).isEqualTo("BAD_DEVICE_KEY");
        HttpResponse<String> noLabel = postJson("/api/v1/officer/devices", new JsonObject().put("publicKey", spki(ecKey("secp256r1"))),
                o.session());
        assertThat(noLabel.statusCode()).isEqualTo(400);
        assertThat(error(noLabel)).isEqualTo("BAD_PARAMETER");
    }

    // ---- photos ----

    @Test
    void aPhotoIsStoredByItsHash_onceAndReadBackByteForByte() {
        Officer o = newOfficer();
        byte[] photo = jpeg(400 * 1024, 7);
        String sha = hex(sha256(photo));
        HttpResponse<String> r = send("PUT", "/api/v1/officer/photos/" + sha, "image/jpeg", photo, o.session());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(new JsonObject(r.body()).getInteger("bytes")).isEqualTo(photo.length);
        assertThat(send("PUT", "/api/v1/officer/photos/" + sha, "image/jpeg", photo, o.bearer()).statusCode()).isEqualTo(200);
        OfficerPhotoStore store = new OfficerPhotoStore(f.session, Clock.systemUTC());
        OfficerPhotoStore.StoredPhoto p = store.find(sha).await().orElseThrow();
        assertThat(p.chunks()).isEqualTo(2);
        assertThat(store.read(p).await()).isEqualTo(photo);
    }

    @Test
    void aPhotoThatIsDamagedOfAnotherTypeOrTooBigIsRefused() {
        Officer o = newOfficer();
        byte[] photo = png(2000, 3);
        String sha = hex(sha256(photo));
        byte[] damaged = photo.clone();
        damaged[1000] ^= 1;
        HttpResponse<String> mismatch = send("PUT", "/api/v1/officer/photos/" + sha, "image/png", damaged, o.session());
        assertThat(mismatch.statusCode()).isEqualTo(422);
        assertThat(error(mismatch)).isEqualTo("PHOTO_HASH_MISMATCH");
        assertThat(message(mismatch)).contains(hex(sha256(damaged)));

        HttpResponse<String> text = send("PUT", "/api/v1/officer/photos/" + sha, "text/plain", photo, o.session());
        assertThat(text.statusCode()).isEqualTo(415);
        assertThat(error(text)).isEqualTo("PHOTO_TYPE_REFUSED");
        HttpResponse<String> lying = send("PUT", "/api/v1/officer/photos/" + sha, "image/jpeg", photo, with(o.session(), "Accept-Language", "en"));
        assertThat(lying.statusCode()).isEqualTo(415);
        assertThat(message(lying)).contains("image/png");

        byte[] big = jpeg(5 * MiB + 1, 4);
        HttpResponse<String> tooBig = send("PUT", "/api/v1/officer/photos/" + hex(sha256(big)), "image/jpeg", big, o.session());
        assertThat(tooBig.statusCode()).isEqualTo(413);
        assertThat(error(tooBig)).isEqualTo("PHOTO_TOO_LARGE");
        assertThat(message(tooBig)).contains(Integer.toString(5 * MiB));
        byte[] limit = jpeg(5 * MiB, 5);
        assertThat(send("PUT", "/api/v1/officer/photos/" + hex(sha256(limit)), "image/jpeg", limit, o.session()).statusCode())
                .as("exactly the limit").isEqualTo(201);
        assertThat(send("PUT", "/api/v1/officer/photos/" + sha, "image/png", photo).statusCode()).as("no key").isEqualTo(401);
    }

    // ---- inspection records ----

    @Test
    void aSignedRecordIsStoredOnce_itsResubmissionAnsweredAsFirst_andTheUnitRecordShowsIt() {
        Officer o = newOfficer();
        Device d = device(o);
        byte[] photo = jpeg(10_000, 11);
        String sha = hex(sha256(photo));
        assertThat(send("PUT", "/api/v1/officer/photos/" + sha, "image/jpeg", photo, o.session()).statusCode()).isEqualTo(201);
        long serial = f.mark(batch, 5, null);
        UUID id = UUID.randomUUID();
        JsonObject record = record(id, o, d, serial);
        record.getJsonArray("photos").add(new JsonObject().put("sha256", sha).put("type", "image/jpeg").put("bytes", photo.length));
        String text = record.encode();

        HttpResponse<String> first = submit(o, text, d.sign(bytes(text)));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        JsonObject receipt = new JsonObject(first.body());
        assertThat(receipt.getString("id")).isEqualTo(id.toString());
        assertThat(receipt.getString("recordSha256")).isEqualTo(hex(sha256(bytes(text))));
        // a retry signs nothing new: the same envelope; a re-signed one (ECDSA is randomised) is the same record too
        HttpResponse<String> again = submit(o, text, d.sign(bytes(text)));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(again.body())).isEqualTo(receipt);
        assertThat(f.session.execute("SELECT count(*) FROM inspections_by_officer WHERE officer = ?", o.id()).one().getLong(0))
                .isEqualTo(1);
        assertThat(f.session.execute("SELECT count(*) FROM inspections WHERE batch_id = ? AND serial = ?", batch,
                org.markauth.registry.MarkKey.serialBytes(serial)).one().getLong(0)).as("one row per unit, however often sent").isEqualTo(1);

        JsonObject unit = new JsonObject(send("GET", "/api/v1/officer/units/" + batch + "/" + String.format("%016x", serial), null, null,
                o.session()).body());
        JsonObject inspection = unit.getJsonArray("inspections").getJsonObject(0);
        assertThat(inspection.getString("id")).isEqualTo(id.toString());
        assertThat(inspection.getString("kind")).isEqualTo("SEIZURE");
        assertThat(inspection.getString("result")).isEqualTo("SEIZED");
        assertThat(inspection.getString("officer")).isEqualTo(o.id());
        assertThat(inspection.getString("place")).contains("禅城");
        assertThat(inspection.getString("at")).isEqualTo("2026-12-06T10:16:00.500Z");

        JsonObject shown = new JsonObject(send("GET", "/api/v1/officer/inspections/" + id, null, null, o.session()).body());
        assertThat(shown.getString("record")).isEqualTo(text);
        assertThat(shown.getString("device")).isEqualTo(d.id());
        assertThat(Base64.getUrlDecoder().decode(shown.getString("signature"))).hasSize(64);
        JsonArray mine = new JsonObject(send("GET", "/api/v1/officer/inspections", null, null, o.session()).body()).getJsonArray("inspections");
        assertThat(mine).hasSize(1);
        assertThat(mine.getJsonObject(0).getString("id")).isEqualTo(id.toString());
        assertThat(mine.getJsonObject(0).getInteger("units")).isEqualTo(1);

        // another officer neither sees it nor lists it; a regulator does both
        Officer other = newOfficer();
        assertThat(send("GET", "/api/v1/officer/inspections/" + id, null, null, other.session()).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/api/v1/officer/inspections?officer=" + o.id(), null, null, other.session()).statusCode()).isEqualTo(403);
        Officer regulator = officer(Principal.regulator("regulator-" + UUID.randomUUID().toString().substring(0, 6)));
        assertThat(send("GET", "/api/v1/officer/inspections/" + id, null, null, regulator.session()).statusCode()).isEqualTo(200);
        JsonArray all = new JsonObject(send("GET", "/api/v1/officer/inspections?limit=200", null, null, regulator.session()).body())
                .getJsonArray("inspections");
        assertThat(all.stream().map(x -> ((JsonObject) x).getString("id"))).contains(id.toString());

        // what the evidence package is built from
        InspectionStore.Evidence e = server.inspections().evidence(id).await().orElseThrow();
        assertThat(e.stored().record()).isEqualTo(bytes(text));
        assertThat(e.device().spki()).isEqualTo(d.keys().getPublic().getEncoded());
        assertThat(e.device().officer()).isEqualTo(o.id());
        assertThat(e.photos().get(sha).bytes()).isEqualTo(photo);
        assertThat(e.stored().instance()).isNotBlank();
    }

    @Test
    void aRetryAfterACrashBetweenTheWritesCompletesTheDerivedRows() {
        Officer o = newOfficer();
        Device d = device(o);
        long serial = f.mark(batch, 6, null);
        UUID id = UUID.randomUUID();
        String text = record(id, o, d, serial).encode();
        byte[] sig = d.sign(bytes(text));
        // what a crash right after the first write leaves: the record's row, none derived from it
        InspectionStore store = server.inspections();
        store.insert(new InspectionStore.Stored(id, bytes(text), sig, sha256(bytes(text)), d.id(), o.id(),
                Instant.parse("2026-12-06T11:00:00Z"), "crashed", Instant.parse("2026-12-06T10:15:30.123Z"), 1, 1, 0)).await();
        assertThat(f.session.execute("SELECT count(*) FROM inspections_by_officer WHERE officer = ?", o.id()).one().getLong(0)).isZero();
        HttpResponse<String> retry = submit(o, text, sig);
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(retry.body()).getString("receivedAt")).isEqualTo("2026-12-06T11:00:00Z");
        assertThat(f.session.execute("SELECT count(*) FROM inspections_by_officer WHERE officer = ?", o.id()).one().getLong(0)).isEqualTo(1);
        assertThat(f.session.execute("SELECT count(*) FROM inspections WHERE batch_id = ? AND serial = ?", batch,
                org.markauth.registry.MarkKey.serialBytes(serial)).one().getLong(0)).isEqualTo(1);
    }

    @Test
    void theSameIdWithOtherBytesIsAConflict_aTamperedRecordABadSignature() {
        Officer o = newOfficer();
        Device d = device(o);
        long serial = f.mark(batch, 7, null);
        UUID id = UUID.randomUUID();
        String text = record(id, o, d, serial).encode();
        assertThat(submit(o, text, d.sign(bytes(text))).statusCode()).isEqualTo(201);
        String changed = record(id, o, d, serial).put("notes", "changed later").encode();
        HttpResponse<String> conflict = submit(o, changed, d.sign(bytes(changed)));
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(error(conflict)).isEqualTo("INSPECTION_CONFLICT");

        UUID other = UUID.randomUUID();
        String signed = record(other, o, d, serial).encode();
        String tampered = signed.replace("\"quantity\":12", "\"quantity\":2");
        assertThat(tampered).isNotEqualTo(signed);
        HttpResponse<String> bad = submit(o, tampered, d.sign(bytes(signed)), "Accept-Language", "en");
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(error(bad)).isEqualTo("BAD_SIGNATURE");
        assertThat(message(bad)).contains("changed after it was signed");
        Device second = device(o);
        HttpResponse<String> otherDevice = submit(o, signed, second.sign(bytes(signed)));
        assertThat(otherDevice.statusCode()).as("signed by another of the officer's devices").isEqualTo(422);
        assertThat(server.inspections().find(other).await()).isEmpty();
    }

    @Test
    void aRevokedDeviceSubmitsNothingNew_butItsAcceptedRecordsStayAccepted() {
        Officer o = newOfficer();
        Device d = device(o);
        long serial = f.mark(batch, 8, null);
        String accepted = record(UUID.randomUUID(), o, d, serial).encode();
        byte[] acceptedSig = d.sign(bytes(accepted));
        assertThat(submit(o, accepted, acceptedSig).statusCode()).isEqualTo(201);
        assertThat(send("DELETE", "/api/v1/officer/devices/" + d.id(), null, null, o.session()).statusCode()).isEqualTo(204);
        String text = record(UUID.randomUUID(), o, d, serial).encode();
        HttpResponse<String> r = submit(o, text, d.sign(bytes(text)));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(error(r)).isEqualTo("DEVICE_REVOKED");
        assertThat(submit(o, accepted, acceptedSig).statusCode()).as("the queue's retry of an accepted record").isEqualTo(200);
    }

    @Test
    void aRecordOfAnotherOfficerOrFromAnotherOfficersDeviceIsRefused() {
        Officer a = newOfficer();
        Officer b = newOfficer();
        Device da = device(a);
        Device db = device(b);
        long serial = f.mark(batch, 2, null);
        String asA = record(UUID.randomUUID(), a, da, serial).encode();
        HttpResponse<String> r = submit(b, asA, da.sign(bytes(asA)));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(error(r)).isEqualTo("NOT_YOUR_RECORD");
        String withBsDevice = record(UUID.randomUUID(), a, db, serial).encode();
        HttpResponse<String> foreign = submit(a, withBsDevice, db.sign(bytes(withBsDevice)));
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(error(foreign)).isEqualTo("DEVICE_NOT_YOURS");
        Device unknown = new Device("ab".repeat(16), ecKey("secp256r1"));
        String unregistered = record(UUID.randomUUID(), a, unknown, serial).encode();
        HttpResponse<String> u = submit(a, unregistered, unknown.sign(bytes(unregistered)));
        assertThat(u.statusCode()).isEqualTo(403);
        assertThat(error(u)).isEqualTo("DEVICE_UNKNOWN");
    }

    @Test
    void aRecordListingAPhotoNotUploadedIsAConflictNamingIt() {
        Officer o = newOfficer();
        Device d = device(o);
        String sha = hex(sha256(jpeg(5000, 99)));
        JsonObject record = record(UUID.randomUUID(), o, d, f.mark(batch, 3, null));
        record.getJsonArray("photos").add(new JsonObject().put("sha256", sha).put("type", "image/jpeg").put("bytes", 5000));
        String text = record.encode();
        HttpResponse<String> r = submit(o, text, d.sign(bytes(text)));
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(error(r)).isEqualTo("PHOTOS_MISSING");
        assertThat(message(r)).contains(sha);
    }

    @Test
    void aMalformedRecordIsRefusedNamingTheMember() {
        Officer o = newOfficer();
        Device d = device(o);
        long serial = f.mark(batch, 4, null);
        UUID id = UUID.randomUUID();
        Map<String, String> cases = Map.of(
                "units[0].serial", record(id, o, d, serial).encode().replace(String.format("%016x", serial), "xyz"),
                "unknown member 'extra'", record(id, o, d, serial).put("extra", 1).encode(),
                "notes is missing", removed(record(id, o, d, serial), "notes"),
                "seizures[0].quantity", record(id, o, d, serial).encode().replace("\"quantity\":12", "\"quantity\":0"),
                "Duplicate field 'notes'", record(id, o, d, serial).encode().replace("{\"format\"", "{\"notes\":\"a\",\"format\""),
                "place.geohash", record(id, o, d, serial).encode().replace("ws0e9", "wsa"),
                "startedAt", record(id, o, d, serial).encode().replace("2026-12-06T10:15:30.123Z", "yesterday"));
        for (Map.Entry<String, String> c : cases.entrySet()) {
            HttpResponse<String> r = submit(o, c.getValue(), d.sign(bytes(c.getValue())), "Accept-Language", "en");
            assertThat(r.statusCode()).as(c.getKey()).isEqualTo(400);
            assertThat(error(r)).isEqualTo("BAD_RECORD");
            assertThat(message(r)).as(c.getKey()).contains(c.getKey());
        }
        HttpResponse<String> noSig = postJson("/api/v1/officer/inspections", new JsonObject().put("record", "{}").put("signature", "AA"),
                o.session());
        assertThat(noSig.statusCode()).isEqualTo(400);
        assertThat(message(noSig)).contains("signature");
        assertThat(send("POST", "/api/v1/officer/inspections", "application/json", "[1,".getBytes(StandardCharsets.UTF_8), o.session())
                .statusCode()).isEqualTo(400);
    }

    // ---- the app's configuration and files ----

    @Test
    void theAppsConfigurationNamesThePinnedRootsAndTheLists() {
        HttpResponse<String> r = send("GET", "/officer/config.json", null, null);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonObject c = new JsonObject(r.body());
        JsonObject root = c.getJsonArray("roots").getJsonObject(0);
        assertThat(root.getString("algorithm") + ":" + root.getString("publicKey")).isEqualTo(f.programme.trustRoots());
        assertThat(c.getString("trustList")).isEqualTo("/api/v1/trust-list");
        assertThat(c.getString("statusList")).isEqualTo("/api/v1/status-list");
        assertThat(c.getInteger("maxPhotoBytes")).isEqualTo(5 * MiB);
        HttpResponse<String> redirect = send("GET", "/officer", null, null);
        assertThat(redirect.statusCode()).isEqualTo(301);
        assertThat(redirect.headers().firstValue("Location")).hasValue("/officer/");
    }

    @Test
    void theAppsFilesComeFromTheClassPathWithTheAppsHeaders() {
        Vertx vertx = Vertx.vertx();
        try {
            TrustRoot root = new TrustRoot(f.root.algorithm(), f.root.publicKey());
            Router r = Router.router(vertx);
            r.route().handler(SecurityHeaders::handle);
            new OfficerAppFiles(getClass().getClassLoader(), "officer-files-test/", List.of(root), 5 * MiB).mount(r);
            org.markauth.http.ErrorRenderer errors = org.markauth.http.ErrorRenderer.json(new org.markauth.verify.web.VerifyErrors(65536));
            r.route().failureHandler(errors::handle);
            r.errorHandler(404, errors::handle);
            HttpServer s = vertx.createHttpServer().requestHandler(r).listen(0, "127.0.0.1").await();
            String at = "http://127.0.0.1:" + s.actualPort();

            HttpResponse<String> index = get(at + "/officer/");
            assertThat(index.statusCode()).isEqualTo(200);
            assertThat(index.body()).contains("officer app test page");
            assertThat(index.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
            assertThat(index.headers().firstValue("Cache-Control")).hasValue("no-cache");
            String csp = index.headers().firstValue("Content-Security-Policy").orElseThrow();
            assertThat(csp).contains("img-src 'self' blob: data:").contains("connect-src 'self'").contains("worker-src 'self'")
                    .contains("script-src 'self'").doesNotContain("unsafe-eval").contains("frame-ancestors 'none'");
            assertThat(index.headers().firstValue("Permissions-Policy").orElseThrow()).contains("camera=(self)");
            String etag = index.headers().firstValue("ETag").orElseThrow();
            HttpResponse<String> revalidated = get(at + "/officer/index.html", "If-None-Match", etag);
            assertThat(revalidated.statusCode()).isEqualTo(304);

            HttpResponse<String> sw = get(at + "/officer/sw.js");
            assertThat(sw.headers().firstValue("Service-Worker-Allowed")).hasValue("/officer/");
            assertThat(sw.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/javascript");
            assertThat(sw.headers().firstValue("Cache-Control")).hasValue("no-cache");
            HttpResponse<String> asset = get(at + "/officer/app-T3ST1234.js");
            assertThat(asset.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");

            assertThat(get(at + "/officer/missing.js").statusCode()).isEqualTo(404);
            assertThat(get(at + "/officer/../logback-test.xml").statusCode()).isEqualTo(404);
            assertThat(get(at + "/officer/%2e%2e/logback-test.xml").statusCode()).isEqualTo(404);
            assertThat(get(at + "/officer/.hidden.js").statusCode()).isEqualTo(404);
            HttpResponse<String> cfg = get(at + "/officer/config.json");
            assertThat(new JsonObject(cfg.body()).getJsonArray("roots")).hasSize(1);
            s.close().await();
        } finally {
            vertx.close().await();
        }
    }

    // ---- records, keys, HTTP ----

    /** A valid record: one unit seized, one seizure, no photos (a test adds them). */
    static JsonObject record(UUID id, Officer o, Device d, long serial) {
        return new JsonObject().put("format", "markauth-inspection/1").put("id", id.toString()).put("device", d.id())
                .put("officer", o.id()).put("startedAt", "2026-12-06T10:15:30.123Z").put("endedAt", "2026-12-06T10:40:00.000Z")
                .put("place", new JsonObject().put("geohash", "ws0e9").put("label", "佛山 禅城 某市场"))
                .put("units", new JsonArray().add(new JsonObject().put("code", f.url(product, batch, serial)).put("verdict", "GENUINE")
                        .put("source", "OFFLINE").put("checkedAt", "2026-12-06T10:16:00.500Z").put("statusSequence", 3)
                        .put("batchId", batch).put("serial", String.format("%016x", serial)).put("outcome", "SEIZED")))
                .put("photos", new JsonArray())
                .put("seizures", new JsonArray().add(new JsonObject().put("quantity", 12).put("reason", "no licence")
                        .put("heldAt", "禅城分局仓库")))
                .put("notes", "");
    }

    static List<String> redisKeys(String pattern) {
        Vertx v = Vertx.vertx();
        try {
            io.vertx.redis.client.Redis redis = io.vertx.redis.client.Redis.createClient(v, f.stack.redisUrl());
            io.vertx.redis.client.Response keys = io.vertx.redis.client.RedisAPI.api(redis).keys(pattern).await();
            List<String> out = new ArrayList<>();
            keys.forEach(k -> out.add(k.toString()));
            redis.close();
            return out;
        } finally {
            v.close().await();
        }
    }

    static String[] with(String[] a, String... more) {
        List<String> h = new ArrayList<>(Arrays.asList(a));
        h.addAll(Arrays.asList(more));
        return h.toArray(String[]::new);
    }

    static String removed(JsonObject o, String member) {
        o.remove(member);
        return o.encode();
    }

    static HttpResponse<String> submit(Officer o, String record, byte[] signature, String... headers) {
        List<String> h = new ArrayList<>(Arrays.asList(o.session()));
        h.addAll(Arrays.asList(headers));
        return postJson("/api/v1/officer/inspections", new JsonObject().put("record", record)
                .put("signature", Base64.getUrlEncoder().withoutPadding().encodeToString(signature)), h.toArray(String[]::new));
    }

    static HttpResponse<String> postJson(String path, JsonObject body, String... headers) {
        return send("POST", path, "application/json", body.encode().getBytes(StandardCharsets.UTF_8), headers);
    }

    static HttpResponse<String> send(String method, String path, String type, byte[] body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (type != null) {
            b.header("Content-Type", type);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return call(b.build());
    }

    static HttpResponse<String> get(String url, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return call(b.build());
    }

    static HttpResponse<String> call(HttpRequest req) {
        try {
            return client.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String error(HttpResponse<String> r) {
        return new JsonObject(r.body()).getString("error");
    }

    static String message(HttpResponse<String> r) {
        return new JsonObject(r.body()).getString("message");
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    /** Random bytes that start as a JPEG. */
    static byte[] jpeg(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        b[0] = (byte) 0xFF;
        b[1] = (byte) 0xD8;
        b[2] = (byte) 0xFF;
        return b;
    }

    /** Random bytes that start as a PNG. */
    static byte[] png(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, 0, b, 0, 8);
        return b;
    }
}

package org.markauth.verify.officer;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.markauth.access.Principal;
import org.markauth.access.Role;
import org.markauth.verify.cache.RedisTier;

/**
 * Officer app sessions in Redis (docs/api-verify.md, "Officer app"): an officer key exchanged once
 * for an opaque id kept in an HttpOnly cookie, so the key itself never sits in the browser's
 * storage. The id is 32 random bytes (base64url); Redis holds the session under the SHA-256 of the
 * id, never the id, so a copy of Redis opens no session. A session lives 12 hours from sign-in (not
 * sliding) and names the credential it was opened with: {@link OfficerAuth} checks on every request
 * that the credential is still live, so revoking the key ends its sessions. Redis down means no
 * session can be opened or used (the bearer key still works): a 503, never a guess.
 */
public final class OfficerSessions {

    public static final Duration TTL = Duration.ofHours(12);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final RedisTier redis;
    private final Clock clock;

    public OfficerSessions(RedisTier redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    /**
     * A session as stored. {@code id} is the cookie's value and is known only when the session is
     * opened and when it is read back by that id.
     */
    public record Session(String id, Principal principal, String credentialId, String csrf, Instant expiresAt, String lang) {

        JsonObject json() {
            return new JsonObject().put("officer", principal.userId()).put("role", principal.role().name())
                    .put("credential", credentialId).put("csrf", csrf).put("expiresAt", expiresAt.toString()).put("lang", lang);
        }

        static Session of(String id, JsonObject j) {
            Role role = Role.valueOf(j.getString("role"));
            return new Session(id, new Principal(j.getString("officer"), role, Optional.empty()), j.getString("credential"),
                    j.getString("csrf"), Instant.parse(j.getString("expiresAt")), j.getString("lang"));
        }

        /** The answer of the session routes: who, until when, and the CSRF token state changes must send. */
        public JsonObject answer() {
            return new JsonObject().put("officer", principal.userId()).put("role", principal.role().name())
                    .put("expiresAt", expiresAt.toString()).put("csrf", csrf).put("lang", lang);
        }
    }

    /** Opens a session for a live officer or regulator credential; fails with Redis's failure. */
    public Future<Session> open(Principal principal, String credentialId, String lang) {
        if (principal.role() != Role.OFFICER && principal.role() != Role.REGULATOR) {
            throw new IllegalArgumentException("only officers and regulators open officer sessions, not " + principal.role());
        }
        Session s = new Session(random(), principal, credentialId, random(),
                clock.instant().plus(TTL).truncatedTo(ChronoUnit.SECONDS), lang);
        return redis.call("SET session", a -> a.set(List.of(key(s.id()), s.json().encode(), "PX", Long.toString(TTL.toMillis()))))
                .map(s);
    }

    /** The session of a cookie value, or empty when there is none (never opened, expired, ended). */
    public Future<Optional<Session>> find(String id) {
        if (id == null || !id.matches("[A-Za-z0-9_-]{43}")) {
            return Future.succeededFuture(Optional.empty());
        }
        return redis.call("GET session", a -> a.get(key(id))).map(r -> {
            if (r == null) {
                return Optional.<Session>empty();
            }
            Session s = Session.of(id, new JsonObject(r.toString()));
            return clock.instant().isBefore(s.expiresAt()) ? Optional.of(s) : Optional.<Session>empty();
        });
    }

    /** Ends a session (sign-out, or its credential found dead). */
    public Future<Void> end(String id) {
        if (id == null || !id.matches("[A-Za-z0-9_-]{43}")) {
            return Future.succeededFuture();
        }
        return redis.call("DEL session", a -> a.del(List.of(key(id)))).mapEmpty();
    }

    /** The Redis key of a session: the SHA-256 of its id (so Redis never holds an id that opens it). */
    String key(String id) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.US_ASCII));
            return redis.key("osess:" + HexFormat.of().formatHex(h));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }

    private static String random() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return B64.encodeToString(b);
    }
}

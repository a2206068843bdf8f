package org.markauth.issuer.console;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.prng.VertxContextPRNG;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.sstore.AbstractSession;
import io.vertx.ext.web.sstore.SessionStore;
import io.vertx.ext.web.sstore.impl.SharedDataSessionImpl;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.HexFormat;

/**
 * The console's sessions in Redis, under the issuer's key prefix ({@code <prefix>console:session:<id>}),
 * so that a sign-in survives the restart of one issuer instance and any instance serves it. A
 * session expires {@code timeout} after its last request (the TTL is set by every write and pushed
 * back by every read). Sessions are vertx-web's own ({@link SharedDataSessionImpl}, the class its
 * local and Redis stores serialise); concurrent requests of one session (two tabs) do not fail
 * each other: the last write wins ({@link #put}).
 *
 * <p>Why not {@code vertx-web-sstore-redis}: it keys sessions by the bare id (no prefix, so two
 * deployments on one Redis would read each other's sessions), and its 5.0.10 artifact is not served
 * by the repository this build uses. This class is the same protocol (GET/SET PX/PEXPIRE/DEL) with
 * the prefix.
 *
 * <p>Each session is also listed under the credential it was opened with ({@link #index}), so that
 * revoking the credential ends all its sessions at once ({@link #endAll}).
 *
 * <p>Every Redis failure comes back as {@link Unavailable}, which the console answers with a 503.
 */
public final class RedisSessions implements SessionStore {

    /** Redis could not be reached or answered an error: the console cannot tell who is signed in. */
    public static final class Unavailable extends RuntimeException {
        Unavailable(Throwable cause) {
            super("the console's session store (Redis) failed: " + cause.getMessage(), cause);
        }
    }

    private final Redis redis;
    private final String keyPrefix;
    private final String prefix;
    private final VertxContextPRNG random;

    /** @param keyPrefix the issuer's {@code redis.key-prefix} */
    public RedisSessions(Vertx vertx, Redis redis, String keyPrefix) {
        this(redis, keyPrefix, "console", VertxContextPRNG.current(vertx));
    }

    private RedisSessions(Redis redis, String keyPrefix, String site, VertxContextPRNG random) {
        this.redis = redis;
        this.keyPrefix = keyPrefix;
        this.prefix = keyPrefix + site + ":";
        this.random = random;
    }

    /**
     * Another site's sessions in the same Redis ({@code <prefix><site>:session:<id>}, e.g. the
     * manufacturer portal's): a session of one site is never found by the other, nor its CSRF secret.
     */
    public RedisSessions site(String site) {
        return new RedisSessions(redis, keyPrefix, site, random);
    }

    @Override
    public SessionStore init(Vertx vertx, JsonObject options) {
        throw new UnsupportedOperationException("RedisSessions is built by the composition root with the issuer's Redis client");
    }

    /** No retry on a missing session: the console writes a session before it answers, so "missing" is final. */
    @Override
    public long retryTimeout() {
        return 0;
    }

    @Override
    public Session createSession(long timeout) {
        return createSession(timeout, DEFAULT_SESSIONID_LENGTH);
    }

    @Override
    public Session createSession(long timeout, int length) {
        return new SharedDataSessionImpl(random, timeout, length);
    }

    @Override
    public Future<Session> get(String id) {
        return send(Request.cmd(Command.GET).arg(key(id))).compose(r -> {
            if (r == null) {
                return Future.succeededFuture();
            }
            SharedDataSessionImpl session = new SharedDataSessionImpl(random);
            session.readFromBuffer(0, r.toBuffer());
            return send(Request.cmd(Command.PEXPIRE).arg(key(id)).arg(session.timeout())).map(session);
        });
    }

    @Override
    public Future<Void> delete(String id) {
        return send(Request.cmd(Command.DEL).arg(key(id))).mapEmpty();
    }

    /**
     * Writes a session. A new one (never written: version 0, or given a new id at sign-in) is written
     * under its fresh random id; a known one only while it still exists ({@code SET XX}), so a request that was in flight when its
     * session ended (sign-out, revocation, expiry) cannot bring the session back. Two requests of one
     * session at once (two tabs) both write: the last write wins, as the browser's last page does, and
     * the other tab's next form is refused by its CSRF check with a plain sentence, never a 500.
     */
    @Override
    public Future<Void> put(Session session) {
        AbstractSession s = (AbstractSession) session;
        boolean created = s.version() == 0 || s.isRegenerated();
        s.incrementVersion();
        Buffer b = Buffer.buffer();
        ((SharedDataSessionImpl) s).writeToBuffer(b);
        Request set = Request.cmd(Command.SET).arg(key(s.id())).arg(b).arg("PX").arg(s.timeout());
        return send(created ? set : set.arg("XX")).mapEmpty();
    }

    /**
     * A random secret shared by every instance (the first one to ask writes it): the CSRF tokens'
     * signing key, which must be the same on the instance that issued a token and the one that checks it.
     */
    public Future<String> sharedSecret(String name) {
        byte[] b = new byte[32];
        random.nextBytes(b);
        String k = prefix + "secret:" + name;
        return send(Request.cmd(Command.SET).arg(k).arg(HexFormat.of().formatHex(b)).arg("NX"))
                .compose(x -> send(Request.cmd(Command.GET).arg(k)))
                .map(r -> r.toString());
    }

    /**
     * Notes that session {@code sessionId} was opened with credential {@code credentialId}: a set per
     * credential ({@code <prefix>console:credential:<id>}) of the ids of its sessions, kept as long as
     * the newest of them may live ({@code lifetime}, the sessions' absolute lifetime). An id left in the
     * set after its session expired costs nothing: ending it deletes a key that is gone.
     */
    public Future<Void> index(String credentialId, String sessionId, java.time.Duration lifetime) {
        String k = credentialKey(credentialId);
        return send(Request.cmd(Command.SADD).arg(k).arg(sessionId))
                .compose(x -> send(Request.cmd(Command.PEXPIRE).arg(k).arg(lifetime.toMillis()))).mapEmpty();
    }

    /** Forgets one session of a credential (signed out). */
    public Future<Void> unindex(String credentialId, String sessionId) {
        return send(Request.cmd(Command.SREM).arg(credentialKey(credentialId)).arg(sessionId)).mapEmpty();
    }

    /**
     * Ends every session opened with {@code credentialId}, on every instance (they all read the
     * sessions from here): deletes the sessions and the credential's set. Returns how many sessions
     * were still alive.
     */
    public Future<Integer> endAll(String credentialId) {
        String k = credentialKey(credentialId);
        return send(Request.cmd(Command.SMEMBERS).arg(k)).compose(members -> {
            Request del = Request.cmd(Command.DEL);
            int n = 0;
            for (io.vertx.redis.client.Response m : members) {
                del.arg(key(m.toString()));
                n++;
            }
            if (n == 0) {
                return send(Request.cmd(Command.DEL).arg(k)).map(0);
            }
            return send(del).compose(deleted -> send(Request.cmd(Command.DEL).arg(k)).map(deleted.toInteger()));
        });
    }

    /** Not offered: the Redis is shared with other keys; sessions expire by themselves. */
    @Override
    public Future<Void> clear() {
        return Future.failedFuture(new UnsupportedOperationException("console sessions are not cleared in bulk; they expire"));
    }

    /** Not offered: counting would scan a Redis shared with other keys. */
    @Override
    public Future<Integer> size() {
        return Future.failedFuture(new UnsupportedOperationException("console sessions are not counted"));
    }

    /** The Redis client belongs to the composition root, which closes it. */
    @Override
    public void close() {
    }

    private String key(String id) {
        return prefix + "session:" + id;
    }

    private String credentialKey(String credentialId) {
        return prefix + "credential:" + credentialId;
    }

    private Future<io.vertx.redis.client.Response> send(Request r) {
        return redis.send(r).recover(e -> Future.failedFuture(new Unavailable(e)));
    }
}

package org.markauth.access;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * API keys (credentials) in Cassandra. {@code api_keys} (V002, V006) is the authentication table:
 * one row per key keyed by the token's SHA-256, so authentication is a single-partition read on
 * every request. Nothing caches it, in this class or in its callers (the issuer's API, console
 * login, verify-api's officer routes): a revocation or an expiry is therefore refused by every
 * instance on its next request. {@code credentials} (V006) is the directory the regulator lists and
 * revokes from by id; both rows change together in a logged batch.
 *
 * <p>Methods returning {@link CompletionStage} never block; the directory's management methods
 * ({@link #issue(Principal, Set, Instant, String)}, {@link #list}, {@link #find}, {@link #revokeById})
 * block and are for worker threads and the CLI.
 */
public final class ApiKeyStore {
    /** last_used_at is written at most this often per key and instance: a timestamp, never a write per request. */
    public static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);
    private static final int DIRECTORY = 0;
    private static final String ALL_COLUMNS = "credential_id, key_hash, key_prefix, user_id, role, licensee_id, scopes, created_at, "
            + "created_by, expires_at, last_used_at, revoked_at, revoked_by, revoked_reason";

    private final CqlSession session;
    private final ApiTokens tokens;
    private final Clock clock;
    private final PreparedStatement insert;
    private final PreparedStatement insertDirectory;
    private final PreparedStatement select;
    private final PreparedStatement setId;
    private final PreparedStatement revoke;
    private final PreparedStatement revokeDirectory;
    private final PreparedStatement touch;
    private final PreparedStatement listAll;
    private final PreparedStatement findOne;
    private final Map<String, Instant> lastTouched = new ConcurrentHashMap<>();

    private ApiKeyStore(CqlSession session, ApiTokens tokens, Clock clock) {
        this.session = session;
        this.tokens = tokens;
        this.clock = clock;
        this.insert = session.prepare("INSERT INTO api_keys (key_hash, key_prefix, user_id, role, licensee_id, created_at, "
                + "credential_id, scopes, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        this.insertDirectory = session.prepare("INSERT INTO credentials (directory, " + ALL_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        this.select = session.prepare("SELECT key_prefix, user_id, role, licensee_id, created_at, revoked_at, credential_id, scopes, "
                + "expires_at FROM api_keys WHERE key_hash = ?");
        this.setId = session.prepare("UPDATE api_keys SET credential_id = ? WHERE key_hash = ?");
        this.revoke = session.prepare("UPDATE api_keys SET revoked_at = ? WHERE key_hash = ?");
        this.revokeDirectory = session.prepare("UPDATE credentials SET revoked_at = ?, revoked_by = ?, revoked_reason = ? "
                + "WHERE directory = ? AND credential_id = ?");
        this.touch = session.prepare("UPDATE credentials SET last_used_at = ? WHERE directory = ? AND credential_id = ?");
        this.listAll = session.prepare("SELECT " + ALL_COLUMNS + " FROM credentials WHERE directory = ?");
        this.findOne = session.prepare("SELECT " + ALL_COLUMNS + " FROM credentials WHERE directory = ? AND credential_id = ?");
    }

    /** Prepares the statements on a session whose keyspace holds {@code api_keys}. Blocking: call at start-up. */
    public static ApiKeyStore create(CqlSession session, Clock clock) {
        return new ApiKeyStore(session, ApiTokens.create(), clock);
    }

    /** A new key and its directory entry; the token is the only copy of the secret. */
    public record Issued(String token, Credential credential) {
    }

    /** Issues a FULL key without expiry for the principal (tests, tools); the returned token is the only copy of the secret. */
    public CompletionStage<String> issue(Principal p) {
        return CompletableFuture.supplyAsync(() -> issue(p, Scope.ALL, null, "system").token());
    }

    /**
     * Issues a key. Blocking.
     *
     * @param scopes    what the key may do; only a manufacturer's key may be narrower than FULL
     * @param expiresAt refused from this instant on; null for never
     * @param createdBy user id of the issuer, for the directory
     */
    public Issued issue(Principal p, Set<Scope> scopes, Instant expiresAt, String createdBy) {
        Instant now = clock.instant();
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("scopes must name at least one of full, order, print, activate");
        }
        if (p.role() != Role.MANUFACTURER && !scopes.equals(Scope.ALL)) {
            throw new IllegalArgumentException("only a manufacturer's key may be scoped; a " + p.role() + " key is always full");
        }
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw new IllegalArgumentException("expiresAt must be in the future, got " + expiresAt);
        }
        // Cassandra keeps milliseconds: answer what the directory will show
        expiresAt = expiresAt == null ? null : expiresAt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        String token = tokens.newToken();
        byte[] hash = ApiTokens.hash(token);
        Credential c = new Credential(ApiTokens.credentialId(hash), ApiTokens.hint(token), p, scopes, now, createdBy, expiresAt,
                null, null, null, null);
        Set<String> stored = scopes.stream().map(Enum::name).collect(Collectors.toSet());
        session.execute(BatchStatement.newInstance(DefaultBatchType.LOGGED,
                insert.bind(ByteBuffer.wrap(hash), c.keyPrefix(), p.userId(), p.role().name(), p.licenseeId().orElse(null), now,
                        c.id(), stored, expiresAt),
                directoryRow(c, hash)));
        return new Issued(token, c);
    }

    /** The principal of a live key, or empty for an unknown, malformed, revoked or expired token. */
    public CompletionStage<Optional<Principal>> authenticate(String token) {
        return authenticateCaller(token).thenApply(c -> c.map(Caller::principal));
    }

    /**
     * The caller of a live key with its credential id and scopes, or empty for an unknown, malformed,
     * revoked or expired token. Notes the use (at most once per {@link #LAST_USED_RESOLUTION}).
     */
    public CompletionStage<Optional<Caller>> authenticateCaller(String token) {
        if (!ApiTokens.wellFormed(token)) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        byte[] hash = ApiTokens.hash(token);
        return session.executeAsync(select.bind(ByteBuffer.wrap(hash)))
                .thenCompose(rs -> {
                    Row row = rs.one();
                    Instant now = clock.instant();
                    if (row == null || row.getInstant("revoked_at") != null
                            || (row.getInstant("expires_at") != null && !now.isBefore(row.getInstant("expires_at")))) {
                        return CompletableFuture.completedFuture(Optional.<Caller>empty());
                    }
                    Principal p = new Principal(row.getString("user_id"), Role.valueOf(row.getString("role")),
                            Optional.ofNullable(row.getString("licensee_id")));
                    Caller caller = new Caller(p, ApiTokens.credentialId(hash), Scope.ofStored(row.getSet("scopes", String.class)));
                    CompletionStage<?> before = row.getString("credential_id") == null ? backfill(row, hash, caller)
                            : CompletableFuture.completedFuture(null);
                    return before.thenCompose(x -> touch(caller.credentialId(), now)).thenApply(x -> Optional.of(caller));
                });
    }

    /** A key issued before V006 has no directory entry: the first use writes it (idempotent, same content on every instance). */
    private CompletionStage<?> backfill(Row row, byte[] hash, Caller caller) {
        Credential c = new Credential(caller.credentialId(), row.getString("key_prefix"), caller.principal(), Scope.ALL,
                row.getInstant("created_at"), null, null, null, null, null, null);
        return session.executeAsync(BatchStatement.newInstance(DefaultBatchType.LOGGED, directoryRow(c, hash),
                setId.bind(c.id(), ByteBuffer.wrap(hash))));
    }

    /** Writes last_used_at when this instance has not written it for the key within {@link #LAST_USED_RESOLUTION}. */
    private CompletionStage<?> touch(String id, Instant now) {
        Instant last = lastTouched.get(id);
        if (last != null && now.isBefore(last.plus(LAST_USED_RESOLUTION))) {
            return CompletableFuture.completedFuture(null);
        }
        lastTouched.put(id, now);
        // awaited so that "last used" is written when the request proceeds; a failed write only makes it a
        // minute older and never fails the request
        return session.executeAsync(touch.bind(now, DIRECTORY, id)).handle((rs, e) -> null);
    }

    /** Revokes a key by its token (the pre-V006 route); true if it existed. */
    public CompletionStage<Boolean> revoke(String token) {
        return revoke(token, null, null);
    }

    /** Revokes a key by its token, noting who and why; true if it existed. */
    public CompletionStage<Boolean> revoke(String token, String by, String reason) {
        if (!ApiTokens.wellFormed(token)) {
            return CompletableFuture.completedFuture(false);
        }
        byte[] hash = ApiTokens.hash(token);
        return session.executeAsync(select.bind(ByteBuffer.wrap(hash))).thenCompose(rs -> {
            Row row = rs.one();
            if (row == null) {
                return CompletableFuture.completedFuture(false);
            }
            Instant now = clock.instant();
            String id = ApiTokens.credentialId(hash);
            if (row.getInstant("revoked_at") != null) {
                return CompletableFuture.completedFuture(true);   // keeps its first revocation
            }
            if (row.getString("credential_id") != null) {
                return session.executeAsync(BatchStatement.newInstance(DefaultBatchType.LOGGED, revoke.bind(now, ByteBuffer.wrap(hash)),
                        revokeDirectory.bind(now, by, reason, DIRECTORY, id))).thenApply(x -> true);
            }
            Principal p = new Principal(row.getString("user_id"), Role.valueOf(row.getString("role")),
                    Optional.ofNullable(row.getString("licensee_id")));
            Credential c = new Credential(id, row.getString("key_prefix"), p, Scope.ofStored(row.getSet("scopes", String.class)),
                    row.getInstant("created_at"), null, row.getInstant("expires_at"), null, now, by, reason);
            // the directory row is written whole: a pre-V006 key gets its entry, revoked, in the same batch
            return session.executeAsync(BatchStatement.newInstance(DefaultBatchType.LOGGED,
                    revoke.bind(now, ByteBuffer.wrap(hash)), directoryRow(c, hash), setId.bind(id, ByteBuffer.wrap(hash))))
                    .thenApply(x -> true);
        });
    }

    /**
     * Revokes a key by its credential id. Blocking. A key already revoked keeps its first
     * revocation (time, by, why).
     *
     * @return the credential as it is now, or empty if no such id
     */
    public Optional<Credential> revokeById(String id, String by, String reason) {
        Optional<Credential> c = find(id);
        if (c.isEmpty() || c.get().revoked()) {
            return c;
        }
        Instant now = clock.instant();
        Row r = session.execute(findOne.bind(DIRECTORY, id)).one();
        session.execute(BatchStatement.newInstance(DefaultBatchType.LOGGED,
                revoke.bind(now, r.getByteBuffer("key_hash")),
                revokeDirectory.bind(now, by, reason, DIRECTORY, id)));
        Credential was = c.get();
        return Optional.of(new Credential(was.id(), was.keyPrefix(), was.principal(), was.scopes(), was.createdAt(), was.createdBy(),
                was.expiresAt(), was.lastUsedAt(), now, by, reason));
    }

    /**
     * True while the credential is neither revoked nor expired (one directory read): what a session
     * opened with the key checks on each request, so that it ends with its credential.
     */
    public CompletionStage<Boolean> live(String id) {
        if (!ApiTokens.wellFormedCredentialId(id)) {
            return CompletableFuture.completedFuture(false);
        }
        return session.executeAsync(findOne.bind(DIRECTORY, id)).thenApply(rs -> Optional.ofNullable(rs.one())
                .map(ApiKeyStore::credential).map(c -> !c.revoked() && !c.expired(clock.instant())).orElse(false));
    }

    /** One credential by id, or empty. Blocking. */
    public Optional<Credential> find(String id) {
        if (!ApiTokens.wellFormedCredentialId(id)) {
            return Optional.empty();
        }
        return Optional.ofNullable(session.execute(findOne.bind(DIRECTORY, id)).one()).map(ApiKeyStore::credential);
    }

    /**
     * The directory, newest first, optionally only one role's or one licensee's credentials. Blocking.
     * Keys issued before V006 appear after their first use or revocation.
     */
    public List<Credential> list(Optional<Role> role, Optional<String> licenseeId) {
        List<Credential> out = new ArrayList<>();
        for (Row r : session.execute(listAll.bind(DIRECTORY))) {
            Credential c = credential(r);
            if (role.map(x -> x == c.principal().role()).orElse(true)
                    && licenseeId.map(l -> c.principal().licenseeId().map(l::equals).orElse(false)).orElse(true)) {
                out.add(c);
            }
        }
        out.sort(Comparator.comparing(Credential::createdAt, Comparator.nullsLast(Comparator.reverseOrder())));
        return out;
    }

    private com.datastax.oss.driver.api.core.cql.BoundStatement directoryRow(Credential c, byte[] hash) {
        Principal p = c.principal();
        return insertDirectory.bind(DIRECTORY, c.id(), ByteBuffer.wrap(hash), c.keyPrefix(), p.userId(), p.role().name(),
                p.licenseeId().orElse(null), c.scopes().stream().map(Enum::name).collect(Collectors.toSet()), c.createdAt(),
                c.createdBy(), c.expiresAt(), c.lastUsedAt(), c.revokedAt(), c.revokedBy(), c.revokedReason());
    }

    private static Credential credential(Row r) {
        Principal p = new Principal(r.getString("user_id"), Role.valueOf(r.getString("role")), Optional.ofNullable(r.getString("licensee_id")));
        return new Credential(r.getString("credential_id"), r.getString("key_prefix"), p, Scope.ofStored(r.getSet("scopes", String.class)),
                r.getInstant("created_at"), r.getString("created_by"), r.getInstant("expires_at"), r.getInstant("last_used_at"),
                r.getInstant("revoked_at"), r.getString("revoked_by"), r.getString("revoked_reason"));
    }
}

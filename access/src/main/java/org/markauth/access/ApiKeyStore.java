package org.markauth.access;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * API keys in Cassandra's {@code api_keys} table (schema in ops, V002): one row per key, keyed by
 * the token's SHA-256 so that authentication is a single-partition read. Revoked keys keep their row
 * (with {@code revoked_at}) for the audit trail. Callers cache lookups briefly if they need to.
 */
public final class ApiKeyStore {
    private final CqlSession session;
    private final ApiTokens tokens;
    private final Clock clock;
    private final PreparedStatement insert;
    private final PreparedStatement select;
    private final PreparedStatement revoke;

    private ApiKeyStore(CqlSession session, ApiTokens tokens, Clock clock) {
        this.session = session;
        this.tokens = tokens;
        this.clock = clock;
        this.insert = session.prepare("INSERT INTO api_keys (key_hash, key_prefix, user_id, role, licensee_id, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?)");
        this.select = session.prepare("SELECT user_id, role, licensee_id, revoked_at FROM api_keys WHERE key_hash = ?");
        this.revoke = session.prepare("UPDATE api_keys SET revoked_at = ? WHERE key_hash = ? IF EXISTS");
    }

    /** Prepares the statements on a session whose keyspace holds {@code api_keys}. Blocking: call at start-up. */
    public static ApiKeyStore create(CqlSession session, Clock clock) {
        return new ApiKeyStore(session, ApiTokens.create(), clock);
    }

    /** Issues a key for the principal; the returned token is the only copy of the secret. */
    public CompletionStage<String> issue(Principal p) {
        String token = tokens.newToken();
        return session.executeAsync(insert.bind(ByteBuffer.wrap(ApiTokens.hash(token)), ApiTokens.hint(token),
                        p.userId(), p.role().name(), p.licenseeId().orElse(null), clock.instant()))
                .thenApply(rs -> token);
    }

    /** The principal of a live key, or empty for an unknown, malformed or revoked token. */
    public CompletionStage<Optional<Principal>> authenticate(String token) {
        if (!ApiTokens.wellFormed(token)) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return session.executeAsync(select.bind(ByteBuffer.wrap(ApiTokens.hash(token))))
                .thenApply(rs -> Optional.ofNullable(rs.one()).flatMap(ApiKeyStore::principal));
    }

    /** Revokes a key by its token; true if it existed. */
    public CompletionStage<Boolean> revoke(String token) {
        if (!ApiTokens.wellFormed(token)) {
            return CompletableFuture.completedFuture(false);
        }
        Instant now = clock.instant();
        return session.executeAsync(revoke.bind(now, ByteBuffer.wrap(ApiTokens.hash(token))))
                .thenApply(rs -> rs.wasApplied());
    }

    private static Optional<Principal> principal(Row row) {
        if (row.getInstant("revoked_at") != null) {
            return Optional.empty();
        }
        Role role = Role.valueOf(row.getString("role"));
        return Optional.of(new Principal(row.getString("user_id"), role, Optional.ofNullable(row.getString("licensee_id"))));
    }
}

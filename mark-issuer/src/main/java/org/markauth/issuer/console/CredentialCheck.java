package org.markauth.issuer.console;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.markauth.access.ApiKeyStore;
import org.markauth.access.Credential;
import org.markauth.access.Role;

/**
 * Whether a console session may go on: the credential it was opened with, read from the credential
 * directory and kept for {@code recheck} (Caffeine, timed by the console's clock) so that a busy
 * console reads it once per few seconds rather than on every request. A revocation made through
 * this instance forgets the entry at once ({@link #forget}); one made elsewhere (another instance,
 * the CLI) is seen within {@code recheck}. Expiry is judged at each request against the cached
 * credential's {@code expiresAt}, so it is never late.
 */
final class CredentialCheck {

    /** What the check found; anything but {@link #LIVE} ends the session. */
    enum Outcome {
        LIVE,
        /** revoked, or gone from the directory */
        REVOKED,
        EXPIRED,
        /** the credential no longer names the session's user (role, user or licensee differ) */
        CHANGED
    }

    private final Vertx vertx;
    private final Role role;
    private final ApiKeyStore apiKeys;
    private final Clock clock;
    private final AsyncCache<String, Optional<Credential>> cache;

    CredentialCheck(Vertx vertx, ApiKeyStore apiKeys, Clock clock, Duration recheck, Role role) {
        this.vertx = vertx;
        this.role = role;
        this.apiKeys = apiKeys;
        this.clock = clock;
        this.cache = Caffeine.newBuilder().expireAfterWrite(recheck).maximumSize(10_000)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis())).buildAsync();
    }

    /** The outcome for the session's credential; fails when the directory cannot be read (the request fails, the session stays). */
    Future<Outcome> check(ConsoleSessions.SignedIn who) {
        var read = cache.get(who.credentialId(), (id, executor) -> vertx.executeBlocking(() -> apiKeys.find(id), false)
                .toCompletionStage().toCompletableFuture());
        return Future.fromCompletionStage(read, vertx.getOrCreateContext()).map(c -> {
            if (c.isEmpty() || c.get().revoked()) {
                return Outcome.REVOKED;
            }
            if (c.get().expired(clock.instant())) {
                return Outcome.EXPIRED;
            }
            boolean same = c.get().principal().equals(who.principal()) && c.get().principal().role() == role;
            return same ? Outcome.LIVE : Outcome.CHANGED;
        });
    }

    /** Drops what is known of a credential (it was just revoked here): its next check reads the directory. */
    void forget(String credentialId) {
        cache.synchronous().invalidate(credentialId);
    }
}

package org.markauth.issuer.console;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.markauth.access.Principal;

/**
 * Server-side console sessions: the browser holds only a random id (HttpOnly, SameSite=Strict
 * cookie), the principal and the CSRF token stay here. Sessions live in the issuer process, so a
 * restart logs officers out — acceptable for an office console, and it keeps API tokens out of
 * cookies. Idle sessions expire after {@code idle}.
 */
final class Sessions {

    /** @param credentialId the API key the session was opened with: the session ends with it (revoked or expired) */
    record Session(String id, Principal principal, String credentialId, String csrf, Instant lastSeen) {
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final Duration idle;

    Sessions(Clock clock, Duration idle) {
        this.clock = clock;
        this.idle = idle;
    }

    Session open(Principal p, String credentialId) {
        Instant now = clock.instant();
        sessions.values().removeIf(s -> s.lastSeen().plus(idle).isBefore(now));
        Session s = new Session(token(), p, credentialId, token(), now);
        sessions.put(s.id(), s);
        return s;
    }

    Optional<Session> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Session s = sessions.computeIfPresent(id, (k, old) -> old.lastSeen().plus(idle).isBefore(now) ? null
                : new Session(old.id(), old.principal(), old.credentialId(), old.csrf(), now));
        return Optional.ofNullable(s);
    }

    void close(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    private String token() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}

package org.markauth.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Credential ids (derived, never the token) and states. */
class CredentialTest {

    @Test
    void theIdIsDerivedFromTheHashAndTellsNothingOfTheToken() {
        String token = ApiTokens.create().newToken();
        String id = ApiTokens.credentialId(ApiTokens.hash(token));
        assertThat(id).matches("c[0-9a-f]{16}").isEqualTo(ApiTokens.credentialId(ApiTokens.hash(token)));
        assertThat(token).doesNotContain(id.substring(1));
        assertThat(ApiTokens.wellFormedCredentialId(id)).isTrue();
        assertThat(ApiTokens.wellFormedCredentialId("C" + id.substring(1))).isFalse();
        assertThat(ApiTokens.wellFormedCredentialId(id + "0")).isFalse();
        assertThat(ApiTokens.wellFormedCredentialId(null)).isFalse();
    }

    @Test
    void aCredentialIsActiveUntilItExpiresOrIsRevoked() {
        Instant t = Instant.parse("2026-12-01T00:00:00Z");
        Principal p = Principal.manufacturer("line-1", "L1");
        Credential c = new Credential("c0123456789abcdef", "mak_ABCDEFGH", p, Set.of(Scope.ACTIVATE), t, "office-1",
                t.plusSeconds(60), null, null, null, null);
        assertThat(c.state(t)).isEqualTo("ACTIVE");
        assertThat(c.state(t.plusSeconds(60))).isEqualTo("EXPIRED");
        Credential r = new Credential(c.id(), c.keyPrefix(), p, c.scopes(), t, "office-1", null, null, t, "office-1", "lost");
        assertThat(r.state(t)).isEqualTo("REVOKED");
    }

    @Test
    void aCallerHoldsAtLeastOneScopeAndFullCoversEverything() {
        Caller full = new Caller(Principal.regulator("r"), "c0123456789abcdef", Scope.ALL);
        assertThat(full.may(Scope.PRINT)).isTrue();
        Caller line = new Caller(Principal.manufacturer("l", "L1"), "c0123456789abcdef", Set.of(Scope.ACTIVATE));
        assertThat(line.may(Scope.PRINT)).isFalse();
        assertThat(line.may(Scope.ACTIVATE)).isTrue();
        assertThatThrownBy(() -> new Caller(Principal.regulator("r"), "c0123456789abcdef", Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

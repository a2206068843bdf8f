package org.markauth.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiTokensTest {

    @Test
    void tokensAreWellFormedDistinctAndHashTo32Bytes() {
        ApiTokens tokens = ApiTokens.create();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String t = tokens.newToken();
            assertThat(ApiTokens.wellFormed(t)).isTrue();
            assertThat(seen.add(t)).isTrue();
        }
        assertThat(ApiTokens.hash("mak_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")).hasSize(32);
    }

    @Test
    void bearerHeaderParsingIsStrict() {
        String t = ApiTokens.create().newToken();
        assertThat(ApiTokens.fromAuthorizationHeader("Bearer " + t)).contains(t);
        assertThat(ApiTokens.fromAuthorizationHeader("bearer " + t)).contains(t);
        assertThat(ApiTokens.fromAuthorizationHeader("Basic " + t)).isEmpty();
        assertThat(ApiTokens.fromAuthorizationHeader("Bearer " + t.toLowerCase())).isEmpty();
        assertThat(ApiTokens.fromAuthorizationHeader("Bearer " + "x".repeat(500))).isEmpty();
        assertThat(ApiTokens.fromAuthorizationHeader(null)).isEmpty();
    }

    @Test
    void manufacturersActOnlyForTheirOwnLicensee() {
        Principal m = Principal.manufacturer("u1", "L1");
        assertThat(m.mayActFor("L1")).isTrue();
        assertThat(m.mayActFor("L2")).isFalse();
        assertThat(Principal.regulator("r").mayActFor("L2")).isTrue();
        assertThat(Principal.officer("o").mayActFor("L1")).isFalse();
        assertThat(Principal.officer("o").readsEverything()).isTrue();
        assertThatThrownBy(() -> new Principal("u", Role.MANUFACTURER, java.util.Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

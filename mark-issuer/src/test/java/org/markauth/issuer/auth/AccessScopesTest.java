package org.markauth.issuer.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.markauth.access.Caller;
import org.markauth.access.Principal;
import org.markauth.access.Scope;
import org.markauth.issuer.IssuerException;

/** The scope a route needs, decided from method and path before any handler (deny by default for narrow keys). */
class AccessScopesTest {

    @Test
    void readsNeedNoScopeButPrintFilesAndTheCredentialDirectoryDo() {
        assertThat(Permissions.scopeFor("GET", "/api/v1/batches/7")).isEmpty();
        assertThat(Permissions.scopeFor("GET", "/api/v1/batches/7/ranges")).isEmpty();
        assertThat(Permissions.scopeFor("GET", "/api/v1/batches/7/print/batch.csv")).contains(Scope.PRINT);
        assertThat(Permissions.scopeFor("GET", "/api/v1/credentials")).contains(Scope.FULL);
        assertThat(Permissions.scopeFor("GET", "/api/v1/credentials/c0123456789abcdef")).contains(Scope.FULL);
    }

    @Test
    void writesNeedTheirScopeAndEveryOtherWriteNeedsFull() {
        assertThat(Permissions.scopeFor("POST", "/api/v1/batches")).contains(Scope.ORDER);
        assertThat(Permissions.scopeFor("POST", "/api/v1/batches/7/activations")).contains(Scope.ACTIVATE);
        assertThat(Permissions.scopeFor("POST", "/api/v1/batches/7/voids")).contains(Scope.ACTIVATE);
        assertThat(Permissions.scopeFor("POST", "/api/v1/batches/7/recall")).contains(Scope.FULL);
        assertThat(Permissions.scopeFor("POST", "/api/v1/epcis/capture")).contains(Scope.FULL);
        assertThat(Permissions.scopeFor("DELETE", "/api/v1/anything")).contains(Scope.FULL);
        assertThat(Permissions.scopeFor("POST", "/api/v1/batches/7/activations/extra")).isEqualTo(Optional.of(Scope.FULL));
    }

    @Test
    void aLineKeyIsRefusedWithTheScopeItNeeds() {
        Caller line = new Caller(Principal.manufacturer("line-1", "L1"), "c0123456789abcdef", Set.of(Scope.ACTIVATE));
        Permissions.requireScope(line, "POST", "/api/v1/batches/7/activations");
        assertThatThrownBy(() -> Permissions.requireScope(line, "GET", "/api/v1/batches/7/print/batch.csv"))
                .isInstanceOf(IssuerException.Forbidden.class).hasMessageContaining("needs scope print")
                .hasMessageContaining("has scope [activate]");
        Caller full = new Caller(Principal.manufacturer("m", "L1"), "c0123456789abcdee", Scope.ALL);
        Permissions.requireScope(full, "POST", "/api/v1/epcis/capture");
    }

    @Test
    void aStationKeyCallsOnlyTheStationAndTheStationAnswersOnlyAStationKey() {
        Caller station = new Caller(Principal.manufacturer("station:L0123456789ab", "L1"), "c0123456789abcdef", Set.of(Scope.STATION));
        Permissions.requireScope(station, "POST", "/api/v1/station/scans");
        Permissions.requireScope(station, "GET", "/api/v1/station/session");
        assertThatThrownBy(() -> Permissions.requireScope(station, "GET", "/api/v1/batches/7"))
                .isInstanceOf(IssuerException.Forbidden.class).hasMessageContaining("may call only /api/v1/station/*");
        assertThatThrownBy(() -> Permissions.requireScope(station, "GET", "/api/v1/stationery"))
                .isInstanceOf(IssuerException.Forbidden.class);
        Caller full = new Caller(Principal.manufacturer("m", "L1"), "c0123456789abcdee", Scope.ALL);
        assertThat(Scope.covers(Scope.ALL, Scope.STATION)).isFalse();
        assertThatThrownBy(() -> Permissions.requireScope(full, "GET", "/api/v1/station/session"))
                .isInstanceOf(IssuerException.Forbidden.class).hasMessageContaining("POST /api/v1/lines/{lineId}/keys");
        assertThat(Permissions.scopeFor("GET", "/api/v1/station/session")).contains(Scope.STATION);
    }

    @Test
    void scopesParseInEitherCaseAndNameTheChoices() {
        assertThat(Scope.parse("Print")).isEqualTo(Scope.PRINT);
        assertThatThrownBy(() -> Scope.parse("admin")).hasMessageContaining("full, order, print, activate");
        assertThat(Scope.ofStored(null)).isEqualTo(Scope.ALL);
    }
}

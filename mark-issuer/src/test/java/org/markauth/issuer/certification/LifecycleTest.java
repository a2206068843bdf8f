package org.markauth.issuer.certification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.markauth.issuer.IssuerException;
import org.markauth.issuer.registry.Licensee;
import org.markauth.issuer.registry.Product;

/** The lifecycle's state machine ({@link Step}) and what an application refuses to be filed with. */
class LifecycleTest {

    @Test
    void theHappyPathLeadsFromSubmittedToLicensed() {
        AppState s = AppState.SUBMITTED;
        for (Step step : List.of(Step.CHECK_COMPLETE, Step.ASSIGN, Step.SCORE, Step.GRANT, Step.DISMISS_OBJECTION, Step.ACTIVATE)) {
            step.check("a", s);
            s = step.to();
        }
        assertThat(s).isEqualTo(AppState.LICENSED);
    }

    @Test
    void aReturnedApplicationComesBackOnlyByResubmission() {
        assertThat(Step.RETURN.to()).isEqualTo(AppState.RETURNED);
        for (Step step : Step.values()) {
            assertThat(step.allowedFrom(AppState.RETURNED)).as("%s", step).isEqualTo(step == Step.RESUBMIT || step == Step.EVIDENCE
                    || step == Step.WITHDRAW);
        }
        assertThat(Step.RESUBMIT.to()).isEqualTo(AppState.SUBMITTED);
    }

    @Test
    void finalStatesTakeNoStepAndTheRefusalSaysSo() {
        for (AppState s : EnumSet.of(AppState.REFUSED, AppState.LICENSED, AppState.WITHDRAWN)) {
            assertThat(s.isFinal()).isTrue();
            for (Step step : Step.values()) {
                assertThat(step.allowedFrom(s)).as("%s from %s", step, s).isFalse();
            }
        }
        assertThatThrownBy(() -> Step.GRANT.check("app-1", AppState.LICENSED))
                .isInstanceOf(IssuerException.Conflict.class)
                .hasMessage("application app-1 is LICENSED; the office may grant it only when it is SCORED (LICENSED is final: file a new application)");
    }

    @Test
    void aDecisionNeedsTheScoresAndAnActivationTheNotice() {
        assertThatThrownBy(() -> Step.GRANT.check("a", AppState.UNDER_EVALUATION)).isInstanceOf(IssuerException.Conflict.class)
                .hasMessageContaining("is UNDER_EVALUATION; the office may grant it only when it is SCORED");
        assertThatThrownBy(() -> Step.ACTIVATE.check("a", AppState.SCORED)).isInstanceOf(IssuerException.Conflict.class)
                .hasMessageContaining("only when it is IN_NOTICE");
        assertThatThrownBy(() -> Step.ASSIGN.check("a", AppState.SUBMITTED)).isInstanceOf(IssuerException.Conflict.class)
                .hasMessageContaining("only when it is COMPLETENESS_CHECKED");
        assertThat(Step.UPHOLD_OBJECTION.to()).isEqualTo(AppState.REFUSED);
        assertThat(Step.EVIDENCE.from()).isEqualTo(Set.of(AppState.SUBMITTED, AppState.RETURNED));
    }

    @Test
    void anApplicationMayBeWithdrawnOnlyBeforeTheDecision() {
        for (AppState s : AppState.values()) {
            assertThat(Step.WITHDRAW.allowedFrom(s)).as("%s", s).isEqualTo(!s.isFinal() && !s.decided());
        }
        assertThat(Step.WITHDRAW.to()).isEqualTo(AppState.WITHDRAWN);
        assertThatThrownBy(() -> Step.WITHDRAW.check("a", AppState.IN_NOTICE)).isInstanceOf(IssuerException.Conflict.class)
                .hasMessageStartingWith("application a is IN_NOTICE; one may withdraw it only when it is SUBMITTED or RETURNED");
    }

    @Test
    void everyOpenStateHasAnSlaAndOnlyOpenStates() {
        for (AppState s : AppState.values()) {
            assertThat(s.sla() == null).as("%s", s).isEqualTo(s == AppState.REFUSED || s == AppState.LICENSED || s == AppState.WITHDRAWN);
        }
        Application a = new Application(UUID.randomUUID(), filing("https://www.qybz.org.cn/x"), AppState.SUBMITTED,
                Instant.parse("2026-12-01T00:00:00Z"), "u", "REGULATOR", Instant.parse("2026-12-01T00:00:00Z"), null, null, null, null,
                null, null, null, null);
        assertThat(a.overdue(Instant.parse("2026-12-05T00:00:00Z"))).isFalse();
        assertThat(a.overdue(Instant.parse("2026-12-06T00:00:01Z"))).isTrue();
    }

    @Test
    void theSelfDeclarationMustBeAnHttpsUrl() {
        assertThat(filing("https://www.qybz.org.cn/std/123").declarationUrl()).isEqualTo("https://www.qybz.org.cn/std/123");
        for (String bad : new String[] {"http://www.qybz.org.cn/x", "javascript:alert(1)", "https://", "www.qybz.org.cn",
                "https://user@www.qybz.org.cn/x", " "}) {
            assertThatThrownBy(() -> filing(bad)).as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("declarationUrl");
        }
    }

    @Test
    void aNewEnterpriseNeedsAValidUsccAndTheApplicationsLicenseeId() {
        String uscc = org.markauth.issuer.registry.Uscc.withCheckCharacter("91440606MA4UKQ6E3");
        String wrongCheck = uscc.substring(0, 17) + (uscc.charAt(17) == '0' ? '1' : '0');
        Licensee.Details ok = new Licensee.Details("NEW1", "佛山新企业有限公司", null, uscc, "顺德", Map.of());
        assertThat(new Application.Filing("NEW1", ok, product("NEW1"), "T/1", "2025", "https://a.example/x", null).newLicensee()).isEqualTo(ok);
        assertThatThrownBy(() -> new Application.Filing("NEW1", new Licensee.Details("NEW1", "x", null, wrongCheck, null, Map.of()),
                product("NEW1"), "T/1", "2025", "https://a.example/x", null)).hasMessageContaining("uscc");
        assertThatThrownBy(() -> new Application.Filing("NEW2", ok, product("NEW2"), "T/1", "2025", "https://a.example/x", null))
                .hasMessageContaining("newLicensee.licenseeId");
    }

    static Application.Filing filing(String url) {
        return new Application.Filing("L1", null, product("L1"), "T/FSBZ 001-2025", "2025", url, null);
    }

    static Product.Details product(String licensee) {
        return new Product.Details(0, licensee, "电饭煲", null, "RC-1", "appliance", null, "T/FSBZ 001-2025", "Rice cookers", Map.of(),
                List.of(), Set.of());
    }
}

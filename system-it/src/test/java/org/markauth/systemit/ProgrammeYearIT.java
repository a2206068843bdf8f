package org.markauth.systemit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.access.Principal;
import org.markauth.issuer.IssuerException;
import org.markauth.issuer.certificate.Certificates;
import org.markauth.issuer.certification.AppState;
import org.markauth.issuer.certification.Application;
import org.markauth.issuer.certification.Criterion;
import org.markauth.issuer.certification.EvaluationBody;
import org.markauth.issuer.certification.Expert;
import org.markauth.issuer.certification.Scores;
import org.markauth.issuer.credit.Grade;
import org.markauth.issuer.registry.Licensee;
import org.markauth.issuer.registry.Product;
import org.markauth.issuer.registry.Uscc;
import org.markauth.issuer.standards.Indicator;
import org.markauth.issuer.standards.StandardVersion;
import org.markauth.issuer.standards.Standards;
import org.markauth.issuer.supervision.Consequence;
import org.markauth.issuer.supervision.Draw;
import org.markauth.issuer.supervision.Supervision;
import org.markauth.verify.app.VerifyServer;

/**
 * One enterprise's year in the programme, across both services (issue 19): a programme standard is
 * published; the enterprise applies; the office checks the file, assigns experts (one from the
 * applicant's own district is refused), records their scores and grants; the public notice runs out;
 * the licence becomes ACTIVE with its certificate, whose QR verify-api answers as a certificate; the
 * manufacturer orders marks and a consumer's scan says genuine; the year's random draw picks the
 * enterprise, the sample fails a core indicator, the office suspends the licence; and the consumer's
 * page of the same unit, and the certificate's, now say suspended, while the credit file holds the
 * failed sample and the suspension.
 */
class ProgrammeYearIT {

    private static final Principal OFFICE = SystemFixture.REGULATOR;
    private static final String SHUNDE_USCC = Uscc.withCheckCharacter("91440606MA55PY011");

    private static SystemFixture fx;
    private static VerifyServer verify;

    @BeforeAll
    static void up() throws Exception {
        fx = new SystemFixture("sys_programme_it");
        verify = fx.startVerify();
    }

    @AfterAll
    static void down() {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void anEnterpriseIsCertifiedSampledAndSuspendedAndConsumersSeeEachStep() throws Exception {
        var s = fx.issuer;
        // the programme standard, with a core indicator a lab value is judged against
        Standards.Detail std = s.standards.create(OFFICE, new Standards.NewStandard("T/FSBZ 0101-2026", "陶瓷砖（瓷质砖）",
                "Ceramic tiles (porcelain)", "陶瓷", "2026", List.of(new Indicator("吸水率", "%", "E ≤ 0.5%", null, 0.5)),
                List.of("ISO 13006:2018")));
        s.standards.changeStatus(OFFICE, std.standard().standardId(), "2026", StandardVersion.Status.PUBLISHED, "审定发布");

        // apply: a new Shunde enterprise, paper intake by the office
        Application.Filing filing = new Application.Filing("PY-TILES",
                new Licensee.Details("PY-TILES", "佛山市顺德区鹏跃陶瓷有限公司", "Foshan Shunde Pengyue Ceramics", SHUNDE_USCC, "佛山市顺德区", Map.of()),
                new Product.Details(0, "PY-TILES", "瓷质抛光砖 800×800", "Porcelain tile 800×800", "PY-800", "陶瓷砖", null,
                        "T/FSBZ 0101-2026", "陶瓷砖（瓷质砖）", Map.of(), List.of(), Set.of("CN")),
                "T/FSBZ 0101-2026", "2026", "https://www.qybz.org.cn/std/py-tiles", null);
        Application a = s.certification.apply(OFFICE, filing);
        UUID id = a.appId();
        s.certification.checkComplete(OFFICE, id, "材料齐全");

        // evaluate: an expert from the applicant's own district is refused; two from elsewhere score it
        Instant now = fx.issuer.clock.instant();
        s.certification.saveBody(OFFICE, new EvaluationBody("FSQI", "佛山市质量技术评审中心", "CNAS", "0757-0000", now));
        s.certification.saveExpert(OFFICE, new Expert("E-SD", "顺德专家", "陶瓷", "440606", "顺德某院", Set.of(), true, now));
        s.certification.saveExpert(OFFICE, new Expert("E-NH", "南海专家", "陶瓷", "440605", "南海某院", Set.of(), true, now));
        s.certification.saveExpert(OFFICE, new Expert("E-CC", "禅城专家", "陶瓷", "440604", "禅城某院", Set.of(), true, now));
        assertThatThrownBy(() -> s.certification.assign(OFFICE, id, "FSQI", List.of("E-SD", "E-NH"), null))
                .isInstanceOf(IssuerException.class).hasMessageContaining("E-SD");
        s.certification.assign(OFFICE, id, "FSQI", List.of("E-NH", "E-CC"), null);
        for (String expert : List.of("E-NH", "E-CC")) {
            Map<Criterion, Integer> marks = new EnumMap<>(Criterion.class);
            for (Criterion c : Criterion.values()) {
                marks.put(c, 85);
            }
            s.certification.score(OFFICE, id, new Scores(expert, marks, "吸水率等指标优于标准", OFFICE.userId(), now));
        }

        // decide: granted, a public notice of 7 days; activation is refused while it runs
        Application granted = s.certification.decide(OFFICE, id, true, "专家评价通过", 7);
        assertThat(granted.state()).isEqualTo(AppState.IN_NOTICE);
        assertThatThrownBy(() -> s.certification.activate(OFFICE, id, 3)).hasMessageContaining("runs until");
        // the notice period passes with no objection (verify-api's clock is the real one, so the notice's end is
        // moved rather than the issuer's clock, which would date the licence in verify-api's future)
        fx.ks.session().execute("UPDATE cert_notices SET closes_at = ? WHERE bucket = 'all' AND notice_id = ?", Instant.now().minusSeconds(1),
                granted.noticeId());

        // active licence, linked to the standard, with its certificate
        Application licensed = s.certification.activate(OFFICE, id, 3);
        assertThat(licensed.state()).isEqualTo(AppState.LICENSED);
        int productId = licensed.productId();
        assertThat(s.registry.findProduct(productId).orElseThrow().coreIndicators()).containsKey("吸水率");
        Certificates.Entry cert = s.certificates.ofProduct(OFFICE, productId).get(0);
        String certificateUrl = cert.certificate().url();

        // the certificate's QR verifies as a certificate of an active licence
        JsonObject certVerdict = fx.verify(verify, certificateUrl);
        assertThat(certVerdict.getString("kind")).isEqualTo("CERTIFICATE");
        assertThat(certVerdict.getString("code")).isEqualTo("GENUINE");
        assertThat(certVerdict.getJsonObject("certificate").getString("status")).isEqualTo("ACTIVE");

        // marks ordered by the manufacturer; a consumer's scan says genuine
        Principal maker = Principal.manufacturer("py-maker", "PY-TILES");
        SystemFixture.Issued issued = fx.issueActive(maker, productId, 4, "PY-2026-01");
        String unit = issued.codes().get(0);
        assertThat(fx.verify(verify, unit).getString("code")).isEqualTo("GENUINE");

        // the year's random draw (双随机) picks the enterprise with an inspector from another district
        s.supervision.putInspector(OFFICE, "INS-SD", "顺德检查员", "440606", "顺德区市场监管局", Set.of(), true);
        s.supervision.putInspector(OFFICE, "INS-GM", "高明检查员", "440608", "高明区市场监管局", Set.of(), true);
        // announced (candidates frozen, the secret committed, a public value of tomorrow named); the public value entered and the
        // secret revealed once that day has come: on a clock two days on (the world's clock is not moved, see above)
        String secret = "py-office-secret-7d41c09e";
        LocalDate tomorrow = LocalDate.ofInstant(fx.issuer.clock.instant(), Supervision.ZONE).plusDays(1);
        Draw announced = s.supervision.announce(OFFICE, Supervision.Announcement.ofSecret(2026, 1, 1, LocalDate.now().plusDays(30),
                "上证指数收盘点位", tomorrow, secret));
        Supervision later = new Supervision(s.session, s.registry, s.standards, s.changes,
                java.time.Clock.offset(fx.issuer.clock, java.time.Duration.ofDays(2)));
        later.witness(Principal.regulator("py-witness"), announced.drawId(), "3012.48");
        Draw draw = later.reveal(OFFICE, announced.drawId(), secret);
        assertThat(s.supervision.verify(OFFICE, draw.drawId())).hasValueSatisfying(v -> assertThat(v.same()).isTrue());
        assertThat(draw.result()).singleElement().satisfies(pick -> {
            assertThat(pick.licenseeId()).isEqualTo("PY-TILES");
            assertThat(pick.inspectorIds()).containsExactly("INS-GM");
        });
        UUID task = draw.taskIds().get(0);

        // the sample fails its core indicator; the office suspends the licence
        assertThat(s.supervision.recordResult(OFFICE, task, "吸水率", "0.9", null, "国家陶瓷质检中心", "R-2026-031").pass()).isFalse();
        s.supervision.impose(OFFICE, task, Consequence.Kind.SUSPENSION, null, "吸水率 0.9% 超过 0.5%");

        // consumers see it: the unit's verdict and page, and the certificate's
        List<JsonObject> after = fx.awaitVerdicts(unit, Duration.ofSeconds(20), j -> "LICENCE_SUSPENDED".equals(j.getString("code")));
        assertThat(after).extracting(j -> j.getString("code")).containsExactly("LICENCE_SUSPENDED");
        assertThat(fx.page(verify, unit)).contains("Certification licence suspended");
        JsonObject certAfter = fx.verify(verify, certificateUrl);
        assertThat(certAfter.getJsonObject("certificate").getString("status")).isEqualTo("SUSPENDED");
        assertThat(certAfter.getString("code")).isNotEqualTo("GENUINE");

        // and the enterprise's quality-credit file holds the failed sample and the suspension
        var file = s.credit.file(OFFICE, "PY-TILES");
        assertThat(file.events()).extracting(e -> e.event().kind().name()).contains("SAMPLING_FAILURE", "SUSPENSION");
        assertThat(file.grading().grade()).isIn(Grade.B, Grade.C);
    }
}

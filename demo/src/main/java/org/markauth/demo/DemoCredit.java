package org.markauth.demo;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.markauth.access.Principal;
import org.markauth.issuer.app.IssuerServices;
import org.markauth.issuer.credit.CreditEvent;
import org.markauth.issuer.credit.CreditFile;
import org.markauth.issuer.credit.CreditKind;
import org.markauth.issuer.registry.Licensee;
import org.markauth.issuer.registry.Product;
import org.markauth.issuer.registry.Uscc;

/**
 * The demo's quality-credit files (issue 19, docs/credit.md), so that the console's credit pages and
 * both public lists show someone. The demo's recall (FS-JINTAO) and suspension (FS-HUAYU) were
 * recorded by their sources as the programme seeded them; here the office records what it decided:
 * a third enterprise, FS-HONGYI (Shunde), with a clean sampling and nothing against it is grade A, on the
 * red list; FS-HUAYU's sampling failure behind its suspension, a complaint upheld and compensation paid
 * first bring it to 9 points, grade D, on the black list (it can no longer order marks); FS-JINTAO gets a
 * clean sampling and the forged-mark case of its cloned code (0 points), staying B for its recall.
 * Idempotent: the licensee is created once and every event is identified by its reference.
 */
final class DemoCredit {

    static final String LICENSEE_RED = "FS-HONGYI";
    static final int PRODUCT_RED = 20269501;   // clear of the other demo products (20260001-20260005)

    private final IssuerServices s;
    private final Principal regulator = Principal.regulator("demo-seed");

    DemoCredit(IssuerServices s) {
        this.s = s;
    }

    void seed(DemoState st) {
        LocalDate today = LocalDate.ofInstant(s.clock.instant(), CreditFile.ZONE);
        if (s.registry.findLicensee(LICENSEE_RED).isEmpty()) {
            s.registry.createLicensee(regulator, new Licensee.Details(LICENSEE_RED, "佛山市顺德区鸿艺陶瓷有限公司",
                    "Foshan Shunde Hongyi Ceramics Co., Ltd.", Uscc.withCheckCharacter("91440606MA53H8K4P"),
                    "广东省佛山市顺德区乐从镇陶瓷城12号", Map.of("质量负责人", "梁嘉欣", "电话", "0757-2883 4321")));
            s.registry.createProduct(regulator, new Product.Details(PRODUCT_RED, LICENSEE_RED, "全抛釉大板 900×1800",
                    "Full-polished glazed slab 900×1800", "HY-Q9180", "陶瓷砖", null, "GB/T 4100-2015", "陶瓷砖",
                    Map.of("吸水率", "E ≤ 0.5%", "破坏强度", "≥ 1300 N", "放射性", "A类"), List.of(), Set.of("CN")));
            Instant now = s.clock.instant();
            s.registry.grantLicence(regulator, PRODUCT_RED, "CQM-FS-2026-0951", now.minus(Duration.ofDays(200)),
                    now.plus(Duration.ofDays(3 * 365)), "demo: certified after type test");
        }
        record(LICENSEE_RED, CreditKind.CLEAN_SAMPLING, today.minusDays(60), "CJ-2026-FS-0117",
                "2026 年度市级监督抽查：全抛釉大板各项核心指标合格");

        record(DemoProgramme.LICENSEE_SANITARY, CreditKind.SAMPLING_FAILURE, today.minusDays(12), "CJ-2026-FS-0093",
                "监督抽查：节水型连体坐便器用水量 5.8 L，超过 5.0 L 的核心指标");
        record(DemoProgramme.LICENSEE_SANITARY, CreditKind.COMPLAINT_UPHELD, today.minusDays(8), "TS-2026-0412",
                "消费者投诉坐便器冲洗不净，经核实投诉成立");
        record(DemoProgramme.LICENSEE_SANITARY, CreditKind.COMPENSATION_PAID_FIRST, today.minusDays(5), "XP-2026-0031",
                "项目赔付基金先行赔付消费者 1,280 元，已向企业追偿");

        record(DemoProgramme.LICENSEE_TILES, CreditKind.CLEAN_SAMPLING, today.minusDays(150), "CJ-2026-FS-0042",
                "2026 年度市级监督抽查：瓷质抛光砖各项核心指标合格");
        record(DemoProgramme.LICENSEE_TILES, CreditKind.FORGED_MARKS, today, "CLONE-" + st.get("batch.main") + "-" + DemoProgramme.CLONED_UNIT,
                "市场检查发现仿冒瓷砖复制本企业标志，该码已封锁");
        s.credit.regradeAll();
        st.put("credit.red", LICENSEE_RED);
        st.put("credit.black", DemoProgramme.LICENSEE_SANITARY);
    }

    private void record(String licensee, CreditKind kind, LocalDate date, String reference, String summary) {
        s.credit.record(regulator, new CreditEvent(licensee, kind, date, reference, summary));
    }

    /** The printout's credit lines. */
    static String summary(DemoState st, String verifyBase, String issuerBase) {
        if (st.find("credit.red").isEmpty()) {
            return "Quality credit: this demo was seeded before the credit files existed; ops/run --reset seeds them\n\n";
        }
        return "Quality credit (docs/credit.md): " + st.get("credit.red") + " is grade A, " + st.get("credit.black")
                + " grade D (its orders of marks are refused)\n"
                + "  red list (public)    " + verifyBase + "/lists/red   (?lang=en; JSON " + verifyBase + "/api/v1/lists/red)\n"
                + "  black list (public)  " + verifyBase + "/lists/black\n"
                + "  credit files         " + issuerBase + "/console/credit (console), GET " + issuerBase + "/api/v1/credit/<licenseeId>\n\n";
    }
}

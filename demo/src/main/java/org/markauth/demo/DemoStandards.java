package org.markauth.demo;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.markauth.access.Principal;
import org.markauth.issuer.app.IssuerServices;
import org.markauth.issuer.standards.Indicator;
import org.markauth.issuer.standards.StandardVersion;
import org.markauth.issuer.standards.Standards;
import org.markauth.issuer.supervision.Consequence;
import org.markauth.issuer.supervision.Draw;
import org.markauth.issuer.supervision.Supervision;
import org.markauth.issuer.supervision.Task;

/**
 * The demo's standards registry and supervision (issue 19, items 1 and 3): four programme standards
 * (ceramic tiles and sanitary ware linked to the demo's products, a rice-cooker standard with a draft
 * revision, a withdrawn aluminium-profile standard), an inspector pool over Foshan's districts with a
 * declared conflict, the year's draw (announced naming a public source, its public value entered by a
 * second regulator user, drawn from the revealed secret), and the sampling task of FS-HUAYU's drawn product whose water absorption fails its
 * indicator, with a rectification deadline. Runs while every demo licence is
 * still active (before the seed suspends the toilet's), once; a keyspace that already holds standards
 * is left as it is.
 */
final class DemoStandards {

    /** The public value a second regulator user enters after its date (docs/supervision.md, "The draw"). */
    static final String WITNESS_PART = "05 11 16 23 28 30 + 09";
    /** Where the demo's public part is said to come from (the number above is made up: this is a demo). */
    static final String PUBLIC_SOURCE = "中国福利彩票双色球";

    /** More than the demo has candidates: every enterprise is drawn, whatever the seed, so FS-HUAYU has a task to fail. */
    private static final int DRAW_ALL = 50;

    private final IssuerServices s;
    private final Principal regulator = Principal.regulator("demo-seed");
    private final Principal witness = Principal.regulator("demo-witness");

    DemoStandards(IssuerServices s) {
        this.s = s;
    }

    void seed(DemoState st) {
        if (!s.standards.list(regulator).isEmpty()) {
            return;
        }
        standard("T/FSBZ 0101-2026", "陶瓷砖（瓷质砖）", "Ceramic tiles (porcelain)", "陶瓷", List.of(
                new Indicator("吸水率", "%", "E ≤ 0.5%", null, 0.5),
                new Indicator("破坏强度", "N", "≥ 1300 N（厚度 ≥ 7.5 mm）", 1300.0, null),
                new Indicator("断裂模数", "MPa", "≥ 35 MPa", 35.0, null),
                new Indicator("放射性", null, "A类（内照射指数 ≤ 1.0）", null, 1.0)),
                List.of("ISO 13006:2018", "EN 14411:2016", "GB/T 4100-2015"), true);
        standard("T/FSBZ 0102-2026", "卫生陶瓷（节水型）", "Sanitary ceramic ware (water-saving)", "卫浴", List.of(
                new Indicator("吸水率", "%", "≤ 0.5%", null, 0.5),
                new Indicator("用水量", "L", "≤ 5.0 L（节水型）", null, 5.0),
                new Indicator("冲洗功能", null, "球排放 100 个，≥ 90 个；墨线完全冲净", null, null)),
                List.of("EN 997:2018", "ASME A112.19.2-2018", "GB/T 6952-2015"), true);
        standard("T/FSBZ 0201-2026", "家用电饭煲", "Household rice cookers", "家电", List.of(
                new Indicator("热效率", "%", "≥ 88%", 88.0, null),
                new Indicator("待机功率", "W", "≤ 1.0 W", null, 1.0),
                new Indicator("内胆涂层", null, "耐磨 ≥ 5000 次，无脱落", null, null)),
                List.of("IEC 60335-2-15:2016", "GB 4706.19-2008"), true);
        s.standards.addVersion(regulator, "T-FSBZ-0201-2026", "2027", List.of(
                new Indicator("热效率", "%", "≥ 90%", 90.0, null),
                new Indicator("待机功率", "W", "≤ 0.5 W", null, 0.5)), List.of("IEC 60335-2-15:2024"));
        standard("T/FSBZ 0301-2025", "铝合金建筑型材", "Aluminium alloy building profiles", "铝型材", List.of(
                new Indicator("膜厚", "μm", "平均膜厚 ≥ 10 μm", 10.0, null)), List.of("EN 755-2:2016", "GB/T 5237.1-2017"), true);
        s.standards.changeStatus(regulator, "T-FSBZ-0301-2025", "2025", StandardVersion.Status.WITHDRAWN,
                "demo: 并入 GB/T 5237 新版，本标准废止");

        s.standards.link(regulator, "T-FSBZ-0101-2026", "2026", DemoProgramme.PRODUCT_TILE);
        s.standards.link(regulator, "T-FSBZ-0102-2026", "2026", DemoProgramme.PRODUCT_TOILET);
        s.standards.link(regulator, "T-FSBZ-0102-2026", "2026", DemoProgramme.PRODUCT_BASIN);

        inspector("FS-INS-01", "陈志明", "440604", "佛山市禅城区市场监督管理局", Set.of());
        inspector("FS-INS-02", "李慧", "440605", "佛山市南海区市场监督管理局", Set.of());
        inspector("FS-INS-03", "王建国", "440606", "佛山市顺德区市场监督管理局", Set.of(DemoProgramme.LICENSEE_SANITARY));
        inspector("FS-INS-04", "张敏", "440607", "佛山市三水区市场监督管理局", Set.of());
        inspector("FS-INS-05", "刘洋", "440608", "佛山市质量计量监督检测中心", Set.of(DemoProgramme.LICENSEE_TILES));
        inspector("FS-INS-06", "黄晓燕", "440606", "广东省陶瓷产品质量监督检验站", Set.of());

        LocalDate today = LocalDate.now(s.clock.withZone(ZoneOffset.UTC));
        // the office's secret is random, as it must be; it is published with the draw at the reveal
        byte[] random = new byte[16];
        new java.security.SecureRandom().nextBytes(random);
        String secret = java.util.HexFormat.of().formatHex(random);
        // the seed's public part must become known after the announcement: the demo's draw is announced as of two days
        // ago (a Supervision on a clock set back), naming yesterday's lottery, so the seed can enter it and draw today
        java.time.Clock twoDaysAgo = java.time.Clock.offset(s.clock, java.time.Duration.ofDays(-2));
        Supervision announcing = new Supervision(s.session, s.registry, s.standards, s.changes, twoDaysAgo);
        LocalDate yesterday = LocalDate.now(s.clock.withZone(Supervision.ZONE)).minusDays(1);
        Draw announced = announcing.announce(regulator, Supervision.Announcement.ofSecret(today.getYear(), DRAW_ALL, 2,
                today.plusDays(60), PUBLIC_SOURCE + " " + yesterday + " 开奖号码", yesterday, secret));
        s.supervision.witness(witness, announced.drawId(), WITNESS_PART);
        Draw d = s.supervision.reveal(regulator, announced.drawId(), secret);
        st.put("supervision.draw", d.drawId().toString());
        // the seed decides which of FS-HUAYU's two products is sampled; both are sanitary ware of T/FSBZ 0102-2026
        Task sample = d.taskIds().stream().map(id -> s.supervision.task(regulator, id).task())
                .filter(t -> t.licenseeId().equals(DemoProgramme.LICENSEE_SANITARY)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the demo's draw of every enterprise lacks FS-HUAYU: " + d.result()));
        st.put("supervision.task", sample.taskId().toString());
        s.supervision.recordResult(regulator, sample.taskId(), "吸水率", "0.8", null, "国家陶瓷及水暖卫浴产品质量检验检测中心", "WT2026-1187");
        s.supervision.impose(regulator, sample.taskId(), Consequence.Kind.RECTIFICATION, today.plusDays(30),
                "吸水率 0.8% 超过限值 0.5%：限期 30 日整改并复检");
    }

    private void standard(String no, String titleZh, String titleEn, String sector, List<Indicator> indicators, List<String> benchmarks,
                          boolean publish) {
        Standards.Detail d = s.standards.create(regulator, new Standards.NewStandard(no, titleZh, titleEn, sector,
                no.substring(no.length() - 4), indicators, benchmarks));
        if (publish) {
            s.standards.changeStatus(regulator, d.standard().standardId(), no.substring(no.length() - 4), StandardVersion.Status.PUBLISHED,
                    "demo: 标准化委员会审定发布");
        }
    }

    private void inspector(String id, String name, String district, String organisation, Set<String> conflicts) {
        s.supervision.putInspector(regulator, id, name, district, organisation, conflicts, true);
    }

    /** The printout's standards and supervision lines. */
    static String summary(DemoState st, String issuerBase, String verifyBase) {
        if (st.find("supervision.draw").isEmpty()) {
            return "Standards and supervision: this demo was seeded before they existed; ops/run --reset seeds them\n\n";
        }
        return "Standards and supervision (docs/standards.md, docs/supervision.md; console, regulator token):\n"
                + "  standards registry       " + issuerBase + "/console/standards (4 standards; T/FSBZ 0301-2025 withdrawn, "
                + "T/FSBZ 0201-2026 with a draft 2027 revision)\n"
                + "  impact of a revision     " + issuerBase + "/console/standards/T-FSBZ-0102-2026/impact?version=2026&status=REVISED\n"
                + "  the year's draw          " + issuerBase + "/console/supervision/draws/" + st.get("supervision.draw")
                + " (announced naming " + PUBLIC_SOURCE + ", public value '" + WITNESS_PART + "' entered, drawn; re-drawn on the page)\n"
                + "  failed sample            " + issuerBase + "/console/supervision/tasks/" + st.get("supervision.task")
                + " (FS-HUAYU: 吸水率 0.8% > 0.5%, rectification in 30 days)\n"
                + "  tasks of all draws       " + issuerBase + "/console/supervision/tasks\n"
                + "  published (public)       " + verifyBase + "/draws/" + st.get("supervision.draw")
                + " (anyone: hash, commitment, seed, result; snapshot.json and redraw.py)\n"
                + "  API                      curl -H 'Authorization: Bearer <regulator token>' " + issuerBase
                + "/api/v1/supervision/draws/" + st.get("supervision.draw") + "\n\n";
    }
}

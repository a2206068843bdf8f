package org.markauth.demo;

import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.markauth.access.Principal;
import org.markauth.issuer.app.IssuerServices;
import org.markauth.issuer.certification.Application;
import org.markauth.issuer.certification.Certification;
import org.markauth.issuer.certification.CertificationRoutes;
import org.markauth.issuer.certification.Criterion;
import org.markauth.issuer.certification.EvaluationBody;
import org.markauth.issuer.certification.Expert;
import org.markauth.issuer.certification.Scores;
import org.markauth.issuer.registry.Product;
import org.markauth.issuer.registry.Uscc;

/**
 * The demo's certification lifecycle (issue 19, docs/certification.md): an expert library of eight
 * experts across Foshan's five districts and Guangzhou, two evaluation bodies, and one application
 * at each stage so every console page has something to show: submitted (with an evidence PDF),
 * returned, under evaluation, scored, in public notice (with a pending objection, written as
 * verify-api's form writes it), licensed through the whole lifecycle (its notice held ten days ago:
 * a service on a clock ten days back files and decides it), and a paper licence expiring in 25 days
 * with its renewal application filed. Skipped when the library exists already (re-runs).
 */
final class DemoCertification {

    static final String XINGUANG = "FS-XINGUANG";
    static final String GAOMING = "FS-GMTAOCI";
    static final String MINGCHUAN = "FS-MINGCHUAN";
    static final int PAPER_PRODUCT = 20260006;

    private final IssuerServices s;
    private final Principal regulator = Principal.regulator("demo-office");

    DemoCertification(IssuerServices s) {
        this.s = s;
    }

    void seed(DemoState st) {
        Certification c = s.certification;
        if (!c.experts(regulator).isEmpty()) {
            return;
        }
        experts(c);
        c.saveBody(regulator, new EvaluationBody("FSQTC", "佛山市质量和标准化研究院", "CNAS L0123", "0757-8300 0000", Instant.EPOCH));
        c.saveBody(regulator, new EvaluationBody("GDCERAMIC", "广东省陶瓷产品质量检验站", "CMA 2019190000", "0757-8200 0000", Instant.EPOCH));

        // submitted: a new enterprise of 三水区 filed on paper, with its type-test report
        Application submitted = c.apply(regulator, filing(XINGUANG, "佛山市三水区新光陶瓷有限公司", "91440607MA55XG281", "大规格岩板 1200×2400",
                "岩板", "XG-R1224"));
        c.addEvidence(regulator, submitted.appId(), "型式检验报告.pdf", "application/pdf", pdf("type test report XG-R1224"));
        // returned: an existing licensee's application missing its report
        Application returned = c.apply(regulator, filing(DemoProgramme.LICENSEE_SANITARY, null, null, "智能一体坐便器", "卫生陶瓷", "HY-S9"));
        c.returnToApplicant(regulator, returned.appId(), "缺少第三方型式检验报告和企业标准自我声明截图，请补交后重新提交");
        // under evaluation: complete, a panel drawn automatically
        Application evaluating = c.apply(regulator, filing(DemoProgramme.LICENSEE_SANITARY, null, null, "节水型蹲便器", "卫生陶瓷", "HY-D200"));
        c.checkComplete(regulator, evaluating.appId(), "材料齐全");
        c.assign(regulator, evaluating.appId(), "GDCERAMIC", List.of(), 3);
        // scored: a new enterprise of 高明区, three experts' scores in
        Application scored = c.apply(regulator, filing(GAOMING, "佛山市高明区明辉陶瓷有限公司", "91440608MA55GM271", "仿古砖 600×600",
                "陶瓷砖", "MH-F66"));
        scored = evaluate(c, scored, List.of("EXP-CC-01", "EXP-NH-01", "EXP-SD-01"), 84);
        // in notice: FS-JINTAO's new product granted, an objection from the public pending
        Application noticed = c.apply(regulator, filing(DemoProgramme.LICENSEE_TILES, null, null, "通体大理石瓷砖 800×800", "陶瓷砖", "JT-M8801"));
        noticed = evaluate(c, noticed, List.of("EXP-CC-01", "EXP-SS-01", "EXP-GM-01"), 88);
        noticed = c.decide(regulator, noticed.appId(), true, "评价平均分 88.0，达到先进标准要求", 7);
        String objected = "该型号瓷砖在某建材市场销售时标注的吸水率与公示信息不一致，请核查。";
        s.session.execute("INSERT INTO cert_objections (notice_id, objection_id, name, contact, text, text_key, status) "
                + "VALUES (?, ?, ?, ?, ?, ?, 'PENDING')", noticed.noticeId(), Uuids.timeBased(), "张先生", "138****6600", objected,
                org.markauth.registry.ObjectionText.textKey(objected));
        // licensed through the lifecycle: filed, evaluated, granted and noticed ten days ago; objection dismissed; activated now
        Certification earlier = new Certification(s.session, s.registry, s.changes, Clock.offset(s.clock, Duration.ofDays(-10)),
                s.standards, s.certificates);
        Application licensed = earlier.apply(regulator, filing(MINGCHUAN, "佛山市顺德区明川卫浴有限公司", "91440606MA55MC261", "恒温淋浴花洒",
                "卫浴五金", "MC-S10"));
        licensed = evaluate(earlier, licensed, List.of("EXP-NH-01", "EXP-SS-01", "EXP-GZ-01"), 86);
        licensed = earlier.decide(regulator, licensed.appId(), true, "评价平均分 86.0，达到先进标准要求", 7);
        var objection = earlier.object(regulator, licensed.noticeId(), "李女士", "电话 0757-2200 0000", "听说该企业曾被抽检不合格");
        c.rule(regulator, licensed.noticeId(), objection.objectionId(), false, "经核查，该企业近三年监督抽检均合格，异议不成立");
        licensed = c.activate(regulator, licensed.appId(), 3);
        // a renewal due: a paper licence (direct grant, migration) of FS-JINTAO expiring in 25 days, its renewal filed
        Instant now = s.clock.instant();
        s.registry.createProduct(regulator, new Product.Details(PAPER_PRODUCT, DemoProgramme.LICENSEE_TILES, "釉面地砖 400×400",
                "Glazed floor tile 400×400", "JT-G4040", "陶瓷砖", null, "T/FSBZ 0101-2026", "陶瓷砖（瓷质砖）",
                Map.of("吸水率", "≤ 0.5%"), List.of(), Set.of("CN")));
        s.registry.grantLicence(regulator, PAPER_PRODUCT, "CQM-FS-2023-0042", now.minus(Duration.ofDays(3 * 365 - 25)),
                now.plus(Duration.ofDays(25)), "2023 年纸质证书录入");
        Application renewal = c.apply(regulator, CertificationRoutes.filing(json(DemoProgramme.LICENSEE_TILES, null, null, "釉面地砖 400×400",
                "陶瓷砖", "JT-G4040").put("renewalOf", PAPER_PRODUCT)));

        st.put("cert.submitted", submitted.id());
        st.put("cert.evaluating", evaluating.id());
        st.put("cert.scored", scored.id());
        st.put("cert.notice", noticed.id());
        st.put("cert.noticeId", noticed.noticeId().toString());
        st.put("cert.licensed", licensed.id());
        st.put("cert.licence", licensed.licenceNo());
        st.put("cert.renewal", renewal.id());
    }

    private Application evaluate(Certification c, Application a, List<String> panel, int base) {
        c.checkComplete(regulator, a.appId(), "材料齐全");
        Application x = c.assign(regulator, a.appId(), "FSQTC", panel, null);
        int i = 0;
        for (String e : panel) {
            Map<Criterion, Integer> m = new EnumMap<>(Criterion.class);
            for (Criterion k : Criterion.values()) {
                m.put(k, Math.min(100, base + (i++ % 5) - 2));
            }
            x = c.score(regulator, a.appId(), new Scores(e, m, "产品核心指标优于国家标准，质量管理体系运行有效", regulator.userId(), Instant.EPOCH));
        }
        return x;
    }

    private void experts(Certification c) {
        Object[][] library = {
                {"EXP-CC-01", "陈建华", "陶瓷砖", "440604", "佛山市陶瓷研究所", Set.of()},
                {"EXP-CC-02", "黄丽萍", "卫生陶瓷", "440604", "华南理工大学材料学院", Set.of(DemoProgramme.LICENSEE_SANITARY)},
                {"EXP-NH-01", "梁志强", "陶瓷砖", "440605", "广东省建筑材料研究院", Set.of()},
                {"EXP-SD-01", "何敏", "卫浴五金", "440606", "顺德职业技术学院", Set.of()},
                {"EXP-SS-01", "罗文斌", "岩板", "440607", "三水区质量技术服务中心", Set.of()},
                {"EXP-GM-01", "邓秀英", "陶瓷砖", "440608", "高明区标准化协会", Set.of(DemoCertification.GAOMING)},
                {"EXP-GZ-01", "王立新", "卫生陶瓷", "440106", "国家陶瓷及水暖卫浴产品质量检验检测中心", Set.of()},
                {"EXP-SD-02", "冯嘉欣", "卫浴五金", "440606", "佛山市标准化协会", Set.of(DemoCertification.MINGCHUAN)},
        };
        for (Object[] e : library) {
            @SuppressWarnings("unchecked")
            Set<String> conflicts = (Set<String>) e[5];
            c.saveExpert(regulator, new Expert((String) e[0], (String) e[1], (String) e[2], (String) e[3], (String) e[4], conflicts, true,
                    Instant.EPOCH));
        }
    }

    private static Application.Filing filing(String licenseeId, String newName, String uscc17, String product, String category, String model) {
        return CertificationRoutes.filing(json(licenseeId, newName, uscc17, product, category, model));
    }

    private static JsonObject json(String licenseeId, String newName, String uscc17, String product, String category, String model) {
        // the programme standards DemoStandards registered: sanitary ware and showers under 0102, tiles and slabs under 0101
        String standard = category.contains("卫") || product.contains("花洒") ? "T/FSBZ 0102-2026" : "T/FSBZ 0101-2026";
        JsonObject j = new JsonObject().put("licenseeId", licenseeId).put("standardNo", standard).put("standardVersion", "2026")
                .put("declarationUrl", "https://www.qybz.org.cn/user/detail/" + licenseeId.toLowerCase(java.util.Locale.ROOT))
                .put("product", new JsonObject().put("name", product).put("model", model).put("category", category)
                        .put("standardTitle", category + "先进标准"));
        if (newName != null) {
            j.put("newLicensee", new JsonObject().put("name", newName).put("uscc", Uscc.withCheckCharacter(uscc17))
                    .put("address", newName.substring(0, 6)));
        }
        return j;
    }

    private static byte[] pdf(String text) {
        return ("%PDF-1.4\n% " + text + "\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n").getBytes(StandardCharsets.US_ASCII);
    }

    static String summary(DemoState st, String issuerBase, String verifyBase) {
        if (st.find("cert.licensed").isEmpty()) {
            return "Certification: this demo was seeded before the certification lifecycle existed; ops/run --reset seeds it\n\n";
        }
        return "Certification (docs/certification.md; console " + issuerBase + "/console/certification, experts " + issuerBase
                + "/console/experts):\n"
                + "  submitted (new enterprise of 三水区, with a PDF)   " + issuerBase + "/console/certification/" + st.get("cert.submitted") + "\n"
                + "  under evaluation (panel drawn automatically)      " + issuerBase + "/console/certification/" + st.get("cert.evaluating") + "\n"
                + "  scored (three experts)                            " + issuerBase + "/console/certification/" + st.get("cert.scored") + "\n"
                + "  in public notice, an objection pending            " + issuerBase + "/console/certification/" + st.get("cert.notice") + "\n"
                + "  licensed through the lifecycle (" + st.get("cert.licence") + ")  " + issuerBase + "/console/certification/"
                + st.get("cert.licensed") + "\n"
                + "  renewal due (paper licence CQM-FS-2023-0042 expires in 25 days)  " + issuerBase + "/console/certification/"
                + st.get("cert.renewal") + "\n"
                + "  the API: curl -H 'Authorization: Bearer <regulator token>' " + issuerBase + "/api/v1/certification/applications?state=IN_NOTICE\n\n";
    }
}

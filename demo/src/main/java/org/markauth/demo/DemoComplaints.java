package org.markauth.demo;

import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import org.markauth.access.Principal;
import org.markauth.issuer.app.IssuerServices;
import org.markauth.issuer.complaints.ComplaintCase;
import org.markauth.issuer.complaints.Complaints;
import org.markauth.issuer.complaints.Outcome;

/**
 * The demo's complaint cases (docs/complaints.md), one at each step so every complaint page has
 * something to show: a consumer report on a genuine tile that became a case, replied to by FS-JINTAO
 * and resolved with compensation paid first from the programme's fund; a 12315 referral about the
 * suspended toilets assigned to FS-HUAYU ten days ago, overdue without a reply; a referral closed with
 * a replacement; one assigned and waiting; one just received. The overdue case is opened and assigned
 * through a second {@link Complaints} whose clock is ten days behind, so its steps carry those dates.
 * Runs once, with the first seed; the printout lists case numbers with their lookup codes.
 */
final class DemoComplaints {

    private final IssuerServices s;
    private final Principal office = Principal.regulator("demo-regulator");
    private final Principal jintao = Principal.manufacturer("demo-jintao", DemoProgramme.LICENSEE_TILES);

    DemoComplaints(IssuerServices s) {
        this.s = s;
    }

    void seed(DemoState st, int mainBatch) {
        Complaints c = s.complaints;
        c.deposit(office, 2_000_000, "2026 年度先行赔付基金拨款");

        // a consumer's report from the verify page (the table verify-api writes), with a phone number
        UUID report = UUID.randomUUID();
        UUID at = Uuids.timeBased();
        LocalDate day = LocalDate.ofInstant(s.clock.instant(), ZoneOffset.UTC);
        s.session.execute("INSERT INTO reports_by_day (day, at, report_id, code, verdict, batch_id, where_bought, seller, has_photo, "
                + "region, lang) VALUES (?, ?, ?, 'demo', 'GENUINE', ?, '佛山市南海区建材市场', '3 号档口', false, 'CN-44', 'zh')",
                day, at, report, mainBatch);
        s.session.execute("INSERT INTO report_by_id (report_id, at, code, verdict, batch_id, where_bought, seller, region, lang) "
                + "VALUES (?, ?, 'demo', 'GENUINE', ?, '佛山市南海区建材市场', '3 号档口', 'CN-44', 'zh')", report, at, mainBatch);
        s.session.execute("INSERT INTO report_contacts (report_id, contact) VALUES (?, '13800138000') USING TTL 31536000", report);
        ComplaintCase paid = c.openFromReport(office, report, "消费者称铺贴后两周釉面开裂，要求赔偿");
        c.assign(office, paid.caseNo(), null, null, 7, "标志核验为正品，产品属金陶陶瓷", null);
        c.reply(jintao, paid.caseNo(), "经检测为运输破损，同意赔偿 300 元；已联系消费者。");
        c.resolve(office, paid.caseNo(), Outcome.COMPENSATION, 30_000L, true, "企业认可，先行赔付以免消费者等待",
                "赔款将在 3 个工作日内到账。");
        remember(st, 1, paid, "compensation paid first from the fund (RESOLVED), from a consumer report");
        st.put("complaint.report", report.toString());

        // a 12315 referral assigned ten days ago with a seven-day deadline: overdue
        Complaints tenDaysAgo = new Complaints(s.session, s.registry, s.batchStore, s.changes, s.notifications,
                Clock.offset(s.clock, Duration.ofDays(-10)));
        ComplaintCase late = tenDaysAgo.openReferral(office, new Complaints.Referral("12315-4406-2026-118734", day.minusDays(11),
                "陈先生", "chen@example.cn", "zh", DemoProgramme.PRODUCT_TOILET, "节水坐便器", "冲水量明显大于标称值，水费增加。"));
        tenDaysAgo.assign(office, late.caseNo(), null, null, 7, "12315 转办，产品属华宇卫浴", null);
        remember(st, 2, late, "assigned to FS-HUAYU, overdue without a reply");

        // a referral closed with a replacement (the consumer reads English)
        ComplaintCase replaced = c.openReferral(office, new Complaints.Referral("12315-4406-2026-120055", day.minusDays(3),
                "Ms Li", "+86 139 0000 0000", "en", DemoProgramme.PRODUCT_WALL_TILE, "wall tile 300x600", "Tiles of lot 2026-10-B07 cracked."));
        c.assign(office, replaced.caseNo(), null, null, 5, "recalled lot", null);
        c.reply(jintao, replaced.caseNo(), "The lot is recalled; we replace the tiles free of charge.");
        c.resolve(office, replaced.caseNo(), Outcome.REPLACEMENT, null, false, "covered by the recall", null);
        c.close(office, replaced.caseNo(), "consumer confirmed the replacement", null);
        remember(st, 3, replaced, "closed with a replacement (messages in English)");

        // assigned and waiting for FS-JINTAO's reply (its portal shows it)
        ComplaintCase waiting = c.openReferral(office, new Complaints.Referral("12315-4406-2026-120311", day.minusDays(1), null, null,
                "zh", DemoProgramme.PRODUCT_TILE, "瓷质抛光砖", "同一批次色差明显。"));
        c.assign(office, waiting.caseNo(), null, null, 7, "产品属金陶陶瓷", null);
        remember(st, 4, waiting, "assigned to FS-JINTAO, waiting for its reply");

        // just received: no product named yet
        ComplaintCase fresh = c.openReferral(office, new Complaints.Referral("12315-4406-2026-120402", day, null, null, "zh", null,
                "不明品牌瓷砖", "网购瓷砖所附防伪标志扫码显示不存在。"));
        remember(st, 5, fresh, "just received (OPEN), no product named yet");
        st.put("complaint.count", "5");
    }

    private static void remember(DemoState st, int n, ComplaintCase c, String what) {
        st.put("complaint." + n + ".no", c.caseNo());
        st.put("complaint." + n + ".code", c.code());
        st.put("complaint." + n + ".what", what);
    }

    static String summary(DemoState st, String verifyBase, String issuerBase) {
        if (st.find("complaint.count").isEmpty()) {
            return "Complaint cases: this demo was seeded before complaint cases existed; ops/run --reset seeds them\n\n";
        }
        StringBuilder b = new StringBuilder("Complaint cases (docs/complaints.md): console " + issuerBase
                + "/console/complaints (SLA timers, fund ledger, consumer outbox); FS-JINTAO replies in its portal "
                + issuerBase + "/portal/complaints\n  consumer lookup " + verifyBase + "/cases with case number and lookup code:\n");
        int n = Integer.parseInt(st.get("complaint.count"));
        for (int i = 1; i <= n; i++) {
            b.append(String.format("    %s  code %s  %s%n", st.get("complaint." + i + ".no"), st.get("complaint." + i + ".code"),
                    st.get("complaint." + i + ".what")));
        }
        b.append("  the report's receipt link  ").append(verifyBase).append("/cases/report/").append(st.get("complaint.report"))
                .append("\n\n");
        return b.toString();
    }
}

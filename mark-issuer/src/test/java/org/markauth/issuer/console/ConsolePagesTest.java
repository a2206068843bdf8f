package org.markauth.issuer.console;

import java.nio.file.Path;
import org.markauth.testing.HtmlInJava;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.markauth.http.Lang;
import org.markauth.issuer.clones.Blocks;
import org.markauth.issuer.clones.CloneRuleOverrides;
import org.markauth.issuer.recall.Recall;
import org.markauth.issuer.recall.RecallReport;
import org.markauth.issuer.registry.Licence;
import org.markauth.registry.LicenceStatus;
import org.markauth.issuer.registry.Licensee;
import org.markauth.issuer.registry.Product;
import org.markauth.sdk.evidence.InspectionRecord;

/** Every console template renders in both languages from sample view records, escaping what users typed. */
class ConsolePagesTest {

    static final ConsolePages PAGES = ConsolePages.load(ConsolePagesTest.class.getClassLoader());
    static final Instant AT = Instant.parse("2026-03-01T02:03:00Z");
    static final String HOSTILE = "<script>alert(1)</script>";
    static final UUID ALERT = UUID.fromString("0b7e6a4c-1d5e-4f4e-9a51-000000000001");

    static Views.Shell shell(Lang lang, String title) {
        return new Views.Shell(PAGES.words(lang), lang.tag(), title, "tok-123", "/console/x?lang=" + lang.other().tag());
    }

    static AlertWorkflow.Alert alert(String status) {
        return new AlertWorkflow.Alert(ALERT, AT, UUID.randomUUID(), status, "MAX_SCANS", 5, ByteBuffer.allocate(8).putLong(0, 99L), 7,
                HOSTILE, "{\"scans\":31}", "CN-44", "officer-1", null);
    }

    /** Each template with a sample of its view record: every branch that shows words (a blocked unit, a licensee without products...). */
    static Map<String, Object> samples() {
        Blocks.Block blocked = new Blocks.Block(5, 99L, true, AT, "office-1", HOSTILE, ALERT, 7);
        var overrides = new CloneRuleOverrides.Overrides(7, 10, 3600, null, 5, null, Boolean.FALSE, AT, "office-1");
        Licensee maker = new Licensee("MAKER", "制造商", "Maker", "914403001922038216", null, Map.of(), true, "fakes", AT, AT, AT);
        Licensee empty = new Licensee("EMPTY", "空公司", null, "914403001922038216", null, Map.of(), false, null, null, AT, AT);
        Product product = new Product(7, "MAKER", "电水壶", "Kettle", null, "appliance", null, "GB 4706.19", "Safety", Map.of(), List.of(),
                Set.of(), AT, AT);
        Licence licence = new Licence(7, "XK-7", "MAKER", AT, AT.plusSeconds(86400), LicenceStatus.SUSPENDED, AT, "sampling failed");
        Recall recall = new Recall(ALERT, 7, "L1", List.of(5), "MAKER", "wiring", HOSTILE, AT, "office-1");
        RecallReport report = new RecallReport(recall, List.of(new RecallReport.BatchOutcome(5, 2,
                List.of(new RecallReport.Place("ws0e9", AT, null)), List.of(new RecallReport.Place("DC-1", AT, "shipped")))));
        var spots = List.of(new ConsoleData.Spot("ws0e9", Map.of("FORGED", 3L, "GENUINE", 9L)), new ConsoleData.Spot("CN-44", Map.of("FORGED", 1L)));
        var days = List.of(new ConsoleData.Day(LocalDate.parse("2026-03-01"), Map.of("GENUINE", 5L, "FORGED", 1L)));
        return Map.ofEntries(
                Map.entry("login.jte", new Views.Login(HOSTILE)),
                Map.entry("refused.jte", new Views.Refused(HOSTILE)),
                Map.entry("alerts.jte", new Views.Alerts("OPEN", AlertWorkflow.STATUSES, List.of(alert("OPEN")))),
                Map.entry("alert.jte", new Views.Alert(alert("INVESTIGATING"), "{}", List.of("CONFIRMED", "DISMISSED"),
                        List.of(new AlertWorkflow.Move(AT, "office-1", "OPEN", "INVESTIGATING", HOSTILE)), new Views.BlockState(null),
                        "/console/blocks?batchId=5&serial=0000000000000063")),
                Map.entry("blocks.jte", new Views.BlockPage("5", "0000000000000063", new Views.BlockState(blocked),
                        List.of(new Blocks.Change(AT, "BLOCK", "office-1", HOSTILE, ALERT)))),
                Map.entry("rules.jte", new Views.Rules("7", overrides, List.of(new Views.RuleField("maxScans", "10"),
                        new Views.RuleField("scanWindowSeconds", ""), new Views.RuleField("maxSpeedKmh", ""),
                        new Views.RuleField("minTravelKm", "5"), new Views.RuleField("blockThreshold", "")))),
                Map.entry("reports.jte", new Views.Reports("2026-03-01", List.of(new ConsoleData.Report(AT, "r1", "FORGED", 5, HOSTILE,
                        "seller", true, "CN-44", "officer-1", "COUNTERFEIT_FOUND", HOSTILE)))),
                Map.entry("officers.jte", new Views.Officers(List.of(new Views.OfficerRow("officer-1", "CN-44 TEST-NET-1", "office-1", AT),
                        new Views.OfficerRow(HOSTILE, "", null, null)))),
                Map.entry("map.jte", Views.hotSpots(LocalDate.parse("2026-02-23"), LocalDate.parse("2026-03-01"), spots)),
                Map.entry("stats.jte", Views.stats("product", "7", LocalDate.parse("2026-02-01"), LocalDate.parse("2026-03-01"), days)),
                Map.entry("registry.jte", new Views.Registry(List.of(new Views.RegistryRow(maker, product, licence),
                        new Views.RegistryRow(empty, null, null)))),
                Map.entry("recalls.jte", new Views.Recalls(List.of(recall))),
                Map.entry("recall.jte", new Views.RecallPage(report)),
                Map.entry("recall-requests.jte", new Views.RecallRequests("PENDING", List.of(
                        new org.markauth.issuer.recall.RecallRequest(UUID.fromString("a9e1c9a0-0000-1000-8000-000000000001"), "MAKER", 7,
                                "L1", 5, HOSTILE, HOSTILE, org.markauth.issuer.recall.RecallRequest.Status.PENDING, AT, "maker-1",
                                null, null, null, null),
                        new org.markauth.issuer.recall.RecallRequest(UUID.fromString("a9e1c9a0-0000-1000-8000-000000000002"), "MAKER", 7,
                                "L1", null, HOSTILE, HOSTILE, org.markauth.issuer.recall.RecallRequest.Status.APPROVED, AT, "maker-1",
                                "office-1", AT, HOSTILE, ALERT)))),
                Map.entry("inspections.jte", new Views.Inspections("2026-03-01", "2026-02-28", "2026-03-02", null,
                        List.of(new ConsoleData.InspectionRow(AT, INSPECTION, HOSTILE, "0123456789abcdef0123456789abcdef", AT, 2, 1, 1)))),
                Map.entry("inspection.jte", new Views.InspectionPage(stored(), inspectionRecord(), null)),
                Map.entry("targets.jte", targets()));
    }

    /** The targets page: every table (a category a manufacturer typed among its cells), the chart data, the script. */
    static org.markauth.issuer.targets.TargetViews.Page targets() {
        var tables = org.markauth.issuer.targets.TargetViews.TABLES.stream().map(id -> new org.markauth.issuer.targets.TargetViews.Table(
                id, List.of("列"), List.of(List.of(HOSTILE)))).toList();
        return new org.markauth.issuer.targets.TargetViews.Page("2026-02-01", "2026-03-01",
                org.markauth.issuer.targets.ProgrammeTargets.SEED, tables, "{\"x\":\"" + HOSTILE + "\"}", "/console/assets/targets-ABCD1234.js");
    }

    static final UUID INSPECTION = UUID.fromString("3b241101-e2bb-4255-8caf-4136c566a962");

    static ConsoleData.StoredInspection stored() {
        return new ConsoleData.StoredInspection(INSPECTION, new byte[] {'{', '}'}, new byte[32], "0123456789abcdef0123456789abcdef",
                "officer-1", AT, "verify-1");
    }

    /** A record with a linkable unit, one whose batch the console cannot open, one without a batch, and a hostile seizure and note. */
    static InspectionRecord inspectionRecord() {
        return new InspectionRecord(INSPECTION.toString(), "0123456789abcdef0123456789abcdef", "officer-1",
                AT, AT.plusSeconds(600), new InspectionRecord.Place("wtw3sj", HOSTILE),
                List.of(new InspectionRecord.Unit("HTTPS://MARKAUTH.CN/M/CEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                                "FORGED", "OFFLINE", AT, 12L, 1001L, "0102030405060708", "SEIZED"),
                        new InspectionRecord.Unit("x", "GENUINE", "ONLINE", AT, null, 4_000_000_000L,
                                "0102030405060708", "PASSED"),
                        new InspectionRecord.Unit(HOSTILE, "MALFORMED", "ONLINE", AT, null, null, null, "SUSPECT")),
                List.of(new InspectionRecord.Photo("ab".repeat(32), "image/jpeg", 1234)),
                List.of(new InspectionRecord.Seizure(24, HOSTILE, "区市场监管局 证物室 3")), HOSTILE);
    }

    @ParameterizedTest
    @EnumSource(Lang.class)
    void everyTemplateRendersInTheLanguageAskedAndEscapesWhatUsersTyped(Lang lang) {
        var samples = samples();
        assertThat(samples).hasSize(PAGES_COUNT);
        samples.forEach((template, view) -> {
            String html = PAGES.render(template, shell(lang, "标题 <b>"), view);
            assertThat(html).as(template).startsWith("<!doctype html>").contains("<html lang=\"" + lang.tag() + "\">")
                    .contains("<h1>标题 &lt;b&gt;</h1>").doesNotContain("<script>alert").doesNotContain("<b>")
                    .contains(lang == Lang.ZH ? "markauth 监管控制台" : "markauth console")
                    .contains(lang == Lang.ZH ? ">English</a>" : ">中文</a>");
        });
    }

    /** One sample per template in src/main/jte, the layout and the CSRF field aside: a new page must be added here. */
    static final int PAGES_COUNT = 17;

    @Test
    void pagesSpeakChineseWordsInChineseAndEnglishWordsInEnglish() {
        var view = samples().get("alert.jte");
        String zh = PAGES.render("alert.jte", shell(Lang.ZH, "告警"), view);
        String en = PAGES.render("alert.jte", shell(Lang.EN, "Alert"), view);
        assertThat(zh).contains("id=\"status\">调查中").contains("证据").contains("未封禁").contains("退出登录")
                .contains("name=\"csrf\" value=\"tok-123\"").contains("id=\"to-CONFIRMED\"");
        assertThat(en).contains("id=\"status\">INVESTIGATING").contains("Evidence").contains("id=\"block-state\">not blocked")
                .contains("Log out").contains("id=\"to-CONFIRMED\"");
        String blocks = PAGES.render("blocks.jte", shell(Lang.EN, "Blocked codes"), samples().get("blocks.jte"));
        assertThat(blocks).contains("id=\"block-state\">BLOCKED since 2026-03-01 10:03 by office-1: &lt;script&gt;")
                .contains("id=\"unblock-form\"").doesNotContain("id=\"block-form\"");
        String rules = PAGES.render("rules.jte", shell(Lang.ZH, "克隆规则"), samples().get("rules.jte"));
        assertThat(rules).contains("<option value=\"off\" selected>关闭</option>").contains("value=\"10\"")
                .contains("id=\"rules-updated\">最近修改：2026-03-01 10:03，操作人 office-1");
    }

    @Test
    void theMapDrawsCellsInsideChinaAndListsTheRestAsRegions() {
        String map = PAGES.render("map.jte", shell(Lang.EN, "Hot spots"), samples().get("map.jte"));
        assertThat(map).contains("data-place=\"ws0e9\" data-count=\"3\"").doesNotContain("data-place=\"CN-44\"")
                .contains("<title>ws0e9: 3 suspicious of 12</title>").contains("<h2>Regions without a cell</h2>");
        String stats = PAGES.render("stats.jte", shell(Lang.EN, "Statistics"), samples().get("stats.jte"));
        assertThat(stats).contains("<td>2026-03-01</td><td>6</td><td>1</td><td>5</td>");
    }

    @Test
    void anInspectionRecordShowsItsUnitsSeizuresPhotosAndWhereItsEvidencePackageIs() {
        String en = PAGES.render("inspection.jte", shell(Lang.EN, "Inspection record"), samples().get("inspection.jte"));
        assertThat(en).contains("href=\"/console/blocks?batchId=1001&amp;serial=0102030405060708\"")
                .contains("title=\"HTTPS://MARKAUTH.CN/M/CEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"")
                .contains("<code>HTTPS://MARKAUTH.CN/…AAAAAAAA</code>")
                // a batch id beyond the console's int batches is shown, not linked
                .contains("<td>4000000000 / 0102030405060708</td>").doesNotContain("batchId=4000000000")
                .contains("<td>24</td><td>&lt;script&gt;").contains("区市场监管局 证物室 3").contains("ab".repeat(32))
                .contains("/api/v1/officer/inspections/" + INSPECTION + "/evidence").contains("markauth evidence verify inspection-" + INSPECTION)
                .contains("id=\"record-sha256\">" + "00".repeat(32)).doesNotContain("id=\"unreadable\"");
        String zh = PAGES.render("inspection.jte", shell(Lang.ZH, "检查记录"),
                new Views.InspectionPage(stored(), null, "units[0].serial must be 16 lowercase hex digits or null"));
        assertThat(zh).contains("id=\"unreadable\">无法读取的记录：units[0].serial must be").doesNotContain("id=\"units\"")
                .contains("/api/v1/officer/inspections/" + INSPECTION + "/evidence");
        String list = PAGES.render("inspections.jte", shell(Lang.EN, "Inspections"), samples().get("inspections.jte"));
        assertThat(list).contains("href=\"/console/inspections/" + INSPECTION + "\"").contains("title=\"0123456789abcdef0123456789abcdef\">01234567<")
                .contains("href=\"/console/inspections?day=2026-02-28\"").contains("href=\"/console/inspections?day=2026-03-02\"")
                .contains("/console/inspections?officer=%3Cscript%3Ealert%281%29%3C%2Fscript%3E");
    }

    @Test
    void theLoginPageHasNoNavigationBeforeSignIn() {
        String login = PAGES.render("login.jte", new Views.Shell(PAGES.words(Lang.ZH), "zh-CN", "登录", null, "/console/login?lang=en"),
                new Views.Login(null));
        assertThat(login).contains("监管 API 密钥").doesNotContain("退出登录").doesNotContain("id=\"error\"");
    }

    @Test
    void noJavaSourceOfTheIssuerBuildsHtmlFromStringLiterals() {
        assertThat(HtmlInJava.offenders(Path.of("src/main/java"), Set.of()))
                .as("HTML belongs in src/main/jte templates, not in Java strings").isEmpty();
    }
}

package org.markauth.issuer.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.markauth.issuer.notify.Webhooks;
import org.markauth.registry.NotificationEvent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.markauth.access.Credential;
import org.markauth.access.Principal;
import org.markauth.access.Role;
import org.markauth.access.Scope;
import org.markauth.http.Lang;
import org.markauth.issuer.activation.ActivationProgress;
import org.markauth.issuer.activation.RangeAction;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.batch.JobStatus;
import org.markauth.issuer.console.AlertWorkflow;
import org.markauth.issuer.console.ConsoleData;
import org.markauth.issuer.console.ConsolePages;
import org.markauth.issuer.console.Views;
import org.markauth.issuer.print.PrintFormat;
import org.markauth.issuer.print.PrintLog;
import org.markauth.issuer.recall.RecallRequest;
import org.markauth.issuer.registry.Licence;
import org.markauth.issuer.registry.Product;
import org.markauth.registry.BatchState;
import org.markauth.registry.LicenceStatus;
import org.markauth.registry.RangeKind;

/** Every portal template renders in both languages from its view record, every word found, and escapes what users typed. */
class PortalPagesTest {

    static final ConsolePages PAGES = Portal.pages(PortalPagesTest.class.getClassLoader());
    static final Instant AT = Instant.parse("2026-03-01T02:03:00Z");
    static final String HOSTILE = "<script>alert(1)</script>";
    static final UUID ID = UUID.fromString("a9e1c9a0-0000-1000-8000-000000000001");

    static Map<String, Object> samples() {
        Product product = new Product(7, "MAKER", HOSTILE, "Kettle", HOSTILE, "appliance", null, "GB 4706.19", "Safety", Map.of(),
                List.of(), Set.of(), AT, AT);
        Licence licence = new Licence(7, "XK-7", "MAKER", AT, AT.plusSeconds(40 * 86400), LicenceStatus.ACTIVE, AT, "granted");
        var row = PortalViews.LicenceRow.of(product, licence, AT);
        var none = PortalViews.LicenceRow.of(product, null, AT);
        var alert = new AlertWorkflow.Alert(ID, AT, ID, "OPEN", "MAX_SCANS", 5, ByteBuffer.allocate(8).putLong(0, 99L), 7, HOSTILE,
                "{\"x\":\"" + HOSTILE + "\"}", "CN-44", null, HOSTILE);
        Batch batch = new Batch(5, 7, "MAKER", HOSTILE, LocalDate.parse("2026-02-01"), null, "A", 20, 1, BatchState.ISSUED, "k", AT, "m");
        JobStatus job = new JobStatus(5, JobStatus.State.DONE, 20, 20, null, AT, AT, AT);
        var progress = ActivationProgress.of(20, List.of(new RangeAction(AT, 1, 12, RangeKind.ACTIVATE, "m"),
                new RangeAction(AT, 11, 12, RangeKind.VOID, "m")));
        var report = new PortalData.Report(ID, AT, "FORGED", 5, HOSTILE, HOSTILE, true, "ws0e9", null);
        var request = new RecallRequest(ID, "MAKER", 7, HOSTILE, 5, HOSTILE, HOSTILE, RecallRequest.Status.REJECTED, AT, "maker-1",
                "office-1", AT, HOSTILE, null);
        var credential = new Credential("c1", "mak_ABCDEFGH", Principal.manufacturer(HOSTILE, "MAKER"), Set.of(Scope.PRINT), AT, "office-1",
                null, AT, null, null, null);
        var days = List.of(new ConsoleData.Day(LocalDate.parse("2026-03-01"), Map.of("GENUINE", 5L, "FORGED", 1L)));
        var spots = List.of(new ConsoleData.Spot("ws0e9", Map.of("SEEN", 3L)), new ConsoleData.Spot(HOSTILE, Map.of("SEEN", 1L)));
        var hook = new Webhooks.Webhook(UUID.randomUUID(), "MAKER", "https://example.com/" + HOSTILE, Set.of("alert.raised"),
                HOSTILE, AT, "maker");
        var line = new org.markauth.issuer.station.Line("L0123456789ab", "MAKER", HOSTILE, List.of(5, 6), 20, 10, AT);
        return Map.ofEntries(
                Map.entry("login.jte", new Views.Login(HOSTILE)),
                Map.entry("refused.jte", new Views.Refused(HOSTILE)),
                Map.entry("overview.jte", new PortalViews.Overview(1, 50, true, 1, 1, List.of(row), List.of(alert), 2)),
                Map.entry("products.jte", new PortalViews.Products(List.of(row, none))),
                Map.entry("batches.jte", new PortalViews.Batches(List.of(new PortalViews.BatchRow(batch, job, progress),
                        new PortalViews.BatchRow(batch, null, progress)), "AAAA+/==")),
                Map.entry("batch.jte", new PortalViews.BatchPage(batch, job, progress, List.of(PrintFormat.values()),
                        List.of(new PrintLog.Download(AT, HOSTILE, Role.MANUFACTURER, "c1", 1, 20, "CSV", true)))),
                Map.entry("alerts.jte", new PortalViews.Alerts("OPEN", AlertWorkflow.STATUSES, List.of(alert))),
                Map.entry("alert.jte", new PortalViews.Alert(alert)),
                Map.entry("reports.jte", new PortalViews.Reports("2026-03-01", "2026-02-28", "2026-03-02", List.of(report))),
                Map.entry("report.jte", report),
                Map.entry("stats.jte", new PortalViews.Stats(Views.stats("licensee", "MAKER", LocalDate.parse("2026-02-01"),
                        LocalDate.parse("2026-03-01"), days), Views.hotSpots(LocalDate.parse("2026-02-01"), LocalDate.parse("2026-03-01"), spots))),
                Map.entry("recall-requests.jte", new PortalViews.RecallRequests(List.of(request))),
                Map.entry("recall-request.jte", request),
                Map.entry("credentials.jte", new PortalViews.Credentials(List.of(credential), AT)),
                Map.entry("stations.jte", new PortalViews.Stations(List.of(line))),
                Map.entry("station.jte", new PortalViews.Station(line, List.of(credential), AT, "mak_" + HOSTILE)),
                Map.entry("credit.jte", new org.markauth.issuer.credit.CreditPortalPages.Page("D", "BLACKLISTED", HOSTILE,
                        LocalDate.parse("2026-02-01"), 9, LocalDate.parse("2028-02-01"), false, List.of(
                        new org.markauth.issuer.credit.CreditPortalPages.Event(LocalDate.parse("2026-02-01"), "RECALL", 2, true,
                                LocalDate.parse("2028-02-01"))))),
                Map.entry("webhooks.jte", new PortalViews.Webhooks(List.of(hook), NotificationEvent.Type.wires(),
                        new Webhooks.Created(hook, "whsec_" + HOSTILE))),
                Map.entry("webhook.jte", new PortalViews.WebhookLog(hook, List.of(new Webhooks.Delivery(UUID.randomUUID(),
                        "alert.raised", AT, "PENDING", 2, AT, 500, HOSTILE, AT, List.of(new Webhooks.Attempt(1, AT, 500, null, AT),
                        new Webhooks.Attempt(2, AT, null, HOSTILE, AT)))))));
    }

    @ParameterizedTest
    @EnumSource(Lang.class)
    void everyTemplateRendersInTheLanguageAskedAndEscapesWhatUsersTyped(Lang lang) {
        var nav = List.of(new Views.Nav("/portal/overview", "nav.overview"), new Views.Nav("/portal/batches", "nav.batches"));
        samples().forEach((template, view) -> {
            String html = PAGES.render("portal/" + template, new Views.Shell(PAGES.words(lang), lang.tag(), "标题 <b>", "tok-1",
                    "/portal/x?lang=" + lang.other().tag(), nav), view);
            assertThat(html).as(template).startsWith("<!doctype html>").contains("<html lang=\"" + lang.tag() + "\">")
                    .contains("<h1>标题 &lt;b&gt;</h1>").doesNotContain("<script>alert").doesNotContain("<b>")
                    .contains(lang == Lang.ZH ? "生产企业门户" : "manufacturer portal")
                    .contains(lang == Lang.ZH ? ">批次</a>" : ">Batches</a>");
        });
        String batch = PAGES.render("portal/batch.jte", new Views.Shell(PAGES.words(lang), lang.tag(), "t", "tok", "/x", nav),
                samples().get("batch.jte"));
        for (PrintFormat f : PrintFormat.values()) {
            assertThat(batch).contains("href=\"/portal/batches/5/print/batch." + f.extension() + "\"");
        }
        assertThat(batch).contains(lang == Lang.ZH ? "已激活 10，已作废 2，未激活 8" : "10 activated, 2 voided, 8 not yet activated");
    }
}

package org.markauth.issuer.certification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.markauth.issuer.IssuerFixture.REGULATOR;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.WebClientSession;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.access.Principal;
import org.markauth.config.HttpSettings;
import org.markauth.issuer.IssuerFixture;
import org.markauth.issuer.app.IssuerRouter;
import org.markauth.issuer.app.IssuerServices;
import org.markauth.issuer.console.ConsoleForms;
import org.markauth.issuer.credit.CreditEvent;
import org.markauth.issuer.credit.CreditFile;
import org.markauth.issuer.credit.CreditKind;
import org.markauth.issuer.invalidation.RedisInvalidations;
import org.markauth.issuer.notify.Dispatcher;
import org.markauth.issuer.notify.Webhooks;
import org.markauth.issuer.registry.Licence;
import org.markauth.issuer.registry.Product;
import org.markauth.registry.NotificationEvent;
import org.markauth.testing.MutableClock;

/**
 * Renewal reminders and the portal's credit page over the real stack, time from a clock standing
 * still that the tests move by whole days (no timed waits). Two services graphs over one keyspace
 * sweep as two issuer instances would; a sweep run again, or by a fresh {@link RenewalReminders}
 * (a restart), writes nothing more: one {@code licence.renewal-due} event per licence and
 * threshold. A webhook receiver on loopback gets the event through the real {@link Dispatcher}
 * (driven pass by pass). A renewal application filed stops the next reminder. The portal's credit
 * page shows its own licensee's grade, what it blocks and the events without the office's notes,
 * and never another licensee's file.
 */
class RenewalRemindersIT {

    static final Webhooks.Settings LOOPBACK = new Webhooks.Settings(true, Duration.ofMillis(200), Duration.ofSeconds(1), 3,
            Duration.ofMinutes(10), Duration.ofSeconds(5));
    static final String STANDARD = "T/FSBZ 001-2025";

    static IssuerFixture fx;
    static IssuerServices two;
    static HttpServer receiver;
    static HttpServer server;
    static WebClient web;
    static Dispatcher dispatcher;
    static final Map<String, List<JsonObject>> got = new ConcurrentHashMap<>();

    @BeforeAll
    static void up() throws Exception {
        fx = new IssuerFixture("issuer_renewals_it", IssuerFixture.PIPELINE, new MutableClock(Instant.parse("2027-01-10T02:00:00Z")));
        two = new IssuerServices(fx.ks.session(), fx.kek, new RedisInvalidations(fx.redis), fx.clock,
                fx.services.settings.withWebhooks(LOOPBACK));
        receiver = fx.vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
            got.computeIfAbsent(req.path(), k -> new CopyOnWriteArrayList<>()).add(new JsonObject(b.toString(StandardCharsets.UTF_8))
                    .put("header.type", req.getHeader("Markauth-Event-Type")).put("header.id", req.getHeader("Markauth-Event-Id")));
            req.response().setStatusCode(204).end();
        })).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
        dispatcher = new Dispatcher(fx.vertx, two.webhooks, two.notifications, two.meters, "it-dispatcher");   // passes driven below
        HttpSettings http = new HttpSettings("127.0.0.1", 0, 1024 * 1024, Duration.ofSeconds(30), "http://127.0.0.1");
        server = IssuerRouter.full(fx.vertx, fx.services, http, ConsoleForms.sessions(fx)).listen().await(10, TimeUnit.SECONDS);
        web = WebClient.create(fx.vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.actualPort())
                .setFollowRedirects(false));
        fx.services.keys.rotate(REGULATOR, null);
        var std = fx.services.standards.create(REGULATOR, new org.markauth.issuer.standards.Standards.NewStandard(STANDARD,
                "电饭煲先进标准", "Rice cookers", "家电", "2025", List.of(new org.markauth.issuer.standards.Indicator("热效率", "%", "≥ 90%",
                90.0, null)), List.of("IEC 60335-2-15:2016")));
        fx.services.standards.changeStatus(REGULATOR, std.standard().standardId(), "2025",
                org.markauth.issuer.standards.StandardVersion.Status.PUBLISHED, "published for the test");
        for (String id : List.of("RA", "RB", "RC", "RD", "RE")) {
            fx.licensee(id);
        }
    }

    @AfterAll
    static void down() {
        if (dispatcher != null) {
            dispatcher.stop();
        }
        receiver.close().await();
        server.close().await();
        fx.close();
    }

    static RenewalReminders reminders(IssuerServices s, String holder) {
        return new RenewalReminders(s.session, s.registry, s.notifications, s.changes, s.clock, RenewalReminders.Settings.defaults(), holder);
    }

    /** A product of {@code licensee} whose licence ends {@code days} days (and two hours) from now. */
    static Product expiringIn(String licensee, int days) {
        Product p = fx.services.registry.createProduct(REGULATOR, new Product.Details(0, licensee, "电饭煲", "Rice cooker", "RC-1", "appliance",
                null, STANDARD, "Rice cookers", Map.of("热效率", "≥ 90%"), List.of(), Set.of("CN-44")));
        Instant now = fx.clock.instant();
        fx.services.registry.grantLicence(REGULATOR, p.productId(), "FS-R-" + p.productId(), now.minus(Duration.ofDays(700)),
                now.plus(Duration.ofDays(days)).plus(Duration.ofHours(2)), "granted on paper");
        return p;
    }

    static List<NotificationEvent> reminded(Product p) {
        return fx.services.notifications.recent(REGULATOR, Set.of(NotificationEvent.Type.LICENCE_RENEWAL_DUE), 500).stream()
                .filter(e -> p.productId() == e.productId()).toList();
    }

    static List<Integer> thresholds(Product p) {
        return reminded(p).stream().map(e -> ((Number) e.data().get("threshold")).intValue()).sorted().toList();
    }

    @Test
    void oneEventPerThresholdWhateverTheInstancesAndRestartsAndTheLicenseesWebhookGetsIt() throws Exception {
        Product soon = expiringIn("RB", 20);   // within 30 days: its first reminder is the 30-day one, not the 90 as well
        Product later = expiringIn("RA", 100); // outside every threshold for now
        var hookA = two.webhooks.create(Principal.manufacturer("maker-ra", "RA"), "http://127.0.0.1:" + receiver.actualPort() + "/ra",
                List.of("licence.renewal-due"), "renewals");
        two.webhooks.create(Principal.manufacturer("maker-rb", "RB"), "http://127.0.0.1:" + receiver.actualPort() + "/rb",
                List.of("licence.renewal-due"), "renewals");
        assertThat(hookA.webhook().events()).containsExactly("licence.renewal-due");

        RenewalReminders one = reminders(fx.services, "it-one");
        RenewalReminders other = reminders(two, "it-two");
        // an hour apart each (the same programme day): a second write would be a second event row, at another time;
        // the dispatcher passes in between, as serve's does every few seconds
        one.sweep();
        dispatcher.pass().await(30, TimeUnit.SECONDS);
        fx.clock.advance(Duration.ofHours(1));
        other.sweep();                          // the second instance
        dispatcher.pass().await(30, TimeUnit.SECONDS);
        fx.clock.advance(Duration.ofHours(1));
        one.sweep();                            // the first again
        reminders(fx.services, "it-restarted").sweep();   // a restart
        assertThat(thresholds(soon)).containsExactly(30);
        assertThat(thresholds(later)).isEmpty();
        NotificationEvent e = reminded(soon).get(0);
        assertThat(e.licenseeId()).isEqualTo("RB");
        assertThat(e.id()).isEqualTo(RenewalReminders.eventId(fx.services.registry.findLicence(soon.productId()).orElseThrow(), 30));
        assertThat(e.data()).containsEntry("daysLeft", 20).containsEntry("licenceNo", "FS-R-" + soon.productId())
                .containsEntry("product", "电饭煲").containsKey("validUntil").containsKey("expiresOn");
        assertThat(e.data().get("apply")).isEqualTo(Map.of("method", "POST", "path", "/api/v1/certification/applications",
                "renewalOf", soon.productId()));
        assertThat(fx.services.changes.entity("licence:" + soon.productId(), 50)).anyMatch(a -> a.action().equals("licence.renewal-due")
                && a.actor().equals(RenewalReminders.ACTOR) && a.detail().contains("30 days before expiry"));

        // the webhook of RB heard it once, as every event is sent; RA's hears nothing of RB's licence
        dispatcher.pass().await(30, TimeUnit.SECONDS);
        assertThat(got.getOrDefault("/rb", List.of())).singleElement().satisfies(b -> {
            assertThat(b.getString("type")).isEqualTo("licence.renewal-due");
            assertThat(b.getString("header.type")).isEqualTo("licence.renewal-due");
            assertThat(b.getString("id")).isEqualTo(e.id().toString()).isEqualTo(b.getString("header.id"));
            assertThat(b.getString("licenseeId")).isEqualTo("RB");
            assertThat(b.getInteger("productId")).isEqualTo(soon.productId());
            assertThat(b.getJsonObject("data").getInteger("threshold")).isEqualTo(30);
            assertThat(b.getJsonObject("data").getJsonObject("apply").getInteger("renewalOf")).isEqualTo(soon.productId());
        });
        assertThat(got.getOrDefault("/ra", List.of())).isEmpty();

        // eleven days on: RA's licence is within 90 days, RB's still within 30 (nothing new for it)
        fx.clock.advance(Duration.ofDays(11));
        other.sweep();
        one.sweep();
        assertThat(thresholds(later)).containsExactly(90);
        assertThat(thresholds(soon)).containsExactly(30);
        // three more: RB's within 7
        fx.clock.advance(Duration.ofDays(3));
        one.sweep();
        other.sweep();
        assertThat(thresholds(soon)).containsExactly(7, 30);
        assertThat(thresholds(later)).containsExactly(90);
        dispatcher.pass().await(30, TimeUnit.SECONDS);
        assertThat(got.get("/rb")).extracting(b -> b.getJsonObject("data").getInteger("threshold")).containsExactly(30, 7);
        assertThat(got.get("/ra")).extracting(b -> b.getJsonObject("data").getInteger("threshold")).containsExactly(90);
        dispatcher.pass().await(30, TimeUnit.SECONDS);   // delivered once: nothing more on the next pass
        assertThat(got.get("/rb")).hasSize(2);

        // the console's notification list (the regulator's) shows them
        WebClientSession office = ConsoleForms.login(web, fx.services.apiKeys.issue(REGULATOR).toCompletableFuture().get());
        String page = ConsoleForms.get(office, "/console/notifications?type=licence.renewal-due").bodyAsString();
        assertThat(page).contains("Licence renewal due").contains(e.id().toString());
    }

    @Test
    void aRenewalApplicationFiledStopsFurtherRemindersAndARenewedLicenceStartsAfresh() throws Exception {
        Product p = expiringIn("RC", 25);
        RenewalReminders one = reminders(fx.services, "it-one");
        one.sweep();
        assertThat(thresholds(p)).containsExactly(30);
        // the manufacturer files the renewal: no 7-day reminder for this expiry
        Principal maker = Principal.manufacturer("maker-rc", "RC");
        Application a = fx.services.certification.apply(maker, new Application.Filing("RC", null,
                Certification.details(p, STANDARD), STANDARD, "2025", "https://std.example/rc", p.productId()));
        assertThat(a.filing().renewal()).isTrue();
        fx.clock.advance(Duration.ofDays(19));
        RenewalReminders.Sweep s = reminders(two, "it-two").sweep();
        assertThat(s.renewing()).isGreaterThanOrEqualTo(1);
        assertThat(thresholds(p)).containsExactly(30);
        // renewed (a new validUntil): its thresholds start afresh, the old application counts for the old period only
        Instant now = fx.clock.instant();
        fx.services.registry.grantLicence(REGULATOR, p.productId(), "FS-R2-" + p.productId(), now, now.plus(Duration.ofDays(80)),
                "renewed after evaluation");
        one.sweep();
        Licence renewed = fx.services.registry.findLicence(p.productId()).orElseThrow();
        assertThat(reminded(p)).extracting(NotificationEvent::id).contains(RenewalReminders.eventId(renewed, 90));
        assertThat(thresholds(p)).containsExactly(30, 90);
    }

    /** A withdrawn renewal is no renewal in progress: the portal offers the form again and the reminders resume (one rule: open = not final). */
    @Test
    void aWithdrawnRenewalNoLongerSilencesTheRemindersAndThePortalOffersTheFormAgain() throws Exception {
        fx.licensee("RW");
        Product p = expiringIn("RW", 25);
        RenewalReminders r = reminders(fx.services, "it-withdrawn");
        r.sweep();
        assertThat(thresholds(p)).containsExactly(30);
        Principal maker = Principal.manufacturer("maker-rw", "RW");
        Application a = fx.services.certification.apply(maker, new Application.Filing("RW", null,
                Certification.details(p, STANDARD), STANDARD, "2025", "https://std.example/rw", p.productId()));
        Licence l = fx.services.registry.findLicence(p.productId()).orElseThrow();
        assertThat(r.renewalFiled(l)).isTrue();
        assertThat(fx.services.certification.renewalsDue(maker, 90)).singleElement().satisfies(d -> assertThat(d.filed()).isTrue());
        fx.services.certification.withdraw(maker, a.appId(), "型号停产，改报新型号");
        assertThat(r.renewalFiled(l)).isFalse();
        assertThat(fx.services.certification.renewalsDue(maker, 90)).singleElement().satisfies(d -> {
            assertThat(d.licence().productId()).isEqualTo(p.productId());
            assertThat(d.filed()).isFalse();
        });
        fx.clock.advance(Duration.ofDays(19));
        r.sweep();
        assertThat(thresholds(p)).containsExactly(7, 30);
    }

    @Test
    void thePortalListsItsOwnLicencesDueAndFilesTheRenewalWhichStopsTheReminders() throws Exception {
        fx.licensee("RF");
        Product own = expiringIn("RF", 25);
        Product later = expiringIn("RF", 200);
        Product theirs = expiringIn("RE", 20);
        reminders(fx.services, "it-portal").sweep();
        assertThat(thresholds(own)).containsExactly(30);
        String makerF = fx.services.apiKeys.issue(Principal.manufacturer("maker-rf", "RF")).toCompletableFuture().get();
        WebClientSession f = ConsoleForms.portalLogin(web, makerF, "en");
        String list = ConsoleForms.get(f, "/portal/applications").bodyAsString();
        assertThat(list).contains("Licences due for renewal").contains("id=\"renewal-" + own.productId() + "\"")
                .doesNotContain("id=\"renewal-" + later.productId() + "\"").doesNotContain("id=\"renewal-" + theirs.productId() + "\"");

        // another licensee's product: not found, nothing filed
        HttpResponse<Buffer> notTheirs = ConsoleForms.post(f, "/portal/applications", "/portal/applications/renewal",
                MultiMap.caseInsensitiveMultiMap().add("productId", Integer.toString(theirs.productId()))
                        .add("standard", STANDARD + "|2025").add("declarationUrl", "https://std.example/rf"));
        assertThat(notTheirs.statusCode()).isEqualTo(404);
        assertThat(fx.services.certification.list(Principal.manufacturer("maker-re", "RE"), null, 50)).isEmpty();
        // a product id that is no number: the form's sentence, not a 500
        HttpResponse<Buffer> bad = ConsoleForms.post(f, "/portal/applications", "/portal/applications/renewal",
                MultiMap.caseInsensitiveMultiMap().add("productId", "x1").add("standard", STANDARD + "|2025")
                        .add("declarationUrl", "https://std.example/rf"));
        assertThat(bad.statusCode()).isEqualTo(422);

        HttpResponse<Buffer> filed = ConsoleForms.post(f, "/portal/applications", "/portal/applications/renewal",
                MultiMap.caseInsensitiveMultiMap().add("productId", Integer.toString(own.productId()))
                        .add("standard", STANDARD + "|2025").add("declarationUrl", "https://std.example/rf"));
        assertThat(filed.statusCode()).as(filed.bodyAsString()).isEqualTo(303);
        Application a = fx.services.certification.list(Principal.manufacturer("maker-rf", "RF"), null, 50).get(0);
        assertThat(filed.getHeader("Location")).isEqualTo("/portal/applications/" + a.appId());
        assertThat(a.filing().renewalOf()).isEqualTo(own.productId());
        assertThat(a.productName()).isEqualTo(own.name());   // the registry's details, not typed again
        assertThat(ConsoleForms.get(f, "/portal/applications").bodyAsString()).contains("Renewal filed");
        // and the reminders stop for this expiry
        fx.clock.advance(Duration.ofDays(19));
        reminders(fx.services, "it-portal").sweep();
        assertThat(thresholds(own)).containsExactly(30);
    }

    @Test
    void thePortalShowsItsOwnCreditGradeWhatItBlocksAndNoOfficeNotesAndNeverAnothersFile() throws Exception {
        LocalDate today = LocalDate.ofInstant(fx.clock.instant(), CreditFile.ZONE);
        for (int i = 1; i <= 3; i++) {   // 9 points: D
            fx.services.credit.record(REGULATOR, new CreditEvent("RD", CreditKind.SAMPLING_FAILURE, today, "task-secret-" + i,
                    "office note: lab LX-" + i + " inspector Wang"));
        }
        var keys = fx.services.apiKeys;
        String makerD = keys.issue(Principal.manufacturer("maker-rd", "RD")).toCompletableFuture().get();
        String makerE = keys.issue(Principal.manufacturer("maker-re", "RE")).toCompletableFuture().get();

        WebClientSession d = ConsoleForms.portalLogin(web, makerD, "en");
        var own = ConsoleForms.get(d, "/portal/credit");
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.getHeader("content-type")).startsWith("text/html");
        assertThat(own.bodyAsString()).contains("data-grade=\"D\"").contains("data-may-order=\"false\"")
                .contains("Ordering marks: new batch orders are refused").contains("9 points of credit events")
                .contains("How to improve").contains("data-kind=\"SAMPLING_FAILURE\"").contains(today.plusMonths(24).toString())
                .doesNotContain("office note").doesNotContain("task-secret").doesNotContain("office-1");
        // what the page says it blocks, it blocks
        assertThatThrownBy(() -> fx.services.batches.order(Principal.manufacturer("maker-rd", "RD"),
                IssuerFixture.order(expiringIn("RD", 300).productId(), 10, "rd-order-1"))).hasMessageContaining("quality-credit grade D");

        // in Chinese by default
        WebClientSession zh = WebClientSession.create(web);   // no Accept-Language: the portal's default, Chinese
        zh.post("/portal/login").sendForm(MultiMap.caseInsensitiveMultiMap().add("token", makerD)).await(30, TimeUnit.SECONDS);
        assertThat(ConsoleForms.get(zh, "/portal/credit").bodyAsString()).contains("不能订购标志").contains("抽检不合格");

        // another licensee's portal shows its own file (B, nothing on file), never RD's; its API read of RD's file is a 404
        WebClientSession e = ConsoleForms.portalLogin(web, makerE, "en");
        String theirs = ConsoleForms.get(e, "/portal/credit?licenseeId=RD").bodyAsString();
        assertThat(theirs).contains("data-grade=\"B\"").contains("data-may-order=\"true\"").contains("No credit events on file")
                .doesNotContain("SAMPLING_FAILURE");
        var api = web.get("/api/v1/credit/RD").putHeader("Authorization", "Bearer " + makerE).send().await(30, TimeUnit.SECONDS);
        assertThat(api.statusCode()).isEqualTo(404);
        // without a portal session the page is not served (sent to the login)
        assertThat(web.get("/portal/credit").send().await(30, TimeUnit.SECONDS).statusCode()).isEqualTo(303);
        // the regulator's key does not sign in to the portal
        WebClientSession reg = WebClientSession.create(web).addHeader("Accept-Language", "en");
        reg.post("/portal/login").sendForm(MultiMap.caseInsensitiveMultiMap().add("token", keys.issue(REGULATOR).toCompletableFuture().get()))
                .await(30, TimeUnit.SECONDS);
        assertThat(ConsoleForms.get(reg, "/portal/credit").statusCode()).isEqualTo(303);
    }
}

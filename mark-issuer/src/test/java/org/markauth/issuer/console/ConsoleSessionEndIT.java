package org.markauth.issuer.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.markauth.issuer.IssuerFixture.REGULATOR;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.WebClientSession;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.access.ApiKeyStore;
import org.markauth.access.Principal;
import org.markauth.access.Scope;
import org.markauth.config.HttpSettings;
import org.markauth.issuer.IssuerFixture;
import org.markauth.issuer.app.IssuerRouter;
import org.markauth.issuer.registry.Product;
import org.markauth.testing.Browser;
import org.markauth.testing.WebDriver;

/**
 * A console session ends with the key it was opened with, on the issuer's real server (the whole
 * of {@code issuer serve}: API and console) over the real Cassandra and Redis: revoking the key
 * through the API ends all its sessions in Redis at once (the next page is the log-in page saying
 * why, the next action is refused and does not run); a revocation made elsewhere (the CLI, another
 * instance) is seen once the cached check is older than its re-check interval; an expired key and
 * the absolute lifetime end a session however busy it is. Time is the fixture's {@code MutableClock}.
 */
class ConsoleSessionEndIT {

    static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    static final Console.SessionSettings SESSIONS = Console.SessionSettings.defaults();

    static IssuerFixture fx;
    static HttpServer server;
    static WebClient web;
    static String adminKey;
    static Product product;

    @BeforeAll
    static void up() throws Exception {
        fx = new IssuerFixture("issuer_console_end_it");
        HttpSettings http = new HttpSettings("127.0.0.1", 0, 1024 * 1024, Duration.ofSeconds(30), "http://127.0.0.1");
        server = IssuerRouter.full(fx.vertx, fx.services, http, ConsoleForms.sessions(fx), SESSIONS).listen().await(10, TimeUnit.SECONDS);
        web = WebClient.create(fx.vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.actualPort())
                .setFollowRedirects(false));
        adminKey = fx.services.apiKeys.issue(REGULATOR).toCompletableFuture().get();
        fx.licensee("EMAKER");
        product = fx.licensedProduct("EMAKER");
    }

    @AfterAll
    static void down() {
        if (server != null) {
            server.close().await();
        }
        if (fx != null) {
            fx.close();
        }
    }

    /** A browser's session: logged in with {@code token}, and the session id its cookie carries. */
    record Signed(WebClientSession s, String sessionId) {
    }

    static Signed login(String token, String lang) throws Exception {
        WebClientSession s = WebClientSession.create(web);
        s.addHeader("Accept-Language", lang);
        HttpResponse<Buffer> r = s.post("/console/login").sendForm(MultiMap.caseInsensitiveMultiMap().add("token", token))
                .await(30, TimeUnit.SECONDS);
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(303);
        String cookie = r.cookies().stream().filter(c -> c.startsWith(ConsoleSessions.COOKIE + "=")).findFirst().orElseThrow();
        return new Signed(s, cookie.substring(ConsoleSessions.COOKIE.length() + 1, cookie.indexOf(';')));
    }

    static ApiKeyStore.Issued regulatorKey(String user) {
        return fx.services.apiKeys.issue(Principal.regulator(user), Scope.ALL, null, "test");
    }

    static HttpResponse<Buffer> get(WebClientSession s, String path) throws Exception {
        return s.get(path).send().await(30, TimeUnit.SECONDS);
    }

    static String csrf(WebClientSession s) throws Exception {
        HttpResponse<Buffer> page = get(s, "/console/registry");
        Matcher m = CSRF.matcher(page.bodyAsString());
        assertThat(m.find()).as(page.bodyAsString()).isTrue();
        return m.group(1);
    }

    static boolean inRedis(String sessionId) throws Exception {
        return fx.redis.send(Request.cmd(Command.EXISTS).arg(ConsoleForms.REDIS_PREFIX + "console:session:" + sessionId))
                .await(10, TimeUnit.SECONDS).toInteger() == 1;
    }

    static MultiMap suspend(String csrf) {
        return MultiMap.caseInsensitiveMultiMap().add("productId", "" + product.productId()).add("to", "SUSPENDED")
                .add("reason", "test").add("csrf", csrf);
    }

    static HttpResponse<Buffer> revokeThroughTheApi(String credentialId) throws Exception {
        return web.post("/api/v1/credentials/" + credentialId + "/revoke").bearerTokenAuthentication(adminKey)
                .sendJsonObject(new JsonObject().put("reason", "left the office")).await(30, TimeUnit.SECONDS);
    }

    @Test
    void revokingTheKeyThroughTheApiEndsEverySessionItOpenedAtOnce() throws Exception {
        ApiKeyStore.Issued key = regulatorKey("office-revoked");
        Signed desk = login(key.token(), "en");
        Signed laptop = login(key.token(), "zh-CN");
        Signed colleague = login(regulatorKey("office-other").token(), "en");
        assertThat(get(desk.s(), "/console/alerts").statusCode()).isEqualTo(200);
        assertThat(get(laptop.s(), "/console/alerts").statusCode()).isEqualTo(200);
        String token = csrf(desk.s());   // a form the desk had open when the key was revoked

        HttpResponse<Buffer> revoked = revokeThroughTheApi(key.credential().id());
        assertThat(revoked.statusCode()).as(revoked.bodyAsString()).isEqualTo(200);
        // both sessions are gone from Redis (every instance reads them there), the colleague's is not
        assertThat(inRedis(desk.sessionId())).isFalse();
        assertThat(inRedis(laptop.sessionId())).isFalse();
        assertThat(inRedis(colleague.sessionId())).isTrue();

        // the next page is the log-in page, in each browser's language
        HttpResponse<Buffer> page = get(laptop.s(), "/console/alerts");
        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(page.getHeader("Location")).isEqualTo("/console/login?ended=session");
        assertThat(get(laptop.s(), page.getHeader("Location")).bodyAsString()).contains("<h1>登录</h1>").contains("会话已结束，请重新登录。");
        // the next action is refused and does not run, even with the form's own CSRF token
        HttpResponse<Buffer> action = desk.s().post("/console/licences/status").sendForm(suspend(token)).await(30, TimeUnit.SECONDS);
        assertThat(action.statusCode()).isEqualTo(401);
        assertThat(action.bodyAsString()).contains("<h1>Log in</h1>");
        assertThat(fx.services.registry.findLicence(product.productId()).orElseThrow().status().name()).isEqualTo("ACTIVE");
        assertThat(get(colleague.s(), "/console/alerts").statusCode()).isEqualTo(200);
    }

    @Test
    void aKeyRevokedElsewhereEndsItsSessionOnceTheCachedCheckIsOlderThanTheRecheckInterval() throws Exception {
        ApiKeyStore.Issued key = regulatorKey("office-cli");
        Signed s = login(key.token(), "en");
        assertThat(get(s.s(), "/console/alerts").statusCode()).isEqualTo(200);
        // revoked by the CLI (or another instance): this instance learns it from the directory, not from Redis
        fx.services.apiKeys.revokeById(key.credential().id(), "office-1", "left the office");
        assertThat(get(s.s(), "/console/alerts").statusCode()).as("within the re-check interval the cached check stands")
                .isEqualTo(200);
        fx.clock.advance(SESSIONS.recheck().plusMillis(1));
        HttpResponse<Buffer> page = get(s.s(), "/console/alerts");
        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(page.getHeader("Location")).isEqualTo("/console/login?ended=revoked");
        assertThat(inRedis(s.sessionId())).isFalse();
        HttpResponse<Buffer> login = get(s.s(), page.getHeader("Location"));
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.bodyAsString()).contains("<h1>Log in</h1>")
                .contains("Your session has ended: the API key it was opened with has been revoked. Log in with a live key.");
        // the browser's cookie was expired with the session
        assertThat(get(s.s(), "/console/alerts").getHeader("Location")).isEqualTo("/console/login");
    }

    @Test
    void scriptedActionsOfAnEndedSessionGetA401ThatSaysWhy() throws Exception {
        ApiKeyStore.Issued key = regulatorKey("office-script");
        Signed json = login(key.token(), "en");
        Signed htmx = login(key.token(), "zh-CN");
        String jsonToken = csrf(json.s());
        String htmxToken = csrf(htmx.s());
        fx.services.apiKeys.revokeById(key.credential().id(), "office-1", "rotated");
        fx.clock.advance(SESSIONS.recheck().plusMillis(1));

        HttpResponse<Buffer> j = json.s().post("/console/licences/status").putHeader("Accept", "application/json")
                .sendForm(suspend(jsonToken)).await(30, TimeUnit.SECONDS);
        assertThat(j.statusCode()).isEqualTo(401);
        JsonObject body = j.bodyAsJsonObject();
        assertThat(body.getString("error")).isEqualTo("SESSION_ENDED");
        assertThat(body.getString("message")).contains("has been revoked");
        assertThat(body.getString("login")).isEqualTo("/console/login?ended=revoked");

        HttpResponse<Buffer> h = htmx.s().post("/console/licences/status").putHeader("HX-Request", "true")
                .sendForm(suspend(htmxToken)).await(30, TimeUnit.SECONDS);
        assertThat(h.statusCode()).isEqualTo(401);
        assertThat(h.getHeader("HX-Redirect")).isEqualTo("/console/login?ended=revoked");
        assertThat(h.bodyAsString()).isEqualTo("会话已结束：开启本会话的 API 密钥已被吊销，请使用有效密钥重新登录。");
        assertThat(fx.services.registry.findLicence(product.productId()).orElseThrow().status().name()).isEqualTo("ACTIVE");
    }

    @Test
    void anExpiredKeyEndsItsSessionOnTime() throws Exception {
        var key = fx.services.apiKeys.issue(Principal.regulator("office-temp"), Scope.ALL,
                fx.clock.instant().plus(Duration.ofHours(1)), "test");
        Signed s = login(key.token(), "en");
        assertThat(get(s.s(), "/console/alerts").statusCode()).isEqualTo(200);
        fx.clock.advance(Duration.ofHours(1));
        // judged against the clock at each request, so the cached check is never late for an expiry
        HttpResponse<Buffer> page = get(s.s(), "/console/alerts");
        assertThat(page.getHeader("Location")).isEqualTo("/console/login?ended=expired");
        assertThat(get(s.s(), page.getHeader("Location")).bodyAsString()).contains("the API key it was opened with has expired");
    }

    @Test
    void aSessionEndsAtItsAbsoluteLifetimeHoweverBusy() throws Exception {
        Signed s = login(regulatorKey("office-busy").token(), "en");
        // a request every 4 hours keeps it well inside the 8 h idle timeout...
        for (int i = 0; i < 2; i++) {
            fx.clock.advance(Duration.ofHours(4));
            assertThat(get(s.s(), "/console/alerts").statusCode()).isEqualTo(200);
        }
        fx.clock.advance(SESSIONS.lifetime().minus(Duration.ofHours(8)).minusMillis(1));
        assertThat(get(s.s(), "/console/alerts").statusCode()).isEqualTo(200);
        // ...but not past 12 h from log-in
        fx.clock.advance(Duration.ofMillis(1));
        HttpResponse<Buffer> page = get(s.s(), "/console/alerts");
        assertThat(page.getHeader("Location")).isEqualTo("/console/login?ended=lifetime");
        assertThat(inRedis(s.sessionId())).isFalse();
        assertThat(get(s.s(), page.getHeader("Location")).bodyAsString())
                .contains("Your session has ended: sessions last at most 12 hours, however busy. Log in again.");
        // logging in again opens a fresh session
        Signed again = login(regulatorKey("office-busy-2").token(), "en");
        assertThat(get(again.s(), "/console/alerts").statusCode()).isEqualTo(200);
    }

    @Test
    void inABrowserTheNextPageAfterRevocationIsTheLogInPageSayingWhy() throws Exception {
        Browser browser = Browser.require();
        ApiKeyStore.Issued key = regulatorKey("office-browser");
        String base = "http://127.0.0.1:" + server.actualPort();
        try (WebDriver w = WebDriver.start(browser, "zh-CN")) {
            w.go(base + "/console/login");
            w.type("#token", key.token());
            w.click("#login");
            w.await("return document.querySelector('#logout') !== null", Duration.ofSeconds(20));   // signed in: the form's navigation is over
            assertThat(w.text("h1")).startsWith("假冒告警");
            assertThat(revokeThroughTheApi(key.credential().id()).statusCode()).isEqualTo(200);
            w.go(base + "/console/registry");
            assertThat(w.currentUrl()).endsWith("/console/login?ended=session");
            assertThat(w.text("h1")).isEqualTo("登录");
            assertThat(w.text("#error")).isEqualTo("会话已结束，请重新登录。");
            w.go(base + "/console/alerts");
            assertThat(w.currentUrl()).endsWith("/console/login");
        }
    }
}

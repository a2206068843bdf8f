package org.markauth.issuer.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.markauth.issuer.IssuerFixture.REGULATOR;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.WebClientSession;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.config.HttpSettings;
import org.markauth.issuer.IssuerFixture;
import org.markauth.issuer.app.IssuerRouter;
import org.markauth.issuer.registry.Product;

/**
 * Console sessions live in Redis: a sign-in survives the restart of the issuer instance that opened
 * it (another instance, its own Vert.x and Redis client, serves the same cookie and accepts the CSRF
 * token the first one issued); signing out ends the session everywhere; without Redis the console
 * says so with a 503.
 */
class ConsoleSessionsIT {

    static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    static final HttpSettings HTTP = new HttpSettings("127.0.0.1", 0, 1024 * 1024, Duration.ofSeconds(30), "http://127.0.0.1");

    static IssuerFixture fx;
    static String key;
    static Product product;

    @BeforeAll
    static void up() throws Exception {
        fx = new IssuerFixture("issuer_console_sessions_it");
        key = fx.services.apiKeys.issue(REGULATOR).toCompletableFuture().get();
        fx.licensee("SMAKER");
        product = fx.licensedProduct("SMAKER");
    }

    @AfterAll
    static void down() {
        fx.close();
    }

    /** One issuer instance: its own Vert.x, Redis client and HTTP server over the shared Cassandra and Redis. */
    record Instance(Vertx vertx, Redis redis, HttpServer server) implements AutoCloseable {
        static Instance start(String redisUrl) throws Exception {
            Vertx vertx = Vertx.vertx();
            Redis redis = Redis.createClient(vertx, redisUrl);
            Console console = ConsoleForms.console(fx, vertx, redis);
            HttpServer server = IssuerRouter.api(vertx, fx.services, HTTP).mount(console::mount)
                    .listen().await(10, TimeUnit.SECONDS);
            return new Instance(vertx, redis, server);
        }

        int port() {
            return server.actualPort();
        }

        @Override
        public void close() throws Exception {
            server.close().await(10, TimeUnit.SECONDS);
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    static HttpResponse<Buffer> get(WebClientSession s, int port, String path) throws Exception {
        return s.get(port, "127.0.0.1", path).putHeader("Accept-Language", "en").send().await(30, TimeUnit.SECONDS);
    }

    static String csrf(HttpResponse<Buffer> page) {
        Matcher m = CSRF.matcher(page.bodyAsString());
        assertThat(m.find()).as(page.bodyAsString()).isTrue();
        return m.group(1);
    }

    @Test
    void aSessionSurvivesTheRestartOfItsInstanceAndSigningOutEndsItEverywhere() throws Exception {
        WebClient web = WebClient.create(fx.vertx, new WebClientOptions().setFollowRedirects(false));
        WebClientSession s = WebClientSession.create(web);
        String rules = "/console/rules?productId=" + product.productId();
        String cookie;
        String tokenFromFirst;
        try (Instance first = Instance.start(fx.stack.redisUrl())) {
            HttpResponse<Buffer> login = s.post(first.port(), "127.0.0.1", "/console/login")
                    .sendForm(MultiMap.caseInsensitiveMultiMap().add("token", key)).await(30, TimeUnit.SECONDS);
            assertThat(login.statusCode()).as(login.bodyAsString()).isEqualTo(303);
            cookie = login.cookies().stream().filter(c -> c.startsWith(ConsoleSessions.COOKIE + "=")).findFirst().orElseThrow();
            assertThat(cookie).containsIgnoringCase("HttpOnly").contains("SameSite=Strict").contains("Path=/console").doesNotContain("Secure");
            String id = cookie.substring(ConsoleSessions.COOKIE.length() + 1, cookie.indexOf(';'));
            // the session is kept under the issuer's Redis key prefix, with the idle timeout as its TTL
            long ttl = fx.redis.send(Request.cmd(Command.PTTL).arg(ConsoleForms.REDIS_PREFIX + "console:session:" + id))
                    .await(10, TimeUnit.SECONDS).toLong();
            assertThat(ttl).isBetween(Console.SessionSettings.defaults().idle().toMillis() - 60_000, Console.SessionSettings.defaults().idle().toMillis());
            tokenFromFirst = csrf(get(s, first.port(), rules));
        }
        try (Instance second = Instance.start(fx.stack.redisUrl())) {
            HttpResponse<Buffer> alerts = get(s, second.port(), "/console/alerts");
            assertThat(alerts.statusCode()).as(alerts.bodyAsString()).isEqualTo(200);
            assertThat(alerts.bodyAsString()).contains("<h1>Counterfeit alerts · OPEN</h1>");
            // the form the first instance served still posts: its CSRF token verifies on the second
            HttpResponse<Buffer> saved = s.post(second.port(), "127.0.0.1", "/console/rules").sendForm(MultiMap.caseInsensitiveMultiMap()
                    .add("productId", "" + product.productId()).add("maxScans", "77").add("csrf", tokenFromFirst)).await(30, TimeUnit.SECONDS);
            assertThat(saved.statusCode()).as(saved.bodyAsString()).isEqualTo(303);
            assertThat(get(s, second.port(), rules).bodyAsString()).contains("value=\"77\"");

            String session = cookie.substring(0, cookie.indexOf(';'));
            HttpResponse<Buffer> out = s.post(second.port(), "127.0.0.1", "/console/logout")
                    .sendForm(MultiMap.caseInsensitiveMultiMap().add("csrf", csrf(get(s, second.port(), "/console/alerts"))))
                    .await(30, TimeUnit.SECONDS);
            assertThat(out.statusCode()).isEqualTo(303);
            assertThat(out.getHeader("Location")).isEqualTo("/console/login");
            assertThat(out.cookies()).anyMatch(c -> c.startsWith(ConsoleSessions.COOKIE + "=") && c.contains("Max-Age=0"));
            // the old cookie, replayed by hand, opens nothing: the session is gone from Redis, not only from the browser
            HttpResponse<Buffer> replay = web.get(second.port(), "127.0.0.1", "/console/alerts").putHeader("Cookie", session)
                    .send().await(30, TimeUnit.SECONDS);
            assertThat(replay.statusCode()).isEqualTo(303);
            assertThat(replay.getHeader("Location")).isEqualTo("/console/login?ended=session");
        }
    }

    /**
     * Two tabs of one session at once: every page still answers (before, the slower write of the two
     * was refused as a "version mismatch" and its page was a 500 with an ERROR line); and a write of a
     * session that was ended meanwhile (signed out, its key revoked) does not bring it back.
     */
    @Test
    void twoTabsAtOnceBothAnswerAndAnEndedSessionStaysEnded() throws Exception {
        try (Instance one = Instance.start(fx.stack.redisUrl())) {
            WebClient web = WebClient.create(fx.vertx, new WebClientOptions().setFollowRedirects(false));
            WebClientSession s = WebClientSession.create(web);
            HttpResponse<Buffer> login = s.post(one.port(), "127.0.0.1", "/console/login")
                    .sendForm(MultiMap.caseInsensitiveMultiMap().add("token", key)).await(30, TimeUnit.SECONDS);
            assertThat(login.statusCode()).isEqualTo(303);
            java.util.List<io.vertx.core.Future<HttpResponse<Buffer>>> pages = new java.util.ArrayList<>();
            for (int i = 0; i < 24; i++) {
                pages.add(s.get(one.port(), "127.0.0.1", i % 2 == 0 ? "/console/alerts" : "/console/registry")
                        .putHeader("Accept-Language", "en").send());
            }
            io.vertx.core.Future.join(pages).await(60, TimeUnit.SECONDS);
            for (var p : pages) {
                assertThat(p.result().statusCode()).as(p.result().bodyAsString()).isEqualTo(200);
            }
            // the last page written is the session's: its form posts
            HttpResponse<Buffer> saved = s.post(one.port(), "127.0.0.1", "/console/rules").sendForm(MultiMap.caseInsensitiveMultiMap()
                    .add("productId", "" + product.productId()).add("maxScans", "78")
                    .add("csrf", csrf(get(s, one.port(), "/console/rules?productId=" + product.productId()))))
                    .await(30, TimeUnit.SECONDS);
            assertThat(saved.statusCode()).as(saved.bodyAsString()).isEqualTo(303);

            // a request in flight when the session ended writes it back: the store refuses to revive it
            RedisSessions store = new RedisSessions(one.vertx(), one.redis(), ConsoleForms.REDIS_PREFIX);
            String cookie = login.cookies().stream().filter(c -> c.startsWith(ConsoleSessions.COOKIE + "=")).findFirst().orElseThrow();
            String id = cookie.substring(ConsoleSessions.COOKIE.length() + 1, cookie.indexOf(';'));
            io.vertx.ext.web.Session inFlight = store.get(id).await(10, TimeUnit.SECONDS);
            assertThat(inFlight).isNotNull();
            store.delete(id).await(10, TimeUnit.SECONDS);
            inFlight.put("touched", 1);
            store.put(inFlight).await(10, TimeUnit.SECONDS);
            assertThat(store.get(id).await(10, TimeUnit.SECONDS)).isNull();
            HttpResponse<Buffer> after = get(s, one.port(), "/console/alerts");
            assertThat(after.statusCode()).isEqualTo(303);
        }
    }

    @Test
    void withoutRedisTheConsoleAnswersA503ThatSaysSo() throws Exception {
        try (Instance cut = Instance.start("redis://127.0.0.1:1")) {
            WebClient web = WebClient.create(fx.vertx, new WebClientOptions().setFollowRedirects(false).setDefaultHost("127.0.0.1")
                    .setDefaultPort(cut.port()));
            HttpResponse<Buffer> login = web.post("/console/login").putHeader("Accept-Language", "en")
                    .sendForm(MultiMap.caseInsensitiveMultiMap().add("token", key)).await(30, TimeUnit.SECONDS);
            assertThat(login.statusCode()).isEqualTo(503);
            assertThat(login.bodyAsString()).contains("The console cannot reach its session store (Redis) just now");
            HttpResponse<Buffer> page = web.get("/console/alerts").putHeader("Cookie", ConsoleSessions.COOKIE + "=" + "ab".repeat(32))
                    .send().await(30, TimeUnit.SECONDS);
            assertThat(page.statusCode()).isEqualTo(503);
            assertThat(page.bodyAsString()).contains("<html lang=\"zh-CN\">").contains("控制台暂时无法连接会话存储（Redis）");
            assertThat(page.getHeader("Retry-After")).isEqualTo("60");
        }
    }
}

package org.markauth.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.access.ApiTokens;

/** The kit as a service mounts it: one router with route metrics, bearer auth, the error renderer. */
class KitTest {

    /** A service's codes, as an enum implementing the kit's interface. */
    enum Code implements HttpErrorCode {
        BAD_PARAMETER(400, "Bad parameter: %s.", "参数无效：%s。"),
        UNAUTHENTICATED(401, "Sign in.", "请先认证。"),
        FORBIDDEN(403, "Not allowed.", "无权操作。"),
        NOT_FOUND(404, "Nothing here.", "未找到。"),
        INTERNAL(500, "Our fault.", "内部错误。");

        private final int status;
        private final String en;
        private final String zh;

        Code(int status, String en, String zh) {
            this.status = status;
            this.en = en;
            this.zh = zh;
        }

        @Override
        public int status() {
            return status;
        }

        @Override
        public String message(Lang lang, String arg) {
            return String.format(lang == Lang.ZH ? zh : en, arg);
        }
    }

    record Holder(String name, String role) {
    }

    /** The codes' part of the kit; {@code only}, when set, is the one language the sentences are given in. */
    record TestCodes(Lang only) implements ErrorCodes {
        @Override
        public HttpErrorCode forStatus(int status) {
            return switch (status) {
                case 401 -> Code.UNAUTHENTICATED;
                case 403 -> Code.FORBIDDEN;
                case 404 -> Code.NOT_FOUND;
                default -> Code.INTERNAL;
            };
        }

        @Override
        public HttpErrorCode internal() {
            return Code.INTERNAL;
        }

        @Override
        public Lang language(Lang asked) {
            return only == null ? asked : only;
        }
    }

    private static final String OFFICER_KEY = ApiTokens.create().newToken();
    private static final String MAKER_KEY = ApiTokens.create().newToken();
    /** Well formed, so that it reaches the lookup, which fails for it. */
    private static final String BROKEN_KEY = ApiTokens.create().newToken();
    private static final Map<String, Holder> KEYS = Map.of(OFFICER_KEY, new Holder("o", "OFFICER"),
            MAKER_KEY, new Holder("m", "MANUFACTURER"));

    private static Vertx vertx;
    private static HttpServer server;
    /** A service as mark-issuer mounts the kit: JSON errors only, English only, authentication for a whole prefix. */
    private static HttpServer jsonServer;
    private static final SimpleMeterRegistry METERS = new SimpleMeterRegistry();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        ErrorCodes codes = new TestCodes(null);
        ErrorRenderer errors = ErrorRenderer.create(codes,
                (lang, code, message, ref) -> "<p data-error=\"" + code.name() + "\">" + message + "</p>");
        BearerAuth<Holder> auth = BearerAuth.create("test-realm", KitTest::lookup);
        RouteMetrics metrics = RouteMetrics.create(METERS);
        Router r = Router.router(vertx);
        r.route().handler(metrics::handle);
        RouteMetrics.named(r.get("/api/v1/secret"), "secret").handler(auth.authenticate())
                .handler(auth.require(h -> h.role().equals("OFFICER")))
                .handler(ctx -> ctx.end("hello " + auth.principal(ctx).name()));
        RouteMetrics.named(r.get("/api/v1/param"), "param")
                .handler(ctx -> ctx.fail(new ApiError(Code.BAD_PARAMETER, "n must be a number")));
        RouteMetrics.named(r.get("/api/v1/bug"), "bug").handler(ctx -> {
            throw new IllegalStateException("a bug");
        });
        // a code whose sentence exists in one language only (as mark-issuer's services' own sentences)
        RouteMetrics.named(r.get("/api/v1/english"), "english").handler(ctx -> ctx.fail(new ApiError(new HttpErrorCode() {
            @Override
            public String name() {
                return "ONLY_ENGLISH";
            }

            @Override
            public int status() {
                return 409;
            }

            @Override
            public String message(Lang lang, String arg) {
                return "said in English";
            }

            @Override
            public Lang language(Lang wanted) {
                return Lang.EN;
            }
        }, null)));
        RouteMetrics.named(r.get("/page"), "page").handler(ctx -> ctx.fail(new ApiError(Code.BAD_PARAMETER, "x")));
        RouteMetrics.named(r.post("/page"), "page").handler(ctx -> ctx.fail(new ApiError(Code.BAD_PARAMETER, "x")));
        r.route().failureHandler(errors::handle);
        r.errorHandler(404, errors::handle);
        server = vertx.createHttpServer().requestHandler(r).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get();

        ErrorRenderer json = ErrorRenderer.json(new TestCodes(Lang.EN));
        Router j = Router.router(vertx);
        j.route().handler(metrics::handle);
        j.route("/api/v2/*").handler(ctx -> {
            RouteMetrics.fallback(ctx, "guarded");
            ctx.next();
        });
        j.route("/api/v2/*").handler(auth.authenticate());
        RouteMetrics.named(j.get("/api/v2/named"), "named").handler(ctx -> ctx.end("ok"));
        j.get("/plain").handler(ctx -> ctx.fail(new ApiError(Code.BAD_PARAMETER, "y")));
        j.route().failureHandler(json::handle);
        jsonServer = vertx.createHttpServer().requestHandler(j).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get();
    }

    private static CompletionStage<Optional<Holder>> lookup(String token) {
        if (token.equals(BROKEN_KEY)) {
            return CompletableFuture.failedFuture(new IllegalStateException("key store down"));
        }
        return CompletableFuture.completedFuture(Optional.ofNullable(KEYS.get(token)));
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    private static HttpResponse<String> get(String path, String key) throws Exception {
        return get(server, path, key);
    }

    private static HttpResponse<String> get(HttpServer to, String path, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + to.actualPort() + path));
        if (to == jsonServer) {
            b.header("Accept", "text/html");   // as a browser asks: the JSON renderer answers JSON all the same
        }
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aMissingOrUnknownKeyIs401WithTheBearerChallengeInTheEnvelope() throws Exception {
        for (String key : new String[] {null, "mak_short", ApiTokens.create().newToken()}) {
            HttpResponse<String> r = get("/api/v1/secret", key);
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"test-realm\"");
            JsonObject body = new JsonObject(r.body());
            assertThat(body.getString("error")).isEqualTo("UNAUTHENTICATED");
            assertThat(body.getString("message")).isEqualTo("请先认证。");
            assertThat(body.getString("lang")).isEqualTo("zh-CN");
            assertThat(body.containsKey("ref")).isFalse();
        }
    }

    @Test
    void aKeyOfAnotherRoleIs403AndTheRightRolePassesWithItsHolder() throws Exception {
        HttpResponse<String> maker = get("/api/v1/secret", MAKER_KEY);
        assertThat(maker.statusCode()).isEqualTo(403);
        assertThat(new JsonObject(maker.body()).getString("error")).isEqualTo("FORBIDDEN");
        HttpResponse<String> officer = get("/api/v1/secret", OFFICER_KEY);
        assertThat(officer.statusCode()).isEqualTo(200);
        assertThat(officer.body()).isEqualTo("hello o");
    }

    @Test
    void aKeyLookupThatFailsIsA500WithAReferenceNotA401() throws Exception {
        HttpResponse<String> r = get("/api/v1/secret", BROKEN_KEY);
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(new JsonObject(r.body()).getString("ref")).isNotBlank();
    }

    @Test
    void anApiErrorSaysItsCodeAndSentenceInTheRequestsLanguage() throws Exception {
        HttpResponse<String> r = get("/api/v1/param?lang=en", null);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(r.body()).getMap()).containsEntry("error", "BAD_PARAMETER")
                .containsEntry("message", "Bad parameter: n must be a number.").containsEntry("lang", "en")
                .doesNotContainKey("ref");
    }

    @Test
    void anUnforeseenFailureIsA500WithAReferenceAndNoTrace() throws Exception {
        HttpResponse<String> r = get("/api/v1/bug", null);
        assertThat(r.statusCode()).isEqualTo(500);
        JsonObject body = new JsonObject(r.body());
        assertThat(body.getString("error")).isEqualTo("INTERNAL");
        assertThat(body.getString("ref")).isNotBlank();
        assertThat(r.body()).doesNotContain("IllegalStateException").doesNotContain("a bug");
    }

    @Test
    void theEnvelopeNamesTheLanguageTheSentenceIsActuallyIn() throws Exception {
        HttpResponse<String> r = get("/api/v1/english?lang=zh", null);
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(new JsonObject(r.body()).getMap()).containsEntry("error", "ONLY_ENGLISH")
                .containsEntry("message", "said in English").containsEntry("lang", "en");
    }

    @Test
    void theStackTraceBudgetRunsOutAndComesBackEachMinuteNotBefore() {
        long[] now = {5_000_000_000L};
        LogBudget budget = new LogBudget(3, () -> now[0]);
        assertThat(budget.tryTake()).isTrue();
        assertThat(budget.tryTake()).isTrue();
        assertThat(budget.tryTake()).isTrue();
        assertThat(budget.tryTake()).isFalse();
        now[0] += 54_000_000_000L;     // 59 s: the same minute
        assertThat(budget.tryTake()).isFalse();
        now[0] += 1_000_000_000L;      // the next minute
        assertThat(budget.tryTake()).isTrue();
    }

    @Test
    void aBrowserGetsTheServicesPageWithTheSameSentence() throws Exception {
        HttpResponse<String> r = get("/page", null);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(r.body()).isEqualTo("<p data-error=\"BAD_PARAMETER\">参数无效：x。</p>");
    }

    @Test
    void aClientThatSentJsonWithoutAnAcceptGetsTheEnvelope_aFormStillGetsThePage() throws Exception {
        HttpClient c = HttpClient.newHttpClient();
        URI page = URI.create("http://127.0.0.1:" + server.actualPort() + "/page");
        HttpResponse<String> json = c.send(HttpRequest.newBuilder(page).header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(json.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(json.body()).getString("error")).isEqualTo("BAD_PARAMETER");
        HttpResponse<String> form = c.send(HttpRequest.newBuilder(page).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("a=b")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(form.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
    }

    @Test
    void requestsAreTimedByTheirRoutesNameEvenWhenTheyFail() throws Exception {
        get("/api/v1/secret", null);
        get("/api/v1/param", null);
        get("/nowhere", null);
        assertThat(METERS.find("http_requests").tag("group", "secret").tag("status", "4xx").timer()).isNotNull();
        assertThat(METERS.find("http_requests").tag("group", "param").tag("status", "4xx").timer()).isNotNull();
        assertThat(METERS.find("http_requests").tag("group", "other").tag("status", "4xx").timer()).isNotNull();
    }

    @Test
    void theJsonRendererAnswersTheEnvelopeToABrowserTooInItsOneLanguage() throws Exception {
        HttpResponse<String> r = get(jsonServer, "/plain?lang=zh-CN", null);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(new JsonObject(r.body()).getMap()).containsEntry("error", "BAD_PARAMETER")
                .containsEntry("message", "Bad parameter: y.").containsEntry("lang", "en");
    }

    @Test
    void aRequestRefusedInFrontOfItsRouteCountsUnderTheFallbackAndANamedRouteReachedWins() throws Exception {
        assertThat(get(jsonServer, "/api/v2/named", null).statusCode()).isEqualTo(401);
        assertThat(get(jsonServer, "/api/v2/named", OFFICER_KEY).body()).isEqualTo("ok");
        assertThat(METERS.find("http_requests").tag("group", "guarded").tag("status", "4xx").timer().count()).isEqualTo(1);
        assertThat(METERS.find("http_requests").tag("group", "named").tag("status", "2xx").timer().count()).isEqualTo(1);
        assertThat(METERS.find("http_requests").tag("group", "guarded").tag("status", "2xx").timer()).isNull();
    }

    /** A bad %-escape in a form body (Netty raises it in a string helper under its decoder) is the client's request, never a fault. */
    @Test
    void aFormThatDoesNotDecodeIsTheClientsFault() {
        RuntimeException refused = null;
        try {
            io.netty.handler.codec.http.QueryStringDecoder.decodeComponent("%zz");
        } catch (RuntimeException e) {
            refused = e;
        }
        assertThat(refused).isInstanceOf(IllegalArgumentException.class);
        assertThat(ErrorRenderer.brokenRequest(refused)).isTrue();
        assertThat(ErrorRenderer.brokenRequest(new IllegalArgumentException("ours"))).isFalse();
    }
}

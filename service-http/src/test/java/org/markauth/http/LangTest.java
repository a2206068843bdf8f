package org.markauth.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Through a real vertx-web router, so the header parsing tested is the one the services run. */
class LangTest {

    private static Vertx vertx;
    private static HttpServer server;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        router.get("/lang").handler(ctx -> ctx.end(Lang.of(ctx).tag()));
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    private static String lang(String query, String cookie, String acceptLanguage) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + "/lang" + query));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        if (acceptLanguage != null) {
            b.header("Accept-Language", acceptLanguage);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** For what java.net.URI refuses to send (a bad %-escape). */
    private static String raw(String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.actualPort())) {
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void chineseByDefaultEnglishWhenPreferred() throws Exception {
        assertThat(lang("", null, null)).isEqualTo("zh-CN");
        assertThat(lang("", null, "fr-FR")).isEqualTo("zh-CN");
        assertThat(lang("", null, "en-US,en;q=0.9")).isEqualTo("en");
        assertThat(lang("", null, "zh-CN,zh;q=0.9,en;q=0.8")).isEqualTo("zh-CN");
        assertThat(lang("", null, "en;q=0.3,zh-TW;q=0.8")).isEqualTo("zh-CN");
        assertThat(lang("", null, "fr;q=0.9,en;q=0.5")).isEqualTo("en");
    }

    @Test
    void theSwitchAndItsCookieWinOverTheHeader() throws Exception {
        assertThat(lang("?lang=en", null, "zh-CN")).isEqualTo("en");
        assertThat(lang("", "lang=en", "zh-CN")).isEqualTo("en");
        assertThat(lang("?lang=zh", "lang=en", "en")).isEqualTo("zh-CN");
        assertThat(lang("?lang=xx", "lang=yy", "en")).isEqualTo("en");
    }

    @Test
    void aMalformedQueryOrHeaderStillHasALanguage() throws Exception {
        assertThat(raw("GET /lang?lang=%zz HTTP/1.1\r\nHost: x\r\nAccept-Language: en\r\nConnection: close\r\n\r\n"))
                .endsWith("\r\n\r\nen");
        assertThat(lang("", null, ";;;q=,,")).isEqualTo("zh-CN");
    }
}

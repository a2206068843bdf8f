package org.markauth.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A web app's files served from a class loader folder (src/test/resources/app-files-test/) at /app/. */
class AppFilesTest {

    private static Vertx vertx;
    private static HttpServer server;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        Router r = Router.router(vertx);
        new AppFiles(AppFilesTest.class.getClassLoader(), "app-files-test/", "/app/", "test-app",
                ctx -> ctx.response().setStatusCode(404).end("no such file")).mount(r);
        server = vertx.createHttpServer().requestHandler(r).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    private static HttpResponse<String> get(String path, String ifNoneMatch) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path));
        if (ifNoneMatch != null) {
            b.header("If-None-Match", ifNoneMatch);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theBareMountRedirectsToTheFolder() throws Exception {
        HttpResponse<String> r = get("/app", null);
        assertThat(r.statusCode()).isEqualTo(301);
        assertThat(r.headers().firstValue("Location")).contains("/app/");
    }

    @Test
    void theFolderIsTheIndexWithTheAppCspNoCacheAndAnEtagThatGives304() throws Exception {
        HttpResponse<String> r = get("/app/", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("<title>app</title>");
        assertThat(r.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-cache");
        assertThat(r.headers().firstValue("Content-Security-Policy").orElseThrow()).startsWith("default-src 'self'");
        assertThat(r.headers().firstValue("Permissions-Policy").orElseThrow()).contains("camera=(self)");
        assertThat(r.headers().firstValue("Service-Worker-Allowed")).isEmpty();
        String etag = r.headers().firstValue("ETag").orElseThrow();
        assertThat(etag).matches("\"[0-9a-f]{32}\"");
        assertThat(get("/app/index.html", null).headers().firstValue("ETag")).contains(etag);

        HttpResponse<String> again = get("/app/", etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(get("/app/", "\"0000\"").statusCode()).isEqualTo(200);
    }

    @Test
    void hashedAssetsAreKeptAYearAndTheWorkerMayControlTheMount() throws Exception {
        HttpResponse<String> asset = get("/app/assets/main-AB12CD34.js", null);
        assertThat(asset.statusCode()).isEqualTo(200);
        assertThat(asset.headers().firstValue("Content-Type")).contains("text/javascript; charset=utf-8");
        assertThat(asset.headers().firstValue("Cache-Control")).contains("public, max-age=31536000, immutable");

        HttpResponse<String> sw = get("/app/sw.js", null);
        assertThat(sw.statusCode()).isEqualTo(200);
        assertThat(sw.headers().firstValue("Cache-Control")).contains("no-cache");
        assertThat(sw.headers().firstValue("Service-Worker-Allowed")).contains("/app/");
    }

    @Test
    void unknownNamesFoldersOtherTypesAndOddPathsGoToTheAppsNotFound() throws Exception {
        for (String path : new String[] {"/app/nothing.js", "/app/assets", "/app/assets/", "/app/tool.exe",
                "/app/.hidden.js", "/app/a%20b.js"}) {
            HttpResponse<String> r = get(path, null);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.body()).as(path).isEqualTo("no such file");
        }
    }

    @Test
    void aMountThatIsNoFolderIsRefused() {
        assertThatThrownBy(() -> new AppFiles(getClass().getClassLoader(), "x/", "/app", "n", ctx -> ctx.fail(404)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/app");
        assertThatThrownBy(() -> new AppFiles(getClass().getClassLoader(), "x", "/app/", "n", ctx -> ctx.fail(404)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'/'");
    }
}

package org.markauth.issuer.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.access.Principal;
import org.markauth.config.ConnectionSettings;
import org.markauth.config.HttpSettings;
import org.markauth.issuer.IssuerFixture;
import org.markauth.issuer.app.IssuerRouter;
import org.markauth.issuer.auth.CallerRateLimit;
import org.markauth.issuer.console.RedisSessions;
import org.markauth.testing.RawHttp;

/**
 * The issuer's edge, over raw sockets against the server {@code issuer serve} runs (the full router
 * on the kit's {@code HttpEdge}, real Cassandra and Redis): ambiguous framing refused with a 400 and
 * the connection closed, a half-sent or dripped request cut off at the read timeout, an idle
 * connection closed, the security headers on every kind of answer, every CORS preflight refused,
 * the per-key rate limit, and {@code /metrics} only on its own port.
 */
class EdgeIT {

    static final ConnectionSettings EDGE = new ConnectionSettings(Duration.ofSeconds(2), Duration.ofSeconds(1));
    static final int PER_MINUTE = 5;

    static IssuerFixture fx;
    static HttpServer server;
    static HttpServer metrics;
    static RawHttp http;
    static String regulator;

    @BeforeAll
    static void up() throws Exception {
        fx = new IssuerFixture("issuer_edge_it");
        String prefix = "issuer-edge-it:" + java.util.UUID.randomUUID() + ":";   // its own rate-limit counters
        HttpSettings settings = new HttpSettings("127.0.0.1", 0, 64 * 1024, Duration.ofSeconds(30), "http://127.0.0.1");
        server = IssuerRouter.full(fx.vertx, fx.services, settings, new RedisSessions(fx.vertx, fx.redis, prefix))
                .rateLimited(new CallerRateLimit(fx.redis, prefix, PER_MINUTE, fx.clock))
                .listen(EDGE).await(10, TimeUnit.SECONDS);
        metrics = IssuerRouter.listenMetrics(fx.vertx, fx.services.meters, "127.0.0.1", 0, EDGE).await(10, TimeUnit.SECONDS);
        http = new RawHttp(server.actualPort());
        regulator = key(Principal.regulator("edge-office"));
    }

    @AfterAll
    static void down() {
        server.close().await();
        metrics.close().await();
        fx.close();
    }

    static String key(Principal p) throws Exception {
        return fx.services.apiKeys.issue(p).toCompletableFuture().get();
    }

    /** Each is refused as a whole: one 400, then the connection closes, so the request hidden in its body is never read. */
    @Test
    void ambiguousFramingIsRefusedWithA400AndTheConnectionClosed() {
        String smuggled = "GET /health HTTP/1.1\r\nHost: x\r\n\r\n";
        Map<String, String> requests = Map.of(
                "CL+TE", "POST /api/v1/batches HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + smuggled,
                "TE+CL", "POST /api/v1/batches HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 40\r\n\r\n0\r\n\r\n" + smuggled,
                "two Hosts", "GET /health HTTP/1.1\r\nHost: a.example\r\nHost: b.example\r\n\r\n" + smuggled,
                "obs-fold", "GET /health HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n Transfer-Encoding: chunked\r\n\r\n" + smuggled,
                "obs-fold tab", "GET /health HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n\tmore\r\n\r\n" + smuggled,
                "two lengths", "POST /api/v1/batches HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 40\r\n\r\n{}" + smuggled,
                "same length twice", "POST /api/v1/batches HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\n{}" + smuggled,
                "TE not chunked", "POST /api/v1/batches HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n" + smuggled,
                "space before colon", "POST /api/v1/batches HTTP/1.1\r\nHost: x\r\nContent-Length : 40\r\n\r\n" + smuggled);
        requests.forEach((what, request) -> {
            RawHttp.Answer a = http.send(request);
            assertThat(a.status()).as(what).isEqualTo(400);
            assertThat(a.closed()).as(what + ": connection closed").isTrue();
            assertThat(a.body()).as(what).contains("\"error\":\"BAD_REQUEST\"").contains("framing is ambiguous");
            assertThat(a.text().split("HTTP/1\\.1 ", -1)).as(what + ": one answer only").hasSize(2);
            assertThat(a.header("X-Content-Type-Options")).as(what).isEqualTo("nosniff");
        });
        // the same requests, plainly framed, are served (two answers: the pipelined one is read too)
        RawHttp.Answer plain = http.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n" + smuggled.replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n"));
        assertThat(plain.status()).isEqualTo(200);
        assertThat(plain.text().split("HTTP/1\\.1 200", -1)).hasSize(3);
        RawHttp.Answer chunked = http.send("POST /api/v1/batches HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                + "Content-Type: application/json\r\nConnection: close\r\n\r\n2\r\n{}\r\n0\r\n\r\n");
        assertThat(chunked.status()).isEqualTo(401);
    }

    @Test
    void aHalfSentRequestIsCutOffAtTheReadTimeout() {
        // the head never ends
        RawHttp.Answer head = http.send("GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: 1\r\n", 10_000);
        assertThat(head.closed()).isTrue();
        assertThat(head.text()).isEmpty();
        assertThat(head.millis()).isBetween(900L, 6_000L);
        // the body never ends, on the print route (which the request timeout leaves alone: its files stream for minutes)
        RawHttp.Answer body = http.send("POST /api/v1/batches/1/print/batch.csv HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{", 10_000);
        assertThat(body.closed()).isTrue();
        assertThat(body.millis()).isBetween(900L, 6_000L);
        System.out.printf("edge: read-timeout %d ms: half-sent head closed after %d ms, half-sent body after %d ms%n",
                EDGE.readTimeout().toMillis(), head.millis(), body.millis());
    }

    /** A byte every 200 ms keeps the connection busy (no idle timeout fires) but the request never completes. */
    @Test
    void aDrippedHeadIsCutOffToo() throws Exception {
        long start = System.nanoTime();
        boolean cut = false;
        try (Socket s = new Socket("127.0.0.1", server.actualPort())) {
            s.setSoTimeout(200);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write("GET /health HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 50 && !cut; i++) {   // at most 10 s
                try {
                    out.write("X-Drip: 1\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    cut = in.read() < 0;
                } catch (SocketTimeoutException stillOpen) {
                    // nothing to read yet: drip on
                } catch (SocketException reset) {
                    cut = true;
                }
            }
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(cut).as("connection closed while the head was still dripping").isTrue();
        assertThat(ms).isBetween(900L, 6_000L);
        System.out.printf("edge: dripped head (a line every 200 ms) closed after %d ms%n", ms);
    }

    @Test
    void anIdleConnectionIsClosed() {
        RawHttp.Answer silent = http.send("", 10_000);
        assertThat(silent.closed()).isTrue();
        assertThat(silent.millis()).isBetween(1_500L, 8_000L);
        // after a complete keep-alive exchange, too
        RawHttp.Answer after = http.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n", 10_000);
        assertThat(after.status()).isEqualTo(200);
        assertThat(after.closed()).isTrue();
        assertThat(after.millis()).isBetween(1_500L, 8_000L);
        System.out.printf("edge: idle-timeout %d ms: silent connection closed after %d ms, idle keep-alive after %d ms%n",
                EDGE.idleTimeout().toMillis(), silent.millis(), after.millis());
    }

    @Test
    void everyAnswerCarriesTheSecurityHeaders() {
        List<String> requests = List.of(
                "GET /health HTTP/1.1\r\nHost: x\r\n",
                "GET /openapi.yaml HTTP/1.1\r\nHost: x\r\n",
                "GET /api/v1/batches HTTP/1.1\r\nHost: x\r\n",
                "GET /api/v1/licensees HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + regulator + "\r\n",
                "GET /nothing/here HTTP/1.1\r\nHost: x\r\n",
                "GET /api/v1/%zz HTTP/1.1\r\nHost: x\r\n",
                "GET /console/login HTTP/1.1\r\nHost: x\r\n",
                "GET /console/alerts HTTP/1.1\r\nHost: x\r\n",
                "GET /health HTTP/1.1\r\nHost: x\r\nHost: y\r\n");
        for (String r : requests) {
            RawHttp.Answer a = http.send(r + "Connection: close\r\n\r\n");
            assertThat(a.status()).as(r).isPositive();
            assertThat(a.header("X-Content-Type-Options")).as(r).isEqualTo("nosniff");
            assertThat(a.header("Referrer-Policy")).as(r).isEqualTo("no-referrer");
            assertThat(a.header("Strict-Transport-Security")).as(r).isEqualTo("max-age=31536000");
            assertThat(a.header("X-Frame-Options")).as(r).isEqualTo("DENY");
            assertThat(a.header("Content-Security-Policy")).as(r).contains("frame-ancestors 'none'");
            assertThat(a.header("Cache-Control")).as(r).isEqualTo("no-store");
        }
        RawHttp.Answer scrape = new RawHttp(metrics.actualPort()).send("GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(scrape.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @Test
    void everyCrossOriginPreflightIsRefused() {
        for (String path : List.of("/api/v1/batches", "/api/v1/trust-list", "/console/login", "/health")) {
            RawHttp.Answer a = http.send("OPTIONS " + path + " HTTP/1.1\r\nHost: x\r\nOrigin: https://evil.example\r\n"
                    + "Access-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: authorization\r\nConnection: close\r\n\r\n");
            assertThat(a.status()).as(path).isEqualTo(403);
            assertThat(a.body()).as(path).contains("\"error\":\"CORS_REFUSED\"").contains(path);
            assertThat(a.header("Access-Control-Allow-Origin")).as(path).isNull();
        }
        RawHttp.Answer simple = http.send("GET /api/v1/trust-list HTTP/1.1\r\nHost: x\r\nOrigin: https://evil.example\r\nConnection: close\r\n\r\n");
        assertThat(simple.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void eachApiKeyHasItsOwnRateLimit() throws Exception {
        String limited = key(Principal.regulator("edge-busy"));
        String other = key(Principal.regulator("edge-quiet"));
        String get = "GET /api/v1/licensees HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer ";
        for (int i = 0; i < PER_MINUTE; i++) {
            assertThat(http.send(get + limited + "\r\n\r\n").status()).as("request %d", i + 1).isEqualTo(200);
        }
        RawHttp.Answer refused = http.send(get + limited + "\r\n\r\n");
        assertThat(refused.status()).isEqualTo(429);
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 120L);
        assertThat(refused.body()).contains("\"error\":\"RATE_LIMITED\"").contains("more than " + PER_MINUTE)
                .contains(retryAfter + " s");
        assertThat(refused.header("X-Content-Type-Options")).isEqualTo("nosniff");
        // another key is not held back by this one's count; a request without a key is refused by authentication, not counted
        assertThat(http.send(get + other + "\r\n\r\n").status()).isEqualTo(200);
        assertThat(http.send(get + "mak_unknown\r\n\r\n").status()).isEqualTo(401);
    }

    /** The rate limit asks Redis while the body waits: a write's body still reaches its route whole (it was lost: a 500). */
    @Test
    void aWriteThroughTheRateLimitKeepsItsBody() throws Exception {
        String writer = key(Principal.regulator("edge-writer"));
        String body = "{\"name\":\"Edge Writer Co\"}";
        for (int i = 0; i < 3; i++) {
            RawHttp.Answer a = http.send("POST /api/v1/licensees HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer "
                    + writer + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
            assertThat(a.status()).as(a.text()).isEqualTo(400);
            assertThat(a.body()).as(a.text()).contains("\"error\":\"MISSING_FIELD\"");
        }
    }

    @Test
    void metricsAreServedOnlyOnTheirOwnPort() {
        RawHttp.Answer api = http.send("GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(api.status()).isEqualTo(404);
        RawHttp.Answer scrape = new RawHttp(metrics.actualPort()).send("GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.header("Content-Type")).startsWith("text/plain");
        assertThat(scrape.body()).contains("http_requests_seconds");
        assertThat(new RawHttp(metrics.actualPort()).send("GET /api/v1/licensees HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                .status()).isEqualTo(404);
    }
}

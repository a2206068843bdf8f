package org.markauth.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.testing.RawHttp;
import org.markauth.verify.app.VerifyServer;

/**
 * verify-api's edge, over raw sockets against a real server (real Cassandra and Redis): ambiguous
 * framing refused with a 400 and the connection closed, a half-sent request cut off at the read
 * timeout, the security headers on every kind of answer, and the CORS policy: the public verify JSON
 * open to any origin (no credentials), every other path's preflight refused.
 */
class EdgeIT {

    static Fixture f;
    static VerifyServer server;
    static RawHttp http;

    @BeforeAll
    static void up() {
        f = new Fixture("edge_it");
        server = f.start("a", Map.of("http.read-timeout", "1s", "http.idle-timeout", "2s"));
        http = new RawHttp(server.port());
    }

    @AfterAll
    static void down() {
        f.close();
    }

    @Test
    void ambiguousFramingIsRefusedWithA400AndTheConnectionClosed() {
        String smuggled = "GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n";
        String verify = "POST /api/v1/verify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n";
        Map<String, String> requests = Map.of(
                "CL+TE", verify + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + smuggled,
                "TE+CL", verify + "Transfer-Encoding: chunked\r\nContent-Length: 44\r\n\r\n0\r\n\r\n" + smuggled,
                "two Hosts", "GET /health/live HTTP/1.1\r\nHost: a.example\r\nHost: b.example\r\n\r\n" + smuggled,
                "obs-fold", "GET /health/live HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n Transfer-Encoding: chunked\r\n\r\n" + smuggled,
                "two lengths", verify + "Content-Length: 2\r\nContent-Length: 44\r\n\r\n{}" + smuggled,
                "TE not chunked", verify + "Transfer-Encoding: identity\r\n\r\n" + smuggled);
        requests.forEach((what, request) -> {
            RawHttp.Answer a = http.send(request);
            assertThat(a.status()).as(what).isEqualTo(400);
            assertThat(a.closed()).as(what + ": connection closed").isTrue();
            assertThat(a.body()).as(what).contains("\"error\":\"BAD_REQUEST\"").contains("framing is ambiguous");
            assertThat(a.text().split("HTTP/1\\.1 ", -1)).as(what + ": one answer only").hasSize(2);
            assertThat(a.header("Strict-Transport-Security")).as(what).isEqualTo("max-age=31536000");
        });
        RawHttp.Answer plain = http.send("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n"
                + smuggled.replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n"));
        assertThat(plain.text().split("HTTP/1\\.1 200", -1)).as("both plainly framed requests served").hasSize(3);
    }

    @Test
    void aHalfSentRequestIsCutOffAtTheReadTimeout() {
        RawHttp.Answer head = http.send("GET /health/live HTTP/1.1\r\nHost: x\r\n", 10_000);
        assertThat(head.closed()).isTrue();
        assertThat(head.millis()).isBetween(900L, 6_000L);
        RawHttp.Answer body = http.send("POST /api/v1/verify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 100\r\n\r\n{\"code\":", 10_000);
        assertThat(body.closed()).isTrue();
        assertThat(body.millis()).isBetween(900L, 6_000L);
    }

    @Test
    void everyAnswerCarriesTheSecurityHeaders() {
        List<String> requests = List.of(
                "GET /health/live HTTP/1.1\r\nHost: x\r\n",
                "GET /api/v1/verify?code=not-a-mark HTTP/1.1\r\nHost: x\r\n",
                "GET /api/v1/verify HTTP/1.1\r\nHost: x\r\n",
                "GET /M/NOTAMARK HTTP/1.1\r\nHost: x\r\n",
                "GET /nothing/here HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\n",
                "DELETE /api/v1/verify HTTP/1.1\r\nHost: x\r\n",
                "GET /api/v1/officer/record?code=x HTTP/1.1\r\nHost: x\r\n",
                "GET /openapi.yaml HTTP/1.1\r\nHost: x\r\n");
        for (String r : requests) {
            RawHttp.Answer a = http.send(r + "Connection: close\r\n\r\n");
            assertThat(a.status()).as(r).isPositive();
            assertThat(a.header("X-Content-Type-Options")).as(r).isEqualTo("nosniff");
            assertThat(a.header("Referrer-Policy")).as(r).isEqualTo("no-referrer");
            assertThat(a.header("Strict-Transport-Security")).as(r).isEqualTo("max-age=31536000");
            assertThat(a.header("X-Frame-Options")).as(r).isEqualTo("DENY");
            assertThat(a.header("Content-Security-Policy")).as(r).contains("frame-ancestors 'none'");
            assertThat(a.header("Cache-Control")).as(r).isNotNull();
        }
    }

    @Test
    void theVerifyJsonIsOpenToAppsOnOtherOrigins() {
        for (String method : List.of("GET", "POST")) {
            RawHttp.Answer pre = http.send("OPTIONS /api/v1/verify HTTP/1.1\r\nHost: x\r\nOrigin: https://app.example\r\n"
                    + "Access-Control-Request-Method: " + method + "\r\nAccess-Control-Request-Headers: content-type\r\n"
                    + "Connection: close\r\n\r\n");
            assertThat(pre.status()).as(method).isEqualTo(204);
            assertThat(pre.header("Access-Control-Allow-Origin")).isEqualTo("*");
            assertThat(pre.header("Access-Control-Allow-Methods")).contains("GET").contains("POST").doesNotContain("DELETE");
            assertThat(pre.header("Access-Control-Allow-Headers")).containsIgnoringCase("content-type");
            assertThat(pre.header("Access-Control-Allow-Credentials")).isNull();
        }
        RawHttp.Answer get = http.send("GET /api/v1/verify?code=not-a-mark HTTP/1.1\r\nHost: x\r\nOrigin: https://app.example\r\n"
                + "Connection: close\r\n\r\n");
        assertThat(get.header("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(get.header("Access-Control-Allow-Credentials")).isNull();
        String body = "{\"code\":\"not-a-mark\"}";
        RawHttp.Answer post = http.send("POST /api/v1/verify HTTP/1.1\r\nHost: x\r\nOrigin: https://app.example\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body);
        assertThat(post.status()).isLessThan(500);
        assertThat(post.header("Access-Control-Allow-Origin")).isEqualTo("*");
    }

    @Test
    void everyOtherPathIsClosedToOtherOrigins() {
        for (String path : List.of("/api/v1/verify/batch", "/api/v1/officer/record", "/report", "/M/NOTAMARK", "/api/v1/trust-list",
                "/health/live")) {
            RawHttp.Answer pre = http.send("OPTIONS " + path + " HTTP/1.1\r\nHost: x\r\nOrigin: https://app.example\r\n"
                    + "Access-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: authorization\r\n"
                    + "Connection: close\r\n\r\n");
            assertThat(pre.status()).as(path).isEqualTo(403);
            assertThat(pre.body()).as(path).contains("CORS_REFUSED");   // JSON under /api, the error page elsewhere
            assertThat(pre.header("Access-Control-Allow-Origin")).as(path).isNull();
        }
        for (String path : List.of("/api/v1/trust-list", "/health/live", "/M/NOTAMARK")) {
            RawHttp.Answer get = http.send("GET " + path + " HTTP/1.1\r\nHost: x\r\nOrigin: https://app.example\r\nConnection: close\r\n\r\n");
            assertThat(get.header("Access-Control-Allow-Origin")).as(path).isNull();
        }
    }
}

package org.markauth.sdk.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.markauth.sdk.TestKeys;
import org.markauth.sdk.crypto.MarkKeyPair;
import org.markauth.sdk.crypto.SignatureAlgorithm;
import org.markauth.sdk.http.JdkTransport;
import org.markauth.sdk.http.RetryPolicy;
import org.markauth.sdk.http.Transport;
import org.markauth.sdk.mark.MarkContent;
import org.markauth.sdk.mark.MarkSigner;
import org.markauth.sdk.mark.Serial;
import org.markauth.sdk.mark.SignedMark;
import org.markauth.sdk.trust.TrustedKey;
import org.markauth.sdk.verify.OfflineVerifier;
import org.markauth.sdk.verify.VerdictCode;

class VerifyClientTest {
    private final MarkKeyPair keys = TestKeys.keyPair(SignatureAlgorithm.ED25519, 31);
    private final OfflineVerifier offline = OfflineVerifier.create(
            TestKeys.trustList(1, TrustedKey.active(SignatureAlgorithm.ED25519, keys.publicKey(), TestKeys.T0)),
            OfflineVerifier.Options.defaults());
    private final SignedMark mark = MarkSigner.create(keys.algorithm(), keys.privateKey())
            .sign(new MarkContent(42, 7, Serial.ofHex("0a0b0c0d0e0f1011")));
    /** The verify-api's Verdict schema (verify-api openapi.yaml, docs/api.md), plus an unknown member. */
    private static final String GENUINE = "{\"code\":\"RECALLED\",\"category\":\"WARNING\",\"message\":\"召回\","
            + "\"lang\":\"zh\",\"checkedAt\":\"2026-06-01T00:00:00Z\",\"notes\":[\"n1\",\"n2\"],"
            + "\"mark\":{\"productId\":42,\"batchId\":7},\"product\":{\"name\":\"Tile\"},\"batch\":{\"lot\":\"Lot 7\"},"
            + "\"scans\":{\"before\":3,\"firstAt\":\"2026-01-02T03:04:05Z\",\"firstPlace\":\"Foshan\"},\"future\":true}";

    private VerifyClient client(Transport t, int attempts) {
        return VerifyClient.create(t, new VerifyClient.Options(URI.create("http://127.0.0.1:1/"), Duration.ofSeconds(2),
                new RetryPolicy(attempts, Duration.ZERO), Locale.SIMPLIFIED_CHINESE), offline);
    }

    @Test
    void realHttpRoundTripMapsTheDocumentedResponse() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        List<String> seen = new ArrayList<>();
        server.createContext("/api/v1/verify", ex -> {
            seen.add(ex.getRequestURI().getPath() + "?" + ex.getRequestURI().getQuery() + " "
                    + ex.getRequestHeaders().getFirst("Accept-Language"));
            byte[] b = GENUINE.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
        try {
            VerifyClient c = VerifyClient.create(JdkTransport.create(Duration.ofSeconds(2)),
                    VerifyClient.Options.defaults(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/")), offline);
            OnlineResult r = c.verify(mark.toUrl(TestKeys.HOST));
            assertThat(r.source()).isEqualTo(OnlineResult.Source.ONLINE);
            assertThat(r.verdict().code()).isEqualTo(VerdictCode.RECALLED);
            assertThat(r.verdict().details()).containsEntry("productName", "Tile").containsEntry("batchName", "Lot 7")
                    .containsEntry("scanCount", "3").containsEntry("firstScanPlace", "Foshan");
            assertThat(r.verdict().details()).containsEntry("notes", "n1\nn2");
            assertThat(seen).containsExactly("/api/v1/verify?code=" + mark.toUrl(TestKeys.HOST) + "&lang=zh zh-CN");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void retriesWithOneRequestIdThenFallsBackOffline() {
        AtomicInteger calls = new AtomicInteger();
        List<String> ids = new ArrayList<>();
        Transport down = req -> {
            calls.incrementAndGet();
            ids.add(req.headers().get("X-Request-Id"));
            throw new java.net.http.HttpTimeoutException("request timed out");
        };
        OnlineResult r = client(down, 3).verify(mark.toUrl(TestKeys.HOST));
        assertThat(calls).hasValue(3);
        assertThat(ids).hasSize(3).containsOnly(ids.get(0));
        assertThat(r.isFallback()).isTrue();
        assertThat(r.verdict().code()).isEqualTo(VerdictCode.SIGNATURE_VALID);
        assertThat(r.failure()).contains("timed out");
    }

    @Test
    void serverErrorsAndGarbageFallBackAndA503IsRetried() {
        AtomicInteger calls = new AtomicInteger();
        Transport flaky = req -> calls.incrementAndGet() == 1 ? new Transport.Response(503, "", new byte[0])
                : new Transport.Response(200, "application/json", GENUINE.getBytes(StandardCharsets.UTF_8));
        assertThat(client(flaky, 2).verify(mark.payloadText()).source()).isEqualTo(OnlineResult.Source.ONLINE);

        Transport garbage = req -> new Transport.Response(200, "text/html", "<html>captive portal</html>".getBytes());
        OnlineResult g = client(garbage, 1).verify(mark.payloadText());
        assertThat(g.isFallback()).isTrue();
        assertThat(g.failure()).contains("does not understand");
        Transport unknownCode = req -> new Transport.Response(200, "application/json", "{\"code\":\"NEW_CODE\"}".getBytes());
        assertThat(client(unknownCode, 1).verify(mark.payloadText()).isFallback()).isTrue();
    }

    @Test
    void malformedAndForeignInputsAreAnsweredLocallyWithoutARequest() {
        Transport never = req -> {
            throw new AssertionError("no request expected");
        };
        assertThat(client(never, 1).verify("HTTPS://EVIL.EXAMPLE/M/X").verdict().code()).isEqualTo(VerdictCode.FOREIGN);
        OnlineResult m = client(never, 1).verify("garbage");
        assertThat(m.source()).isEqualTo(OnlineResult.Source.LOCAL);
        assertThat(m.verdict().code()).isEqualTo(VerdictCode.MALFORMED);
    }
}

package org.markauth.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.MultiMap;
import io.vertx.core.http.impl.headers.HeadersMultiMap;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.markauth.http.bench.HeaderBenchmark;

/** The security headers held as AsciiString constants: the same bytes on the wire, and still replaceable by name. */
class SecurityHeadersTest {

    @Test
    void theConstantsEncodeToTheBytesTheLiteralsDid() {
        assertThat(encode(HeaderBenchmark.constants(HeadersMultiMap.httpHeaders())))
                .isEqualTo(encode(HeaderBenchmark.literals(HeadersMultiMap.httpHeaders())))
                .contains("X-Frame-Options: DENY\r\n", "Content-Type: application/json; charset=utf-8\r\n");
    }

    @Test
    void aHandlerThatSetsOneByItsStringNameReplacesIt() {
        MultiMap h = HeadersMultiMap.httpHeaders();
        SecurityHeaders.apply(h);
        h.set("cache-control", "public, max-age=300").set("Content-Security-Policy", "default-src 'self'");
        assertThat(h.getAll("Cache-Control")).containsExactly("public, max-age=300");
        assertThat(h.getAll("content-security-policy")).containsExactly("default-src 'self'");
        assertThat(encode(h).toLowerCase(java.util.Locale.ROOT)).containsOnlyOnce("cache-control:")
                .containsOnlyOnce("content-security-policy:");
    }

    private static String encode(MultiMap h) {
        ByteBuf out = Unpooled.buffer();
        try {
            ((HeadersMultiMap) h).encode(out, false);
            return out.toString(StandardCharsets.US_ASCII);
        } finally {
            out.release();
        }
    }
}

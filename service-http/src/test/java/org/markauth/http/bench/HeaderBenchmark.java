package org.markauth.http.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.impl.headers.HeadersMultiMap;
import java.util.concurrent.TimeUnit;
import org.markauth.http.SecurityHeaders;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The fixed headers of a JSON answer, as the services write them (the security headers, then the
 * handler's {@code Content-Type} and {@code Cache-Control}), added to a fresh response header map
 * with Vert.x's validation on and encoded into a buffer, as Vert.x does for every answer:
 * {@link #optimized} with the constants {@link SecurityHeaders} holds (Netty {@code AsciiString}s),
 * {@link #strings} with the same names and values as string literals, as before (the baseline).
 * Run by {@link HeaderBench} (ops/bench http-headers).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HeaderBenchmark {

    private ByteBuf out;

    @Setup(Level.Trial)
    public void setUp() {
        out = Unpooled.directBuffer(2048);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        out.release();
    }

    @Benchmark
    public int optimized() {
        HeadersMultiMap h = HeadersMultiMap.httpHeaders();
        SecurityHeaders.apply(h);
        h.set(HttpHeaders.CONTENT_TYPE, SecurityHeaders.JSON_UTF8).set(HttpHeaders.CACHE_CONTROL, SecurityHeaders.NO_STORE);
        return encode(h);
    }

    @Benchmark
    public int strings() {
        HeadersMultiMap h = HeadersMultiMap.httpHeaders();
        h.add("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'")
                .add("X-Content-Type-Options", "nosniff")
                .add("X-Frame-Options", "DENY")
                .add("Referrer-Policy", "no-referrer")
                .add("Permissions-Policy", "geolocation=(self), camera=(), microphone=()")
                .add("Strict-Transport-Security", "max-age=31536000")
                .add("Cache-Control", "no-store");
        h.set("Content-Type", "application/json; charset=utf-8").set("Cache-Control", "no-store");
        return encode(h);
    }

    private int encode(HeadersMultiMap h) {
        out.clear();
        h.encode(out, false);
        return out.writerIndex();
    }
}

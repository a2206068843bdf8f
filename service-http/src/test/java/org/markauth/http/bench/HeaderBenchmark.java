package org.markauth.http.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.MultiMap;
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
        return encode(constants(HeadersMultiMap.httpHeaders()));
    }

    @Benchmark
    public int strings() {
        return encode(literals(HeadersMultiMap.httpHeaders()));
    }

    /**
     * A JSON answer's fixed headers as the services wrote them before, names and values as string literals (the
     * baseline; SecurityHeadersTest checks the constants encode to the same bytes).
     */
    public static MultiMap literals(MultiMap h) {
        h.add("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'")
                .add("X-Content-Type-Options", "nosniff")
                .add("X-Frame-Options", "DENY")
                .add("Referrer-Policy", "no-referrer")
                .add("Permissions-Policy", "geolocation=(self), camera=(), microphone=()")
                .add("Strict-Transport-Security", "max-age=31536000")
                .add("Cache-Control", "no-store");
        return h.set("Content-Type", "application/json; charset=utf-8").set("Cache-Control", "no-store");
    }

    /** The same headers as the services write them now. */
    public static MultiMap constants(MultiMap h) {
        SecurityHeaders.apply(h);
        return h.set(SecurityHeaders.CONTENT_TYPE, SecurityHeaders.JSON_UTF8).set(SecurityHeaders.CACHE_CONTROL, SecurityHeaders.NO_STORE);
    }

    private int encode(MultiMap h) {
        out.clear();
        ((HeadersMultiMap) h).encode(out, false);
        return out.writerIndex();
    }
}

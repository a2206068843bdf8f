package org.markauth.sdk.image.bench;

import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.Encoder;
import com.google.zxing.qrcode.encoder.QRCode;
import org.markauth.sdk.image.QrModules;
import org.markauth.sdk.image.QrRenderer;
import org.markauth.sdk.image.corpus.CorpusGenerator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Rendering a version 7 mark URL: ZXing's own encoder against {@link QrRenderer}'s module grid,
 * PNG and SVG. Cycles through 1024 different URLs so no result is reused.
 * Run: {@code java -cp ... org.openjdk.jmh.Main QrRenderBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class QrRenderBenchmark {

    private final String[] urls = new String[1024];
    private final QrRenderer renderer = QrRenderer.create();
    private int next;

    @Setup
    public void setUp() {
        Random random = new Random(1);
        for (int i = 0; i < urls.length; i++) {
            urls[i] = CorpusGenerator.markUrl(random);
        }
    }

    private String url() {
        return urls[next++ & (urls.length - 1)];
    }

    @Benchmark
    public QRCode zxingEncode() throws Exception {
        return Encoder.encode(url(), ErrorCorrectionLevel.M);
    }

    @Benchmark
    public QrModules modules() {
        return renderer.modules(url());
    }

    @Benchmark
    public byte[] png3() {
        return renderer.png(url(), 3);
    }

    @Benchmark
    public String svg() {
        return renderer.svg(url());
    }
}

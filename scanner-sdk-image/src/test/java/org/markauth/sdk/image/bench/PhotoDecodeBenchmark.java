package org.markauth.sdk.image.bench;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.Result;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import org.markauth.sdk.image.PhotoScanner;
import org.markauth.sdk.image.ScannedCode;
import org.markauth.sdk.image.corpus.CorpusGenerator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import org.markauth.sdk.TestKeys;
import org.markauth.sdk.crypto.MarkKeyPair;
import org.markauth.sdk.trust.TrustList;
import org.markauth.sdk.trust.TrustedKey;
import org.markauth.sdk.verify.OfflineVerifier;
import org.markauth.sdk.verify.VerdictCode;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Decoding one 1280×960 phone photo: ZXing's bare decode against {@code PhotoScanner.scan} plus
 * the verify step, on the same decoded {@code BufferedImage} (JPEG decoding is outside both).
 *
 * <p>The verify step is the SDK's real {@link OfflineVerifier} over a trust list holding the
 * corpus key: the photo's code is a genuinely signed mark, so every scan pays a full Ed25519
 * verification (about 0.08 ms against 15–20 ms of decoding on an idle core).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 6, time = 2)
public class PhotoDecodeBenchmark {

    /** Corpus sample index: 0 is a rotated code of 6 px modules on a cluttered scene (fast path). */
    @Param({"0"})
    public int sample;

    private BufferedImage photo;
    private PhotoScanner scanner;
    private OfflineVerifier verifier;

    @Setup
    public void setUp() throws Exception {
        CorpusGenerator.Sample s = new CorpusGenerator(CorpusGenerator.DEFAULT_SEED).sample(sample);
        photo = ImageIO.read(new ByteArrayInputStream(s.jpeg()));
        scanner = PhotoScanner.create();
        MarkKeyPair key = CorpusGenerator.MARK_KEY;
        verifier = OfflineVerifier.create(new TrustList(1, TestKeys.T0, TestKeys.T0.plus(java.time.Duration.ofDays(3650)),
                List.of(CorpusGenerator.HOST), List.of(TrustedKey.active(key.algorithm(), key.publicKey(), TestKeys.T0))),
                OfflineVerifier.Options.defaults());
        // Both sides must actually read the photo, or the comparison means nothing.
        if (!zxingBare().getText().equals(s.expected().get(0)) || !scanAndVerify()) {
            throw new IllegalStateException("sample " + sample + " is not read by both decoders");
        }
    }

    /** The baseline: ZXing's single-code reader, default hints, on the whole photo. */
    @Benchmark
    public Result zxingBare() throws Exception {
        return new QRCodeReader().decode(
                new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(photo))));
    }

    /** The same reader with TRY_HARDER (scans every third row for finder patterns), for reference. */
    @Benchmark
    public Result zxingTryHarder() throws Exception {
        return new QRCodeReader().decode(
                new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(photo))),
                Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE));
    }

    /** PhotoScanner (every code, positions, retry ladder on failure) then verify each code. */
    @Benchmark
    public boolean scanAndVerify() {
        List<ScannedCode> codes = scanner.scan(photo);
        boolean all = !codes.isEmpty();
        for (ScannedCode code : codes) {
            all &= verifier.verify(code.text()).code() == VerdictCode.SIGNATURE_VALID;
        }
        return all;
    }
}

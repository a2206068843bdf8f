package org.markauth.sdk.image;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.markauth.sdk.TestKeys;
import org.markauth.sdk.image.corpus.CorpusGenerator;
import org.markauth.sdk.image.corpus.CorpusGenerator.Kind;
import org.markauth.sdk.image.corpus.CorpusReport;
import org.markauth.sdk.trust.TrustList;
import org.markauth.sdk.trust.TrustedKey;
import org.markauth.sdk.verify.OfflineVerifier;
import org.markauth.sdk.verify.VerdictCode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Data Matrix photo corpus: the QR corpus's scenes and optics ({@link CorpusGenerator}, same
 * seed) with each mark printed as a Data Matrix ECC 200 instead, generated at test time from the
 * seed (nothing binary committed). Asserts the read rate per class — a photo counts as read when
 * exactly its mark is found — and that every text read is the mark placed there and verifies
 * offline with the SDK against the corpus's signing key: a Data Matrix carries the same signed
 * content as the QR. Measured figures and the classes' parameters: docs/scanning.md.
 */
class DataMatrixCorpusAccuracyTest {

    /** 6 photos per class (the corpus is seeded: the same 54 photos every run). */
    static final int SAMPLES = Integer.getInteger("markauth.dmcorpus.samples", 54);

    /**
     * Regression floors: the rate measured on these 54 photos when the Data Matrix reader was added
     * (docs/scanning.md, "Data Matrix"), not a target. They are far under the QR corpus's 95%: ZXing
     * 3.5.4's Data Matrix detector needs a clear white ring around the symbol and misjudges corners on
     * tilted or noisy photos; a finder-based locator is the follow-up that should raise them. NOISY
     * reads 1 of 6 today.
     */
    static final Map<Kind, Double> FLOOR = new EnumMap<>(Map.of(
            Kind.ROTATED, 50.0, Kind.PERSPECTIVE, 33.3, Kind.BLURRED, 33.3, Kind.NOISY, 16.6, Kind.LOW_CONTRAST, 33.3,
            Kind.UNEVEN_LIGHT, 33.3, Kind.JPEG_LOW_QUALITY, 83.3, Kind.INVERTED, 66.6, Kind.SMALL_MODULE, 33.3));

    @Test
    void readsTheDataMatrixPhotoCorpusClassByClassAndEveryReadVerifies() {
        CorpusGenerator generator = new CorpusGenerator(CorpusGenerator.DEFAULT_SEED, Symbology.DATA_MATRIX);
        PhotoScanner scanner = PhotoScanner.create();
        OfflineVerifier verifier = OfflineVerifier.create(new TrustList(1, TestKeys.T0, TestKeys.T0.plus(Duration.ofDays(3650)),
                List.of(CorpusGenerator.HOST), List.of(TrustedKey.active(CorpusGenerator.MARK_KEY.algorithm(),
                        CorpusGenerator.MARK_KEY.publicKey(), TestKeys.T0))),
                OfflineVerifier.Options.defaults().withClock(Clock.fixed(TestKeys.T0.plus(Duration.ofDays(1)), ZoneOffset.UTC)));
        Set<String> read = new HashSet<>();
        CorpusReport report = CorpusReport.run(generator, SAMPLES, photo -> {
            List<ScannedCode> codes = scanner.scan(photo);
            for (ScannedCode c : codes) {
                assertThat(c.symbology()).isEqualTo(Symbology.DATA_MATRIX);
                assertThat(verifier.verify(c.text()).code()).as(c.text()).isEqualTo(VerdictCode.SIGNATURE_VALID);
                read.add(c.text());
            }
            return codes;
        });
        System.out.println(report.table());
        report.failures().forEach(f -> System.out.println("  not read: " + f));
        assertThat(read).isNotEmpty();
        for (Kind k : generator.kinds()) {
            int[] c = report.perClass().get(k);
            assertThat(100.0 * c[1] / c[0]).as("read rate of class " + k + " (" + c[1] + "/" + c[0] + ")")
                    .isGreaterThanOrEqualTo(FLOOR.get(k));
        }
    }
}

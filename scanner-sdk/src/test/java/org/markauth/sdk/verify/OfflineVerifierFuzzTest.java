package org.markauth.sdk.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.markauth.sdk.TestKeys;
import org.markauth.sdk.crypto.MarkKeyPair;
import org.markauth.sdk.crypto.SignatureAlgorithm;
import org.markauth.sdk.mark.Gtin;
import org.markauth.sdk.mark.MarkContent;
import org.markauth.sdk.mark.MarkSigner;
import org.markauth.sdk.mark.Serial;
import org.markauth.sdk.trust.TrustedKey;

/**
 * 120,000 random and mutated inputs through {@link OfflineVerifier#verify(String)}: none may throw,
 * each must get a verdict, and the whole run is guarded against hangs (the guard is generous and is
 * not a performance assertion). Measured 10–38 s on the shared 2-core build machine, depending on its load.
 */
class OfflineVerifierFuzzTest {
    private static final int CASES = 120_000;
    private static final String URL_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567abcxyz01890:/?=.%@#-_ ";

    @Test
    void randomAndMutatedInputsNeverThrowOrHang() {
        MarkKeyPair ed = TestKeys.keyPair(SignatureAlgorithm.ED25519, 21);
        MarkKeyPair sm2 = TestKeys.keyPair(SignatureAlgorithm.SM2_SM3, 22);
        OfflineVerifier verifier = OfflineVerifier.create(TestKeys.trustList(1,
                        TrustedKey.active(SignatureAlgorithm.ED25519, ed.publicKey(), TestKeys.T0),
                        TrustedKey.active(SignatureAlgorithm.SM2_SM3, sm2.publicKey(), TestKeys.T0)),
                OfflineVerifier.Options.defaults());
        MarkContent c = new MarkContent(1, 2, Serial.ofHex("0102030405060708"));
        List<String> seeds = List.of(
                MarkSigner.create(ed.algorithm(), ed.privateKey()).sign(c).toUrl(TestKeys.HOST),
                MarkSigner.create(sm2.algorithm(), sm2.privateKey()).sign(c).toUrl(TestKeys.HOST),
                MarkSigner.create(ed.algorithm(), ed.privateKey())
                        .sign(new MarkContent(1, 2, c.serial(), Gtin.withCheckDigit("0690123456789"))).toUrl(TestKeys.HOST),
                MarkSigner.create(ed.algorithm(), ed.privateKey()).sign(c).payloadText());
        Map<VerdictCode, Integer> seen = new EnumMap<>(VerdictCode.class);
        SplittableRandom rnd = new SplittableRandom(20261123);

        assertTimeoutPreemptively(Duration.ofMinutes(3), () -> {
            for (int i = 0; i < CASES; i++) {
                String input = switch (i % 4) {
                    case 0 -> randomText(rnd);
                    case 1 -> new String(randomBytes(rnd, rnd.nextInt(700)), StandardCharsets.ISO_8859_1);
                    default -> mutate(seeds.get(rnd.nextInt(seeds.size())), rnd);
                };
                Verdict v = verifier.verify(input);
                assertThat(v).as("case %d", i).isNotNull();
                seen.merge(v.code(), 1, Integer::sum);
            }
        });
        // The mutations reach deep enough to exercise signature checks, not only the parser.
        assertThat(seen).containsKeys(VerdictCode.MALFORMED, VerdictCode.FORGED, VerdictCode.FOREIGN, VerdictCode.UNKNOWN_KEY,
                VerdictCode.SIGNATURE_VALID);
    }

    private static String randomText(SplittableRandom rnd) {
        int n = rnd.nextInt(600);
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(rnd.nextInt(10) == 0 ? (char) rnd.nextInt(0x10000) : URL_CHARS.charAt(rnd.nextInt(URL_CHARS.length())));
        }
        return b.toString();
    }

    private static byte[] randomBytes(SplittableRandom rnd, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) rnd.nextInt(256);
        }
        return b;
    }

    private static String mutate(String s, SplittableRandom rnd) {
        StringBuilder b = new StringBuilder(s);
        int edits = 1 + rnd.nextInt(3);
        for (int e = 0; e < edits && b.length() > 0; e++) {
            int at = rnd.nextInt(b.length());
            switch (rnd.nextInt(7)) {
                case 0 -> b.setCharAt(at, URL_CHARS.charAt(rnd.nextInt(URL_CHARS.length())));
                case 1 -> b.deleteCharAt(at);
                case 2 -> b.insert(at, URL_CHARS.charAt(rnd.nextInt(URL_CHARS.length())));
                case 3 -> b.setLength(at);
                case 4 -> b.setCharAt(at, (char) rnd.nextInt(0x10000));
                case 5 -> b.setCharAt(at, Character.toLowerCase(b.charAt(at)));
                default -> b.setCharAt(at, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".charAt(rnd.nextInt(32)));
            }
        }
        return b.toString();
    }
}

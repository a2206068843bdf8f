package org.markauth.sdk.mark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Pins the order of docs/mark-format.md section 8: each input below fails two or more steps and must
 * get the reason of the earlier one.
 */
class MalformedPrecedenceTest {
    private final MarkCodec codec = SampleMarks.CODEC;
    private final SignedMark mark = SampleMarks.MARK;
    private final SignedMark gs1 = SampleMarks.GS1;
    private final String url = mark.toUrl("MARKAUTH.CN");
    private final String g = gs1.toUrl("MARKAUTH.CN");

    private Object reason(String text) {
        ParseResult r = codec.parse(text);
        return r instanceof ParseResult.Malformed m ? m.reason() : r.getClass().getSimpleName();
    }

    @Test
    void tooLongComesBeforeWhiteSpaceAndBinary() {
        assertThat(reason(" ".repeat(513))).isEqualTo(MalformedReason.TOO_LONG);
        assertThat(reason("\u0000".repeat(513))).isEqualTo(MalformedReason.TOO_LONG);
        assertThat(reason(" ".repeat(512))).isEqualTo(MalformedReason.EMPTY);
        // the limit counts the text before stripping
        assertThat(reason(" ".repeat(513 - url.length()) + url)).isEqualTo(MalformedReason.TOO_LONG);
    }

    @Test
    void binaryComesBeforeInvisibleAndInvisibleBeforeEverythingAfter() {
        assertThat(reason("\u00A0" + url.replace("HTTPS", "HTTP") + "\u0000")).isEqualTo(MalformedReason.BINARY);
        assertThat(reason("\u200B" + "hello")).isEqualTo(MalformedReason.INVISIBLE);
        assertThat(reason(url.replace("MARKAUTH.CN", "EVIL.CN\u200B"))).isEqualTo(MalformedReason.INVISIBLE);
    }

    @Test
    void notAMarkOnlyWithoutSchemeSeparator() {
        assertThat(reason("A".repeat(137))).isEqualTo(MalformedReason.NOT_A_MARK);
        assertThat(reason("1".repeat(136))).isEqualTo(MalformedReason.BAD_ENCODING);
    }

    @Test
    void foreignHostComesBeforeSchemeAndPath() {
        assertThat(reason(url.replace("HTTPS://MARKAUTH.CN/M/", "HTTP://EVIL.CN/X/"))).isEqualTo("Foreign");
    }

    @Test
    void schemeComesBeforePath() {
        assertThat(reason(url.replace("HTTPS://MARKAUTH.CN/M/", "HTTP://MARKAUTH.CN/X/"))).isEqualTo(MalformedReason.NOT_HTTPS);
    }

    @Test
    void encodingComesBeforeLengthInThePlainPath() {
        assertThat(reason(url + "1")).isEqualTo(MalformedReason.BAD_ENCODING);
        assertThat(reason(url + "?x")).isEqualTo(MalformedReason.BAD_ENCODING);
        assertThat(reason(url + "A")).isEqualTo(MalformedReason.BAD_LENGTH);
    }

    @Test
    void versionComesBeforeAlgorithm() {
        byte[] r = mark.payloadBytes();
        r[0] = 0x2F;
        assertThat(reason("HTTPS://MARKAUTH.CN/M/" + Base32.encode(r))).isEqualTo(MalformedReason.UNSUPPORTED_VERSION);
    }

    @Test
    void gs1StepsInOrder() {
        String ser = gs1.content().serial().toBase32();
        String badGtin = g.replace("/01/06901234567892/", "/01/06901234567891/");
        // structure before GTIN check digit
        assertThat(reason(badGtin.replace("/21/", "/22/"))).isEqualTo(MalformedReason.BAD_PATH);
        // GTIN before serial
        assertThat(reason(badGtin.replace("/21/" + ser, "/21/AAAAC")))
                .isEqualTo(MalformedReason.BAD_GTIN);
        // serial before the ?M= key
        assertThat(reason(g.replace("/21/" + ser, "/21/AAAAC").replace("?M=", "?X="))).isEqualTo(MalformedReason.BAD_SERIAL);
        // the ?M= key before the record's length and encoding
        assertThat(reason(g.replace("?M=", "?X=") + "1")).isEqualTo(MalformedReason.BAD_PATH);
        // encoding before length after ?M=
        assertThat(reason(g + "1")).isEqualTo(MalformedReason.BAD_ENCODING);
        assertThat(reason(g + "A")).isEqualTo(MalformedReason.BAD_LENGTH);
    }
}

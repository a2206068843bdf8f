package org.markauth.sdk.mark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.markauth.sdk.TestKeys;
import org.markauth.sdk.crypto.MarkKeyPair;
import org.markauth.sdk.crypto.SignatureAlgorithm;

class MarkCodecTest {
    private final MarkCodec codec = MarkCodec.create(List.of("markauth.cn"));
    private final MarkKeyPair keys = TestKeys.keyPair(SignatureAlgorithm.ED25519, 1);
    private final MarkSigner signer = MarkSigner.create(keys.algorithm(), keys.privateKey());
    private final SignedMark mark = signer.sign(new MarkContent(4_000_000_000L, 7, Serial.ofHex("0123456789abcdef")));

    @Test
    void plainUrlRoundTripsAndIsUpperCaseAlphanumeric() {
        String url = mark.toUrl("markauth.cn");
        assertThat(url).startsWith("HTTPS://MARKAUTH.CN/M/").hasSize(22 + 136).matches("[A-Z0-9:/.]+");
        assertThat(codec.parse(url)).isEqualTo(new ParseResult.Parsed(mark, "MARKAUTH.CN"));
        assertThat(codec.parse(url.toLowerCase())).isInstanceOf(ParseResult.Parsed.class);
        assertThat(codec.parse("  " + url + "\r\n")).isInstanceOf(ParseResult.Parsed.class);
    }

    @Test
    void bareCodeParses() {
        assertThat(codec.parse(mark.payloadText())).isEqualTo(new ParseResult.Parsed(mark, null));
        assertThat(mark.payloadBytes()).hasSize(85);
    }

    @Test
    void gs1DigitalLinkRoundTripsWithGtinBoundInTheSignatureInput() {
        Gtin gtin = Gtin.withCheckDigit("0950110153000");
        SignedMark g = signer.sign(new MarkContent(1, 2, Serial.ofHex("00000000000000ff"), gtin));
        String url = g.toUrl("MARKAUTH.CN");
        assertThat(url).startsWith("HTTPS://MARKAUTH.CN/01/09501101530003/21/AAAAAAAAAAAP6?M=");
        assertThat(codec.parse(url)).isEqualTo(new ParseResult.Parsed(g, "MARKAUTH.CN"));
        assertThat(g.signatureInput()).startsWith("MARKAUTH-GS1-v109501101530003".getBytes());
    }

    @Test
    void apiPayloadFormParsesWithAndWithoutGtin() {
        SignedMark g = signer.sign(new MarkContent(1, 2, Serial.ofHex("00000000000000ff"), Gtin.withCheckDigit("0950110153000")));
        assertThat(codec.parsePayload(mark.payloadText(), null)).isEqualTo(new ParseResult.Parsed(mark, null));
        assertThat(codec.parsePayload(g.payloadText(), "09501101530003")).isEqualTo(new ParseResult.Parsed(g, null));
        assertThat(codec.parsePayload(g.payloadText(), "09501101530004")).isInstanceOf(ParseResult.Malformed.class);
        assertThat(codec.parsePayload("ABC", null)).isEqualTo(new ParseResult.Malformed(MalformedReason.BAD_LENGTH, "3 characters, expected 136"));
        assertThat(codec.parsePayload(null, null)).isInstanceOf(ParseResult.Malformed.class);
    }

    @Test
    void foreignHostsAreReportedWithTheHost() {
        String url = mark.toUrl("MARKAUTH.CN");
        assertThat(codec.parse(url.replace("MARKAUTH.CN", "MARKAUTH.CN.EVIL.COM")))
                .isEqualTo(new ParseResult.Foreign("MARKAUTH.CN.EVIL.COM"));
        assertThat(codec.parse(url.replace("MARKAUTH.CN", "MARKAUTH.CN@EVIL.COM"))).isInstanceOf(ParseResult.Foreign.class);
        assertThat(codec.parse(url.replace("MARKAUTH.CN", "M\u0410RKAUTH.CN"))).isInstanceOf(ParseResult.Foreign.class);
        assertThat(codec.parse("https://example.com/")).isInstanceOf(ParseResult.Foreign.class);
    }

    @Test
    void eachMalformedKindHasItsReason() {
        String url = mark.toUrl("MARKAUTH.CN");
        String code = mark.payloadText();
        assertThat(reason(null)).isEqualTo(MalformedReason.EMPTY);
        assertThat(reason(" \t")).isEqualTo(MalformedReason.EMPTY);
        assertThat(reason("A".repeat(513))).isEqualTo(MalformedReason.TOO_LONG);
        assertThat(reason(url.substring(0, 30) + "\u0000" + url.substring(31))).isEqualTo(MalformedReason.BINARY);
        assertThat(reason("hello world")).isEqualTo(MalformedReason.NOT_A_MARK);
        assertThat(reason(url.replace("HTTPS", "HTTP"))).isEqualTo(MalformedReason.NOT_HTTPS);
        assertThat(reason(url.replace("/M/", "/X/"))).isEqualTo(MalformedReason.BAD_PATH);
        assertThat(reason(url.substring(0, url.length() - 1) + "1")).isEqualTo(MalformedReason.BAD_ENCODING);
        assertThat(reason(url.substring(0, url.length() - 8))).isEqualTo(MalformedReason.BAD_LENGTH);
        byte[] r = mark.payloadBytes();
        r[0] = 0x21;
        assertThat(reason(Base32.encode(r))).isEqualTo(MalformedReason.UNSUPPORTED_VERSION);
        r[0] = 0x1F;
        assertThat(reason(Base32.encode(r))).isEqualTo(MalformedReason.UNKNOWN_ALGORITHM);
        assertThat(reason("HTTPS://MARKAUTH.CN/01/09501101530004/21/AAAAAAAAAAAP6?M=" + code.substring(13)))
                .isEqualTo(MalformedReason.BAD_GTIN);
        assertThat(reason("HTTPS://MARKAUTH.CN/01/09501101530003/21/ABC?M=" + code.substring(13)))
                .isEqualTo(MalformedReason.BAD_SERIAL);
    }

    private MalformedReason reason(String s) {
        ParseResult r = codec.parse(s);
        assertThat(r).isInstanceOf(ParseResult.Malformed.class);
        return ((ParseResult.Malformed) r).reason();
    }
}

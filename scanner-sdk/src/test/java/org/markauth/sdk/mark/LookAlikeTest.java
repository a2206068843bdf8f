package org.markauth.sdk.mark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Case is folded in ASCII only, and only the defined white space is stripped (docs/mark-format.md
 * section 8): a URL a phone would open on another site is never the programme's.
 */
class LookAlikeTest {
    private final MarkCodec codec = SampleMarks.CODEC;
    private final SignedMark mark = SampleMarks.MARK;
    private final SignedMark gs1 = SampleMarks.GS1;
    private final String url = mark.toUrl("MARKAUTH.CN");

    @Test
    void dotlessIAndLongSInTheHostAreForeign() {
        // U+0131 and U+017F upper-case to I and S under Unicode rules; a browser goes elsewhere.
        MarkCodec is = MarkCodec.create(List.of("IS.MARKAUTH.CN"));
        String ours = mark.toUrl("IS.MARKAUTH.CN");
        assertThat(is.parse(ours.replace("IS.MARKAUTH.CN", "is.markauth.cn"))).isEqualTo(new ParseResult.Parsed(mark, "is.markauth.cn"));
        for (String host : List.of("\u0131s.markauth.cn", "i\u017F.markauth.cn", "\u0131\u017F.MARKAUTH.CN")) {
            assertThat(is.parse(ours.replace("IS.MARKAUTH.CN", host))).as(host).isEqualTo(new ParseResult.Foreign(host));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"M\u0131RKAUTH.CN", "markauth.cn\u017F", "MAR\u212AAUTH.CN", "mar\u212Aauth.cn",
            "\uFF2D\uFF21\uFF32\uFF2B\uFF21\uFF35\uFF34\uFF28.CN", "MARKAUTH\uFF0ECN"})
    void unicodeLookAlikeHostsAreForeignWithTheHostAsWritten(String host) {
        String text = url.replace("MARKAUTH.CN", host);
        assertThat(codec.parse(text)).isEqualTo(new ParseResult.Foreign(host));
        assertThat(codec.parse(gs1.toUrl("MARKAUTH.CN").replace("MARKAUTH.CN", host))).isEqualTo(new ParseResult.Foreign(host));
    }

    @Test
    void hostWithLongSUpperCasingToOursIsForeign() {
        MarkCodec s = MarkCodec.create(List.of("SHOP.CN"));
        String text = mark.toUrl("SHOP.CN").replace("SHOP.CN", "\u017Fhop.cn");
        assertThat(s.parse(text)).isEqualTo(new ParseResult.Foreign("\u017Fhop.cn"));
        assertThat(s.parse(mark.toUrl("SHOP.CN").replace("SHOP.CN", "shop.cn"))).isInstanceOf(ParseResult.Parsed.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP\u017F", "http\u017F", "\uFF28TTPS"})
    void schemeFoldsAsciiOnly(String scheme) {
        assertThat(codec.parse(url.replace("HTTPS", scheme)))
                .isEqualTo(new ParseResult.Malformed(MalformedReason.NOT_HTTPS, scheme));
        assertThat(codec.parse(url.replace("HTTPS", "hTtPs"))).isInstanceOf(ParseResult.Parsed.class);
    }

    @Test
    void pathAndGs1KeyAndBase32FoldAsciiOnly() {
        assertThat(codec.parse(url.replace("/M/", "/m/"))).isInstanceOf(ParseResult.Parsed.class);
        assertThat(codec.parse(url.replace("/M/", "/\uFF2D/"))).isInstanceOf(ParseResult.Malformed.class)
                .extracting(r -> ((ParseResult.Malformed) r).reason()).isEqualTo(MalformedReason.BAD_PATH);
        String g = gs1.toUrl("MARKAUTH.CN");
        assertThat(codec.parse(g.replace("?M=", "?m="))).isInstanceOf(ParseResult.Parsed.class);
        assertThat(codec.parse(g.replace("?M=", "?\uFF2D="))).extracting(r -> ((ParseResult.Malformed) r).reason())
                .isEqualTo(MalformedReason.BAD_PATH);
        // a dotless i among the base32 characters is not the letter I, whatever the length
        int at = url.indexOf("/M/") + 10;
        String withDotless = url.substring(0, at) + "\u0131" + url.substring(at + 1);
        assertThat(codec.parse(withDotless)).extracting(r -> ((ParseResult.Malformed) r).reason())
                .isEqualTo(MalformedReason.BAD_ENCODING);
        assertThat(codec.parse(withDotless + "A")).extracting(r -> ((ParseResult.Malformed) r).reason())
                .isEqualTo(MalformedReason.BAD_ENCODING);
    }

    @ParameterizedTest
    @ValueSource(strings = {" ", "\t", "\n", "\r", "\u001D", " \t\r\n\u001D "})
    void theDefinedWhiteSpaceIsStrippedAtBothEnds(String pad) {
        assertThat(codec.parse(pad + url + pad)).isEqualTo(new ParseResult.Parsed(mark, "MARKAUTH.CN"));
        assertThat(codec.parse(pad + mark.payloadText() + pad)).isEqualTo(new ParseResult.Parsed(mark, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u00A0", "\u2028", "\u2029", "\u3000", "\u200B", "\uFEFF", "\u2007", "\u202E", "\u1680"})
    void otherSpacesAndInvisibleCharactersAreRefusedAsInvisibleWherever(String c) {
        for (String text : List.of(c + url, url + c, url.replace("://", "://" + c), c + mark.payloadText())) {
            assertThat(codec.parse(text)).as("U+%04X", (int) c.charAt(0)).isInstanceOf(ParseResult.Malformed.class)
                    .extracting(r -> ((ParseResult.Malformed) r).reason()).isEqualTo(MalformedReason.INVISIBLE);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0085", "\u000B", "\u000C", "\u001C", "\u001E", "\u001F", "\u0000"})
    void controlCharactersOutsideTheSetAreBinaryEvenAtTheEnds(String c) {
        assertThat(codec.parse(url + c)).extracting(r -> ((ParseResult.Malformed) r).reason()).isEqualTo(MalformedReason.BINARY);
        assertThat(codec.parse(c + url)).extracting(r -> ((ParseResult.Malformed) r).reason()).isEqualTo(MalformedReason.BINARY);
    }

    @Test
    void programmeHostsAreCanonicalisedInAsciiOnly() {
        assertThat(MarkCodec.create(List.of("markauth.cn")).hosts()).containsExactly("MARKAUTH.CN");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MarkCodec.create(List.of("m\u0131rkauth.cn")))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> mark.toUrl("\u017Fhop.cn"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

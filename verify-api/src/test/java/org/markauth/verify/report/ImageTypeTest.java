package org.markauth.verify.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ImageTypeTest {

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void recognisesEachAcceptedFormatByItsFirstBytes() {
        assertThat(ImageType.sniff(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE1})).isEqualTo(ImageType.JPEG);
        assertThat(ImageType.sniff(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0})).isEqualTo(ImageType.PNG);
        assertThat(ImageType.sniff(ascii("RIFF\u0010\0\0\0WEBPVP8 "))).isEqualTo(ImageType.WEBP);
        assertThat(ImageType.sniff(ascii("\0\0\0\u0018ftypheic\0\0\0\0"))).isEqualTo(ImageType.HEIC);
        assertThat(ImageType.sniff(ascii("\0\0\0\u0018ftyphevc\0\0\0\0"))).isEqualTo(ImageType.HEIC);
        assertThat(ImageType.sniff(ascii("\0\0\0\u0018ftypmif1\0\0\0\0"))).isEqualTo(ImageType.HEIF);
    }

    @Test
    void refusesWhatOnlyLooksLikeOne() {
        assertThat(ImageType.sniff(new byte[0])).isNull();
        assertThat(ImageType.sniff(new byte[] {(byte) 0xFF, (byte) 0xD8})).as("cut short").isNull();
        assertThat(ImageType.sniff(new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3})).as("PNG's name, not its signature").isNull();
        assertThat(ImageType.sniff(ascii("RIFF\0\0\0\0WAVEfmt "))).as("a RIFF sound").isNull();
        assertThat(ImageType.sniff(ascii("\0\0\0\u0018ftypisom\0\0\0\0"))).as("an MP4 video").isNull();
        assertThat(ImageType.sniff(ascii("GIF89a\0\0\0\0\0\0"))).as("GIF is not accepted").isNull();
        assertThat(ImageType.sniff(ascii("<svg xmlns=\"http://www.w3.org/2000/svg\">"))).isNull();
        assertThat(ImageType.sniff(ascii("%PDF-1.7\n\0\0\0\0"))).isNull();
    }
}

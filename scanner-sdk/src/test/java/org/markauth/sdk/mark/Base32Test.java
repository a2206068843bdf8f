package org.markauth.sdk.mark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Base32Test {

    @Test
    void matchesRfc4648TestVectorsWithoutPadding() {
        // RFC 4648 section 10
        String[][] v = {{"", ""}, {"f", "MY"}, {"fo", "MZXQ"}, {"foo", "MZXW6"}, {"foob", "MZXW6YQ"},
                {"fooba", "MZXW6YTB"}, {"foobar", "MZXW6YTBOI"}};
        for (String[] t : v) {
            assertThat(Base32.encode(t[0].getBytes(StandardCharsets.US_ASCII))).isEqualTo(t[1]);
            assertThat(Base32.decode(t[1])).isEqualTo(t[0].getBytes(StandardCharsets.US_ASCII));
        }
    }

    @Test
    void roundTripsRandomBytesAndAcceptsLowerCase() {
        Random r = new Random(1);
        for (int n = 0; n < 100; n++) {
            byte[] b = new byte[n];
            r.nextBytes(b);
            String s = Base32.encode(b);
            assertThat(s).hasSize(Base32.encodedLength(n));
            assertThat(Base32.decode(s)).isEqualTo(b);
            assertThat(Base32.decode(s.toLowerCase())).isEqualTo(b);
        }
    }

    @Test
    void rejectsNonCanonicalText() {
        assertThat(Base32.decode("MZ")).isNull(); // trailing bits not zero ("MY" is canonical)
        assertThat(Base32.decode("M")).isNull(); // impossible length
        assertThat(Base32.decode("MZXW6=")).isNull();
        assertThat(Base32.decode("MZXW1")).isNull(); // '1' is not in the alphabet
        assertThat(Base32.decode("MZXW\u00e9")).isNull();
    }
}

package org.markauth.verify.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DatesTest {

    private static final DateTimeFormatter REFERENCE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    @Test
    void aMinuteIsWhatTheFormatterWritesInChinaStandardTime() {
        // the zone's summer time of 1986-1991 included, and the edges of the hand-written range
        SplittableRandom r = new SplittableRandom(7);
        for (int n = 0; n < 20_000; n++) {
            Instant i = Instant.ofEpochSecond(r.nextLong(-31_000_000_000L, 253_402_300_799L + 86_400L * 400));
            assertThat(Dates.minute(i)).as("%s", i).isEqualTo(REFERENCE.format(i.atZone(Dates.ZONE)));
        }
        for (String s : new String[] {"1988-04-10T17:59:59Z", "1988-04-10T18:00:00Z", "1988-09-10T16:59:59Z",
                "1988-09-10T17:00:00Z", "0999-12-31T15:59:59Z", "0999-12-31T16:00:00Z", "9999-12-31T15:59:00Z",
                "9999-12-31T16:00:00Z", "2026-12-06T15:04:59.999Z"}) {
            Instant i = Instant.parse(s);
            assertThat(Dates.minute(i)).as(s).isEqualTo(REFERENCE.format(i.atZone(Dates.ZONE)));
        }
        assertThat(Dates.minute(null)).isEqualTo("?");
    }
}

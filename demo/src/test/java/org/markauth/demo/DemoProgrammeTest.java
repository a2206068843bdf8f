package org.markauth.demo;

import org.markauth.verify.web.Dates;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class DemoProgrammeTest {

    @Test
    void theMainBatchIsProducedOnTheDayItsUnitsAreMadeInTheTrace() {
        // 01:00 in Foshan is still the previous day in UTC: the page shows China Standard Time
        Instant seed = Instant.parse("2026-12-05T17:00:30Z");
        Instant made = seed.minusSeconds(55);   // commissioning: the minute before the supply chain's prepare step, right after the seed
        assertThat(DemoProgramme.productionDay(seed)).isEqualTo(LocalDate.of(2026, 12, 6));
        assertThat(Dates.day(DemoProgramme.productionDay(seed))).isEqualTo(Dates.day(made));
    }
}

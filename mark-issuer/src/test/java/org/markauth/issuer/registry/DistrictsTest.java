package org.markauth.issuer.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DistrictsTest {

    @Test
    void theDistrictIsTheRegistrationAuthoritysDivisionCode() {
        assertThat(Districts.of(Uscc.withCheckCharacter("91440606MA4W1K2X3"))).map(Districts.District::nameZh).contains("顺德区");
        assertThat(Districts.of(Uscc.withCheckCharacter("91440604MA51R7T2Y"))).map(Districts.District::nameEn).contains("Chancheng");
    }

    @Test
    void outsideFoshanOrNotAUsccHasNone() {
        assertThat(Districts.of(Uscc.withCheckCharacter("91440106MA5CQ8N4X"))).isEmpty();
        assertThat(Districts.code(Uscc.withCheckCharacter("91440106MA5CQ8N4X"))).contains("440106");
        assertThat(Districts.of("91440606MA4W1K2X30")).isEmpty();
        assertThat(Districts.of(null)).isEmpty();
    }
}

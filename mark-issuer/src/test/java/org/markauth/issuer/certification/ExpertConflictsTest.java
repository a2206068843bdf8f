package org.markauth.issuer.certification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.markauth.issuer.registry.Uscc;

/** No expert from the applicant's district (its USCC's division code) and none with a declared conflict. */
class ExpertConflictsTest {

    static final String SHUNDE_USCC = Uscc.withCheckCharacter("91440606MA4UKQ6E3");
    static final String NANHAI_USCC = Uscc.withCheckCharacter("91440605MA4UKQ6E3");

    static Expert expert(String district, Set<String> conflicts, boolean active) {
        return new Expert("E1", "李工", "appliance", district, "华南检测", conflicts, active, Instant.EPOCH);
    }

    @Test
    void anExpertFromTheApplicantsDistrictIsRefusedNamingTheDistrict() {
        assertThat(ExpertConflicts.refusal(expert("440606", Set.of(), true), "L1", SHUNDE_USCC)).hasValueSatisfying(why ->
                assertThat(why).isEqualTo("expert E1 (李工) is from district 顺德区/Shunde, the applicant's own district (its USCC "
                        + SHUNDE_USCC + "); choose an expert from another district"));
        assertThat(ExpertConflicts.refusal(expert("440606", Set.of(), true), "L1", NANHAI_USCC)).isEmpty();
    }

    @Test
    void aDeclaredConflictIsRefusedWhateverTheDistrict() {
        assertThat(ExpertConflicts.refusal(expert("440608", Set.of("L1"), true), "L1", NANHAI_USCC)).hasValueSatisfying(why ->
                assertThat(why).contains("declared a conflict of interest with licensee L1"));
        assertThat(ExpertConflicts.refusal(expert("440608", Set.of("L2"), true), "L1", NANHAI_USCC)).isEmpty();
    }

    @Test
    void aRetiredExpertIsNeverAssigned() {
        assertThat(ExpertConflicts.refusal(expert("440608", Set.of(), false), "L1", NANHAI_USCC)).hasValueSatisfying(why ->
                assertThat(why).contains("retired"));
    }

    @Test
    void anExpertFromOutsideFoshanIsCheckedByTheSameCode() {
        String guangzhou = Uscc.withCheckCharacter("91440106MA4UKQ6E3");
        assertThat(ExpertConflicts.refusal(expert("440106", Set.of(), true), "L1", guangzhou)).isPresent();
        assertThat(ExpertConflicts.refusal(expert("440106", Set.of(), true), "L1", SHUNDE_USCC)).isEmpty();
    }
}

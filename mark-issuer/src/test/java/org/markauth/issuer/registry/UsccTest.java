package org.markauth.issuer.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UsccTest {

    @Test
    void acceptsPublishedCodesOfRealCompanies() {
        assertThat(Uscc.isValid("91110108551385082Q")).isTrue();  // Xiaomi, Beijing
        assertThat(Uscc.isValid("914403001922038216")).isTrue();  // Huawei, Shenzhen
        assertThat(Uscc.isValid("91350100M000100Y43")).isTrue();  // GB 32100 worked example
    }

    @Test
    void rejectsAWrongCheckCharacterNamingTheExpectedOne() {
        assertThat(Uscc.problem("91110108551385082R")).contains("should be 'Q'");
    }

    @Test
    void rejectsLettersOutsideTheAlphabetAndWrongLengths() {
        assertThat(Uscc.problem("9111010855138508IQ")).contains("character 17 'I'");
        assertThat(Uscc.problem("91A10108551385082Q")).contains("must be digits");
        assertThat(Uscc.problem("9111")).contains("18 characters, got 4");
        assertThat(Uscc.problem(null)).contains("got none");
        assertThat(Uscc.problem("91110108551385082q")).contains("not allowed");
    }

    @Test
    void computesTheCheckCharacter() {
        assertThat(Uscc.withCheckCharacter("91110108551385082")).isEqualTo("91110108551385082Q");
        assertThatThrownBy(() -> Uscc.withCheckCharacter("9111")).isInstanceOf(IllegalArgumentException.class);
    }
}

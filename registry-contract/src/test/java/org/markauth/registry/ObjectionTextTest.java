package org.markauth.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ObjectionTextTest {

    @Test
    void ideographicSpaceAndOtherUnicodeWhitespaceFoldLikeAsciiSpace() {
        assertThat(ObjectionText.fold("产品\u3000不合格")).isEqualTo("产品 不合格");
        assertThat(ObjectionText.fold(" 产品\u00a0\u2003 不合格\u3000\n")).isEqualTo("产品 不合格");
        assertThat(ObjectionText.textKey("产品\u3000不合格")).isEqualTo(ObjectionText.textKey("产品 不合格"));
    }

    @Test
    void fullwidthLettersAndDigitsFoldToTheirPlainForms() {
        assertThat(ObjectionText.fold("ＡＢＣ　１２３")).isEqualTo("ABC 123");
        assertThat(ObjectionText.foldKey("aa", "ＡＢＣ１２３")).isEqualTo(ObjectionText.foldKey("aa", "ABC123"));
    }

    @Test
    void anotherCharacterOrAnotherClientIsAnotherKey() {
        assertThat(ObjectionText.textKey("产品不合格")).isNotEqualTo(ObjectionText.textKey("产品不合格!"));
        assertThat(ObjectionText.foldKey("aa", "x")).isNotEqualTo(ObjectionText.foldKey("bb", "x"));
        // the fold key is not the text key: a client's fold is its own
        assertThat(ObjectionText.foldKey("aa", "x")).isNotEqualTo(ObjectionText.textKey("x"));
    }

    @Test
    void aMissingTextOrClientIsAProgrammingError() {
        assertThatThrownBy(() -> ObjectionText.fold(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ObjectionText.foldKey("", "x")).isInstanceOf(IllegalArgumentException.class);
    }
}

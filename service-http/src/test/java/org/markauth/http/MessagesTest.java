package org.markauth.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MessagesTest {

    private final Messages messages = Messages.load("test-messages", getClass().getClassLoader());

    @Test
    void eachLanguageFromItsOwnBundleWithArguments() {
        assertThat(messages.get(Lang.ZH, "greeting", "小王")).isEqualTo("你好，小王");
        assertThat(messages.in(Lang.EN).get("greeting", "Wang")).isEqualTo("Hello, Wang");
        assertThat(messages.get(Lang.EN, "limit", 65536)).isEqualTo("at most 65,536 bytes; it's the limit");
    }

    @Test
    void aMissingKeyNamesTheKeyAndTheFile() {
        assertThatThrownBy(() -> messages.get(Lang.EN, "nope"))
                .hasMessageContaining("'nope'").hasMessageContaining("test-messages_en.properties");
    }

    @Test
    void bundlesThatDisagreeAreRefused() {
        assertThat(messages.requireKeys()).isSameAs(messages);
        Messages uneven = Messages.load("uneven-messages", getClass().getClassLoader());
        assertThatThrownBy(uneven::requireKeys).hasMessageContaining("only in zh [extra]");
    }
}

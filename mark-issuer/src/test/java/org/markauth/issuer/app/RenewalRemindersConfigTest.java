package org.markauth.issuer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.markauth.config.ConfigException;
import org.markauth.config.ConfigReader;
import org.markauth.config.ConfigSource;

/** {@code issuer.renewal-reminders.*}: defaults, a value read, and a bad one refused naming the key. */
class RenewalRemindersConfigTest {

    static ConfigReader reader(Map<String, String> values) {
        return new ConfigReader(ConfigSource.of(values));
    }

    @Test
    void defaultsAreNinetyThirtySevenDaily() {
        var s = IssuerConfig.renewals(reader(Map.of()));
        assertThat(s.days()).containsExactly(90, 30, 7);
        assertThat(s.interval()).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void valuesAreReadAndBadOnesNameTheKey() {
        var s = IssuerConfig.renewals(reader(Map.of("issuer.renewal-reminders.days", "14, 60", "issuer.renewal-reminders.interval", "6h")));
        assertThat(s.days()).containsExactly(60, 14);
        assertThat(s.interval()).isEqualTo(Duration.ofHours(6));
        assertThatThrownBy(() -> IssuerConfig.renewals(reader(Map.of("issuer.renewal-reminders.days", "90,soon"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("issuer.renewal-reminders.days").hasMessageContaining("90,30,7");
        assertThatThrownBy(() -> IssuerConfig.renewals(reader(Map.of("issuer.renewal-reminders.days", "30,30"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("distinct");
        assertThatThrownBy(() -> IssuerConfig.renewals(reader(Map.of("issuer.renewal-reminders.interval", "5s"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("issuer.renewal-reminders.interval");
    }
}

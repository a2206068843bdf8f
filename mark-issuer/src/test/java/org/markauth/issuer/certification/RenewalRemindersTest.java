package org.markauth.issuer.certification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.markauth.issuer.registry.Licence;
import org.markauth.registry.LicenceStatus;

/** The reminders' pure parts: thresholds, the programme's days, the deterministic event id. */
class RenewalRemindersTest {

    static final RenewalReminders.Settings DEFAULTS = RenewalReminders.Settings.defaults();

    @Test
    void theMostUrgentThresholdCrossedIsChosenAndNoneOutsideOrPastExpiry() {
        assertThat(DEFAULTS.threshold(91)).isNull();
        assertThat(DEFAULTS.threshold(90)).isEqualTo(90);
        assertThat(DEFAULTS.threshold(31)).isEqualTo(90);
        assertThat(DEFAULTS.threshold(30)).isEqualTo(30);
        assertThat(DEFAULTS.threshold(8)).isEqualTo(30);
        assertThat(DEFAULTS.threshold(7)).isEqualTo(7);
        assertThat(DEFAULTS.threshold(0)).isEqualTo(7);
        assertThat(DEFAULTS.threshold(-1)).isNull();
    }

    @Test
    void settingsAreValidatedAndKeptLargestFirst() {
        assertThat(new RenewalReminders.Settings(List.of(7, 60), Duration.ofHours(6)).days()).containsExactly(60, 7);
        assertThatThrownBy(() -> new RenewalReminders.Settings(List.of(30, 30), Duration.ofDays(1))).hasMessageContaining("distinct");
        assertThatThrownBy(() -> new RenewalReminders.Settings(List.of(0), Duration.ofDays(1))).hasMessageContaining("1..366, got 0");
        assertThatThrownBy(() -> new RenewalReminders.Settings(List.of(400), Duration.ofDays(1))).hasMessageContaining("1..366, got 400");
        assertThatThrownBy(() -> new RenewalReminders.Settings(List.of(), Duration.ofDays(1))).hasMessageContaining("1 to 5");
        assertThatThrownBy(() -> new RenewalReminders.Settings(List.of(1, 2, 3, 4, 5, 6), Duration.ofDays(1))).hasMessageContaining("1 to 5");
        assertThatThrownBy(() -> new RenewalReminders.Settings(List.of(30), Duration.ofSeconds(5))).hasMessageContaining("1m..1d");
        assertThatThrownBy(() -> new RenewalReminders.Settings(List.of(30), Duration.ofDays(2))).hasMessageContaining("1m..1d");
    }

    @Test
    void daysLeftCountsTheProgrammesCalendarDays() {
        // 2027-01-30T16:30Z is already 2027-01-31 in Shanghai; 2027-01-10T15:59Z is still the 10th there
        assertThat(RenewalReminders.daysLeft(Instant.parse("2027-01-30T16:30:00Z"), Instant.parse("2027-01-10T15:59:00Z"))).isEqualTo(21);
        assertThat(RenewalReminders.daysLeft(Instant.parse("2027-01-30T16:30:00Z"), Instant.parse("2027-01-10T16:00:00Z"))).isEqualTo(20);
        assertThat(RenewalReminders.daysLeft(Instant.parse("2027-01-10T20:00:00Z"), Instant.parse("2027-01-10T17:00:00Z"))).isZero();
    }

    @Test
    void theEventIdIsTheSameForALicenceExpiryAndThresholdAndDiffersOtherwise() {
        Instant from = Instant.parse("2024-01-01T00:00:00Z");
        Instant until = Instant.parse("2027-01-30T04:00:00Z");
        Licence l = new Licence(42, "FS-42", "ACME", from, until, LicenceStatus.ACTIVE, from, "granted");
        Licence renewed = new Licence(42, "FS-42", "ACME", until, until.plus(Duration.ofDays(1095)), LicenceStatus.ACTIVE, until, "renewed");
        assertThat(RenewalReminders.eventId(l, 30)).isEqualTo(RenewalReminders.eventId(l, 30))
                .isNotEqualTo(RenewalReminders.eventId(l, 7)).isNotEqualTo(RenewalReminders.eventId(renewed, 30));
    }
}

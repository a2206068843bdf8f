package org.markauth.issuer.trace.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.markauth.issuer.IssuerException;

/** EPCIS 2.0 section 8.2.5.3 QuerySchedule, with the examples of EPCIS 1.0's schema documentation. */
class ScheduleTest {

    static Schedule of(String json) {
        return Schedule.parse(new JsonObject(json));
    }

    @Test
    void theTopOfEveryHour() {
        assertThat(of("{\"second\": \"0\", \"minute\": \"0\"}").next(Instant.parse("2026-12-07T00:10:00Z")))
                .contains(Instant.parse("2026-12-07T01:00:00Z"));
    }

    @Test
    void halfPastTwoEveryDayAndTheBindingsExample() {
        assertThat(of("{\"second\": \"0\", \"minute\": \"30\", \"hour\": \"2\"}").next(Instant.parse("2026-12-07T02:30:00Z")))
                .contains(Instant.parse("2026-12-08T02:30:00Z"));
        // the binding's {"hour": "1", "minute": "5"}: an omitted second matches any, so every second of 01:05
        assertThat(of("{\"hour\": \"1\", \"minute\": \"5\"}").next(Instant.parse("2026-12-07T01:05:10Z")))
                .contains(Instant.parse("2026-12-07T01:05:11Z"));
    }

    @Test
    void weekdaysOnlyWithRangesAndLists() {
        // 2026-12-12 is a Saturday: the next weekday top of the hour is Monday 00:00
        assertThat(of("{\"second\": \"0\", \"minute\": \"0\", \"dayOfWeek\": \"[1-5]\"}").next(Instant.parse("2026-12-11T23:30:00Z")))
                .contains(Instant.parse("2026-12-14T00:00:00Z"));
        assertThat(of("{\"second\": \"0\", \"minute\": \"0,30\", \"hour\": \"[8-9],17\"}").next(Instant.parse("2026-12-07T09:31:00Z")))
                .contains(Instant.parse("2026-12-07T17:00:00Z"));
    }

    @Test
    void aDateThatNeverComesHasNoNextTime() {
        assertThat(of("{\"dayOfMonth\": \"31\", \"month\": \"2\"}").next(Instant.parse("2026-12-07T00:00:00Z"))).isEmpty();
    }

    @Test
    void malformedFieldsAreSubscriptionControlsErrors() {
        for (String bad : new String[] {"{\"minute\": \"60\"}", "{\"hour\": \"[5-2]\"}", "{\"second\": \"0/30\"}", "{\"week\": \"1\"}",
                "{}", "{\"dayOfWeek\": \"0\"}", "{\"minute\": \"1,,2\"}", "{\"minute\": true}"}) {
            assertThatThrownBy(() -> of(bad)).as(bad).isInstanceOf(IssuerException.BadInput.class)
                    .hasMessageContaining("schedule").extracting(e -> ((IssuerException) e).code())
                    .isEqualTo("SUBSCRIPTION_CONTROLS_INVALID");
        }
    }
}

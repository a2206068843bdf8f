package org.markauth.verify.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.markauth.http.Lang;
import org.markauth.http.Messages;
import org.markauth.verify.rules.Rule;
import org.markauth.verify.rules.RuleHit;
import org.markauth.verify.scan.PriorScans;
import org.markauth.verify.web.Dates;

/** The sentences said on every scan, filled from split templates, are the ones MessageFormat makes. */
class VerdictTextsTest {

    static final Messages MESSAGES = Messages.load("messages", VerdictTextsTest.class.getClassLoader());

    @ParameterizedTest
    @EnumSource(Lang.class)
    void historyAndRuleNotesAreWhatTheBundleSays(Lang lang) {
        VerdictTexts texts = new VerdictTexts(MESSAGES);
        Instant first = Instant.parse("2026-11-01T02:03:04Z");
        for (String place : List.of("wx4g0", "CN-44", "it's {0} '{1}' ''", "中文")) {
            for (long count : List.of(1L, 2L, 1234L, 1_000_000L)) {
                PriorScans p = new PriorScans(true, count, first, place, first, place, "CN-44");
                String expected = MESSAGES.get(lang, count == 1 ? "history.before.one" : "history.before.many",
                        Long.toString(count), Dates.minute(first), place);
                assertThat(texts.history(p, lang)).isEqualTo(expected);
                assertThat(texts.history(p, lang)).as("again, from the kept template").isEqualTo(expected);
            }
        }
        for (Rule r : Rule.values()) {
            RuleHit h = new RuleHit(r, true, "summary with '{0}' quote's", new JsonObject().put("count", 30).put("limit", 20)
                    .put("km", 1234).put("region", "US"));
            Object[] evidence = switch (r) {
                case TOO_MANY_SCANS -> new Object[] {"summary with '{0}' quote's", "30", "20"};
                case IMPOSSIBLE_TRAVEL -> new Object[] {"summary with '{0}' quote's", "1234"};
                case OFF_MARKET -> new Object[] {"summary with '{0}' quote's", "US"};
                case DEAD_CODE_IN_FIELD -> new Object[] {"summary with '{0}' quote's"};
            };
            assertThat(texts.rule(h, lang)).isEqualTo(MESSAGES.get(lang, "rule." + r.name(), evidence));
        }
    }
}

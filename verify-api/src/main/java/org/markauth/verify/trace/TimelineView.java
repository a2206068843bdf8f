package org.markauth.verify.trace;

import org.markauth.verify.web.Dates;
import java.util.List;
import org.markauth.http.Lang;

/** The consumer page's timeline section ({@code timeline.jte}): one line per step, days in China Standard Time. */
public record TimelineView(List<Step> steps) {

    /** @param party who did it, in the page's language, or null */
    public record Step(String kind, String day, String party) {
    }

    public TimelineView {
        steps = List.copyOf(steps);
    }

    /** The view of {@code t}, or null when nothing was recorded (no section). */
    public static TimelineView of(Timeline t, Lang lang) {
        if (t == null || t.isEmpty()) {
            return null;
        }
        return new TimelineView(t.steps().stream()
                .map(s -> new Step(s.kind().name(), Dates.day(s.at()), s.party(lang == Lang.EN))).toList());
    }
}

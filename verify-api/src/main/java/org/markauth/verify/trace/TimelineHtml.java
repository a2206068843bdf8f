package org.markauth.verify.trace;

import static org.markauth.verify.web.Html.esc;

import java.util.Map;
import org.markauth.http.Lang;
import org.markauth.verify.web.Dates;

/** The consumer page's timeline section: one line per step, dates in China Standard Time. */
public final class TimelineHtml {

    private static final Map<Timeline.Kind, String[]> LABELS = Map.of(
            Timeline.Kind.MADE, new String[] {"生产", "Made"},
            Timeline.Kind.SHIPPED, new String[] {"发货", "Shipped"},
            Timeline.Kind.SOLD, new String[] {"售出", "Sold"},
            Timeline.Kind.RETURNED, new String[] {"退回", "Returned"},
            Timeline.Kind.DESTROYED, new String[] {"已销毁", "Destroyed"});

    private TimelineHtml() {
    }

    /** The section, or an empty string when nothing was recorded. */
    public static String render(Timeline t, Lang lang) {
        if (t == null || t.isEmpty()) {
            return "";
        }
        int i = lang == Lang.EN ? 1 : 0;
        StringBuilder b = new StringBuilder(512);
        b.append("<section id=\"timeline\"><h2>").append(lang == Lang.EN ? "Journey" : "流通记录").append("</h2><ol>");
        for (Timeline.Step s : t.steps()) {
            b.append("<li data-step=\"").append(s.kind().name()).append("\"><strong>").append(esc(LABELS.get(s.kind())[i]))
                    .append("</strong> ").append(esc(Dates.day(s.at())));
            String party = s.party(lang == Lang.EN);
            if (party != null) {
                b.append(" · ").append(esc(party));
            }
            b.append("</li>");
        }
        return b.append("</ol></section>").toString();
    }
}

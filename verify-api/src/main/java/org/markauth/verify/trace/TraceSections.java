package org.markauth.verify.trace;

import io.vertx.core.Future;
import org.markauth.http.Lang;
import org.markauth.verify.check.Verification;

/**
 * The supply-chain sections of the consumer page, for registered units only (never for forged or
 * unknown codes): the short timeline (one partition read) and, for a case or pallet, what it holds
 * now. Whether an item is a container is learnt from the timeline's own read (it packed others),
 * so a plain unit costs no further read. A failure leaves a section out, never the verdict.
 */
public final class TraceSections {

    /** Items of a case listed on the page; the rest are counted. */
    public static final int LISTED = 50;

    /** Already-escaped HTML: {@code contents} goes right below the verdict, {@code timeline} after the facts. */
    public record Html(String contents, String timeline) {
        public static final Html NONE = new Html("", "");
    }

    private final Timelines timelines;
    private final Aggregations aggregations;

    public TraceSections(Timelines timelines, Aggregations aggregations) {
        this.timelines = timelines;
        this.aggregations = aggregations;
    }

    public Future<Html> of(Verification v, Lang lang) {
        if (!(v instanceof Verification.Checked checked) || checked.unit() == null) {
            return Future.succeededFuture(Html.NONE);
        }
        int batchId = (int) checked.mark().content().batchId();
        long serial = checked.mark().content().serial().value();
        return timelines.of(batchId, serial, checked.licensee()).compose(t -> {
            String timeline = TimelineHtml.render(t, lang);
            if (!t.packer()) {
                return Future.succeededFuture(new Html("", timeline));
            }
            return aggregations.contents(batchId, serial, LISTED)
                    .map(c -> new Html(ContentsHtml.render(c, lang), timeline))
                    .otherwise(new Html("", timeline));
        });
    }
}

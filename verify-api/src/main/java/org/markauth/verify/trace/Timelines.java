package org.markauth.verify.trace;

import org.markauth.registry.MarkKey;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.markauth.http.CqlFutures;
import org.markauth.verify.cache.RegistryCache;
import org.markauth.verify.registry.LicenseeView;

/**
 * Reads a unit's supply-chain path (one partition, {@code events_by_unit}) and shortens it for the
 * consumer page: the first commissioning is "made" (by the manufacturer), the first shipping
 * "shipped", the first retail sale "sold" (by the retailer, named), and a return or destruction
 * when recorded (CBV 2.0 writes a return as shipping with disposition returned). Rows of events
 * declared in error ({@code declared}, V020: EPCIS 2.0 errorDeclaration) are skipped. Distributors,
 * depots and their locations are never shown. A failure to read gives
 * an empty timeline: the verdict page must not fail because of its history.
 */
public final class Timelines {

    private static final Map<String, Timeline.Kind> KINDS = Map.of("commissioning", Timeline.Kind.MADE,
            "shipping", Timeline.Kind.SHIPPED, "retail_selling", Timeline.Kind.SOLD, "returning", Timeline.Kind.RETURNED,
            "destroying", Timeline.Kind.DESTROYED, "decommissioning", Timeline.Kind.DESTROYED);

    private final CqlSession session;
    private final RegistryCache cache;
    private final PreparedStatement path;

    /** Prepares its statement (blocking). */
    public Timelines(CqlSession session, RegistryCache cache) {
        this.session = session;
        this.cache = cache;
        this.path = session.prepare("SELECT event_time, event_type, action, biz_step, disposition, party, via_parent, declared "
                + "FROM events_by_unit WHERE batch_id = ? AND serial = ? LIMIT 200");
    }

    /** The short timeline of a unit; {@code manufacturer} is the licensee (null when unknown). */
    public Future<Timeline> of(int batchId, long serial, LicenseeView manufacturer) {
        return CqlFutures.future(session.executeAsync(path.bind(batchId, MarkKey.serialBytes(serial))))
                .compose(rs -> shorten(rs, manufacturer))
                .otherwise(Timeline.EMPTY);
    }

    private Future<Timeline> shorten(AsyncResultSet rs, LicenseeView manufacturer) {
        List<Timeline.Step> steps = new ArrayList<>();
        Set<Timeline.Kind> seen = EnumSet.noneOf(Timeline.Kind.class);
        String retailer = null;
        boolean packer = false;
        for (Row r : rs.currentPage()) {
            if (!r.isNull("declared") && r.getBoolean("declared")) {
                continue;   // an event declared in error (EPCIS 2.0 errorDeclaration) is not part of the unit's story
            }
            // the issuer writes a packing into the parent's own path without via_parent, into each child's with it
            packer |= "AggregationEvent".equals(r.getString("event_type")) && "ADD".equals(r.getString("action"))
                    && r.getString("via_parent") == null;
            Timeline.Kind k = KINDS.get(r.getString("biz_step"));
            if ("shipping".equals(r.getString("biz_step")) && "returned".equals(r.getString("disposition"))) {
                k = Timeline.Kind.RETURNED;     // CBV 2.0 writes a return as shipping with disposition returned
            }
            if (k == null || !seen.add(k)) {
                continue;
            }
            Instant at = r.getInstant("event_time");
            if (k == Timeline.Kind.SOLD) {
                retailer = r.getString("party");
            }
            boolean made = k == Timeline.Kind.MADE && manufacturer != null;
            steps.add(new Timeline.Step(k, at, made ? manufacturer.name() : null, made ? manufacturer.nameEn() : null));
        }
        Timeline plain = new Timeline(steps, packer);
        if (retailer == null) {
            return Future.succeededFuture(plain);
        }
        return cache.licensee(retailer).map(l -> {
            String name = l.map(LicenseeView::name).orElse(null);
            String nameEn = l.map(LicenseeView::nameEn).orElse(null);
            return new Timeline(steps.stream().map(s -> s.kind() == Timeline.Kind.SOLD
                    ? new Timeline.Step(s.kind(), s.at(), name, nameEn) : s).toList(), plain.packer());
        }).otherwise(plain);
    }
}

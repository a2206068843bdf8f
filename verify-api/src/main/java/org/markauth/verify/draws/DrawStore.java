package org.markauth.verify.draws;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.markauth.http.CqlFutures;

/**
 * Reads the draws the issuer's supervision package writes ({@code supervision_draws}, V023 and V029;
 * verify-api writes nothing there) and the names of the drawn enterprises and products
 * ({@code licensees}, {@code products}). A programme has a handful of draws a year, so the whole
 * table is read at once (at most {@link #LIMIT} rows) and kept for {@code maxAge}: one read per
 * period whatever the traffic, the price being that a step the office takes shows here within
 * {@code maxAge}. The columns read are the published ones; who announced, witnessed, drew or voided
 * (user ids of the office's staff) are not read at all.
 */
public final class DrawStore {

    static final int LIMIT = 500;

    private record Snapshot(List<PublicDraw> draws, Instant at) {
    }

    private final CqlSession session;
    private final PreparedStatement all;
    private final PreparedStatement licensee;
    private final PreparedStatement product;
    private final Clock clock;
    private final Duration maxAge;
    private volatile Snapshot snapshot;

    public DrawStore(CqlSession session, Clock clock, Duration maxAge) {
        this.session = session;
        this.all = session.prepare("SELECT draw_id, year, seed, enterprises, inspectors_per_task, due_on, candidates, result, state, "
                + "announced_at, snapshot_hash, commitment, office_part, witness_part, witnessed_at, drawn_at, void_reason, voided_at, "
                + "public_source, public_date, standards, void_seed, void_result FROM supervision_draws LIMIT " + LIMIT);
        this.licensee = session.prepare("SELECT name, name_en FROM licensees WHERE licensee_id = ?");
        this.product = session.prepare("SELECT name, name_en FROM products WHERE product_id = ?");
        this.clock = clock;
        this.maxAge = maxAge;
    }

    /** Every draw, by year (newest first), within a year newest announcement first (the live one after voided ones, usually). */
    public Future<List<PublicDraw>> draws() {
        Snapshot s = snapshot;
        if (s != null && s.at().plus(maxAge).isAfter(clock.instant())) {
            return Future.succeededFuture(s.draws());
        }
        return CqlFutures.future(session.executeAsync(all.bind())).compose(rs -> collect(rs, new ArrayList<>()))
                .compose(rows -> Future.all(rows.stream().map(this::named).toList()).map(f -> {
                    List<PublicDraw> out = new ArrayList<>(f.<PublicDraw>list());
                    out.sort(Comparator.comparingInt(PublicDraw::year).reversed()
                            .thenComparing(Comparator.comparing(PublicDraw::announcedAt).reversed()).thenComparing(PublicDraw::drawId));
                    List<PublicDraw> draws = List.copyOf(out);
                    snapshot = new Snapshot(draws, clock.instant());
                    return draws;
                }));
    }

    /** One draw by its id. */
    public Future<Optional<PublicDraw>> draw(UUID id) {
        return draws().map(list -> list.stream().filter(d -> d.drawId().equals(id)).findFirst());
    }

    private static Future<List<PublicDraw>> collect(AsyncResultSet rs, List<PublicDraw> into) {
        for (Row r : rs.currentPage()) {
            into.add(draw(r));
        }
        return rs.hasMorePages() ? CqlFutures.future(rs.fetchNextPage()).compose(next -> collect(next, into))
                : Future.succeededFuture(into);
    }

    static PublicDraw draw(Row r) {
        UUID id = r.getUuid("draw_id");
        String state = r.getString("state");
        boolean legacy = state == null;   // stored before V029: drawn at once from the seed the office gave
        Instant created = Instant.ofEpochMilli(Uuids.unixTimestamp(id));
        List<PublicDraw.Pick> picks = picks(r.getString("result"));
        return new PublicDraw(id, r.getInt("year"), legacy ? "DRAWN" : state, legacy, r.getInt("enterprises"), r.getInt("inspectors_per_task"),
                r.getLocalDate("due_on"), legacy || r.getInstant("announced_at") == null ? created : r.getInstant("announced_at"),
                candidates(r.getString("candidates")), r.getString("snapshot_hash"), r.getString("commitment"),
                r.getInstant("witnessed_at"), r.getString("witness_part"), r.getString("office_part"), r.getString("seed"),
                legacy ? created : r.getInstant("drawn_at"), picks, r.getString("void_reason"), r.getInstant("voided_at"),
                r.getString("public_source"), r.getLocalDate("public_date"),
                r.getString("standards") == null ? new JsonArray() : new JsonArray(r.getString("standards")), r.getString("void_seed"),
                picks(r.getString("void_result")));
    }

    private static List<PublicDraw.Pick> picks(String json) {
        List<PublicDraw.Pick> picks = new ArrayList<>();
        if (json != null) {
            for (Object o : new JsonArray(json)) {
                JsonObject p = (JsonObject) o;
                picks.add(new PublicDraw.Pick(p.getString("licenseeId"), null, null, p.getInteger("productId"), null, null,
                        p.getJsonArray("inspectorIds").stream().map(String.class::cast).toList()));
            }
        }
        return picks;
    }

    /** The stored candidate lists; a row without any (the issuer always writes them) shows empty lists, and its hash check fails. */
    private static JsonObject candidates(String text) {
        return text == null ? new JsonObject().put("enterprises", new JsonArray()).put("inspectors", new JsonArray()) : new JsonObject(text);
    }

    /** The draw with the registry's names of its drawn enterprises and products (an id the registry lacks keeps a null name). */
    private Future<PublicDraw> named(PublicDraw d) {
        return names(d.picks()).map(d::withPicks).compose(x -> names(x.wouldHave()).map(x::withWouldHave));
    }

    private Future<List<PublicDraw.Pick>> names(List<PublicDraw.Pick> unnamed) {
        if (unnamed.isEmpty()) {
            return Future.succeededFuture(unnamed);
        }
        List<Future<PublicDraw.Pick>> picks = unnamed.stream().map(p -> {
            Future<Row> l = CqlFutures.future(session.executeAsync(licensee.bind(p.licenseeId()))).map(AsyncResultSet::one);
            Future<Row> pr = CqlFutures.future(session.executeAsync(product.bind(p.productId()))).map(AsyncResultSet::one);
            return Future.all(l, pr).map(x -> {
                Row lr = l.result();
                Row prr = pr.result();
                return p.named(lr == null ? null : lr.getString("name"), lr == null ? null : lr.getString("name_en"),
                        prr == null ? null : prr.getString("name"), prr == null ? null : prr.getString("name_en"));
            });
        }).toList();
        return Future.all(picks).map(f -> f.<PublicDraw.Pick>list());
    }
}

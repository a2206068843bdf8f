package org.markauth.verify.lists;

import static org.markauth.http.RouteMetrics.named;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.markauth.http.Lang;
import org.markauth.verify.page.Fact;
import org.markauth.verify.page.Pages;
import org.markauth.verify.web.Guards;

/**
 * The programme's public quality-credit lists (docs/credit.md, "Public lists"), no login: the red
 * list ({@code /lists/red}: grade-A enterprises with their certified products) and the black list
 * ({@code /lists/black}: grade-D enterprises with the published reason and since when), as pages
 * (zh by default, {@code ?lang=en}) and as JSON ({@code /api/v1/lists/red|black}).
 *
 * <p>verify-api applies no rule: the issuer grades each licensee ({@code credit.GradingRule}) and
 * keeps the rows by grade in {@code credit_lists}; this reads partition A or D. Each list is kept
 * for {@code maxAge} (one partition read per list per period, whatever the traffic), and the routes
 * sit behind the per-client rate limit. A grade changes on the list within {@code maxAge}.
 */
public final class CreditLists {

    /** The two public lists: which grade each shows. */
    public enum Kind {
        RED("A"), BLACK("D");

        final String grade;

        Kind(String grade) {
            this.grade = grade;
        }

        String path() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One enterprise on a list as the issuer stored it; {@code products}: JSON objects {productId, licenceNo, name, nameEn}. */
    public record Entry(String licenseeId, String name, String nameEn, String uscc, String grade, int points, String reason,
                        String detail, LocalDate since, List<JsonObject> products) {
    }

    private record Snapshot(List<Entry> entries, Instant at) {
    }

    private final CqlSession session;
    private final PreparedStatement read;
    private final Pages pages;
    private final Clock clock;
    private final Duration maxAge;
    private final ConcurrentHashMap<Kind, Snapshot> snapshots = new ConcurrentHashMap<>();

    public CreditLists(CqlSession session, Pages pages, Clock clock, Duration maxAge) {
        this.session = session;
        this.read = session.prepare("SELECT licensee_id, name, name_en, uscc, grade, points, reason, reason_detail, since, products "
                + "FROM credit_lists WHERE grade = ?");
        this.pages = pages;
        this.clock = clock;
        this.maxAge = maxAge;
    }

    public void mount(Router r, Guards g) {
        for (Kind k : Kind.values()) {
            named(r.get("/lists/" + k.path()), "lists").handler(g.rate()).handler(ctx -> page(ctx, k));
            named(r.get("/api/v1/lists/" + k.path()), "lists").handler(g.rate()).handler(ctx -> json(ctx, k));
        }
    }

    /** The enterprises on list {@code k}, by name. */
    public Future<List<Entry>> entries(Kind k) {
        Snapshot s = snapshots.get(k);
        if (s != null && s.at().plus(maxAge).isAfter(clock.instant())) {
            return Future.succeededFuture(s.entries());
        }
        return Future.fromCompletionStage(session.executeAsync(read.bind(k.grade))).compose(rs -> collect(rs, new ArrayList<>()))
                .map(list -> {
                    list.sort(Comparator.comparing((Entry e) -> e.name() == null ? "" : e.name()).thenComparing(Entry::licenseeId));
                    List<Entry> out = List.copyOf(list);
                    snapshots.put(k, new Snapshot(out, clock.instant()));
                    return out;
                });
    }

    private static Future<List<Entry>> collect(AsyncResultSet rs, List<Entry> into) {
        for (Row r : rs.currentPage()) {
            List<JsonObject> products = new ArrayList<>();
            for (String p : r.getList("products", String.class)) {
                products.add(new JsonObject(p));
            }
            into.add(new Entry(r.getString("licensee_id"), r.getString("name"), r.getString("name_en"), r.getString("uscc"),
                    r.getString("grade"), r.getInt("points"), r.getString("reason"), r.getString("reason_detail"),
                    r.getLocalDate("since"), List.copyOf(products)));
        }
        return rs.hasMorePages() ? Future.fromCompletionStage(rs.fetchNextPage()).compose(next -> collect(next, into))
                : Future.succeededFuture(into);
    }

    private void json(RoutingContext ctx, Kind k) {
        entries(k).onSuccess(list -> {
            JsonArray a = new JsonArray();
            list.forEach(e -> a.add(json(e)));
            ctx.response().putHeader("Cache-Control", "public, max-age=60").putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("list", k.path()).put("grade", k.grade).put("count", list.size())
                            .put("enterprises", a).encode());
        }).onFailure(ctx::fail);
    }

    static JsonObject json(Entry e) {
        JsonArray products = new JsonArray();
        e.products().forEach(products::add);
        return new JsonObject().put("licenseeId", e.licenseeId()).put("name", e.name()).put("nameEn", e.nameEn())
                .put("uscc", e.uscc()).put("grade", e.grade()).put("reason", e.reason()).put("detail", published(e))
                .put("points", e.points()).put("since", e.since() == null ? null : e.since().toString()).put("products", products);
    }

    /**
     * What the public is told of a grade's deciding fact: the blacklist's reason and a revocation's
     * (the office writes both knowing they are published); for points only their total, never the
     * office's notes on each event.
     */
    static String published(Entry e) {
        return "BLACKLISTED".equals(e.reason()) || "REVOKED".equals(e.reason()) ? e.detail() : null;
    }

    private void page(RoutingContext ctx, Kind k) {
        Lang lang = Lang.of(ctx);
        entries(k).onSuccess(list -> ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Cache-Control", "public, max-age=60")
                .end(pages.render("lists.jte", lang, view(k, list, lang)))).onFailure(ctx::fail);
    }

    /** The page's view: every sentence in the request's language. */
    ListView view(Kind k, List<Entry> list, Lang lang) {
        boolean en = lang == Lang.EN;
        var t = pages.messages().in(lang);
        String key = "lists." + k.path();
        List<ListView.Enterprise> rows = new ArrayList<>();
        for (Entry e : list) {
            List<Fact> facts = new ArrayList<>();
            Fact.add(facts, t.get("lists.uscc"), e.uscc());
            Fact.add(facts, t.get("lists.since"), e.since() == null ? null : e.since().toString());
            if (k == Kind.BLACK) {
                String detail = published(e);
                Fact.add(facts, t.get("lists.reason"), t.get("lists.reason." + e.reason(), detail == null ? "" : detail,
                        String.valueOf(e.points())));
            }
            List<String> products = new ArrayList<>();
            for (JsonObject p : e.products()) {
                String name = en && p.getString("nameEn") != null ? p.getString("nameEn") : p.getString("name");
                products.add(name + " · " + p.getString("licenceNo"));
            }
            rows.add(new ListView.Enterprise(e.licenseeId(), en && e.nameEn() != null ? e.nameEn() : e.name(), facts,
                    k == Kind.RED ? products : List.of()));
        }
        Kind other = k == Kind.RED ? Kind.BLACK : Kind.RED;
        return new ListView(lang.tag(), en ? "zh" : "en", k.path(), t.get(key + ".title"), t.get(key + ".intro"),
                "/lists/" + other.path() + (en ? "?lang=en" : ""), t.get("lists." + other.path() + ".title"), rows);
    }
}

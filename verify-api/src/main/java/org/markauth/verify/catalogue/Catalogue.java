package org.markauth.verify.catalogue;

import org.markauth.verify.check.VerdictTexts;
import org.markauth.registry.LicenceStatus;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.markauth.http.Lang;
import org.markauth.verify.page.Fact;
import org.markauth.verify.page.Pages;
import org.markauth.verify.web.ErrorCode;

/**
 * The public catalogue of certified products (page {@code /catalogue}, JSON
 * {@code /api/v1/catalogue}), searchable by product, model, GTIN, standard or licensee and
 * filterable by licence status.
 *
 * <p>The registry is small (a city programme licenses hundreds to a few thousand products) and
 * the catalogue is read far more than it changes, so it is served from an in-memory snapshot of
 * {@code products}, {@code licences} and {@code licensees}, rebuilt in the background when older
 * than {@code maxAge} (three paged table reads, off the event loop). A licence action therefore
 * shows in the catalogue within {@code maxAge}; verdicts are not affected, they use the
 * invalidated caches.
 */
public final class Catalogue {

    public static final int MAX_RESULTS = 500;
    private static final List<LicenceStatus> STATUSES = List.of(LicenceStatus.values());

    private record Snapshot(List<CatalogueEntry> entries, Instant at) {
    }

    private final Vertx vertx;
    private final CqlSession session;
    private final Clock clock;
    private final Duration maxAge;
    private final Pages pages;
    private final VerdictTexts texts;
    private volatile Snapshot snapshot;
    private Future<Snapshot> loading;

    public Catalogue(Vertx vertx, CqlSession session, Clock clock, Duration maxAge, Pages pages, VerdictTexts texts) {
        this.pages = pages;
        this.texts = texts;
        this.vertx = vertx;
        this.session = session;
        this.clock = clock;
        this.maxAge = maxAge;
    }

    public void mount(Router r) {
        r.get("/catalogue").handler(this::page);
        r.get("/api/v1/catalogue").handler(this::json);
    }

    /** Entries matching {@code query} (all words, any field) and {@code status} (null = any), by product name. */
    public Future<List<CatalogueEntry>> search(String query, String status) {
        LicenceStatus wanted = STATUSES.stream().filter(v -> v.name().equals(status)).findFirst().orElse(null);
        if (status != null && wanted == null) {
            return Future.failedFuture(ErrorCode.badParameter("status must be one of " + STATUSES + ", got '" + status + "'"));
        }
        String[] words = query == null || query.isBlank() ? new String[0]
                : query.strip().toLowerCase(Locale.ROOT).split("\\s+");
        return current().map(s -> s.entries().stream()
                .filter(e -> wanted == null || wanted == e.licenceStatus())
                .filter(e -> e.matches(words)).limit(MAX_RESULTS).toList());
    }

    /**
     * The certified product with {@code gtin14} (14 digits; a stored GTIN-8/12/13 compares with
     * leading zeros), empty when none: the GS1 Digital Link resolver's first step.
     */
    public Future<Optional<CatalogueEntry>> byGtin(String gtin14) {
        return current().map(s -> s.entries().stream()
                .filter(e -> e.gtin() != null && e.gtin().length() <= 14
                        && gtin14.equals("0".repeat(14 - e.gtin().length()) + e.gtin()))
                .findFirst());
    }

    private synchronized Future<Snapshot> current() {
        Snapshot s = snapshot;
        boolean stale = s == null || s.at().plus(maxAge).isBefore(clock.instant());
        if (stale && loading == null) {
            loading = vertx.executeBlocking(this::load, false).onComplete(x -> {
                synchronized (this) {
                    loading = null;
                    if (x.succeeded()) {
                        snapshot = x.result();
                    }
                }
            });
        }
        // serve the old snapshot while a new one loads; wait only for the very first
        return s != null ? Future.succeededFuture(s) : loading;
    }

    private Snapshot load() {
        Instant now = clock.instant();
        Map<String, Row> licensees = new HashMap<>();
        for (Row r : session.execute("SELECT licensee_id, name, name_en, blacklisted FROM licensees")) {
            licensees.put(r.getString("licensee_id"), r);
        }
        Map<Integer, Row> licences = new HashMap<>();
        for (Row r : session.execute("SELECT product_id, licence_no, status, status_since, valid_from, valid_until FROM licences")) {
            licences.put(r.getInt("product_id"), r);
        }
        List<CatalogueEntry> out = new ArrayList<>();
        for (Row p : session.execute("SELECT product_id, licensee_id, name, name_en, model, category, gtin, standard_no, "
                + "standard_title, core_indicators FROM products")) {
            Row lic = licences.get(p.getInt("product_id"));
            if (lic == null) {
                continue;   // registered but never licensed: not certified, not in the catalogue
            }
            Row l = licensees.get(p.getString("licensee_id"));
            LicenceStatus status = LicenceStatus.ofColumn(lic.getString("status"));
            Instant until = lic.getInstant("valid_until");
            if (status == LicenceStatus.ACTIVE && until != null && !now.isBefore(until)) {
                status = LicenceStatus.EXPIRED;
            }
            out.add(new CatalogueEntry(p.getInt("product_id"), p.getString("name"), p.getString("name_en"), p.getString("model"),
                    p.getString("category"), p.getString("gtin"), p.getString("standard_no"), p.getString("standard_title"),
                    p.getMap("core_indicators", String.class, String.class), p.getString("licensee_id"),
                    l == null ? null : l.getString("name"), l == null ? null : l.getString("name_en"),
                    l != null && l.getBoolean("blacklisted"), lic.getString("licence_no"), status,
                    lic.getInstant("status_since"), until));
        }
        out.sort(Comparator.comparing((CatalogueEntry e) -> e.licenceStatus() != LicenceStatus.ACTIVE)
                .thenComparing(e -> e.name() == null ? "" : e.name()));
        return new Snapshot(List.copyOf(out), now);
    }

    private void json(RoutingContext ctx) {
        search(ctx.request().getParam("q"), status(ctx)).onSuccess(list -> {
            JsonArray a = new JsonArray();
            list.forEach(e -> a.add(e.toJson()));
            ctx.response().putHeader("Cache-Control", "public, max-age=60")
                    .putHeader("Content-Type", "application/json").end(new JsonObject().put("count", list.size()).put("products", a).encode());
        }).onFailure(ctx::fail);
    }

    private void page(RoutingContext ctx) {
        Lang lang = Lang.of(ctx);
        String q = ctx.request().getParam("q");
        String status = status(ctx);
        search(q, status).onSuccess(list -> ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Cache-Control", "public, max-age=60")
                .end(pages.render("catalogue.jte", lang, view(list, q, status, lang)))).onFailure(ctx::fail);
    }

    private static String status(RoutingContext ctx) {
        String s = ctx.request().getParam("status");
        return s == null || s.isBlank() ? null : s.toUpperCase(Locale.ROOT);
    }

    /** The page's view: every sentence in the request's language, every value as the snapshot holds it. */
    CatalogueView view(List<CatalogueEntry> list, String q, String status, Lang lang) {
        boolean en = lang == Lang.EN;
        var t = pages.messages().in(lang);
        List<CatalogueView.Option> options = STATUSES.stream()
                .map(s -> new CatalogueView.Option(s.name(), texts.status(s, lang), s.name().equals(status))).toList();
        List<CatalogueView.Product> products = new ArrayList<>();
        for (CatalogueEntry e : list) {
            List<Fact> facts = new ArrayList<>();
            Fact.add(facts, t.get("label.manufacturer"), en && e.licenseeNameEn() != null ? e.licenseeNameEn() : e.licenseeName());
            Fact.add(facts, t.get("label.licence"), (e.licenceNo() == null ? "" : e.licenceNo() + " · ")
                    + texts.status(e.licenceStatus(), lang));
            Fact.add(facts, t.get("catalogue.standard"), Fact.standard(e.standardNo(), e.standardTitle()));
            if (!e.coreIndicators().isEmpty()) {
                Fact.add(facts, t.get("label.indicators"), Fact.indicators(e.coreIndicators()));
            }
            Fact.add(facts, t.get("catalogue.gtin"), e.gtin());
            if (e.blacklisted()) {
                Fact.add(facts, t.get("catalogue.credit"), t.get("catalogue.blacklisted"));
            }
            String name = en && e.nameEn() != null ? e.nameEn() : e.name();
            products.add(new CatalogueView.Product(e.productId(), Objects.toString(e.licenceStatus(), null),
                    e.model() == null ? name : name + " · " + e.model(), facts));
        }
        return new CatalogueView(lang.tag(), en ? "zh" : "en", q == null ? "" : q, options, products);
    }
}

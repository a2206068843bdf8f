package org.markauth.verify.catalogue;

import static org.markauth.verify.web.Html.esc;

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
import java.util.Set;
import org.markauth.http.Lang;
import org.markauth.verify.web.ErrorCode;
import org.markauth.verify.web.Html;

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
    private static final Set<String> STATUSES = Set.of("ACTIVE", "SUSPENDED", "REVOKED", "EXPIRED");

    private record Snapshot(List<CatalogueEntry> entries, Instant at) {
    }

    private final Vertx vertx;
    private final CqlSession session;
    private final Clock clock;
    private final Duration maxAge;
    private volatile Snapshot snapshot;
    private Future<Snapshot> loading;

    public Catalogue(Vertx vertx, CqlSession session, Clock clock, Duration maxAge) {
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
        if (status != null && !STATUSES.contains(status)) {
            return Future.failedFuture(ErrorCode.badParameter("status must be one of " + STATUSES + ", got '" + status + "'"));
        }
        String[] words = query == null || query.isBlank() ? new String[0]
                : query.strip().toLowerCase(Locale.ROOT).split("\\s+");
        return current().map(s -> s.entries().stream()
                .filter(e -> status == null || status.equals(e.licenceStatus()))
                .filter(e -> e.matches(words)).limit(MAX_RESULTS).toList());
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
            String status = lic.getString("status");
            Instant until = lic.getInstant("valid_until");
            if ("ACTIVE".equals(status) && until != null && !now.isBefore(until)) {
                status = "EXPIRED";
            }
            out.add(new CatalogueEntry(p.getInt("product_id"), p.getString("name"), p.getString("name_en"), p.getString("model"),
                    p.getString("category"), p.getString("gtin"), p.getString("standard_no"), p.getString("standard_title"),
                    p.getMap("core_indicators", String.class, String.class), p.getString("licensee_id"),
                    l == null ? null : l.getString("name"), l == null ? null : l.getString("name_en"),
                    l != null && l.getBoolean("blacklisted"), lic.getString("licence_no"), status,
                    lic.getInstant("status_since"), until));
        }
        out.sort(Comparator.comparing((CatalogueEntry e) -> !"ACTIVE".equals(e.licenceStatus()))
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
                .end(CataloguePage.render(list, q, status, lang))).onFailure(ctx::fail);
    }

    private static String status(RoutingContext ctx) {
        String s = ctx.request().getParam("status");
        return s == null || s.isBlank() ? null : s.toUpperCase(Locale.ROOT);
    }

    /** The HTML of the page (kept beside the data it shows). */
    static final class CataloguePage {

        private CataloguePage() {
        }

        static String render(List<CatalogueEntry> list, String q, String status, Lang lang) {
            boolean en = lang == Lang.EN;
            StringBuilder b = new StringBuilder(8192);
            b.append("<nav><strong>").append(en ? "Certified products" : "认证产品目录").append("</strong><a id=\"lang\" href=\"?lang=")
                    .append(en ? "zh" : "en").append("\">").append(en ? "中文" : "English").append("</a></nav>");
            b.append("<section><form id=\"search\" method=\"get\" action=\"/catalogue\"><label for=\"q\">")
                    .append(en ? "Search product, model, standard or company" : "搜索产品、型号、标准或企业")
                    .append("</label><input id=\"q\" name=\"q\" maxlength=\"100\" value=\"").append(esc(q == null ? "" : q))
                    .append("\"><label for=\"status\">").append(en ? "Licence status" : "许可状态").append("</label>")
                    .append("<select id=\"status\" name=\"status\"><option value=\"\">").append(en ? "any" : "全部").append("</option>");
            for (String s : List.of("ACTIVE", "SUSPENDED", "REVOKED", "EXPIRED")) {
                b.append("<option value=\"").append(s).append('"').append(s.equals(status) ? " selected" : "").append('>')
                        .append(statusText(s, en)).append("</option>");
            }
            b.append("</select><button type=\"submit\" id=\"go\">").append(en ? "Search" : "搜索").append("</button></form>")
                    .append("<p class=\"muted\" id=\"count\">").append(list.size()).append(en ? " products" : " 个产品").append("</p></section>");
            for (CatalogueEntry e : list) {
                b.append("<section class=\"product\" data-product=\"").append(e.productId()).append("\" data-status=\"")
                        .append(esc(e.licenceStatus())).append("\"><h2>").append(esc(en && e.nameEn() != null ? e.nameEn() : e.name()))
                        .append(e.model() == null ? "" : " · " + esc(e.model())).append("</h2><dl>");
                dt(b, en ? "Manufacturer" : "生产企业", en && e.licenseeNameEn() != null ? e.licenseeNameEn() : e.licenseeName());
                dt(b, en ? "Licence" : "许可证", (e.licenceNo() == null ? "" : e.licenceNo() + " · ") + statusText(e.licenceStatus(), en));
                dt(b, en ? "Standard" : "认证标准", (e.standardNo() == null ? "" : e.standardNo() + " ")
                        + (e.standardTitle() == null ? "" : e.standardTitle()));
                if (!e.coreIndicators().isEmpty()) {
                    StringBuilder ind = new StringBuilder();
                    e.coreIndicators().forEach((k, v) -> ind.append(k).append(": ").append(v).append("; "));
                    dt(b, en ? "Core indicators" : "核心指标", ind.toString());
                }
                dt(b, "GTIN", e.gtin());
                if (e.blacklisted()) {
                    dt(b, en ? "Credit" : "信用", en ? "on the quality-credit blacklist" : "已列入质量信用黑名单");
                }
                b.append("</dl></section>");
            }
            return Html.page(lang.tag(), en ? "Certified products" : "认证产品目录", b.toString());
        }

        private static String statusText(String s, boolean en) {
            return switch (s) {
                case "ACTIVE" -> en ? "valid" : "有效";
                case "SUSPENDED" -> en ? "suspended" : "已暂停";
                case "REVOKED" -> en ? "revoked" : "已撤销";
                case "EXPIRED" -> en ? "expired" : "已过期";
                default -> s;
            };
        }

        private static void dt(StringBuilder b, String term, String value) {
            if (value != null && !value.isBlank()) {
                b.append("<dt>").append(esc(term)).append("</dt><dd>").append(esc(value)).append("</dd>");
            }
        }
    }
}

package org.markauth.verify.resolver;

import static org.markauth.http.RouteMetrics.named;

import com.datastax.oss.driver.api.core.CqlSession;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.markauth.http.ApiError;
import org.markauth.http.Lang;
import org.markauth.http.RouteMetrics;
import org.markauth.sdk.mark.ScanText;
import org.markauth.verify.catalogue.Catalogue;
import org.markauth.verify.check.VerdictTexts;
import org.markauth.verify.page.PageHandlers;
import org.markauth.verify.page.Pages;
import org.markauth.verify.registry.RegistryReader;
import org.markauth.verify.web.ErrorCode;
import org.markauth.verify.web.Guards;

/**
 * The programme host's GS1 Digital Link resolver (GS1-Conformant Resolver Standard 1.1, unchanged on these points in 1.2.0; GS1 Digital
 * Link URI Syntax 1.2+), docs/digital-link.md.
 *
 * <p>It owns {@code /01/*}. A <em>signed</em> mark in GS1 form ({@code ?M=}, docs/mark-format.md
 * section 6) asked for nothing else goes to the verdict page exactly as before (PageHandlers, same
 * rate limit, same metric name {@code page}). Everything else is resolved as the standard's conformance statement asks:
 *   - {@code linkType=linkset} (or the older {@code all}), or {@code Accept: application/linkset+json}
 *     and no linkType: 200 with the linkset (RFC 9264), never a redirect;
 *   - a linkType the item has: 307 to it, the query string passed on (without {@code linkType} and
 *     {@code M}), the links in a {@code Link} header, {@code Vary: Accept};
 *   - no linkType: 307 to the default link: for an unsigned link the registry page (never a verdict:
 *     a serial can be copied from any pack), for a signed one the verdict page;
 *   - a linkType the item lacks (or no link type at all): 404 naming the ones it has (the standard:
 *     a requested type of link that is not available SHALL be answered 404);
 *   - a link that is not a GS1 Digital Link: 400 with the reason; one naming nothing registered: 404.
 *
 * <p>A voided or decommissioned unit still resolves (307): the standard gives no other status for it,
 * and the default page says that the serial was voided, which is what a consumer holding it must learn.
 * {@code /.well-known/gs1resolver} describes the resolver (the standard's "Resolver description file").
 */
public final class Resolver {

    private static final String LINKSET = "application/linkset+json";
    private static final String LINKSET_CONTEXT = "https://ref.gs1.org/standards/resolver/linkset-context";

    private final ItemLookup lookup;
    private final UnitSearch search;
    private final PageHandlers verdictPages;
    private final ResolverPages pages;
    private final Pages templates;
    private final Supplier<List<String>> hosts;

    /**
     * @param hosts the programme's hosts (the trust list's); links are made on the one the request
     *              named, else the first
     */
    public Resolver(CqlSession session, RegistryReader reader, Catalogue catalogue, PageHandlers verdictPages, Pages templates,
                    VerdictTexts texts, Supplier<List<String>> hosts) {
        this.search = new UnitSearch(session, reader);
        this.lookup = new ItemLookup(catalogue, search, reader);
        this.verdictPages = verdictPages;
        this.pages = new ResolverPages(templates, texts);
        this.templates = templates;
        this.hosts = hosts;
    }

    /** CORS for the resolver's answers (conformance statement: SHALL support CORS); mount before the closing of the rest. */
    public void mountCors(Router r) {
        r.route("/01/*").handler(this::cors);
        r.route("/.well-known/gs1resolver").handler(this::cors);
    }

    public void mount(Router r, Guards g) {
        r.get("/01/*").handler(this::name).handler(g.rate()).handler(this::resolve);
        r.head("/01/*").handler(this::name).handler(g.rate()).handler(this::resolve);
        named(r.get("/.well-known/gs1resolver"), "resolver").handler(this::description);
        named(r.get("/dl/:section/*"), "resolver-page").handler(g.rate()).handler(this::page);
    }

    /** A signed mark asked for nothing else: the verdict page's request, untouched. */
    private static boolean verdictPage(RoutingContext ctx) {
        return ctx.request().getParam("M") != null && ctx.request().getParam("linkType") == null && !wantsLinkset(ctx);
    }

    private static boolean wantsLinkset(RoutingContext ctx) {
        String accept = ctx.request().getHeader("Accept");
        return accept != null && accept.toLowerCase(Locale.ROOT).contains(LINKSET);
    }

    private void name(RoutingContext ctx) {
        RouteMetrics.fallback(ctx, verdictPage(ctx) ? "page" : "resolver");
        ctx.next();
    }

    private void cors(RoutingContext ctx) {
        if (ctx.request().method() == HttpMethod.OPTIONS) {
            ctx.response().setStatusCode(204).putHeader("Access-Control-Allow-Origin", "*")
                    .putHeader("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
                    .putHeader("Access-Control-Allow-Headers", "Accept, Accept-Language")
                    .putHeader("Access-Control-Max-Age", "600").putHeader("Allow", "GET, HEAD, OPTIONS").end();
            return;
        }
        if (!verdictPage(ctx)) {   // the verdict page stays closed to other origins, as before
            ctx.response().putHeader("Access-Control-Allow-Origin", "*")
                    .putHeader("Access-Control-Expose-Headers", "Link, Location, Retry-After");
        }
        ctx.next();
    }

    private void resolve(RoutingContext ctx) {
        if (verdictPage(ctx)) {
            if (ctx.request().method() == HttpMethod.HEAD) {
                ctx.fail(405);   // as before: the verdict page is GET only (a HEAD must not record a scan)
            } else {
                verdictPages.page(ctx);
            }
            return;
        }
        DigitalLink dl;
        try {
            dl = DigitalLink.parse(ctx.request().path(), query(ctx));
        } catch (DigitalLink.Refusal e) {
            ctx.fail(new ApiError(ErrorCode.BAD_DIGITAL_LINK, e.getMessage()));
            return;
        }
        String asked = ctx.request().getParam("linkType");
        lookup.find(dl).onSuccess(item -> answer(ctx, item, asked)).onFailure(ctx::fail);
    }

    private void answer(RoutingContext ctx, Item item, String asked) {
        Lang lang = Lang.of(ctx);
        String root = root(ctx);
        String verdict = item.link().signed() == null ? null
                : root + ctx.request().path() + "?M=" + enc(item.link().signed());   // base32: unchanged; anything else cannot break a header
        List<Links.Link> links = Links.of(item, root, verdict, templates.messages().in(lang));
        String anchor = item.link().uri(root);
        ctx.response().putHeader("Vary", "Accept, Accept-Language").putHeader("Cache-Control", "no-store");
        if ("linkset".equals(asked) || "all".equals(asked) || (asked == null && wantsLinkset(ctx))) {
            // the JSON-LD context GS1 publishes for linksets (resolver standard: SHOULD be linked when the linkset is asked for)
            ctx.response().putHeader("Content-Type", LINKSET).putHeader("Link", "<" + LINKSET_CONTEXT
                    + ">; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"");
            end(ctx, Links.linkset(anchor, links).encode());
            return;
        }
        LinkType type = asked == null ? LinkType.DEFAULT_LINK : LinkType.named(asked);
        Links.Link link = type == null ? null : Links.find(links, type);
        if (link == null) {
            ctx.fail(new ApiError(ErrorCode.NO_SUCH_LINK, "'" + clip(asked) + "' for " + anchor + "; it has "
                    + links.stream().map(l -> l.type().curie()).collect(Collectors.joining(", "))
                    + " (and linkType=linkset for all of them)"));
            return;
        }
        List<Links.Link> english = Links.of(item, root, verdict, templates.messages().in(Lang.EN));
        ctx.response().setStatusCode(307).putHeader("Location", passOn(link.href(), ctx.request().params()))
                .putHeader("Link", Links.header(english, anchor + "?linkType=linkset"));
        ctx.response().end();
    }

    /** Conformance statement: "By default, SHALL pass on all key=value pairs in the query string" when redirecting; not linkType, not the signature. */
    static String passOn(String href, MultiMap params) {
        StringBuilder q = new StringBuilder();
        for (Map.Entry<String, String> e : params.entries()) {
            if (e.getKey().equals("linkType") || e.getKey().equals("M")) {
                continue;
            }
            q.append(q.length() == 0 ? "" : "&").append(enc(e.getKey())).append('=').append(enc(e.getValue()));
        }
        return q.length() == 0 ? href : href + (href.indexOf('?') < 0 ? "?" : "&") + q;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private void page(RoutingContext ctx) {
        ResolverPages.Section section = ResolverPages.Section.of(ctx.pathParam("section"));
        String prefix = "/dl/" + ctx.pathParam("section");
        String path = ctx.request().path();
        if (section == null || !path.startsWith(prefix + "/01/")) {
            ctx.fail(new ApiError(ErrorCode.NOT_FOUND, path.length() > 80 ? path.substring(0, 80) + "…" : path));
            return;
        }
        DigitalLink dl;
        try {
            dl = DigitalLink.parse(path.substring(prefix.length()), query(ctx));
        } catch (DigitalLink.Refusal e) {
            ctx.fail(new ApiError(ErrorCode.BAD_DIGITAL_LINK, e.getMessage()));
            return;
        }
        Lang lang = Lang.of(ctx);
        String root = root(ctx);
        lookup.find(dl).onSuccess(item -> {
            List<Links.Link> links = Links.of(item, root, null, templates.messages().in(lang));
            ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").putHeader("Cache-Control", "no-store")
                    .putHeader("Vary", "Accept-Language");
            end(ctx, pages.render(section, item, links, root.substring("https://".length()), lang));
        }).onFailure(ctx::fail);
    }

    /** The resolver description file (schema https://ref.gs1.org/standards/resolver/description-file-schema). */
    private void description(RoutingContext ctx) {
        String root = root(ctx);
        JsonObject d = new JsonObject()
                .put("name", "markauth GS1 Digital Link resolver")
                .put("resolverRoot", root)
                .put("supportedPrimaryKeys", new JsonArray().add("01"))
                .put("supportedLinkType", new JsonArray().add(new JsonObject().put("namespace", LinkType.NAMESPACE).put("prefix", "gs1:")))
                .put("linkTypeDefaultCanBeLinkset", false)
                .put("linkTypeDefaultCanBeAll", false);
        ctx.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "public, max-age=3600")
                .end(d.encode());
    }

    private static void end(RoutingContext ctx, String body) {
        if (ctx.request().method() == HttpMethod.HEAD) {
            ctx.response().end();
        } else {
            ctx.response().end(body);
        }
    }

    private static Map<String, String> query(RoutingContext ctx) {
        Map<String, String> q = new HashMap<>();
        for (String k : new String[] {"17", "M"}) {
            String v = ctx.request().getParam(k);
            if (v != null) {
                q.put(k, v);
            }
        }
        return q;
    }

    /** {@code https://<host>}: the programme host the request named (ASCII case ignored), else the first one, lower case. */
    private String root(RoutingContext ctx) {
        List<String> hs = hosts.get();
        String host = hs.get(0);
        String h = ctx.request().authority() == null ? null : ctx.request().authority().host();
        if (h != null && hs.contains(ScanText.upper(h))) {
            host = h;
        }
        return "https://" + host.toLowerCase(Locale.ROOT);
    }

    private static String clip(String s) {
        return s == null ? "" : s.length() <= 60 ? s : s.substring(0, 60) + "…";
    }

    @Override
    public String toString() {
        return "Resolver[" + search + "]";
    }

    /** Reads made by the unit search so far: {batches_by_licensee partitions, marks rows}. For the cost measurement. */
    public long[] searchReads() {
        return search.reads();
    }
}

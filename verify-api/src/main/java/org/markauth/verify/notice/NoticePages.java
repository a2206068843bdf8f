package org.markauth.verify.notice;

import static org.markauth.http.RouteMetrics.named;

import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.markauth.http.ApiError;
import org.markauth.http.Lang;
import org.markauth.verify.page.Pages;
import org.markauth.verify.web.ErrorCode;
import org.markauth.verify.web.FormBody;
import org.markauth.verify.web.Origins;

/**
 * The public notice pages (docs/certification.md): {@code GET /notices} lists the certifications in
 * their public-notice period, {@code GET /notices/{id}} shows one with the objection form, and
 * {@code POST /notices/{id}/objections} files an objection (name, contact, text) for the office to
 * rule on. The form post is refused, each before the next costs more: anything but a form is 415
 * before the body is read ({@link FormBody#accepting}); a post that does not come from this site's
 * page (its Origin, else its Referer, is neither this host nor {@code http.public-base-url}; or it
 * names neither) is 403 FOREIGN_ORIGIN. That check is cross-site request forgery protection: another
 * site cannot make a visitor's browser file an objection in the visitor's name (no caller without
 * either header is excused: the route has no JSON variant, and every honest caller is a browser
 * showing the notice page). It is no flood protection, since a script sets any Origin it likes. The flood limits come after it: the report
 * route's per-client rate limit, the form body reader with a small cap ({@link #MAX_BODY}), length
 * limits per field, and then {@link NoticeStore#file}: the same text from the same client is folded
 * onto its first filing, one client may have {@code verify.notice.max-pending-per-client}
 * objections awaiting the office on a notice (429 with a sentence), and a notice with
 * {@code verify.notice.max-open-objections} from anyone takes no more (503 with a sentence; the
 * refusal is written on the notice, which keeps the licence from being activated until the office
 * extends the notice). The answers are pages with a plain sentence, never a stack trace. A notice
 * that is closed, withdrawn or unknown takes no objection.
 */
public final class NoticePages {

    /** The objection form's body cap: three fields of a few thousand characters at most. */
    public static final int MAX_BODY = 48 * 1024;   // 4,000 Chinese characters form-encoded are 36 kB (9 bytes each)
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.of("Asia/Shanghai"));

    private final NoticeStore store;
    private final Pages pages;
    private final Handler<RoutingContext> rate;
    private final Origins origins;
    private final String publicBase;
    private final int maxOpen;
    private final int maxPerClient;
    private final Clock clock;

    /**
     * @param rate       the report route's per-client rate limit (an objection is the same kind of public write)
     * @param origins    the client hash an objection is folded by
     * @param publicBase {@code http.public-base-url}: the origin the form may come from besides this request's own host
     * @param maxOpen    {@code verify.notice.max-open-objections}: objections awaiting the office beyond which a notice takes no more
     * @param maxPerClient {@code verify.notice.max-pending-per-client}: one client's objections awaiting the office on one notice
     */
    public NoticePages(NoticeStore store, Pages pages, Handler<RoutingContext> rate, Origins origins, String publicBase, int maxOpen,
                       int maxPerClient, Clock clock) {
        this.store = store;
        this.pages = pages;
        this.rate = rate;
        this.origins = origins;
        this.publicBase = publicBase;
        this.maxOpen = maxOpen;
        this.maxPerClient = maxPerClient;
        this.clock = clock;
    }

    /** The list's view. */
    public record ListView(String langTag, List<Row> notices, boolean missing) {
    }

    /** A notice as a page shows it. */
    public record Row(String id, String licensee, String product, String standard, String opens, String closes) {
        static Row of(NoticeStore.Notice n) {
            return new Row(n.noticeId().toString(), n.licenseeName(), n.productName(), n.standardNo() + " " + n.standardVersion(),
                    DAY.format(n.opensAt()), DAY.format(n.closesAt()));
        }
    }

    /** One notice's view: {@code open} whether it takes objections, {@code message} a sentence above the form (or null), {@code filed} after a filing. */
    public record NoticeView(String langTag, Row notice, boolean open, String message, boolean filed, String name, String contact, String text) {
    }

    public void mount(Router r) {
        named(r.get("/notices"), "notices").handler(this::list);
        named(r.get("/notices/:id"), "notices").handler(this::show);
        named(r.post("/notices/:id/objections"), "notices").handler(FormBody.accepting(FormBody.FORM_TYPES))
                .handler(this::fromThisSite).handler(rate).handler(new FormBody(MAX_BODY))
                .handler(this::object);
    }

    /** The form's Origin check: CSRF protection, not flood protection (the class comment says why and why no exception for callers without one). */
    private void fromThisSite(RoutingContext ctx) {
        var req = ctx.request();
        var authority = req.authority();
        if (sameSite(req.getHeader("Origin"), req.getHeader("Referer"), authority == null ? null : authority.host(),
                authority == null ? -1 : authority.port(), publicBase)) {
            ctx.next();
        } else {
            ctx.fail(new ApiError(ErrorCode.FOREIGN_ORIGIN, null));
        }
    }

    /**
     * Whether a form post comes from this site: its Origin (else, when a browser withheld it, its
     * Referer's origin) is this request's host and port, or {@code publicBase}'s origin. A missing
     * port is the scheme's; a Host without a port matches either default port (TLS ends at a proxy).
     */
    static boolean sameSite(String origin, String referer, String host, int port, String publicBase) {
        URI from = origin != null && !origin.isBlank() ? uri(origin) : referer != null && !referer.isBlank() ? uri(referer) : null;
        if (from == null || from.getHost() == null || from.getScheme() == null) {
            return false;
        }
        String fromHost = from.getHost().toLowerCase(Locale.ROOT);
        int fromPort = port(from);
        URI base = publicBase == null ? null : uri(publicBase);
        if (base != null && base.getHost() != null && base.getScheme() != null && base.getScheme().equalsIgnoreCase(from.getScheme())
                && base.getHost().equalsIgnoreCase(fromHost) && port(base) == fromPort) {
            return true;
        }
        return host != null && host.equalsIgnoreCase(fromHost) && (port == fromPort || port < 0 && from.getPort() < 0);
    }

    private static URI uri(String v) {
        try {
            return new URI(v.strip());
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static int port(URI u) {
        return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    private void list(RoutingContext ctx) {
        Lang lang = Lang.of(ctx);
        store.open(clock.instant()).onSuccess(ns -> html(ctx, 200, pages.render("notices.jte", lang,
                new ListView(lang.tag(), ns.stream().map(Row::of).toList(), false)))).onFailure(ctx::fail);
    }

    private void show(RoutingContext ctx) {
        Lang lang = Lang.of(ctx);
        UUID id = id(ctx);
        if (id == null) {
            missing(ctx, lang);
            return;
        }
        store.find(id).onSuccess(n -> {
            if (n.isEmpty()) {
                missing(ctx, lang);
                return;
            }
            boolean open = n.get().open(clock.instant());
            html(ctx, 200, page(lang, n.get(), open, open ? null : words(lang, "notice.closed"), false, "", "", ""));
        }).onFailure(ctx::fail);
    }

    private void object(RoutingContext ctx) {
        Lang lang = Lang.of(ctx);
        UUID id = id(ctx);
        if (id == null) {
            missing(ctx, lang);
            return;
        }
        String name = field(ctx, "name");
        String contact = field(ctx, "contact");
        String text = field(ctx, "text");
        store.find(id).compose(n -> {
            if (n.isEmpty()) {
                missing(ctx, lang);
                return io.vertx.core.Future.succeededFuture();
            }
            if (!n.get().open(clock.instant())) {
                html(ctx, 409, page(lang, n.get(), false, words(lang, "notice.closed"), false, "", "", ""));
                return io.vertx.core.Future.succeededFuture();
            }
            String problem = problem(lang, name, contact, text);
            if (problem != null) {
                html(ctx, 400, page(lang, n.get(), true, problem, false, name, contact, text));
                return io.vertx.core.Future.succeededFuture();
            }
            String client = HexFormat.of().formatHex(origins.clientHash(ctx));
            return store.file(n.get(), client, name.strip(), contact.strip(), text.strip(), maxOpen, maxPerClient, clock.instant()).onSuccess(filed -> {
                if (filed instanceof NoticeStore.Filed.Stored s) {
                    html(ctx, 201, page(lang, n.get(), true, words(lang, "notice.filed", s.objectionId().toString()), true, "", "", ""));
                } else if (filed instanceof NoticeStore.Filed.Folded f) {
                    html(ctx, 200, page(lang, n.get(), true, words(lang, "notice.folded", f.objectionId().toString(), f.repeats()),
                            true, "", "", ""));
                } else if (filed instanceof NoticeStore.Filed.ClientFull mine) {
                    html(ctx, 429, page(lang, n.get(), true, words(lang, "notice.clientFull", mine.pending()), false, name, contact, text));
                } else if (filed instanceof NoticeStore.Filed.Full full) {
                    html(ctx, 503, page(lang, n.get(), true, words(lang, "notice.full", full.open()), false, name, contact, text));
                }
            }).mapEmpty();
        }).onFailure(ctx::fail);
    }

    /** The sentence that refuses the fields, or null. */
    private String problem(Lang lang, String name, String contact, String text) {
        if (name.isBlank() || name.length() > 100) {
            return words(lang, "notice.field", words(lang, "notice.name"), 100);
        }
        if (contact.isBlank() || contact.length() > 200) {
            return words(lang, "notice.field", words(lang, "notice.contact"), 200);
        }
        if (text.isBlank() || text.length() > 4000) {
            return words(lang, "notice.field", words(lang, "notice.text"), 4000);
        }
        return null;
    }

    private String page(Lang lang, NoticeStore.Notice n, boolean open, String message, boolean filed, String name, String contact, String text) {
        return pages.render("notice.jte", lang, new NoticeView(lang.tag(), Row.of(n), open, message, filed, name, contact, text));
    }

    private void missing(RoutingContext ctx, Lang lang) {
        html(ctx, 404, pages.render("notices.jte", lang, new ListView(lang.tag(), List.of(), true)));
    }

    private String words(Lang lang, String key, Object... args) {
        return pages.messages().get(lang, key, args);
    }

    private static String field(RoutingContext ctx, String name) {
        String v = ctx.request().getFormAttribute(name);
        return v == null ? "" : v;
    }

    private static UUID id(RoutingContext ctx) {
        String v = ctx.pathParam("id");
        try {
            return v != null && v.length() == 36 ? UUID.fromString(v) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void html(RoutingContext ctx, int status, String body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8").putHeader("Cache-Control", "no-store")
                .end(body);
    }
}

package org.markauth.verify.draws;

import static org.markauth.http.RouteMetrics.named;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.markauth.http.ApiError;
import org.markauth.http.Lang;
import org.markauth.verify.page.Pages;
import org.markauth.verify.web.ErrorCode;
import org.markauth.verify.web.Guards;

/**
 * The supervision draws published (双随机一公开, the 公开; docs/supervision.md, "Published"), no login,
 * read only: {@code GET /draws} lists every year's draws, live and voided; {@code GET /draws/{id}} shows
 * one; {@code GET /draws/{id}/snapshot.json} is the frozen candidate snapshot's canonical text, the
 * very bytes whose SHA-256 is the published snapshot hash; {@code /api/v1/draws[/{id}]} is the same as
 * JSON. Pages in zh by default, en by {@code lang} or Accept-Language, like the credit lists.
 *
 * <p>What is shown follows the draw's steps: an announced draw shows its parameters, snapshot hash and
 * commitment (whether the witness part is in, not the part); from the reveal on, the office's secret,
 * the public part, the seed and the result, with this service's own re-check of each
 * ({@link Redraw}); a voided draw keeps all it had published, with its reason and time, and one voided
 * after its public part was known also its secret, its seed and what it would have drawn, re-checked too. The office's
 * staff appear as their role, never by user id. A draw id that is not a UUID is 400, an unknown one
 * 404, each with a sentence in the request's language.
 */
public final class DrawPages {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.of("Asia/Shanghai"));
    /** A published list changes when the office takes a step; the store keeps it as long. */
    static final String LIST_CACHE = "public, max-age=60";
    /** A draw's snapshot never changes once announced. */
    static final String SNAPSHOT_CACHE = "public, max-age=86400, immutable";

    /** The re-draw script the pages link to: the one in docs/supervision.md, made to read a draw's published JSON. */
    static final String SCRIPT = "/draws/redraw.py";

    private final DrawStore store;
    private final Pages pages;
    private final Buffer script;
    private final String publicBase;

    /** @param publicBase {@code http.public-base-url} (null: none), for the absolute JSON address the re-draw script is run on */
    public DrawPages(DrawStore store, Pages pages, String publicBase) {
        this.store = store;
        this.pages = pages;
        this.publicBase = publicBase == null ? "" : publicBase.replaceAll("/+$", "");
        this.script = resource("/draws/redraw.py");
    }

    public void mount(Router r, Guards g) {
        named(r.get("/draws"), "draws").handler(g.rate()).handler(this::listPage);
        named(r.get(SCRIPT), "draws").handler(g.rate()).handler(ctx -> ctx.response()
                .putHeader("Content-Type", "text/x-python; charset=utf-8").putHeader("Cache-Control", LIST_CACHE).end(script));
        named(r.get("/draws/:id"), "draws").handler(g.rate()).handler(this::drawPage);
        named(r.get("/draws/:id/snapshot.json"), "draws").handler(g.rate()).handler(this::snapshot);
        named(r.get("/api/v1/draws"), "draws").handler(g.rate()).handler(this::listJson);
        named(r.get("/api/v1/draws/:id"), "draws").handler(g.rate()).handler(this::drawJson);
    }

    private void listPage(RoutingContext ctx) {
        Lang lang = Lang.of(ctx);
        store.draws().onSuccess(list -> html(ctx, pages.render("draws.jte", lang,
                new DrawsView.Index(lang.tag(), lang == Lang.EN ? "zh" : "en", list.stream().map(d -> view(d, lang)).toList()))))
                .onFailure(ctx::fail);
    }

    private void drawPage(RoutingContext ctx) {
        Lang lang = Lang.of(ctx);
        withDraw(ctx, lang, d -> html(ctx, pages.render("draw.jte", lang, view(d, lang))));
    }

    private void snapshot(RoutingContext ctx) {
        withDraw(ctx, Lang.of(ctx), d -> ctx.response().putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("Cache-Control", SNAPSHOT_CACHE)
                .putHeader("Content-Disposition", "inline; filename=\"draw-" + d.drawId() + "-snapshot.json\"")
                .end(Redraw.canonical(d)));
    }

    private void listJson(RoutingContext ctx) {
        store.draws().onSuccess(list -> {
            JsonArray a = new JsonArray();
            list.forEach(d -> a.add(json(d, false)));
            ctx.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", LIST_CACHE)
                    .end(new JsonObject().put("count", list.size()).put("draws", a).encode());
        }).onFailure(ctx::fail);
    }

    private void drawJson(RoutingContext ctx) {
        withDraw(ctx, Lang.of(ctx), d -> ctx.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", LIST_CACHE)
                .end(json(d, true).encode()));
    }

    /** Runs {@code then} with the path's draw; fails the request with 400 for an id that is not a UUID, 404 for one no draw has. */
    private void withDraw(RoutingContext ctx, Lang lang, java.util.function.Consumer<PublicDraw> then) {
        Optional<UUID> id = id(ctx.pathParam("id"));
        if (id.isEmpty()) {
            ctx.fail(ErrorCode.badParameter(pages.messages().get(lang, "draws.badId")));
            return;
        }
        store.draw(id.get()).onSuccess(d -> {
            if (d.isEmpty()) {
                ctx.fail(new ApiError(ErrorCode.NOT_FOUND, pages.messages().get(lang, "draws.unknown", id.get().toString())));
            } else {
                then.accept(d.get());
            }
        }).onFailure(ctx::fail);
    }

    static Optional<UUID> id(String v) {
        if (v == null || v.length() != 36) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(v));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The published JSON of a draw; {@code whole}: with the candidate lists (the list leaves them to each draw's own URL). */
    static JsonObject json(PublicDraw d, boolean whole) {
        JsonObject j = new JsonObject().put("drawId", d.drawId().toString()).put("year", d.year()).put("state", d.state())
                .put("enterprises", d.enterprises()).put("inspectorsPerTask", d.inspectorsPerTask())
                .put("dueOn", d.dueOn() == null ? null : d.dueOn().toString()).put("announcedAt", iso(d.announcedAt()))
                .put("snapshotHash", d.snapshotHash()).put("commitment", d.commitment())
                .put("publicSource", d.publicSource()).put("publicDate", d.publicDate() == null ? null : d.publicDate().toString())
                .put("snapshotUrl", "/draws/" + d.drawId() + "/snapshot.json")
                .put("witnessed", d.witnessedAt() != null).put("witnessedAt", iso(d.witnessedAt()));
        if (d.drawn()) {
            j.put("officePart", d.officePart()).put("witnessPart", d.witnessPart()).put("seed", d.seed()).put("drawnAt", iso(d.drawnAt()))
                    .put("result", picks(d.picks()));
        }
        if (d.voided()) {
            j.put("voidReason", d.voidReason()).put("voidedAt", iso(d.voidedAt()));
        }
        if (d.voidedWithSecret()) {
            j.put("officePart", d.officePart()).put("witnessPart", d.witnessPart()).put("voidSeed", d.voidSeed())
                    .put("wouldHaveDrawn", picks(d.wouldHave()));
        }
        if (whole) {
            Redraw.Checks c = Redraw.check(d);
            j.put("candidates", d.candidates()).put("standards", d.standards()).put("verification", new JsonObject().put("snapshotHash", c.snapshot())
                    .put("commitment", c.commitment()).put("seed", c.seed()).put("result", c.result()));
        }
        return j;
    }

    private static JsonArray picks(List<PublicDraw.Pick> list) {
        JsonArray picks = new JsonArray();
        list.forEach(p -> picks.add(new JsonObject().put("licenseeId", p.licenseeId()).put("name", p.name())
                .put("nameEn", p.nameEn()).put("productId", p.productId()).put("productName", p.productName())
                .put("productNameEn", p.productNameEn()).put("inspectorIds", new JsonArray(new ArrayList<>(p.inspectorIds())))));
        return picks;
    }

    private static String iso(Instant i) {
        return i == null ? null : i.toString();
    }

    /** The page's view of a draw: every sentence in the request's language. */
    DrawsView.Draw view(PublicDraw d, Lang lang) {
        boolean en = lang == Lang.EN;
        var t = pages.messages().in(lang);
        List<DrawsView.Step> steps = new ArrayList<>();
        String office = t.get("draws.office");
        steps.add(new DrawsView.Step("announced", t.get("draws.step.announced"), TIME.format(d.announcedAt()), office));
        if (d.witnessedAt() != null) {
            steps.add(new DrawsView.Step("witnessed", t.get("draws.step.witnessed"), TIME.format(d.witnessedAt()), t.get("draws.witness")));
        }
        if (d.drawn() && d.drawnAt() != null) {
            steps.add(new DrawsView.Step("drawn", t.get("draws.step.drawn"), TIME.format(d.drawnAt()), office));
        }
        if (d.voided() && d.voidedAt() != null) {
            steps.add(new DrawsView.Step("voided", t.get("draws.step.voided"), TIME.format(d.voidedAt()), office));
        }
        List<DrawsView.Row> picks = rows(d.picks(), en);
        Redraw.Checks c = Redraw.check(d);
        List<DrawsView.Check> checks = new ArrayList<>();
        check(checks, t, "snapshot", c.snapshot());
        check(checks, t, "commitment", c.commitment());
        check(checks, t, "seed", c.seed());
        check(checks, t, "result", c.result());
        return new DrawsView.Draw(lang.tag(), en ? "zh" : "en", d.drawId().toString(), d.year(), d.state(),
                t.get("draws.state." + d.state()), d.legacy(), d.enterprises(), d.inspectorsPerTask(),
                d.dueOn() == null ? "" : d.dueOn().toString(), d.snapshotHash(), d.commitment(), d.drawn(), d.officePart(),
                d.drawn() || d.voidedWithSecret() ? d.witnessPart() : null, d.drawn() ? d.seed() : d.voidSeed(), steps, picks,
                d.voided() ? d.voidReason() : null, checks, Redraw.canonical(d), publicBase + "/api/v1/draws/" + d.drawId(),
                d.publicSource(), d.publicDate() == null ? null : d.publicDate().toString(), d.voidedWithSecret(), rows(d.wouldHave(), en));
    }

    private static List<DrawsView.Row> rows(List<PublicDraw.Pick> list, boolean en) {
        return list.stream().map(p -> new DrawsView.Row(p.licenseeId(), name(en, p.name(), p.nameEn(), p.licenseeId()),
                name(en, p.productName(), p.productNameEn(), String.valueOf(p.productId())), p.productId(),
                String.join(", ", p.inspectorIds()))).toList();
    }

    private static void check(List<DrawsView.Check> into, org.markauth.http.Messages.Words t, String what, Boolean ok) {
        if (ok != null) {
            into.add(new DrawsView.Check(what, ok, t.get("draws.check." + what) + " " + t.get(ok ? "draws.check.same" : "draws.check.differs")));
        }
    }

    private static String name(boolean en, String zh, String english, String id) {
        String n = en && english != null ? english : zh;
        return n == null ? id : n;
    }

    private static Buffer resource(String name) {
        try (InputStream in = DrawPages.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " missing from the jar");
            }
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void html(RoutingContext ctx, String body) {
        ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").putHeader("Cache-Control", LIST_CACHE).end(body);
    }
}

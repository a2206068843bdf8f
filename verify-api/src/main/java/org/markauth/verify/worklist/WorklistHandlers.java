package org.markauth.verify.worklist;

import static org.markauth.http.RouteMetrics.named;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.markauth.access.Principal;
import org.markauth.access.Role;
import org.markauth.http.ApiError;
import org.markauth.http.BearerAuth;
import org.markauth.http.Lang;
import org.markauth.registry.AlertMove;
import org.markauth.registry.AlertStatus;
import org.markauth.verify.web.ErrorCode;
import org.markauth.verify.web.Guards;

/**
 * The officer's work list (docs/api-verify.md, "Officer work list"): the open and taken alerts and
 * the unhandled consumer reports of the officer's area, and the officer's seizures to follow up;
 * taking an alert or a report and recording what was found. An alert taken here moves OPEN →
 * INVESTIGATING by the same state machine the regulator's console runs (registry-contract's
 * {@link AlertStatus}, {@link AlertMove}); the outcome is a history row the console shows, and the
 * alert stays INVESTIGATING: confirming (which blocks the unit) or dismissing is the regulator's.
 * Only the taker (or a regulator) records an outcome; an officer acts only inside its area (a
 * regulator anywhere). Every refusal is its own {@link ErrorCode}.
 */
public final class WorklistHandlers {

    static final Set<String> FINDINGS = Set.of("COUNTERFEIT_FOUND", "NOTHING_FOUND", "GENUINE_EXPLAINED");
    static final int MAX_NOTE = 2000;
    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final WorklistStore store;
    private final BearerAuth<Principal> officers;

    /** @param store the work list's reads and moves (its statements prepared with the other stores, in parallel) */
    public WorklistHandlers(WorklistStore store, BearerAuth<Principal> officers) {
        this.store = store;
        this.officers = officers;
    }

    /**
     * The routes. They lie under {@code /api/v1/officer/}, so the officer routes' guards (mounted
     * before these, {@code OfficerHandlers.mount}) have already read a POST's JSON body, authenticated
     * the caller and checked the officer role; running a body reader again here would also decode a
     * GET sent as a form, which vertx-web refuses with an exception (a 500 the hostile drill found).
     */
    public void mount(Router r, Guards g) {
        named(r.get("/api/v1/officer/worklist"), "officer-worklist").handler(this::list);
        named(r.post("/api/v1/officer/alerts/:id/take"), "officer-worklist").handler(this::takeAlert);
        named(r.post("/api/v1/officer/alerts/:id/outcome"), "officer-worklist").handler(this::alertOutcome);
        named(r.post("/api/v1/officer/reports/:id/take"), "officer-worklist").handler(this::takeReport);
        named(r.post("/api/v1/officer/reports/:id/outcome"), "officer-worklist").handler(this::reportOutcome);
    }

    private void list(RoutingContext ctx) {
        Principal p = officers.principal(ctx);
        Lang lang = Lang.of(ctx);
        store.area(p.userId()).compose(area -> {
            JsonObject out = new JsonObject().put("officer", p.userId()).put("area", new JsonArray(area.stream().sorted().toList()));
            Future<JsonArray> seized = store.seizures(p.userId()).map(WorklistHandlers::seizures);
            Future<JsonArray> seizedInRecords = store.seizureRecords(p.userId()).map(WorklistHandlers::seizureRecords);
            Future<JsonArray> alerts = area.isEmpty() ? Future.succeededFuture(new JsonArray())
                    : store.alerts(area).map(WorklistHandlers::alerts);
            Future<JsonArray> reports = area.isEmpty() ? Future.succeededFuture(new JsonArray())
                    : store.reports(area).map(WorklistHandlers::reports);
            return Future.all(alerts, reports, seized, seizedInRecords).map(x -> out.put("message", area.isEmpty() ? noArea(lang) : null)
                    .put("alerts", alerts.result()).put("reports", reports.result()).put("seizures", seized.result())
                    .put("seizureRecords", seizedInRecords.result()));
        }).onSuccess(j -> json(ctx, 200, j)).onFailure(e -> fail(ctx, e));
    }

    private void takeAlert(RoutingContext ctx) {
        Principal p = officers.principal(ctx);
        UUID id = id(ctx);
        String what = "alert " + id;
        existingAlert(id).compose(a -> inArea(p, a.region(), what).map(a)).compose(a -> {
            if (a.status() != AlertStatus.OPEN) {
                return Future.failedFuture(notOpen(a, what));
            }
            return store.take(a, p.userId()).compose(taken -> taken ? Future.succeededFuture(a)
                    : store.alert(id).compose(now -> Future.failedFuture(notOpen(now.orElse(a), what))));
        }).onSuccess(a -> json(ctx, 200, new JsonObject().put("id", id.toString()).put("status", AlertStatus.INVESTIGATING.name())
                .put("takenBy", p.userId()))).onFailure(e -> fail(ctx, e));
    }

    private void alertOutcome(RoutingContext ctx) {
        Principal p = officers.principal(ctx);
        UUID id = id(ctx);
        Outcome o = outcome(ctx);
        boolean regulator = p.has(Role.REGULATOR);
        String what = "alert " + id;
        String note = AlertMove.outcomeNote(o.finding(), o.inspection(), o.note());
        existingAlert(id).compose(a -> inArea(p, a.region(), what).map(a)).compose(a -> {
            ApiError refused = outcomeRefusal(a, p, regulator, what);
            if (refused != null) {
                return Future.failedFuture(refused);
            }
            return store.outcome(a, p.userId(), regulator, o.finding(), note).compose(done -> done ? Future.succeededFuture(a)
                    : store.alert(id).compose(now -> {
                        ApiError why = outcomeRefusal(now.orElse(a), p, regulator, what);
                        return Future.failedFuture(why != null ? why : new ApiError(ErrorCode.WRONG_STATE, what + " changed meanwhile; reload"));
                    }));
        }).onSuccess(a -> json(ctx, 200, new JsonObject().put("id", id.toString()).put("status", AlertStatus.INVESTIGATING.name())
                .put("finding", o.finding()).put("note", note).put("by", p.userId())
                .put("next", "the regulator confirms or dismisses the alert"))).onFailure(e -> fail(ctx, e));
    }

    /** Why an outcome cannot be recorded for the alert as it is; null when it can. */
    private static ApiError outcomeRefusal(WorklistStore.Alert a, Principal p, boolean regulator, String what) {
        if (a.status() == AlertStatus.OPEN) {
            return new ApiError(ErrorCode.WRONG_STATE, what + " is OPEN: take it first");
        }
        if (a.status() != AlertStatus.INVESTIGATING) {
            return new ApiError(ErrorCode.WRONG_STATE, what + " is " + a.status() + ": the regulator has closed it");
        }
        if (!regulator && !p.userId().equals(a.takenBy())) {
            return new ApiError(ErrorCode.NOT_YOUR_CASE, a.takenBy() == null ? "nobody" : a.takenBy());
        }
        if (a.finding() != null) {
            return new ApiError(ErrorCode.OUTCOME_RECORDED, what + " has " + a.finding());
        }
        return null;
    }

    private void takeReport(RoutingContext ctx) {
        Principal p = officers.principal(ctx);
        UUID id = id(ctx);
        String what = "report " + id;
        existingReport(id).compose(r -> inArea(p, r.region(), what).map(r)).compose(r -> {
            if (r.takenBy() != null) {
                return Future.failedFuture(new ApiError(ErrorCode.ALREADY_TAKEN, what + " is taken by " + r.takenBy()));
            }
            return store.takeReport(id, p.userId()).compose(taken -> taken ? Future.succeededFuture(r)
                    : store.report(id).compose(now -> Future.failedFuture(new ApiError(ErrorCode.ALREADY_TAKEN,
                            what + " is taken by " + now.map(WorklistStore.ReportState::takenBy).orElse("someone else")))));
        }).onSuccess(r -> json(ctx, 200, new JsonObject().put("id", id.toString()).put("takenBy", p.userId()))).onFailure(e -> fail(ctx, e));
    }

    private void reportOutcome(RoutingContext ctx) {
        Principal p = officers.principal(ctx);
        UUID id = id(ctx);
        Outcome o = outcome(ctx);
        boolean regulator = p.has(Role.REGULATOR);
        String what = "report " + id;
        String note = AlertMove.outcomeNote(o.finding(), o.inspection(), o.note());
        existingReport(id).compose(r -> inArea(p, r.region(), what).map(r)).compose(r -> {
            ApiError refused = reportRefusal(r, p, regulator, what);
            if (refused != null) {
                return Future.failedFuture(refused);
            }
            return store.closeReport(id, p.userId(), regulator, o.finding(), note).compose(done -> done ? Future.succeededFuture(r)
                    : store.report(id).compose(now -> {
                        ApiError why = reportRefusal(now.orElse(r), p, regulator, what);
                        return Future.failedFuture(why != null ? why : new ApiError(ErrorCode.WRONG_STATE, what + " changed meanwhile; reload"));
                    }));
        }).onSuccess(r -> json(ctx, 200, new JsonObject().put("id", id.toString()).put("finding", o.finding()).put("note", note)
                .put("by", p.userId()))).onFailure(e -> fail(ctx, e));
    }

    private static ApiError reportRefusal(WorklistStore.ReportState r, Principal p, boolean regulator, String what) {
        if (r.takenBy() == null) {
            return new ApiError(ErrorCode.WRONG_STATE, what + " has not been taken: take it first");
        }
        if (!regulator && !p.userId().equals(r.takenBy())) {
            return new ApiError(ErrorCode.NOT_YOUR_CASE, r.takenBy());
        }
        if (r.finding() != null) {
            return new ApiError(ErrorCode.OUTCOME_RECORDED, what + " has " + r.finding());
        }
        return null;
    }

    private Future<WorklistStore.Alert> existingAlert(UUID id) {
        return store.alert(id).compose(a -> a.isPresent() ? Future.succeededFuture(a.get())
                : Future.failedFuture(new ApiError(ErrorCode.NOT_FOUND, "alert " + id)));
    }

    private Future<WorklistStore.ReportState> existingReport(UUID id) {
        return store.report(id).compose(r -> r.isPresent() ? Future.succeededFuture(r.get())
                : Future.failedFuture(new ApiError(ErrorCode.NOT_FOUND, "report " + id)));
    }

    /** An officer acts in its own area only; a regulator anywhere. */
    private Future<Void> inArea(Principal p, String region, String what) {
        if (p.has(Role.REGULATOR)) {
            return Future.succeededFuture();
        }
        return store.area(p.userId()).compose(area -> region != null && area.contains(region) ? Future.<Void>succeededFuture()
                : Future.failedFuture(new ApiError(ErrorCode.OUTSIDE_AREA, what + " (region " + (region == null ? "unknown" : region) + ")")));
    }

    private static ApiError notOpen(WorklistStore.Alert a, String what) {
        if (a.status() == AlertStatus.INVESTIGATING) {
            return new ApiError(ErrorCode.ALREADY_TAKEN, what + " is taken by " + (a.takenBy() == null ? "the regulator" : a.takenBy()));
        }
        return new ApiError(ErrorCode.WRONG_STATE, what + " is " + a.status() + "; only an OPEN alert can be taken");
    }

    /** The outcome body: {finding, note?, inspection?}. */
    record Outcome(String finding, String note, String inspection) {
    }

    private static Outcome outcome(RoutingContext ctx) {
        JsonObject b;
        try {
            b = ctx.body().asJsonObject();
        } catch (RuntimeException e) {
            throw new ApiError(ErrorCode.BAD_BODY, "not a JSON object");
        }
        if (b == null) {
            throw new ApiError(ErrorCode.BAD_BODY, "send a JSON object {finding, note, inspection}");
        }
        Object f = b.getValue("finding");
        if (!(f instanceof String finding) || !FINDINGS.contains(finding)) {
            throw ErrorCode.badParameter("finding must be one of COUNTERFEIT_FOUND, NOTHING_FOUND, GENUINE_EXPLAINED");
        }
        Object n = b.getValue("note");
        if (n != null && !(n instanceof String)) {
            throw ErrorCode.badParameter("note must be text");
        }
        String note = (String) n;
        if (note != null && note.length() > MAX_NOTE) {
            throw ErrorCode.badParameter("note is " + note.length() + " characters; at most " + MAX_NOTE);
        }
        Object i = b.getValue("inspection");
        if (i != null && !(i instanceof String s && UUID_TEXT.matcher(s).matches())) {
            throw ErrorCode.badParameter("inspection must be an inspection record id (a lowercase UUID)");
        }
        return new Outcome(finding, note, (String) i);
    }

    private static UUID id(RoutingContext ctx) {
        String s = ctx.pathParam("id");
        if (s == null || !UUID_TEXT.matcher(s.toLowerCase(java.util.Locale.ROOT)).matches()) {
            throw ErrorCode.badParameter("the id must be a UUID, got '" + (s == null ? "" : s.length() > 40 ? s.substring(0, 40) + "…" : s) + "'");
        }
        return UUID.fromString(s);
    }

    static String noArea(Lang lang) {
        return lang == Lang.ZH ? "尚未为您设定辖区：须由监管人员在管理控制台中设定辖区后，此处才会列出预警和举报。"
                : "No area is set for you: the regulator must set your area in the console before alerts and reports are listed here.";
    }

    private static JsonArray alerts(List<WorklistStore.Listed> list) {
        JsonArray a = new JsonArray();
        list.forEach(x -> a.add(new JsonObject().put("id", x.id().toString()).put("at", x.at().toString()).put("status", x.status())
                .put("rule", x.rule()).put("batchId", x.batchId()).put("serial", x.serial()).put("productId", x.productId())
                .put("summary", x.summary()).put("region", x.region()).put("takenBy", x.takenBy())));
        return a;
    }

    private static JsonArray reports(List<WorklistStore.ListedReport> list) {
        JsonArray a = new JsonArray();
        list.forEach(x -> a.add(new JsonObject().put("id", x.id().toString()).put("at", x.at().toString()).put("verdict", x.verdict())
                .put("batchId", x.batchId()).put("serial", x.serial()).put("whereBought", x.whereBought()).put("seller", x.seller())
                .put("hasPhoto", x.hasPhoto()).put("region", x.region()).put("takenBy", x.takenBy())));
        return a;
    }

    private static JsonArray seizures(List<WorklistStore.Seizure> list) {
        JsonArray a = new JsonArray();
        list.forEach(x -> a.add(new JsonObject().put("inspection", x.inspection().toString()).put("at", x.at().toString())
                .put("batchId", x.batchId()).put("serial", x.serial()).put("result", x.result()).put("place", x.place())
                .put("note", x.note())));
        return a;
    }

    private static JsonArray seizureRecords(List<WorklistStore.SeizureRecord> list) {
        JsonArray a = new JsonArray();
        list.forEach(x -> a.add(new JsonObject().put("id", x.id().toString()).put("receivedAt", x.receivedAt().toString())
                .put("seizures", x.seizures()).put("units", x.units())));
        return a;
    }

    /** A refusal as it is; Cassandra out of reach is 503 UNAVAILABLE with a reference (try again), never a 500. */
    private static void fail(RoutingContext ctx, Throwable e) {
        ctx.fail(e instanceof com.datastax.oss.driver.api.core.DriverException ? ApiError.outage(ErrorCode.UNAVAILABLE, e) : e);
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("Cache-Control", "no-store").end(body.encode());
    }
}

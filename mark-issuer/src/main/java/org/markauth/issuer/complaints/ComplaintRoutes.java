package org.markauth.issuer.complaints;

import static org.markauth.http.RouteMetrics.named;
import static org.markauth.issuer.http.Blocking.reply;
import static org.markauth.issuer.http.Requests.principal;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.markauth.access.Principal;
import org.markauth.issuer.http.JsonBody;
import org.markauth.issuer.http.JsonCodec;
import org.markauth.issuer.http.Requests;

/**
 * Complaint cases over HTTP (docs/api-issuer.md, "Complaint cases"; docs/complaints.md): the
 * regulator opens, assigns, resolves, closes, reopens and records recoveries and fund deposits;
 * a manufacturer lists and reads its own licensee's cases and replies to them.
 */
public final class ComplaintRoutes {

    private final Complaints complaints;

    public ComplaintRoutes(Complaints complaints) {
        this.complaints = complaints;
    }

    public void mount(Router r) {
        named(r.get("/api/v1/complaints"), "complaints").handler(this::list);
        named(r.post("/api/v1/complaints"), "complaints").handler(this::open);
        // before /:caseNo, whose pattern they would match
        named(r.get("/api/v1/complaints/fund"), "complaints").handler(this::fund);
        named(r.post("/api/v1/complaints/fund/deposits"), "complaints").handler(this::deposit);
        named(r.get("/api/v1/complaints/outbox"), "complaints").handler(this::outbox);
        named(r.get("/api/v1/complaints/:caseNo"), "complaints").handler(this::show);
        named(r.post("/api/v1/complaints/:caseNo/assign"), "complaints").handler(this::assign);
        named(r.post("/api/v1/complaints/:caseNo/reply"), "complaints").handler(this::replyTo);
        named(r.post("/api/v1/complaints/:caseNo/resolve"), "complaints").handler(this::resolve);
        named(r.post("/api/v1/complaints/:caseNo/close"), "complaints").handler(this::close);
        named(r.post("/api/v1/complaints/:caseNo/reopen"), "complaints").handler(this::reopen);
        named(r.post("/api/v1/complaints/:caseNo/recoveries"), "complaints").handler(this::recover);
    }

    private void list(RoutingContext ctx) {
        Principal p = principal(ctx);
        List<CaseState> states = new ArrayList<>();
        for (String s : ctx.queryParams().getAll("state")) {
            states.add(Requests.enumValue(CaseState.class, s, "state"));
        }
        int limit = Requests.limit(ctx);
        reply(ctx, 200, () -> {
            JsonArray a = new JsonArray();
            complaints.list(p, states, limit).forEach(c -> a.add(json(c)));
            return a;
        });
    }

    private void open(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = JsonBody.object(ctx);
        String report = JsonCodec.string(b, "reportId");
        if (report != null) {
            UUID id = uuid(report);
            String note = JsonCodec.string(b, "note");
            reply(ctx, 201, () -> json(complaints.openFromReport(p, id, note)));
            return;
        }
        Complaints.Referral r = new Complaints.Referral(JsonCodec.requiredString(b, "referralNo"), JsonCodec.date(b, "referralDate"),
                JsonCodec.string(b, "consumerName"), JsonCodec.string(b, "contact"), JsonCodec.string(b, "lang"),
                JsonCodec.optionalInteger(b, "productId"), JsonCodec.string(b, "mark"), JsonCodec.string(b, "complaint"));
        reply(ctx, 201, () -> json(complaints.openReferral(p, r)));
    }

    private void show(RoutingContext ctx) {
        Principal p = principal(ctx);
        String no = ctx.pathParam("caseNo");
        reply(ctx, 200, () -> {
            ComplaintCase c = complaints.get(p, no);
            JsonArray steps = new JsonArray();
            complaints.steps(p, no).forEach(s -> steps.add(new JsonObject().put("at", JsonCodec.text(s.at())).put("kind", s.kind().name())
                    .put("state", s.state().name()).put("actor", s.actor()).put("role", s.role()).put("reason", s.reason())
                    .put("publicZh", s.publicZh()).put("publicEn", s.publicEn())));
            return json(c).put("steps", steps);
        });
    }

    private void assign(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = JsonBody.object(ctx);
        String no = ctx.pathParam("caseNo");
        Integer product = JsonCodec.optionalInteger(b, "productId");
        String licensee = JsonCodec.string(b, "licenseeId");
        int days = JsonCodec.integer(b, "replyDays", Complaints.DEFAULT_REPLY_DAYS);
        String reason = JsonCodec.string(b, "reason");
        String note = JsonCodec.string(b, "publicNote");
        reply(ctx, 200, () -> json(complaints.assign(p, no, product, licensee, days, reason, note)));
    }

    private void replyTo(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = JsonBody.object(ctx);
        String no = ctx.pathParam("caseNo");
        String text = JsonCodec.string(b, "reply");
        reply(ctx, 200, () -> json(complaints.reply(p, no, text)));
    }

    private void resolve(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = JsonBody.object(ctx);
        String no = ctx.pathParam("caseNo");
        Outcome outcome = Requests.enumValue(Outcome.class, JsonCodec.requiredString(b, "outcome"), "outcome");
        Integer amount = JsonCodec.optionalInteger(b, "amountFen");
        boolean payFirst = JsonCodec.bool(b, "payFirst", false);
        String reason = JsonCodec.string(b, "reason");
        String note = JsonCodec.string(b, "publicNote");
        reply(ctx, 200, () -> json(complaints.resolve(p, no, outcome, amount == null ? null : amount.longValue(), payFirst, reason, note)));
    }

    private void close(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = JsonBody.object(ctx);
        String no = ctx.pathParam("caseNo");
        String reason = JsonCodec.string(b, "reason");
        String note = JsonCodec.string(b, "publicNote");
        reply(ctx, 200, () -> json(complaints.close(p, no, reason, note)));
    }

    private void reopen(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = JsonBody.object(ctx);
        String no = ctx.pathParam("caseNo");
        String reason = JsonCodec.string(b, "reason");
        reply(ctx, 200, () -> json(complaints.reopen(p, no, reason)));
    }

    private void recover(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = JsonBody.object(ctx);
        String no = ctx.pathParam("caseNo");
        int amount = JsonCodec.integer(b, "amountFen", 0);
        LocalDate on = JsonCodec.date(b, "date");
        String note = JsonCodec.string(b, "note");
        reply(ctx, 200, () -> json(complaints.recover(p, no, amount, on, note)));
    }

    private void fund(RoutingContext ctx) {
        Principal p = principal(ctx);
        int limit = Requests.limit(ctx);
        reply(ctx, 200, () -> {
            JsonArray ledger = new JsonArray();
            complaints.ledger(p, limit).forEach(e -> ledger.add(json(e)));
            return new JsonObject().put("balanceFen", complaints.fundBalance(p)).put("ledger", ledger);
        });
    }

    private void deposit(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = JsonBody.object(ctx);
        int amount = JsonCodec.integer(b, "amountFen", 0);
        String note = JsonCodec.string(b, "note");
        reply(ctx, 201, () -> json(complaints.deposit(p, amount, note)));
    }

    private void outbox(RoutingContext ctx) {
        Principal p = principal(ctx);
        String d = ctx.queryParams().get("day");
        LocalDate day;
        try {
            day = d == null ? LocalDate.now(java.time.ZoneOffset.UTC) : LocalDate.parse(d.strip());
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("day must be a date YYYY-MM-DD, got '" + (d.length() > 20 ? d.substring(0, 20) : d) + "'");
        }
        int limit = Requests.limit(ctx);
        reply(ctx, 200, () -> {
            JsonArray a = new JsonArray();
            complaints.outbox(p, day, limit).forEach(m -> a.add(new JsonObject().put("at", JsonCodec.text(m.at())).put("caseNo", m.caseNo())
                    .put("contact", m.contact()).put("lang", m.lang()).put("body", m.body())));
            return a;
        });
    }

    private static UUID uuid(String v) {
        try {
            return UUID.fromString(v.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("reportId must be a consumer report's id (a UUID), got '"
                    + (v.length() > 40 ? v.substring(0, 40) : v) + "'");
        }
    }

    static JsonObject json(LedgerEntry e) {
        return new JsonObject().put("at", JsonCodec.text(e.at())).put("kind", e.kind().name()).put("caseNo", e.caseNo())
                .put("amountFen", e.amountFen()).put("balanceFen", e.balanceFen()).put("actor", e.actor()).put("note", e.note());
    }

    static JsonObject json(ComplaintCase c) {
        return new JsonObject().put("caseNo", c.caseNo()).put("code", c.code()).put("source", c.source().name())
                .put("reportId", c.reportId() == null ? null : c.reportId().toString()).put("referralNo", c.referralNo())
                .put("referralDate", c.referralDate() == null ? null : c.referralDate().toString()).put("consumerName", c.consumerName())
                .put("contact", c.contact()).put("lang", c.lang()).put("productId", c.productId()).put("licenseeId", c.licenseeId())
                .put("mark", c.mark()).put("complaint", c.complaint()).put("state", c.state().name())
                .put("openedAt", JsonCodec.text(c.openedAt())).put("openedBy", c.openedBy()).put("assignedAt", JsonCodec.text(c.assignedAt()))
                .put("replyDue", JsonCodec.text(c.replyDue())).put("repliedAt", JsonCodec.text(c.repliedAt())).put("reply", c.reply())
                .put("outcome", c.outcome() == null ? null : c.outcome().name()).put("amountFen", c.amountFen())
                .put("paidFirstFen", c.paidFirstFen()).put("paidFirstAt", JsonCodec.text(c.paidFirstAt()))
                .put("recoveredFen", c.recoveredFen()).put("recoveredOn", c.recoveredOn() == null ? null : c.recoveredOn().toString())
                .put("resolvedAt", JsonCodec.text(c.resolvedAt())).put("closedAt", JsonCodec.text(c.closedAt()));
    }
}

package org.markauth.issuer.certification;

import static org.markauth.http.RouteMetrics.named;
import static org.markauth.issuer.http.Blocking.reply;
import static org.markauth.issuer.http.JsonCodec.optionalInteger;
import static org.markauth.issuer.http.JsonCodec.requiredString;
import static org.markauth.issuer.http.JsonCodec.string;
import static org.markauth.issuer.http.JsonCodec.stringList;
import static org.markauth.issuer.http.JsonCodec.stringMap;
import static org.markauth.issuer.http.JsonCodec.text;
import static org.markauth.issuer.http.Requests.limit;
import static org.markauth.issuer.http.Requests.principal;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.markauth.access.Principal;
import org.markauth.issuer.audit.AuditEntry;
import org.markauth.issuer.http.Blocking;
import org.markauth.issuer.http.JsonBody;
import org.markauth.issuer.http.JsonCodec;
import org.markauth.issuer.http.Requests;
import org.markauth.issuer.registry.Licence;
import org.markauth.issuer.registry.Licensee;
import org.markauth.issuer.registry.Product;

/**
 * The certification lifecycle over HTTP (docs/certification.md, docs/api-issuer.md): applications
 * and their steps, evidence files (raw bytes in, raw bytes out), the expert library, evaluation
 * bodies, public notices and objections, renewal reminders. The service checks roles, ownership
 * and the application's state; the route table of roles refuses the wrong role first.
 */
public final class CertificationRoutes {

    private static final String A = "/api/v1/certification/applications";
    private final Certification cert;

    public CertificationRoutes(Certification cert) {
        this.cert = cert;
    }

    public void mount(Router r) {
        named(r.post(A), "certification").handler(this::apply);
        named(r.get(A), "certification").handler(this::list);
        named(r.get(A + "/:appId"), "certification").handler(this::get);
        named(r.get(A + "/:appId/timeline"), "certification").handler(this::timeline);
        named(r.post(A + "/:appId/evidence"), "certification").handler(this::addEvidence);
        named(r.get(A + "/:appId/evidence/:fileId"), "certification").handler(this::evidenceFile);
        named(r.post(A + "/:appId/resubmit"), "certification").handler(this::resubmit);
        named(r.post(A + "/:appId/withdrawal"), "certification").handler(this::withdraw);
        named(r.post(A + "/:appId/completeness"), "certification").handler(this::completeness);
        named(r.post(A + "/:appId/assignment"), "certification").handler(this::assign);
        named(r.post(A + "/:appId/scores"), "certification").handler(this::score);
        named(r.post(A + "/:appId/decision"), "certification").handler(this::decide);
        named(r.post(A + "/:appId/activation"), "certification").handler(this::activate);
        named(r.get("/api/v1/certification/experts"), "certification").handler(this::experts);
        named(r.put("/api/v1/certification/experts/:expertId"), "certification").handler(this::saveExpert);
        named(r.get("/api/v1/certification/bodies"), "certification").handler(this::bodies);
        named(r.put("/api/v1/certification/bodies/:bodyId"), "certification").handler(this::saveBody);
        named(r.get("/api/v1/certification/notices"), "certification").handler(this::notices);
        named(r.get("/api/v1/certification/notices/:noticeId"), "certification").handler(this::notice);
        named(r.post("/api/v1/certification/notices/:noticeId/objections"), "certification").handler(this::object);
        named(r.post("/api/v1/certification/notices/:noticeId/objections/:objectionId/ruling"), "certification").handler(this::rule);
        named(r.get("/api/v1/certification/notices/:noticeId/objections"), "certification").handler(this::objections);
        named(r.post("/api/v1/certification/notices/:noticeId/objections/dismissal"), "certification").handler(this::dismiss);
        named(r.post("/api/v1/certification/notices/:noticeId/extension"), "certification").handler(this::extend);
        named(r.get("/api/v1/certification/renewals"), "certification").handler(this::renewals);
    }

    private void apply(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = JsonBody.object(ctx);
        Application.Filing f = filing(b);
        reply(ctx, 201, () -> application(cert.apply(p, f)));
    }

    private void list(RoutingContext ctx) {
        Principal p = principal(ctx);
        String s = ctx.queryParams().get("state");
        AppState state = s == null ? null : Requests.enumValue(AppState.class, s, "state");
        int limit = limit(ctx);
        reply(ctx, 200, () -> JsonCodec.array(cert.list(p, state, limit), CertificationRoutes::application));
    }

    private void get(RoutingContext ctx) {
        Principal p = principal(ctx);
        UUID id = uuid(ctx, "appId");
        reply(ctx, 200, () -> application(cert.application(p, id))
                .put("evidence", JsonCodec.array(cert.evidence(p, id), CertificationRoutes::evidence))
                .put("scores", JsonCodec.array(cert.scores(p, id), CertificationRoutes::scores)));
    }

    private void timeline(RoutingContext ctx) {
        Principal p = principal(ctx);
        UUID id = uuid(ctx, "appId");
        reply(ctx, 200, () -> JsonCodec.array(cert.timeline(p, id), CertificationRoutes::step));
    }

    private void addEvidence(RoutingContext ctx) {
        Principal p = principal(ctx);
        UUID id = uuid(ctx, "appId");
        String name = ctx.queryParams().get("name");
        String type = ctx.request().getHeader("Content-Type");
        byte[] bytes = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        reply(ctx, 201, () -> evidence(cert.addEvidence(p, id, name, type, bytes)));
    }

    private void evidenceFile(RoutingContext ctx) {
        Principal p = principal(ctx);
        UUID id = uuid(ctx, "appId");
        UUID fileId = uuid(ctx, "fileId");
        Blocking.run(ctx, () -> cert.evidenceFile(p, id, fileId)).onSuccess(f -> ctx.response()
                .putHeader("Content-Type", f.getKey().contentType())
                .putHeader("Content-Disposition", "attachment; filename=\"" + f.getKey().fileId() + extension(f.getKey()) + "\"")
                .putHeader("X-Content-Type-Options", "nosniff").putHeader("Digest", "sha-256=" + f.getKey().sha256())
                .end(io.vertx.core.buffer.Buffer.buffer(f.getValue()))).onFailure(ctx::fail);
    }

    private void resubmit(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = JsonBody.object(ctx);
        UUID id = uuid(ctx, "appId");
        reply(ctx, 200, () -> application(cert.resubmit(p, id, string(b, "note"))));
    }

    private void withdraw(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = JsonBody.object(ctx);
        UUID id = uuid(ctx, "appId");
        reply(ctx, 200, () -> application(cert.withdraw(p, id, string(b, "reason"))));
    }

    private void completeness(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = JsonBody.object(ctx);
        UUID id = uuid(ctx, "appId");
        if (!(b.getValue("complete") instanceof Boolean complete)) {
            throw new IllegalArgumentException("complete is required: true (the application may be evaluated) or false (return it with reasons)");
        }
        String why = string(b, "reason");
        reply(ctx, 200, () -> application(complete ? cert.checkComplete(p, id, why) : cert.returnToApplicant(p, id, why)));
    }

    private void assign(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = JsonBody.object(ctx);
        UUID id = uuid(ctx, "appId");
        String body = requiredString(b, "bodyId");
        List<String> experts = stringList(b, "expertIds");
        Integer panel = optionalInteger(b, "panel");
        reply(ctx, 200, () -> application(cert.assign(p, id, body, experts, panel)));
    }

    private void score(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = JsonBody.object(ctx);
        UUID id = uuid(ctx, "appId");
        JsonObject s = b.getValue("scores") instanceof JsonObject o ? o : null;
        if (s == null) {
            throw new IllegalArgumentException("scores is required: an object with a score 0..100 for each of " + List.of(Criterion.values()));
        }
        Map<Criterion, Integer> m = new EnumMap<>(Criterion.class);
        for (String k : s.fieldNames()) {
            Criterion c = Requests.enumValue(Criterion.class, k, "scores' criterion");
            if (!(s.getValue(k) instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
                throw new IllegalArgumentException("scores." + k + " must be a whole number 0..100");
            }
            m.put(c, n.intValue());
        }
        Scores scores = new Scores(requiredString(b, "expertId"), m, string(b, "findings"), p.userId(), java.time.Instant.EPOCH);
        reply(ctx, 200, () -> application(cert.score(p, id, scores)));
    }

    private void decide(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = JsonBody.object(ctx);
        UUID id = uuid(ctx, "appId");
        String d = requiredString(b, "decision");
        if (!d.equals("GRANTED") && !d.equals("REFUSED")) {
            throw new IllegalArgumentException("decision must be GRANTED or REFUSED, got '" + (d.length() > 20 ? d.substring(0, 20) : d) + "'");
        }
        String reason = string(b, "reason");
        Integer days = optionalInteger(b, "noticeDays");
        reply(ctx, 200, () -> application(cert.decide(p, id, d.equals("GRANTED"), reason, days)));
    }

    private void activate(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = ctx.body().length() > 0 ? JsonBody.object(ctx) : new JsonObject();
        UUID id = uuid(ctx, "appId");
        Integer years = optionalInteger(b, "validYears");
        reply(ctx, 200, () -> application(cert.activate(p, id, years)));
    }

    private void experts(RoutingContext ctx) {
        Principal p = principal(ctx);
        reply(ctx, 200, () -> JsonCodec.array(cert.experts(p), CertificationRoutes::expert));
    }

    private void saveExpert(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = JsonBody.object(ctx);
        Expert e = new Expert(ctx.pathParam("expertId"), string(b, "name"), string(b, "field"), string(b, "district"),
                string(b, "organisation"), new HashSet<>(stringList(b, "conflicts")), JsonCodec.bool(b, "active", true), java.time.Instant.EPOCH);
        reply(ctx, 200, () -> expert(cert.saveExpert(p, e)));
    }

    private void bodies(RoutingContext ctx) {
        Principal p = principal(ctx);
        reply(ctx, 200, () -> JsonCodec.array(cert.bodies(p), CertificationRoutes::body));
    }

    private void saveBody(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = JsonBody.object(ctx);
        EvaluationBody e = new EvaluationBody(ctx.pathParam("bodyId"), string(b, "name"), string(b, "accreditation"), string(b, "contact"),
                java.time.Instant.EPOCH);
        reply(ctx, 200, () -> body(cert.saveBody(p, e)));
    }

    private void notices(RoutingContext ctx) {
        Principal p = principal(ctx);
        int limit = limit(ctx);
        reply(ctx, 200, () -> JsonCodec.array(cert.notices(p, limit), CertificationRoutes::notice));
    }

    private void notice(RoutingContext ctx) {
        Principal p = principal(ctx);
        UUID id = uuid(ctx, "noticeId");
        reply(ctx, 200, () -> {
            JsonObject n = notice(cert.notice(p, id));
            Certification.ObjectionPage first = cert.objections(p, id, Certification.DEFAULT_OBJECTION_PAGE, null);
            return n.put("objections", JsonCodec.array(first.objections(), CertificationRoutes::objection))
                    .put("objectionsPending", first.pending()).put("objectionsDismissed", first.dismissed()).put("objectionsNext", first.next());
        });
    }

    /** GET …/notices/:noticeId/objections?pageSize=&page= — a page of the objections; {@code next} the following page's token. */
    private void objections(RoutingContext ctx) {
        Principal p = principal(ctx);
        UUID id = uuid(ctx, "noticeId");
        int size = Requests.intQuery(ctx, "pageSize", Certification.DEFAULT_OBJECTION_PAGE);
        String page = ctx.queryParams().get("page");
        reply(ctx, 200, () -> {
            Certification.ObjectionPage o = cert.objections(p, id, size, page);
            return new JsonObject().put("objections", JsonCodec.array(o.objections(), CertificationRoutes::objection))
                    .put("pending", o.pending()).put("dismissed", o.dismissed()).put("next", o.next());
        });
    }

    /** POST …/objections/dismissal {objectionIds | text and/or clientHash, reason} — one reason, each objection ruled and audited. */
    private void dismiss(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = JsonBody.object(ctx);
        UUID id = uuid(ctx, "noticeId");
        List<UUID> ids = new ArrayList<>();
        for (String s : stringList(b, "objectionIds")) {
            try {
                ids.add(UUID.fromString(s));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("objectionIds must be objection ids as the API gave them, got '"
                        + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "'");
            }
        }
        String text = string(b, "text");
        String client = string(b, "clientHash");
        String reason = string(b, "reason");
        reply(ctx, 200, () -> dismissal(cert.dismiss(p, id, ids, text, client, reason)));
    }

    /** POST …/notices/:noticeId/extension {days, reason} — a new closing time after the cap turned someone away; audited. */
    private void extend(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = JsonBody.object(ctx);
        UUID id = uuid(ctx, "noticeId");
        Integer days = optionalInteger(b, "days");
        if (days == null) {
            throw new IllegalArgumentException("days is required: a whole number 1.." + Certification.MAX_EXTENSION_DAYS);
        }
        String reason = string(b, "reason");
        reply(ctx, 200, () -> notice(cert.extendNotice(p, id, days, reason)));
    }

    static JsonObject dismissal(Certification.Dismissal d) {
        return new JsonObject().put("dismissed", new io.vertx.core.json.JsonArray(d.dismissed().stream().map(UUID::toString).toList()))
                .put("alreadyRuled", new io.vertx.core.json.JsonArray(d.alreadyRuled().stream().map(UUID::toString).toList()))
                .put("more", d.more());
    }

    private void object(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = JsonBody.object(ctx);
        UUID id = uuid(ctx, "noticeId");
        reply(ctx, 201, () -> objection(cert.object(p, id, string(b, "name"), string(b, "contact"), string(b, "text"))));
    }

    private void rule(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = JsonBody.object(ctx);
        UUID id = uuid(ctx, "noticeId");
        UUID oid = uuid(ctx, "objectionId");
        if (!(b.getValue("upheld") instanceof Boolean upheld)) {
            throw new IllegalArgumentException("upheld is required: true (the objection stands: the application is refused) or false (dismissed)");
        }
        String ruling = string(b, "ruling");
        reply(ctx, 200, () -> objection(cert.rule(p, id, oid, upheld, ruling)));
    }

    private void renewals(RoutingContext ctx) {
        Principal p = principal(ctx);
        int days = Requests.intQuery(ctx, "days", 90);
        reply(ctx, 200, () -> JsonCodec.array(cert.expiring(p, days), CertificationRoutes::licence));
    }

    // ------------------------------------------------------------------ JSON

    static UUID uuid(RoutingContext ctx, String name) {
        String v = ctx.pathParam(name);
        try {
            if (v != null && v.length() == 36) {
                return UUID.fromString(v);
            }
        } catch (IllegalArgumentException e) {
            // the sentence below
        }
        throw new IllegalArgumentException(name + " must be an id as the API gave it (a UUID such as 3f0c…-…), got '"
                + (v == null ? "" : v.length() > 40 ? v.substring(0, 40) + "…" : v) + "'");
    }

    /** The filing a JSON body describes (the API's and the demo's shape), validated. */
    public static Application.Filing filing(JsonObject b) {
        String licenseeId = requiredString(b, "licenseeId");
        JsonObject nl = b.getValue("newLicensee") instanceof JsonObject o ? o : null;
        if (b.getValue("newLicensee") != null && nl == null) {
            throw new IllegalArgumentException("newLicensee must be an object: name, nameEn, uscc, address, contacts");
        }
        JsonObject pj = b.getValue("product") instanceof JsonObject o ? o : null;
        if (pj == null) {
            throw new IllegalArgumentException("product is required: an object with name, category, model, standardTitle, coreIndicators");
        }
        Licensee.Details newLicensee = nl == null ? null : new Licensee.Details(licenseeId, string(nl, "name"), string(nl, "nameEn"),
                string(nl, "uscc"), string(nl, "address"), stringMap(nl, "contacts"));
        String standardNo = string(b, "standardNo");
        Product.Details product = new Product.Details(0, licenseeId, string(pj, "name"), string(pj, "nameEn"), string(pj, "model"),
                string(pj, "category"), string(pj, "gtin"), standardNo, string(pj, "standardTitle"), stringMap(pj, "coreIndicators"),
                stringList(pj, "photoUrls"), new HashSet<>(stringList(pj, "marketRegions")));
        return new Application.Filing(licenseeId, newLicensee, product, standardNo, string(b, "standardVersion"), string(b, "declarationUrl"),
                optionalInteger(b, "renewalOf"));
    }

    static JsonObject application(Application a) {
        Application.Filing f = a.filing();
        return new JsonObject().put("appId", a.id()).put("kind", f.renewal() ? "RENEWAL" : "NEW").put("state", a.state().name())
                .put("stateSince", text(a.stateSince())).put("licenseeId", f.licenseeId())
                .put("newLicensee", f.newLicensee() == null ? null : CertificationStore.licenseeJson(f.newLicensee()))
                .put("product", CertificationStore.productJson(f.product())).put("standardNo", f.standardNo())
                .put("standardVersion", f.standardVersion()).put("declarationUrl", f.declarationUrl()).put("renewalOf", f.renewalOf())
                .put("filedBy", a.filedBy()).put("filedRole", a.filedRole()).put("filedAt", text(a.filedAt())).put("bodyId", a.bodyId())
                .put("expertIds", new JsonArray(a.expertIds())).put("decision", a.decision()).put("decisionReason", a.decisionReason())
                .put("noticeId", a.noticeId() == null ? null : a.noticeId().toString()).put("productId", a.productId())
                .put("licenceNo", a.licenceNo()).put("note", a.note());
    }

    static JsonObject evidence(EvidenceFile f) {
        return new JsonObject().put("fileId", f.fileId().toString()).put("name", f.name()).put("contentType", f.contentType())
                .put("size", f.size()).put("sha256", f.sha256()).put("uploadedBy", f.uploadedBy()).put("uploadedAt", text(f.uploadedAt()));
    }

    static JsonObject scores(Scores s) {
        Map<String, Object> m = new LinkedHashMap<>();
        s.scores().forEach((k, v) -> m.put(k.name(), v));
        return new JsonObject().put("expertId", s.expertId()).put("scores", new JsonObject(m)).put("mean", s.mean())
                .put("findings", s.findings()).put("recordedBy", s.recordedBy()).put("recordedAt", text(s.recordedAt()));
    }

    static JsonObject step(AuditEntry e) {
        return new JsonObject().put("at", text(e.at())).put("actor", e.actor()).put("action", e.action()).put("detail", e.detail());
    }

    static JsonObject expert(Expert e) {
        return new JsonObject().put("expertId", e.expertId()).put("name", e.name()).put("field", e.field()).put("district", e.district())
                .put("organisation", e.organisation()).put("conflicts", new JsonArray(e.conflicts().stream().sorted().toList()))
                .put("active", e.active()).put("updatedAt", text(e.updatedAt()));
    }

    static JsonObject body(EvaluationBody b) {
        return new JsonObject().put("bodyId", b.bodyId()).put("name", b.name()).put("accreditation", b.accreditation())
                .put("contact", b.contact()).put("updatedAt", text(b.updatedAt()));
    }

    static JsonObject notice(Notice n) {
        return new JsonObject().put("noticeId", n.noticeId().toString()).put("appId", n.appId().toString()).put("licenseeName", n.licenseeName())
                .put("productName", n.productName()).put("standardNo", n.standardNo()).put("standardVersion", n.standardVersion())
                .put("opensAt", text(n.opensAt())).put("closesAt", text(n.closesAt())).put("status", n.status())
                .put("fullRefusals", n.fullRefusals()).put("lastFullAt", text(n.lastFullAt())).put("extendedAt", text(n.extendedAt()))
                .put("wasFull", n.wasFull());
    }

    static JsonObject objection(Objection o) {
        return new JsonObject().put("objectionId", o.objectionId().toString()).put("noticeId", o.noticeId().toString()).put("name", o.name())
                .put("contact", o.contact()).put("text", o.text()).put("status", o.status()).put("ruling", o.ruling())
                .put("ruledBy", o.ruledBy()).put("ruledAt", text(o.ruledAt())).put("receivedAt", text(o.receivedAt()))
                .put("clientHash", o.clientHash()).put("repeats", o.repeats()).put("lastAt", text(o.lastAt()));
    }

    static JsonObject licence(Licence l) {
        return new JsonObject().put("productId", l.productId()).put("licenceNo", l.licenceNo()).put("licenseeId", l.licenseeId())
                .put("validUntil", text(l.validUntil())).put("status", l.status().name());
    }

    private static String extension(EvidenceFile f) {
        return switch (f.contentType()) {
            case "application/pdf" -> ".pdf";
            case "image/png" -> ".png";
            default -> ".jpg";
        };
    }
}

package org.markauth.issuer.certification;

import static org.markauth.issuer.console.Site.form;
import static org.markauth.issuer.console.Site.optional;
import static org.markauth.issuer.console.Site.optionalInt;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.markauth.access.Principal;
import org.markauth.http.Lang;
import org.markauth.issuer.console.Console;
import org.markauth.issuer.console.Site;
import org.markauth.issuer.registry.Districts;
import org.markauth.issuer.registry.Licensee;
import org.markauth.issuer.registry.Product;
import org.markauth.issuer.registry.Registry;

/**
 * The programme office's certification pages in the console: {@code /console/certification} (the
 * applications by state with their ages against the state's SLA, paper intake, renewal reminders),
 * one application's page (details, evidence, panel, scores, notice and objections, the timeline,
 * and the actions its state allows) and {@code /console/experts} (the expert library and the
 * evaluation bodies). Every action is the service's, so the console refuses what the API refuses,
 * in the same sentences.
 */
public final class CertificationPages implements Console.Feature {

    private static final String ROOT = "/console/certification";

    private final Certification cert;
    private final Registry registry;
    private final Clock clock;

    public CertificationPages(Certification cert, Registry registry, Clock clock) {
        this.cert = cert;
        this.registry = registry;
        this.clock = clock;
    }

    @Override
    public void mount(Router r, Site site) {
        site.page(r, ROOT, "nav.certification", ctx -> (p, t) -> list(ctx, site, p));
        site.page(r, "/console/experts", "nav.experts", ctx -> (p, t) -> site.page(ctx, "experts.jte", t.get("experts.title"),
                new CertViews.Library(cert.experts(p), cert.bodies(p), Districts.FOSHAN)));
        r.get(ROOT + "/:appId").handler(ctx -> site.show(ctx, (p, t) -> application(ctx, site, p)));
        r.get(ROOT + "/:appId/evidence/:fileId").handler(ctx -> evidence(ctx, site));
        r.post(ROOT).handler(ctx -> site.act(ctx, p -> back(cert.apply(p, filing(ctx)).appId())));
        r.post(ROOT + "/:appId/evidence").handler(ctx -> site.act(ctx, p -> {
            ApplicationPortalPages.Upload f = ApplicationPortalPages.upload(ctx);
            cert.addEvidence(p, id(ctx), f.name(), f.contentType(), f.bytes());
            return back(id(ctx));
        }));
        r.post(ROOT + "/:appId/complete").handler(ctx -> site.act(ctx, p -> back(cert.checkComplete(p, id(ctx), optional(ctx, "note")).appId())));
        r.post(ROOT + "/:appId/return").handler(ctx -> site.act(ctx, p -> back(cert.returnToApplicant(p, id(ctx), form(ctx, "reasons")).appId())));
        r.post(ROOT + "/:appId/resubmit").handler(ctx -> site.act(ctx, p -> back(cert.resubmit(p, id(ctx), form(ctx, "note")).appId())));
        r.post(ROOT + "/:appId/assign").handler(ctx -> site.act(ctx, p -> {
            List<String> experts = ctx.request().formAttributes().getAll("expertId").stream().filter(x -> !x.isBlank()).toList();
            boolean auto = "auto".equals(optional(ctx, "mode"));
            return back(cert.assign(p, id(ctx), form(ctx, "bodyId"), auto ? List.of() : experts, optionalInt(ctx, "panel")).appId());
        }));
        r.post(ROOT + "/:appId/score").handler(ctx -> site.act(ctx, p -> {
            Map<Criterion, Integer> m = new EnumMap<>(Criterion.class);
            for (Criterion c : Criterion.values()) {
                m.put(c, Site.integer(form(ctx, c.name()), c.name()));
            }
            return back(cert.score(p, id(ctx), new Scores(form(ctx, "expertId"), m, form(ctx, "findings"), p.userId(), Instant.EPOCH)).appId());
        }));
        r.post(ROOT + "/:appId/decide").handler(ctx -> site.act(ctx, p -> back(cert.decide(p, id(ctx),
                "GRANTED".equals(form(ctx, "decision")), form(ctx, "reason"), optionalInt(ctx, "noticeDays")).appId())));
        r.post(ROOT + "/:appId/activate").handler(ctx -> site.act(ctx, p -> back(cert.activate(p, id(ctx), optionalInt(ctx, "validYears")).appId())));
        r.post(ROOT + "/:appId/objections").handler(ctx -> site.act(ctx, p -> {
            Application a = cert.application(p, id(ctx));
            cert.object(p, a.noticeId(), form(ctx, "name"), form(ctx, "contact"), form(ctx, "text"));
            return back(a.appId());
        }));
        r.post(ROOT + "/:appId/objections/:objectionId/rule").handler(ctx -> site.act(ctx, p -> {
            Application a = cert.application(p, id(ctx));
            cert.rule(p, a.noticeId(), Site.uuid(ctx.pathParam("objectionId")), "UPHELD".equals(form(ctx, "ruling")), form(ctx, "reason"));
            return back(a.appId());
        }));
        r.post(ROOT + "/:appId/notice/extension").handler(ctx -> site.act(ctx, p -> {
            Application a = cert.application(p, id(ctx));
            cert.extendNotice(p, a.noticeId(), Site.integer(form(ctx, "days"), "days"), form(ctx, "reason"));
            return back(a.appId());
        }));
        r.post(ROOT + "/:appId/objections/dismiss").handler(ctx -> site.act(ctx, p -> {
            Application a = cert.application(p, id(ctx));
            List<UUID> chosen = ctx.request().formAttributes().getAll("objectionId").stream().filter(x -> !x.isBlank()).map(Site::uuid).toList();
            cert.dismiss(p, a.noticeId(), chosen, optional(ctx, "text"), optional(ctx, "clientHash"), form(ctx, "reason"));
            return back(a.appId());
        }));
        r.post("/console/experts").handler(ctx -> site.act(ctx, p -> {
            String conflicts = optional(ctx, "conflicts");
            HashSet<String> c = new HashSet<>();
            if (conflicts != null) {
                for (String s : conflicts.split("[,，\\s]+")) {
                    if (!s.isBlank()) {
                        c.add(s.strip());
                    }
                }
            }
            cert.saveExpert(p, new Expert(form(ctx, "expertId"), form(ctx, "name"), form(ctx, "field"), form(ctx, "district"),
                    form(ctx, "organisation"), c, !"false".equals(optional(ctx, "active")), Instant.EPOCH));
            return "/console/experts";
        }));
        r.post("/console/experts/bodies").handler(ctx -> site.act(ctx, p -> {
            cert.saveBody(p, new EvaluationBody(form(ctx, "bodyId"), form(ctx, "name"), optional(ctx, "accreditation"),
                    optional(ctx, "contact"), Instant.EPOCH));
            return "/console/experts";
        }));
    }

    private String list(RoutingContext ctx, Site site, Principal p) {
        String st = ctx.request().getParam("state");
        AppState state = st == null || st.isBlank() ? null : Site.choice(st, "state", AppState.class);
        Instant now = clock.instant();
        Map<String, Integer> counts = new LinkedHashMap<>();
        List<CertViews.Row> rows = new ArrayList<>();
        for (AppState s : AppState.values()) {
            List<Application> apps = cert.list(p, s, 200);
            counts.put(s.name(), apps.size());
            if (state == s || (state == null && !s.isFinal())) {
                apps.forEach(a -> rows.add(new CertViews.Row(a, cert.licenseeName(a), a.age(now).toDays(), a.overdue(now))));
            }
        }
        var t = site.words(ctx);
        return site.page(ctx, "certification.jte", t.get("cert.title"), new CertViews.List_(state == null ? null : state.name(),
                java.util.Arrays.stream(AppState.values()).map(Enum::name).toList(), counts, rows, cert.expiring(p, 90), now,
                Certification.DEFAULT_NOTICE_DAYS));
    }

    private String application(RoutingContext ctx, Site site, Principal p) {
        UUID id = id(ctx);
        Application a = cert.application(p, id);
        Instant now = clock.instant();
        String uscc = a.filing().newLicensee() != null ? a.filing().newLicensee().uscc()
                : registry.findLicensee(a.filing().licenseeId()).map(Licensee::uscc).orElse(null);
        boolean en = Lang.of(ctx) == Lang.EN;
        String district = Districts.of(uscc).map(d -> d.name(en)).orElse(Districts.code(uscc).orElse(""));
        List<CertViews.Candidate> candidates = new ArrayList<>();
        if (a.state() == AppState.COMPLETENESS_CHECKED) {
            for (Expert e : cert.experts(p)) {
                candidates.add(new CertViews.Candidate(e, ExpertConflicts.refusal(e, a.filing().licenseeId(), uscc).orElse(null)));
            }
        }
        Notice n = a.noticeId() == null ? null : cert.notice(p, a.noticeId());
        // a page of the objections at a time (?objections=<token> for the next): a flooded notice is not read whole
        Certification.ObjectionPage objections = n == null ? null
                : cert.objections(p, n.noticeId(), Certification.DEFAULT_OBJECTION_PAGE, ctx.queryParams().get("objections"));
        var t = site.words(ctx);
        return site.page(ctx, "certification-app.jte", t.get("cert.app.title", a.productName()), new CertViews.App(a, cert.licenseeName(a),
                district, cert.evidence(p, id), cert.scores(p, id), candidates, a.state() == AppState.COMPLETENESS_CHECKED ? cert.bodies(p) : List.of(),
                n, n == null ? List.of() : objections.objections(), cert.timeline(p, id), n != null && n.open(now),
                a.age(now).toDays(), a.overdue(now), objections == null ? 0 : objections.pending(), objections == null ? null : objections.next()));
    }

    private void evidence(RoutingContext ctx, Site site) {
        site.blocking(() -> {
            Principal p = site.caller(ctx).principal();
            return cert.evidenceFile(p, id(ctx), Site.uuid(ctx.pathParam("fileId")));
        }).onSuccess(f -> ctx.response().putHeader("Content-Type", f.getKey().contentType())
                .putHeader("Content-Disposition", "attachment; filename=\"" + f.getKey().fileId() + "\"")
                .putHeader("X-Content-Type-Options", "nosniff").putHeader("Cache-Control", "no-store")
                .end(io.vertx.core.buffer.Buffer.buffer(f.getValue()))).onFailure(e -> site.refused(ctx, e));
    }

    /** The paper intake form's filing; a renewal certifies the registered product, so its details are the registry's. */
    private Application.Filing filing(RoutingContext ctx) {
        String licenseeId = form(ctx, "licenseeId");
        String newName = optional(ctx, "newName");
        Licensee.Details nl = newName == null ? null : new Licensee.Details(licenseeId, newName, optional(ctx, "newNameEn"),
                form(ctx, "newUscc"), optional(ctx, "newAddress"), Map.of());
        String standardNo = form(ctx, "standardNo");
        Integer renewalOf = optionalInt(ctx, "renewalOf");
        Product.Details pr = renewalOf != null
                ? registry.findProduct(renewalOf).map(x -> Certification.details(x, standardNo)).orElseThrow(() ->
                        new org.markauth.issuer.IssuerException.NotFound("product", renewalOf))
                : new Product.Details(0, licenseeId, form(ctx, "productName"), optional(ctx, "productNameEn"), optional(ctx, "model"),
                        form(ctx, "category"), optional(ctx, "gtin"), standardNo, form(ctx, "standardTitle"), Map.of(), List.of(),
                        java.util.Set.of());
        return new Application.Filing(licenseeId, nl, pr, standardNo, form(ctx, "standardVersion"), form(ctx, "declarationUrl"), renewalOf);
    }

    private static UUID id(RoutingContext ctx) {
        return Site.uuid(ctx.pathParam("appId"));
    }

    private static String back(UUID appId) {
        return ROOT + "/" + appId;
    }
}

package org.markauth.issuer.certification;

import static org.markauth.issuer.console.Site.form;
import static org.markauth.issuer.console.Site.optional;

import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.markauth.access.Principal;
import org.markauth.issuer.IssuerException;
import org.markauth.issuer.auth.Permissions;
import org.markauth.issuer.console.Console;
import org.markauth.issuer.console.Site;
import org.markauth.issuer.registry.Product;
import org.markauth.issuer.standards.Standards;

/**
 * The manufacturer's certification applications in the portal ({@code /portal/applications}): its
 * own licensee's applications with their states, a new application (the product, a PUBLISHED
 * programme standard version picked from a list, the self-declaration link), one application's
 * page with its evidence files, the upload form while the application takes evidence, the
 * withdrawal form before the decision, and the timeline as the applicant may see it.
 *
 * <p>Every read and action is {@link Certification}'s with the session's principal, so the rules
 * are the API's (the open-application cap, the evidence types, sizes and count, the states), the
 * panel stays hidden as {@link Certification#forViewer} hides it, and another licensee's
 * application is "not found" like a missing one. An action needs a key that could take it through
 * the API (scope full). The refusals this part adds are said in the portal's language; the rest are
 * the service's sentences.
 */
public final class ApplicationPortalPages implements Console.Feature {

    private static final String ROOT = "/portal/applications";
    private static final String API = "/api/v1/certification/applications";
    /** Licences expiring within this many days are listed for renewal (the first reminder's threshold by default). */
    static final int RENEWAL_WINDOW_DAYS = 90;
    /** Service refusals the portal words itself (portal-messages {@code app.refused.<code>}). */
    private static final Set<String> WORDED = Set.of("CERT_TOO_MANY_OPEN", "CERT_EVIDENCE_FULL", "CERT_APP_STATE", "LICENCE_SUSPENDED");

    private final Certification cert;
    private final Standards standards;
    private final Clock clock;

    public ApplicationPortalPages(Certification cert, Standards standards, Clock clock) {
        this.cert = cert;
        this.standards = standards;
        this.clock = clock;
    }

    @Override
    public void mount(Router r, Site site) {
        site.page(r, ROOT, "nav.applications", ctx -> (p, t) -> {
            // the licensee's newest applications read once (bounded), the renewals due from its own products
            List<Application> apps = cert.list(p, null, Certification.PORTAL_APPLICATIONS);
            return site.page(ctx, "applications.jte", t.get("applications.title"), new CertViews.PortalList(apps, standards.published(),
                    cert.maxOpenApplications(), cert.renewalsDue(p, RENEWAL_WINDOW_DAYS, apps)));
        });
        r.get(ROOT + "/:appId").handler(ctx -> site.show(ctx, (p, t) -> {
            UUID id = id(ctx);
            Application a = cert.application(p, id);
            return site.page(ctx, "application.jte", t.get("application.title", a.productName()), new CertViews.PortalApp(a,
                    cert.evidence(p, id), cert.scores(p, id), cert.timeline(p, id), Step.EVIDENCE.allowedFrom(a.state()),
                    Certification.applicantMayWithdraw(a.state()), Certification.MAX_EVIDENCE_FILES, Certification.MAX_EVIDENCE_BYTES / 1024 / 1024,
                    a.age(clock.instant()).toDays()));
        }));
        r.post(ROOT).handler(ctx -> site.act(ctx, p -> {
            Permissions.requireScope(site.caller(ctx), "POST", API);
            return worded(() -> back(cert.apply(p, filing(ctx, p)).appId()));
        }));
        r.post(ROOT + "/renewal").handler(ctx -> site.act(ctx, p -> {
            Permissions.requireScope(site.caller(ctx), "POST", API);
            Standard chosen = standard(ctx);
            int productId = Site.integer(form(ctx, "productId"), "productId");
            return worded(() -> back(cert.fileRenewal(p, productId, chosen.no(), chosen.version(), form(ctx, "declarationUrl")).appId()));
        }));
        r.post(ROOT + "/:appId/evidence").handler(ctx -> site.act(ctx, p -> {
            Permissions.requireScope(site.caller(ctx), "POST", API + "/" + ctx.pathParam("appId") + "/evidence");
            UUID id = id(ctx);
            Upload f = upload(ctx);
            return worded(() -> {
                cert.addEvidence(p, id, f.name(), f.contentType(), f.bytes());
                return back(id);
            });
        }));
        r.post(ROOT + "/:appId/withdraw").handler(ctx -> site.act(ctx, p -> {
            Permissions.requireScope(site.caller(ctx), "POST", API);
            UUID id = id(ctx);
            return worded(() -> back(cert.withdraw(p, id, form(ctx, "reason")).appId()));
        }));
    }

    /**
     * The new application's form: the licensee is the session's; the standard is one option of the
     * published list ({@code no|version}), whose title the product takes.
     */
    private Application.Filing filing(RoutingContext ctx, Principal p) {
        String licenseeId = p.licenseeId().orElseThrow(() -> new IssuerException.Forbidden("this key names no licensee"));
        Standard chosen = standard(ctx);
        String no = chosen.no();
        String version = chosen.version();
        String title = standards.find(no, version).map(e -> e.standard().titleZh()).orElse(no);
        Product.Details pr = new Product.Details(0, licenseeId, form(ctx, "productName"), optional(ctx, "productNameEn"), optional(ctx, "model"),
                form(ctx, "category"), optional(ctx, "gtin"), no, title, Map.of(), List.of(), Set.of());
        return new Application.Filing(licenseeId, null, pr, no, version, form(ctx, "declarationUrl"), null);
    }

    /** A standard version picked from the form's list ({@code no|version}). */
    private record Standard(String no, String version) {
    }

    private static Standard standard(RoutingContext ctx) {
        String choice = form(ctx, "standard");
        int bar = choice.lastIndexOf('|');
        if (bar < 1) {
            throw new Site.FormError("app.refused.standard");
        }
        return new Standard(choice.substring(0, bar), choice.substring(bar + 1));
    }

    /** Runs {@code action}; the refusals of {@link #WORDED} become the portal's own sentences. */
    private String worded(java.util.function.Supplier<String> action) {
        try {
            return action.get();
        } catch (IssuerException e) {
            if (WORDED.contains(e.code())) {
                throw new Site.FormError("app.refused." + e.code(), cert.maxOpenApplications(), Certification.MAX_EVIDENCE_FILES);
            }
            throw e;
        }
    }

    /** An uploaded evidence file: its own name, the type the browser gave it, its bytes. */
    record Upload(String name, String contentType, byte[] bytes) {
    }

    /**
     * The form's one file (field {@code file}), read from the temporary folder the body handler
     * wrote it to (docs/certification.md): none, or more than one, is the portal's sentence; one
     * over the size limit is refused before it is read.
     */
    static Upload upload(RoutingContext ctx) {
        List<FileUpload> files = ctx.fileUploads().stream().filter(f -> "file".equals(f.name())).toList();
        if (files.size() != 1 || files.get(0).size() == 0) {
            throw new Site.FormError("app.refused.noFile");
        }
        FileUpload f = files.get(0);
        return new Upload(baseName(f.fileName()), f.contentType(), read(f));
    }

    private static byte[] read(FileUpload f) {
        if (f.size() > Certification.MAX_EVIDENCE_BYTES) {
            throw new Site.FormError("app.refused.tooLarge", Certification.MAX_EVIDENCE_BYTES / 1024 / 1024, f.size());
        }
        try {
            return Files.readAllBytes(Path.of(f.uploadedFileName()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the uploaded evidence file " + f.uploadedFileName(), e);
        }
    }

    /** The file's own name as the browser sent it, without any folder a browser may have put before it. */
    static String baseName(String fileName) {
        if (fileName == null) {
            return null;
        }
        String n = fileName.replace('\\', '/');
        return n.substring(n.lastIndexOf('/') + 1);
    }

    private static UUID id(RoutingContext ctx) {
        return Site.uuid(ctx.pathParam("appId"));
    }

    private static String back(UUID appId) {
        return ROOT + "/" + appId;
    }
}

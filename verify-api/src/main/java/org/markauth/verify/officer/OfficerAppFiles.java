package org.markauth.verify.officer;

import static org.markauth.http.RouteMetrics.named;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HexFormat;
import java.util.List;
import org.markauth.http.ApiError;
import org.markauth.http.AppFiles;
import org.markauth.sdk.trust.TrustRoot;
import org.markauth.verify.web.ErrorCode;

/**
 * The officer app's files, served from the jar (classpath folder {@code officer/}, which the
 * officer-app build writes into target/classes) at {@code /officer/}, and its configuration at
 * {@code /officer/config.json}: the pinned programme roots the app verifies the trust list and
 * status list with, the lists' paths and the photo limit (public: nothing secret). The serving of
 * the files (ETags, the app's CSP, cache rules, the redirect of {@code /officer}) is service-http's
 * {@link AppFiles}, shared with mark-issuer's station page; unknown names are verify-api's
 * {@code NOT_FOUND} error.
 */
public final class OfficerAppFiles {

    /** Where the officer-app build puts the bundle, under target/classes. */
    public static final String ROOT = "officer/";

    private final AppFiles files;
    private final Buffer config;

    /** @param root the class loader's folder of the files, {@link #ROOT} ("officer/") but in tests */
    public OfficerAppFiles(ClassLoader loader, String root, List<TrustRoot> roots, int maxPhotoBytes) {
        this.files = new AppFiles(loader, root, "/officer/", "officer-app",
                ctx -> ctx.fail(new ApiError(ErrorCode.NOT_FOUND, ctx.request().path())));
        JsonArray r = new JsonArray();
        roots.forEach(t -> r.add(new JsonObject().put("algorithm", t.algorithm().name())
                .put("publicKey", HexFormat.of().formatHex(t.publicKey()))));
        this.config = new JsonObject().put("roots", r).put("trustList", "/api/v1/trust-list").put("statusList", "/api/v1/status-list")
                .put("maxPhotoBytes", maxPhotoBytes).toBuffer();
    }

    public void mount(Router r) {
        // before the files' catch-all /officer/*
        named(r.get("/officer/config.json"), "officer-app").handler(this::config);
        files.mount(r);
    }

    void config(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", "application/json; charset=utf-8").putHeader("Cache-Control", "no-cache")
                .end(config);
    }
}

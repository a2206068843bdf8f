package org.markauth.verify.officer;

import static org.markauth.http.RouteMetrics.named;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.markauth.http.ApiError;
import org.markauth.http.SecurityHeaders;
import org.markauth.sdk.trust.TrustRoot;
import org.markauth.verify.web.ErrorCode;

/**
 * The officer app's files, served from the jar (classpath folder {@code officer/}, which the
 * officer-app build writes into target/classes) at {@code /officer/}, and its configuration at
 * {@code /officer/config.json}: the pinned programme roots the app verifies the trust list and
 * status list with, the lists' paths and the photo limit (public: nothing secret). A small handler
 * of its own rather than vertx-web's StaticHandler: the files come only from the class loader (never
 * a directory of the working directory that happens to be called officer/), are read once into
 * memory (the bundle is small) with a SHA-256 ETag, and get the app's headers: its CSP (camera,
 * blob:/data: photos, its own workers; {@link SecurityHeaders#app}), {@code no-cache} (revalidate
 * by ETag) for the entry points, a year and {@code immutable} for assets whose name carries a
 * content hash ({@code name-HASH.ext}, HASH 8 upper-case letters or digits, as esbuild names them),
 * and {@code Service-Worker-Allowed: /officer/} on {@code sw.js}.
 */
public final class OfficerAppFiles {

    /** Where the officer-app build puts the bundle, under target/classes. */
    public static final String ROOT = "officer/";
    private static final Pattern PATH = Pattern.compile("([A-Za-z0-9_][A-Za-z0-9._-]*/)*[A-Za-z0-9_][A-Za-z0-9._-]*");
    private static final Pattern HASHED = Pattern.compile(".*-[A-Z0-9]{8}\\.[a-z0-9]+");
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"), Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"), Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json; charset=utf-8"), Map.entry("webmanifest", "application/manifest+json"),
            Map.entry("png", "image/png"), Map.entry("svg", "image/svg+xml"), Map.entry("ico", "image/x-icon"),
            Map.entry("webp", "image/webp"), Map.entry("jpg", "image/jpeg"), Map.entry("woff2", "font/woff2"),
            Map.entry("txt", "text/plain; charset=utf-8"), Map.entry("map", "application/json; charset=utf-8"),
            Map.entry("wasm", "application/wasm"));

    /** A file of the app, read once. */
    private record File(Buffer bytes, String type, String etag) {
    }

    private final ClassLoader loader;
    private final String root;
    private final Buffer config;
    private final Map<String, File> files = new ConcurrentHashMap<>();

    /** @param root the class loader's folder of the files, {@link #ROOT} ("officer/") but in tests */
    public OfficerAppFiles(ClassLoader loader, String root, List<TrustRoot> roots, int maxPhotoBytes) {
        this.loader = loader;
        this.root = root;
        JsonArray r = new JsonArray();
        roots.forEach(t -> r.add(new JsonObject().put("algorithm", t.algorithm().name())
                .put("publicKey", HexFormat.of().formatHex(t.publicKey()))));
        this.config = new JsonObject().put("roots", r).put("trustList", "/api/v1/trust-list").put("statusList", "/api/v1/status-list")
                .put("maxPhotoBytes", maxPhotoBytes).toBuffer();
    }

    public void mount(Router r) {
        // "/officer" also matches "/officer/" in vertx-web: only the bare path is redirected
        named(r.get("/officer"), "officer-app").handler(ctx -> {
            if ("/officer".equals(ctx.request().path())) {
                ctx.response().setStatusCode(301).putHeader("Location", "/officer/").end();
            } else {
                ctx.next();
            }
        });
        named(r.get("/officer/config.json"), "officer-app").handler(this::config);
        named(r.get("/officer/*"), "officer-app").handler(this::file);
    }

    void config(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", "application/json; charset=utf-8").putHeader("Cache-Control", "no-cache")
                .end(config);
    }

    void file(RoutingContext ctx) {
        String path = ctx.normalizedPath().substring("/officer/".length());
        if (path.isEmpty()) {
            path = "index.html";
        }
        if (!PATH.matcher(path).matches()) {
            throw new ApiError(ErrorCode.NOT_FOUND, ctx.request().path());
        }
        String name = path;
        File cached = files.get(name);
        // misses are not kept: a client asking for made-up names cannot grow the map
        Future<Optional<File>> f = cached != null ? Future.succeededFuture(Optional.of(cached))
                : ctx.vertx().executeBlocking(() -> load(name).map(x -> {
                    files.putIfAbsent(name, x);
                    return x;
                }), false);
        f.onSuccess(found -> {
            if (found.isEmpty()) {
                ctx.fail(new ApiError(ErrorCode.NOT_FOUND, ctx.request().path()));
                return;
            }
            send(ctx, name, found.get());
        }).onFailure(ctx::fail);
    }

    private void send(RoutingContext ctx, String name, File file) {
        var h = ctx.response().headers();
        SecurityHeaders.app(h);
        h.set("Content-Type", file.type()).set("ETag", file.etag())
                .set("Cache-Control", HASHED.matcher(name).matches() ? "public, max-age=31536000, immutable" : "no-cache");
        if (name.equals("sw.js")) {
            h.set("Service-Worker-Allowed", "/officer/");
        }
        String match = ctx.request().getHeader("If-None-Match");
        if (match != null && match.contains(file.etag())) {
            ctx.response().setStatusCode(304).end();
            return;
        }
        ctx.response().end(file.bytes());
    }

    /** The file from the class loader, or empty (no such file, a folder, or a type the app has no use for). */
    private Optional<File> load(String name) {
        int dot = name.lastIndexOf('.');
        String type = dot < 0 ? null : TYPES.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
        if (type == null) {
            return Optional.empty();
        }
        try (InputStream in = loader.getResourceAsStream(root + name)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] b = in.readAllBytes();
            return Optional.of(new File(Buffer.buffer(b), type, "\"" + HexFormat.of().formatHex(DeviceKey.sha256(b), 0, 16) + "\""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

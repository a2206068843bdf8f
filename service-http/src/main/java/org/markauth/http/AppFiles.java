package org.markauth.http;

import static org.markauth.http.RouteMetrics.named;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The files of a same-origin web app bundled in the jar (verify-api's officer app at
 * {@code /officer/}, mark-issuer's line station at {@code /station/}), served from a class loader
 * folder at a mount path. A small handler rather than vertx-web's StaticHandler: the files come only
 * from the class loader (never a directory of the working directory that happens to bear the name),
 * are read once into memory (the bundles are small) with a SHA-256 ETag ({@code If-None-Match} gives
 * a 304), and get the app's headers ({@link SecurityHeaders#app}): {@code no-cache} (revalidate by
 * ETag) for the entry points (index.html, sw.js), a year and {@code immutable} for assets whose name
 * carries a content hash ({@code name-HASH.ext}, HASH 8 upper-case letters or digits, as esbuild
 * names them), and {@code Service-Worker-Allowed: <mount>} on {@code sw.js}. The bare mount
 * ({@code /officer}) redirects to {@code /officer/}. Unknown names, folders and types no app has use
 * for go to the app's own not-found handler, so each service answers them in its own error format.
 * Anything else an app serves (the officer app's config.json) stays in the app's class, on routes
 * it declares before {@link #mount}.
 */
public final class AppFiles {

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
    private final String mount;
    private final String routeName;
    private final Handler<RoutingContext> notFound;
    private final Map<String, File> files = new ConcurrentHashMap<>();

    /**
     * @param loader    the class loader the files are read from
     * @param root      its folder of the files, ending in "/" ("officer/")
     * @param mount     the path the app is served at, starting and ending in "/" ("/officer/")
     * @param routeName the routes' name in the route metrics ("officer-app")
     * @param notFound  answers a name that is no file of the app (the service's 404)
     */
    public AppFiles(ClassLoader loader, String root, String mount, String routeName, Handler<RoutingContext> notFound) {
        this.loader = Objects.requireNonNull(loader, "loader");
        if (!root.endsWith("/")) {
            throw new IllegalArgumentException("the app's class loader folder must end in '/': " + root);
        }
        if (mount.length() < 3 || !mount.startsWith("/") || !mount.endsWith("/")) {
            throw new IllegalArgumentException("the app's mount path must start and end in '/' and name a folder: " + mount);
        }
        this.root = root;
        this.mount = mount;
        this.routeName = Objects.requireNonNull(routeName, "routeName");
        this.notFound = Objects.requireNonNull(notFound, "notFound");
    }

    /** The routes: the bare mount path (a redirect) and everything under it. */
    public void mount(Router r) {
        String bare = mount.substring(0, mount.length() - 1);
        // "/officer" also matches "/officer/" in vertx-web: only the bare path is redirected
        named(r.get(bare), routeName).handler(ctx -> {
            if (bare.equals(ctx.request().path())) {
                ctx.response().setStatusCode(301).putHeader("Location", mount).end();
            } else {
                ctx.next();
            }
        });
        named(r.get(mount + "*"), routeName).handler(this::file);
    }

    void file(RoutingContext ctx) {
        String path = ctx.normalizedPath().substring(mount.length());
        String name = path.isEmpty() ? "index.html" : path;
        if (!PATH.matcher(name).matches()) {
            notFound.handle(ctx);
            return;
        }
        File cached = files.get(name);
        // misses are not kept: a client asking for made-up names cannot grow the map
        Future<Optional<File>> f = cached != null ? Future.succeededFuture(Optional.of(cached))
                : ctx.vertx().executeBlocking(() -> load(name).map(x -> {
                    files.putIfAbsent(name, x);
                    return x;
                }), false);
        f.onSuccess(found -> {
            if (found.isEmpty()) {
                notFound.handle(ctx);
            } else {
                send(ctx, name, found.get());
            }
        }).onFailure(ctx::fail);
    }

    private void send(RoutingContext ctx, String name, File file) {
        var h = ctx.response().headers();
        SecurityHeaders.app(h);
        h.set("Content-Type", file.type()).set("ETag", file.etag())
                .set("Cache-Control", HASHED.matcher(name).matches() ? "public, max-age=31536000, immutable" : "no-cache");
        if (name.equals("sw.js")) {
            h.set("Service-Worker-Allowed", mount);
        }
        String match = ctx.request().getHeader("If-None-Match");
        if (match != null && match.contains(file.etag())) {
            ctx.response().setStatusCode(304).end();
            return;
        }
        ctx.response().end(file.bytes());
    }

    /** The file from the class loader, or empty (no such file, a folder, or a type no app has use for). */
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
            return Optional.of(new File(Buffer.buffer(b), type, "\"" + HexFormat.of().formatHex(sha256(b), 0, 16) + "\""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}

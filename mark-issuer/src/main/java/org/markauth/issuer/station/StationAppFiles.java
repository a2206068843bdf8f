package org.markauth.issuer.station;

import static org.markauth.http.RouteMetrics.named;

import io.vertx.core.Future;
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
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.markauth.http.SecurityHeaders;

/**
 * The line station page's files (docs/station.md), served from the jar (classpath folder
 * {@code station/}, which the station-app build writes into target/classes) at {@code /station/},
 * open (no API key: the page asks the operator for the station key and calls
 * {@code /api/v1/station/*} with it). verify-api's officer app is served the same way, and for the
 * same reasons, with a small handler rather than vertx-web's StaticHandler: the files come only
 * from the class loader (never a directory of the working directory), are read once into memory
 * (the bundle is small) with a SHA-256 ETag, and get the app's headers ({@link SecurityHeaders#app}:
 * its own scripts, styles and worker only, the camera for this origin, requests only to us, never
 * framed): {@code no-cache} (revalidate by ETag) for the entry points (index.html, sw.js), a year
 * and {@code immutable} for assets whose name carries esbuild's content hash, and
 * {@code Service-Worker-Allowed: /station/} on {@code sw.js}. Unknown names, folders and types the
 * page has no use for are a 404.
 */
public final class StationAppFiles {

    /** Where the station-app build puts the bundle, under target/classes. */
    public static final String ROOT = "station/";
    private static final Pattern PATH = Pattern.compile("([A-Za-z0-9_][A-Za-z0-9._-]*/)*[A-Za-z0-9_][A-Za-z0-9._-]*");
    private static final Pattern HASHED = Pattern.compile(".*-[A-Z0-9]{8}\\.[a-z0-9]+");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "json", "application/json; charset=utf-8",
            "svg", "image/svg+xml", "png", "image/png", "txt", "text/plain; charset=utf-8",
            "map", "application/json; charset=utf-8");

    /** A file of the page, read once. */
    private record File(Buffer bytes, String type, String etag) {
    }

    private final ClassLoader loader;
    private final String root;
    private final Map<String, File> files = new ConcurrentHashMap<>();

    /** @param root the class loader's folder of the files, {@link #ROOT} ("station/") but in tests */
    public StationAppFiles(ClassLoader loader, String root) {
        this.loader = loader;
        this.root = root;
    }

    /** The routes, for {@code IssuerRouter.mountOpen}: {@code /station} (a redirect) and {@code /station/*}. */
    public void mount(Router r) {
        // "/station" also matches "/station/" in vertx-web: only the bare path is redirected
        named(r.get("/station"), "station-app").handler(ctx -> {
            if ("/station".equals(ctx.request().path())) {
                ctx.response().setStatusCode(301).putHeader("Location", "/station/").end();
            } else {
                ctx.next();
            }
        });
        named(r.get("/station/*"), "station-app").handler(this::file);
    }

    void file(RoutingContext ctx) {
        String path = ctx.normalizedPath().substring("/station/".length());
        String name = path.isEmpty() ? "index.html" : path;
        if (!PATH.matcher(name).matches()) {
            ctx.fail(404);
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
                ctx.fail(404);
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
            h.set("Service-Worker-Allowed", "/station/");
        }
        String match = ctx.request().getHeader("If-None-Match");
        if (match != null && match.contains(file.etag())) {
            ctx.response().setStatusCode(304).end();
            return;
        }
        ctx.response().end(file.bytes());
    }

    /** The file from the class loader, or empty (no such file, a folder, or a type the page has no use for). */
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

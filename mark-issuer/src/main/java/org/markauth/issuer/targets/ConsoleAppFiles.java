package org.markauth.issuer.targets;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.markauth.http.AppFiles;

/**
 * The console's bundled scripts (mark-issuer/console-app, docs/targets.md): ECharts and the page
 * code that draws the targets page's charts and district map, built by esbuild into the jar as
 * classpath {@code console/assets/} with a content hash in each name, and {@code console/app.json}
 * naming the entry file. Served at {@code /console/assets/} to signed-in console users by
 * service-http's {@link AppFiles} (ETags, a year's cache for hashed names). A jar built with
 * {@code -Dmarkauth.console.skip=true} has no bundle: {@link #script} is then empty and the page
 * shows its tables without charts.
 */
public final class ConsoleAppFiles {

    public static final String ROOT = "console/assets/";
    public static final String MANIFEST = "console/app.json";
    public static final String MOUNT = "/console/assets/";

    private final AppFiles files;
    private final String script;

    public ConsoleAppFiles(ClassLoader loader) {
        this.files = new AppFiles(loader, ROOT, MOUNT, "console-app", ctx -> ctx.fail(404));
        this.script = entry(loader);
    }

    /** The path of the targets page's script, when the jar has the bundle. */
    public Optional<String> script() {
        return Optional.ofNullable(script);
    }

    public void mount(Router r) {
        files.mount(r);
    }

    private static String entry(ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(MANIFEST)) {
            if (in == null) {
                return null;
            }
            String name = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getString("targets");
            if (name == null || !name.matches("[A-Za-z0-9_-]+\\.js") || loader.getResource(ROOT + name) == null) {
                throw new IllegalStateException(MANIFEST + " names no script of " + ROOT + ": " + name);
            }
            return MOUNT + name;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + MANIFEST, e);
        }
    }
}

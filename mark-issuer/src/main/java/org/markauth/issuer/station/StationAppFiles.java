package org.markauth.issuer.station;

import io.vertx.ext.web.Router;
import org.markauth.http.AppFiles;

/**
 * The line station page's files (docs/station.md), served from the jar (classpath folder
 * {@code station/}, which the station-app build writes into target/classes) at {@code /station/},
 * open (no API key: the page asks the operator for the station key and calls
 * {@code /api/v1/station/*} with it). The serving (ETags, the app's CSP, cache rules, the redirect
 * of {@code /station}) is service-http's {@link AppFiles}, shared with verify-api's officer app;
 * unknown names are the issuer's plain 404.
 */
public final class StationAppFiles {

    /** Where the station-app build puts the bundle, under target/classes. */
    public static final String ROOT = "station/";

    private final AppFiles files;

    /** @param root the class loader's folder of the files, {@link #ROOT} ("station/") but in tests */
    public StationAppFiles(ClassLoader loader, String root) {
        this.files = new AppFiles(loader, root, "/station/", "station-app", ctx -> ctx.fail(404));
    }

    /** The routes, for {@code IssuerRouter.mountOpen}: {@code /station} (a redirect) and {@code /station/*}. */
    public void mount(Router r) {
        files.mount(r);
    }
}

package org.markauth.verify.web;

import org.markauth.registry.Geohash;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import org.markauth.http.Lang;
import org.markauth.verify.scan.ClientHasher;
import org.markauth.verify.scan.IpRegions;
import org.markauth.verify.scan.ScanOrigin;

/**
 * Builds the coarse {@link ScanOrigin} of a request: the client address (the first
 * X-Forwarded-For hop only when configured to trust a proxy in front), hashed and mapped to a
 * region, never kept raw; the geocell only when the client sent one (user consent).
 */
public final class Origins {

    private static final String CLIENT_HASH = "markauth.clientHash";

    private final IpRegions regions;
    private final ClientHasher hasher;
    private final boolean trustForwardedFor;

    public Origins(IpRegions regions, ClientHasher hasher, boolean trustForwardedFor) {
        this.regions = regions;
        this.hasher = hasher;
        this.trustForwardedFor = trustForwardedFor;
    }

    public String clientAddress(RoutingContext ctx) {
        if (trustForwardedFor) {
            String xff = ctx.request().getHeader("X-Forwarded-For");
            if (xff != null && !xff.isBlank()) {
                int comma = xff.indexOf(',');
                return (comma < 0 ? xff : xff.substring(0, comma)).trim();
            }
        }
        var remote = ctx.request().remoteAddress();
        return remote == null ? "unknown" : remote.hostAddress();
    }

    /** The client's keyed hash, computed once per request (the rate limit and the scan record both ask). */
    public byte[] clientHash(RoutingContext ctx) {
        byte[] h = ctx.get(CLIENT_HASH);
        if (h == null) {
            h = hasher.hash(clientAddress(ctx));
            ctx.put(CLIENT_HASH, h);
        }
        return h;
    }

    /** @throws ApiError BAD_PARAMETER when {@code geo} is given but not a geohash */
    public ScanOrigin of(RoutingContext ctx, String geo, String channel) {
        String cell = null;
        if (geo != null && !geo.isEmpty()) {
            String g = geo.trim().toLowerCase(Locale.ROOT);
            if (!Geohash.valid(g)) {
                throw ErrorCode.badParameter("geo must be a geohash (1-12 characters of 0-9, b-z without a, i, l, o)");
            }
            cell = Geohash.coarse(g);
        }
        String address = clientAddress(ctx);
        IpRegions.Located where = regions.locate(address);   // one lookup for region and city (was two)
        return new ScanOrigin(cell, where.region(), clientHash(ctx),
                ScanOrigin.deviceOf(ctx.request().getHeader("User-Agent")), Lang.of(ctx).tag(), channel, where.cell());
    }
}

package org.markauth.issuer.notify;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import org.markauth.issuer.IssuerException;

/**
 * Where a webhook may point (a server-side request forgery guard): http or https only, a host name
 * or address, no user information, and — unless {@code issuer.webhooks.allow-private=true} — no
 * address that is loopback, private (RFC 1918, IPv6 unique-local), carrier-grade NAT (100.64/10),
 * link-local (169.254/16, where cloud metadata lives; fe80::/10), multicast or unspecified, judged
 * on every address the name resolves to. Checked when a webhook is created and again before every
 * attempt; the attempt then connects to the address that was checked (the name is still sent as the
 * Host header and for TLS), so a DNS answer that changes between check and connect is not followed.
 * Redirects are never followed. Public: EPCIS query subscriptions (trace.query) guard their {@code dest} with it.
 */
public final class UrlGuard {

    static final int MAX_URL = 2000;

    /** A URL that passed: its parts and the address to connect to. */
    public record Target(URI uri, String host, int port, boolean https, InetAddress address) {
    }

    private final boolean allowPrivate;

    public UrlGuard(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /** The URL's form only (no DNS): a 400 naming what is wrong. */
    public static URI parse(String url) {
        if (url == null || url.isBlank()) {
            throw new BadUrl("url is required: the http(s) address the events are POSTed to");
        }
        if (url.length() > MAX_URL) {
            throw new BadUrl("url is " + url.length() + " characters long; at most " + MAX_URL);
        }
        URI u;
        try {
            u = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new BadUrl("url '" + url + "' is not a URL");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new BadUrl("url must be http:// or https://, got '" + (u.getScheme() == null ? url : u.getScheme() + ":") + "'");
        }
        if (u.getHost() == null || u.getHost().isBlank()) {
            throw new BadUrl("url '" + url + "' names no host");
        }
        if (u.getRawUserInfo() != null) {
            throw new BadUrl("url must not carry a user name or password; the signature authenticates the issuer");
        }
        if (u.getRawFragment() != null) {
            throw new BadUrl("url must not have a #fragment");
        }
        return u;
    }

    /** Parses, resolves and judges {@code url} (blocking DNS: call on a worker). */
    public Target check(String url) {
        URI u = parse(url);
        String host = u.getHost().startsWith("[") ? u.getHost().substring(1, u.getHost().length() - 1) : u.getHost();
        boolean https = u.getScheme().equalsIgnoreCase("https");
        int port = u.getPort() > 0 ? u.getPort() : https ? 443 : 80;
        InetAddress[] all;
        try {
            all = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new IssuerException.Refused("WEBHOOK_URL_UNRESOLVED", "the host " + host + " of the webhook url does not "
                    + "resolve; check the name");
        }
        if (!allowPrivate) {
            for (InetAddress a : all) {
                if (internal(a)) {
                    throw new IssuerException.Refused("WEBHOOK_URL_PRIVATE", "the webhook url's host " + host + " is " + a.getHostAddress()
                            + ", an internal address (loopback, private, link-local, multicast or unspecified); webhooks go to "
                            + "public addresses only (the operator may set issuer.webhooks.allow-private=true for a closed network)");
                }
            }
        }
        return new Target(u, host, port, https, all[0]);
    }

    /** Loopback, private, shared (CGNAT), link-local, multicast, unspecified or reserved: not the public internet. */
    static boolean internal(InetAddress a) {
        if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int o0 = b[0] & 0xff;
            int o1 = b[1] & 0xff;
            return o0 == 0 || (o0 == 100 && o1 >= 64 && o1 < 128) || o0 >= 240 || (o0 == 192 && o1 == 0 && (b[2] & 0xff) == 0);
        }
        if (a instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return true;    // fc00::/7 unique local
            }
            boolean mapped = true;   // ::ffff:a.b.c.d
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            boolean compatible = mapped && b[10] == 0 && b[11] == 0;   // ::a.b.c.d (deprecated IPv4-compatible)
            boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
            for (int i = 4; nat64 && i < 12; i++) {
                nat64 = b[i] == 0;                                        // 64:ff9b::a.b.c.d (NAT64, RFC 6052)
            }
            if ((mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) || compatible || nat64) {
                return embedded(b[12], b[13], b[14], b[15]);
            }
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
                return embedded(b[2], b[3], b[4], b[5]);                 // 2002:a.b.c.d::/48 (6to4)
            }
        }
        return false;
    }

    /** An IPv4 address carried inside an IPv6 one, judged as itself. */
    private static boolean embedded(byte a, byte b, byte c, byte d) {
        try {
            return internal(InetAddress.getByAddress(new byte[] {a, b, c, d}));
        } catch (UnknownHostException e) {
            return true;
        }
    }

    /** A webhook URL of the wrong form (400). */
    static final class BadUrl extends IssuerException.BadInput {
        BadUrl(String message) {
            super("INVALID_WEBHOOK_URL", message);
        }
    }
}

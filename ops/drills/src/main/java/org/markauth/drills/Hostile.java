package org.markauth.drills;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.markauth.testing.Programme;

/**
 * A hostile request kind on one route ({@link Endpoint}): a request built per repetition (its index and
 * a random source), or the raw bytes of one sent on a socket. {@link RouteCases} makes the cases every
 * route gets; {@link #verifyDeep} keeps the verify-api's own (look-alike, forged, truncated codes ...).
 */
final class Hostile {

    private Hostile() {
    }

    record Req(HttpMethod method, String uri, Map<String, String> headers, Buffer body) {
    }

    /** {@code req} or {@code raw} (the other null). */
    record Probe(Endpoint route, String kind, BiFunction<Integer, SplittableRandom, Req> req,
                 BiFunction<Integer, SplittableRandom, byte[]> raw) {
    }

    /** The legacy kinds, each as (kind, request by random source) or (kind, raw bytes): placed on their routes by {@link #verifyDeep}. */
    private record Legacy(String kind, Function<SplittableRandom, Req> req, Function<SplittableRandom, byte[]> raw) {
    }

    static Legacy get(String kind, Function<SplittableRandom, String> uri) {
        return new Legacy(kind, r -> new Req(HttpMethod.GET, uri.apply(r), Map.of(), null), null);
    }

    static Legacy post(String kind, String uri, String contentType, Function<SplittableRandom, String> body) {
        return new Legacy(kind, r -> new Req(HttpMethod.POST, uri,
                contentType == null ? Map.of() : Map.of("Content-Type", contentType), Buffer.buffer(body.apply(r))), null);
    }

    /** A JSON POST with a bearer token (the officer routes and bulk verification). */
    static Legacy postAs(String kind, String uri, String token, Function<SplittableRandom, String> body) {
        return new Legacy(kind, r -> new Req(HttpMethod.POST, uri, Map.of("Content-Type", "application/json",
                "Authorization", "Bearer " + token), Buffer.buffer(body.apply(r))), null);
    }

    static Legacy raw(String kind, Function<SplittableRandom, byte[]> bytes) {
        return new Legacy(kind, null, bytes);
    }

    /** What an HTTP client can put in a header (printable ASCII); the raw-socket kinds send the rest. */
    static String header(String s) {
        return s.replaceAll("[^\\x20-\\x7e]", "?");
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String randomText(SplittableRandom r, int n, String alphabet) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    static final String B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    static final String[] INJECTIONS = {
        "' OR '1'='1", "'; DROP KEYSPACE markauth; --", "1; SELECT * FROM api_keys", "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>", "${jndi:ldap://127.0.0.1:1/a}", "../../../../etc/passwd", "%00", "\u0000\u0001\u0002",
        "{{7*7}}", "$(reboot)", "`id`", "\r\nSet-Cookie: a=b", "javascript:alert(1)", "A".repeat(511), "𝕄𝔸ℝ𝕂😀".repeat(40),
        "HTTPS://MARK.EXAMPLE.CN/M/' OR 1=1 --", "https://evil.example/M/AAAA", "data:text/html,<b>x</b>", "\uFEFF\u202E"};

    /**
     * The verify-api's own kinds (codes that look genuine and are not, malformed codes, bulk
     * verification abuse, malformed HTTP), each placed on the route its request reaches ({@code route}:
     * the catalogue's endpoint for a method and path).
     */
    static List<Probe> verifyDeep(BiFunction<String, String, Endpoint> route, Programme f, int product, int batch, long[] serials,
                                  String officer, String revoked) {
        List<Probe> out = new ArrayList<>();
        for (Legacy l : legacy(f, product, batch, serials, officer, revoked)) {
            if (l.req() != null) {
                Req first = l.req().apply(new SplittableRandom(1));
                out.add(new Probe(route.apply(first.method().name(), first.uri()), l.kind(), (i, r) -> l.req().apply(r), null));
            } else {
                String line = new String(l.raw().apply(new SplittableRandom(1)), StandardCharsets.ISO_8859_1);
                String[] parts = line.split("[ \\r\\n]", 3);
                out.add(new Probe(route.apply(parts.length > 1 ? parts[0] : "GET", parts.length > 1 ? parts[1] : "/"), l.kind(), null,
                        (i, r) -> l.raw().apply(r)));
            }
        }
        return out;
    }

    private static List<Legacy> legacy(Programme f, int product, int batch, long[] serials, String officer, String revoked) {
        String genuine = f.url(product, batch, serials[0]);
        List<Legacy> c = new ArrayList<>();
        // look-alikes: Unicode case folds (dotless i, long s, Kelvin sign, fullwidth), invisible padding, over-long codes
        String host = genuine.substring(genuine.indexOf("://") + 3, genuine.indexOf('/', genuine.indexOf("://") + 3));
        String[] lookAlikes = {genuine.replace("HTTPS", "HTTP\u017F"), genuine.replaceFirst("I", "\u0131"),
                genuine.replaceFirst("S", "\u017F"), genuine.replaceFirst("K", "\u212A"), genuine.replace(host, "\uFF2D" + host.substring(1)),
                "\u00A0" + genuine, genuine + "\u0085", genuine + "\u2028", "\u001D" + genuine + "\u001D", "\u200B" + genuine};
        c.add(get("lookalike-code", r -> "/api/v1/verify?code=" + enc(lookAlikes[r.nextInt(lookAlikes.length)])));
        c.add(get("too-long-code", r -> "/api/v1/verify?code=" + enc(genuine + "A".repeat(1 + r.nextInt(3500)))));
        // the status list (?since=) and receipts (?receipt=) take only what they document
        c.add(get("status-list-bad-since", r -> "/api/v1/status-list?since=" + enc(INJECTIONS[r.nextInt(INJECTIONS.length)])));
        c.add(get("status-list-since", r -> "/api/v1/status-list?since=" + (r.nextBoolean() ? r.nextLong() : r.nextInt(5))));
        c.add(get("receipt-bad-flag", r -> "/api/v1/verify?receipt=" + enc(INJECTIONS[r.nextInt(INJECTIONS.length)]) + "&code="
                + enc(genuine)));
        c.add(post("receipt-wrong-type", "/api/v1/verify", "application/json", r -> "{\"code\":\"" + genuine
                + "\",\"receipt\":" + (r.nextBoolean() ? "\"yes\"" : "[1]") + "}"));
        // bulk verification: no key, a revoked key, duplicates with a live key (counted once, never a 5xx)
        c.add(post("batch-no-key", "/api/v1/verify/batch", "application/json", r -> "{\"codes\":[\"" + genuine + "\"]}"));
        c.add(postAs("batch-revoked-key", "/api/v1/verify/batch", revoked, r -> "{\"codes\":[\"" + genuine + "\"]}"));
        c.add(postAs("batch-duplicates", "/api/v1/verify/batch", officer, r -> "{\"codes\":["
                + String.join(",", Collections.nCopies(1 + r.nextInt(60), "\"" + genuine + "\"")) + "]}"));
        // forged: valid shape, signature that does not cover the content; stranger's key; changed ids
        c.add(get("forged-content", r -> "/api/v1/verify?code=" + enc(f.forged(product, batch, serials[r.nextInt(serials.length)]))));
        c.add(get("forged-stranger-key", r -> "/api/v1/verify?code=" + enc(f.url(f.strangerKey, product, batch, r.nextLong()))));
        c.add(get("forged-random-payload", r -> "/api/v1/verify?code=" + enc("HTTPS://" + f.host + "/M/" + randomText(r, 137, B32))));
        c.add(get("forged-huge-ids", r -> "/api/v1/verify?code=" + enc(f.url(product, Integer.MAX_VALUE, r.nextLong()))));
        c.add(get("forged-bitflip", r -> {
            char[] g = genuine.toCharArray();
            int i = genuine.length() - 1 - r.nextInt(100);
            g[i] = g[i] == 'A' ? 'B' : 'A';
            return "/api/v1/verify?code=" + enc(new String(g));
        }));
        c.add(get("forged-truncated", r -> "/api/v1/verify?code=" + enc(genuine.substring(0, 10 + r.nextInt(genuine.length() - 10)))));
        c.add(get("page-forged", r -> "/M/" + randomText(r, 137, B32)));
        c.add(get("page-garbage", r -> "/M/" + enc(randomText(r, 1 + r.nextInt(300), "!@#$%^&*()[]{};:'\",.<>/?\\|`~ äß中文"))));
        c.add(get("gs1-garbage", r -> "/01/" + randomText(r, 1 + r.nextInt(80), "0123456789/ABC%")));
        // malformed
        c.add(get("missing-code", r -> "/api/v1/verify"));
        c.add(get("empty-code", r -> "/api/v1/verify?code="));
        c.add(get("random-bytes-code", r -> "/api/v1/verify?code=" + enc(randomText(r, 1 + r.nextInt(500),
                "\u0000\u0001\u007f\u0080\u00ff\uffff\ud7ff abcXYZ019%+&=#?/"))));
        c.add(get("bad-percent-encoding", r -> "/api/v1/verify?code=%zz%" + randomText(r, 3, "0123456789ABCDEFGz%")));
        c.add(get("repeated-params", r -> "/api/v1/verify?code=a&code=b&code=" + enc(genuine) + "&geo=" + randomText(r, 20, "xyz0189")));
        c.add(get("bad-geo", r -> "/api/v1/verify?code=" + enc(genuine) + "&geo=" + enc(INJECTIONS[r.nextInt(INJECTIONS.length)])));
        c.add(get("unknown-path", r -> "/api/v1/" + randomText(r, 1 + r.nextInt(40), "abc/._-~%")));
        c.add(get("officer-no-token", r -> "/api/v1/officer/units/" + r.nextInt() + "/" + randomText(r, 16, "0123456789abcdef")));
        c.add(new Legacy("officer-forged-token", r -> new Req(HttpMethod.GET, "/api/v1/officer/record?code=" + enc(genuine),
                Map.of("Authorization", "Bearer mak_" + randomText(r, 32, B32.toLowerCase())), null), null));
        c.add(new Legacy("officer-bad-auth-header", r -> new Req(HttpMethod.GET, "/api/v1/officer/record?code=x",
                Map.of("Authorization", header(INJECTIONS[r.nextInt(INJECTIONS.length)])), null), null));
        c.add(new Legacy("wrong-method", r -> new Req(r.nextBoolean() ? HttpMethod.DELETE : HttpMethod.PUT, "/api/v1/verify?code=x",
                Map.of(), null), null));
        c.add(post("post-not-json", "/api/v1/verify", "application/json", r -> "{\"code\": " + randomText(r, 40, "{[\"':,}]")));
        c.add(post("post-wrong-type", "/api/v1/verify", "application/json", r -> "{\"code\": " + r.nextInt() + ", \"geo\": [1,2]}"));
        c.add(post("post-array", "/api/v1/verify", "application/json", r -> "[\"" + genuine + "\"]"));
        c.add(post("post-no-content-type", "/api/v1/verify", null, r -> "{\"code\":\"" + genuine + "\"}"));
        c.add(post("post-xml", "/api/v1/verify", "application/xml", r -> "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>"));
        c.add(post("post-deep-nesting", "/api/v1/verify", "application/json", r -> "[".repeat(5000) + "]".repeat(5000)));
        c.add(post("post-deep-object", "/api/v1/verify", "application/json", r -> "{\"code\":".repeat(3000) + "1" + "}".repeat(3000)));
        c.add(postAs("batch-too-large", "/api/v1/verify/batch", officer, r -> {
            StringBuilder b = new StringBuilder("{\"codes\":[");
            for (int i = 0; i < 5000; i++) {
                b.append(i == 0 ? "" : ",").append("\"x").append(i).append('"');
            }
            return b.append("]}").toString();
        }));
        c.add(postAs("batch-mixed-types", "/api/v1/verify/batch", officer, r -> "{\"codes\":[\"" + genuine
                + "\", 1, null, {\"a\":1}, [\"b\"]]}"));
        c.add(postAs("batch-forged", "/api/v1/verify/batch", officer, r -> "{\"codes\":[\""
                + f.forged(product, batch, serials[1]) + "\", \"" + INJECTIONS[r.nextInt(INJECTIONS.length)].replace("\\", "\\\\")
                .replace("\"", "\\\"").replace("\r", "\\r").replace("\n", "\\n").replace("\u0000", "\\u0000")
                .replace("\u0001", "\\u0001").replace("\u0002", "\\u0002") + "\"]}"));
        c.add(post("report-garbage", "/report", "application/x-www-form-urlencoded",
                r -> "code=" + enc(INJECTIONS[r.nextInt(INJECTIONS.length)]) + "&note=" + enc(randomText(r, 300, "<>&\"' abc中"))));
        c.add(post("report-bad-multipart", "/report", "multipart/form-data; boundary=XYZ", r -> "--XYZ\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"../../x.jpg\"\r\n\r\n"
                + randomText(r, 2000, "\u0000\u00ff") + "\r\n--XY"));
        // injection-style into the code itself
        c.add(get("injection-code", r -> "/api/v1/verify?code=" + enc(INJECTIONS[r.nextInt(INJECTIONS.length)])));
        c.add(post("injection-post", "/api/v1/verify", "application/json", r -> new JsonObject()
                .put("code", INJECTIONS[r.nextInt(INJECTIONS.length)]).put("geo", INJECTIONS[r.nextInt(INJECTIONS.length)]).encode()));
        c.add(new Legacy("injection-headers", r -> new Req(HttpMethod.GET, "/api/v1/verify?code=" + enc(genuine), Map.of(
                "X-Forwarded-For", "127.0.0.1, ' OR 1=1 --, " + randomText(r, 30, "0123456789.:abcdef,"),
                "Accept-Language", header(INJECTIONS[r.nextInt(INJECTIONS.length)]),
                "User-Agent", "sqlmap/1.7 " + randomText(r, 200, "abc<>'\";()")), null), null));
        // oversized
        c.add(get("oversized-code", r -> "/api/v1/verify?code=" + "A".repeat(513 + r.nextInt(4000))));
        c.add(get("oversized-uri", r -> "/api/v1/verify?code=" + "B".repeat(9000 + r.nextInt(20000))));
        c.add(new Legacy("oversized-header", r -> new Req(HttpMethod.GET, "/api/v1/verify?code=x",
                Map.of("X-Big", "C".repeat(9000 + r.nextInt(20000))), null), null));
        c.add(post("oversized-json-body", "/api/v1/verify", "application/json", r -> "{\"code\":\"" + "D".repeat(70_000 + r.nextInt(100_000)) + "\"}"));
        c.add(post("oversized-form", "/report", "application/x-www-form-urlencoded", r -> "code=x&note=" + "E".repeat(1_600_000)));
        // malformed HTTP on the wire
        c.add(raw("raw-garbage", r -> {
            byte[] b = new byte[1 + r.nextInt(2000)];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) r.nextInt(256);
            }
            return b;
        }));
        c.add(raw("raw-bad-request-line", r -> ("GET /api/v1/verify?code=" + randomText(r, 20, "a b\t%") + " HTTP/9.9\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1)));
        c.add(raw("raw-bad-content-length", r -> ("POST /api/v1/verify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + (r.nextBoolean() ? "-5" : "99999999999999999999") + "\r\n\r\n{}").getBytes(StandardCharsets.ISO_8859_1)));
        c.add(raw("raw-short-body", r -> ("POST /api/v1/verify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 100\r\n\r\n{\"code\":").getBytes(StandardCharsets.ISO_8859_1)));
        c.add(raw("raw-bad-chunked", r -> ("POST /api/v1/verify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\nZZZ\r\n{}\r\n0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1)));
        c.add(raw("raw-smuggling", r -> ("POST /api/v1/verify HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /admin HTTP/1.1\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1)));
        c.add(raw("raw-header-no-colon", r -> ("GET /health/live HTTP/1.1\r\nHost x\r\n" + randomText(r, 50, "abc\u0000\u0007")
                + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1)));
        return c;
    }
}

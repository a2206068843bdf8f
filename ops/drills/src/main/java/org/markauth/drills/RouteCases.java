package org.markauth.drills;

import static org.markauth.drills.Hostile.INJECTIONS;
import static org.markauth.drills.Hostile.enc;
import static org.markauth.drills.Hostile.randomText;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.markauth.drills.Endpoint.Auth;
import org.markauth.drills.Endpoint.Param;
import org.markauth.drills.Endpoint.Service;
import org.markauth.drills.Hostile.Probe;
import org.markauth.drills.Hostile.Req;
import org.markauth.issuer.registry.Uscc;

/**
 * The hostile cases of every route ({@link ApiCatalogue}): the same families on each, so that a
 * failure names its route and its case. Credentials: none, malformed, unknown, revoked and every
 * role's; path parameters valid, of another licensee, missing, of the wrong type, huge, injected,
 * badly %-escaped; query parameters likewise; bodies of the wrong shape, of the wrong field types,
 * missing required fields, oversized (before and after authentication), with bad %-escapes as a form
 * or a multipart body, of the wrong media type; injected headers; and raw-socket framing (no Host,
 * two Hosts, Content-Length with Transfer-Encoding, obs-fold, half-sent requests).
 */
final class RouteCases {

    /** What the cases fill in: the seeded objects and credentials of both services. */
    record World(DrillWorld verify, IssuerWorld issuer, Map<String, String> verifyTokens, byte[] photo) {
    }

    private final World w;
    private final String genuine;
    private final String payload;
    private final String serialHex;

    RouteCases(World w) {
        this.w = w;
        this.genuine = w.verify().programme.url(w.verify().product, w.verify().batch, w.verify().serials[0]);
        this.payload = genuine.substring(genuine.indexOf("/M/") + 3);
        this.serialHex = String.format("%016x", w.verify().serials[0]);
    }

    // ---------------------------------------------------------------- values

    /** Path parameter values: valid (own), another licensee's, nonexistent. */
    private String pathValue(Endpoint e, Param p, String which) {
        Map<String, String> ids = w.issuer().ids;
        if (e.service() == Service.VERIFY) {
            return switch (p.name()) {
                case "payload" -> which.equals("missing") ? randomPayload() : payload;
                case "gtin" -> which.equals("missing") ? "00000000000000" : "04006381333931";
                case "batchId" -> which.equals("missing") ? "99999991" : String.valueOf(w.verify().batch);
                case "serial" -> which.equals("missing") ? "0000000000000000" : serialHex;
                default -> "x";
            };
        }
        String letter = which.equals("other") ? "B" : "A";
        String override = switch (e.method() + " " + e.template()) {
            case "POST /api/v1/licensees/{licenseeId}/blacklist", "PUT /api/v1/licensees/{licenseeId}" ->
                    p.name().equals("licenseeId") && which.equals("valid") ? ids.get("licenseeC") : null;
            case "PUT /api/v1/products/{productId}", "PUT /api/v1/products/{productId}/licence",
                 "POST /api/v1/products/{productId}/licence/status" ->
                    p.name().equals("productId") && which.equals("valid") ? ids.get("productA2") : null;
            case "POST /api/v1/batches/{batchId}/recall" -> p.name().equals("batchId") && which.equals("valid") ? ids.get("batchA2") : null;
            default -> null;
        };
        if (override != null) {
            return override;
        }
        if (which.equals("missing")) {
            return switch (p.name()) {
                case "licenseeId", "partnerId" -> "DRILL-NONE";
                case "productId", "batchId" -> "99999991";
                case "credentialId" -> "c0000000000000000";
                case "keyId" -> "00000000";
                case "serial" -> "0000000000000000";
                case "file" -> "batch.exe";
                case "entity" -> "licensee:DRILL-NONE";
                default -> UUID.randomUUID().toString();
            };
        }
        return switch (p.name()) {
            case "licenseeId" -> ids.get("licensee" + letter);
            case "productId" -> ids.get("product" + letter);
            case "batchId" -> ids.get("batch" + letter);
            case "serial" -> ids.get("serial" + letter);
            case "recallId" -> ids.get("recall" + letter);
            case "credentialId" -> letter.equals("B") ? ids.get("credentialManufacturerB") : ids.get("credentialVictim");
            case "keyId" -> ids.get("keyRetired");
            case "file" -> "batch.csv";
            case "entity" -> "licensee:" + ids.get("licensee" + letter);
            case "partnerId" -> ids.get("licenseeR");
            case "id" -> e.template().startsWith("/console/recalls") ? ids.get("recall" + letter) : UUID.randomUUID().toString();
            default -> "x";
        };
    }

    private String randomPayload() {
        return randomText(new SplittableRandom(), 137, Hostile.B32);
    }

    /** Body property values by name (the seeded world's objects), per route where a valid call must not wreck the world. */
    private Map<String, Object> names(Endpoint e, boolean other) {
        Map<String, String> ids = w.issuer().ids;
        String l = other ? "B" : "A";
        Map<String, Object> n = new HashMap<>();
        n.put("productId", Integer.parseInt(ids.get("product" + l)));
        n.put("batchId", Integer.parseInt(ids.get("batch" + l)));
        n.put("licenseeId", ids.get("licensee" + l));
        n.put("serial", ids.get("serial" + l));
        n.put("quantity", 3);
        n.put("lot", "LOT-" + l);
        n.put("productionDate", "2026-11-01");
        n.put("expiryDate", "2028-11-01");
        n.put("lineId", "LINE-1");
        n.put("idempotencyKey", (Supplier<String>) () -> "drill-" + UUID.randomUUID());
        n.put("reason", "drill");
        n.put("notice", "drill notice");
        n.put("token", "mak_notarealkeyatall");
        n.put("userId", (Supplier<String>) () -> "drill-u-" + UUID.randomUUID().toString().substring(0, 8));
        n.put("role", "MANUFACTURER");
        n.put("scopes", new JsonArray().add("full"));
        n.put("expiresAt", java.time.Instant.now().plusSeconds(86400 * 30).toString());
        n.put("validUntil", java.time.Instant.now().plusSeconds(86400 * 300).toString());
        n.put("partnerId", ids.get("licenseeR"));
        n.put("first", 1);
        n.put("last", 2);
        n.put("serials", new JsonArray().add(ids.get("serial" + l)));
        n.put("uscc", (Supplier<String>) () -> Uscc.withCheckCharacter(String.format("91440600MA%07d", new SplittableRandom().nextInt(9_000_000))));
        n.put("gtin", "4006381333931");
        n.put("licenceNo", "FS-D");
        n.put("alertId", Bodies.OMIT);
        n.put("contacts", new JsonObject().put("phone", "0757-0000000"));
        n.put("coreIndicators", new JsonObject().put("热效率", "≥ 90%"));
        n.put("marketRegions", new JsonArray().add("CN-44"));
        String epc = "urn:markauth:mark:" + ids.get("batch" + l) + ":" + ids.get("serial" + l);
        n.put("epcList", new JsonArray().add(epc));
        n.put("childEPCs", new JsonArray().add(epc));
        n.put("parentID", Bodies.OMIT);
        n.put("eventID", Bodies.OMIT);
        n.put("@context", new JsonArray().add("https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"));
        n.put("eventTimeZoneOffset", "+08:00");
        n.put("bizStep", "shipping");
        n.put("disposition", "in_transit");
        n.put("readPoint", new JsonObject().put("id", "urn:markauth:loc:" + ids.get("licensee" + l) + ":plant-1"));
        n.put("bizLocation", new JsonObject().put("id", "urn:markauth:loc:" + ids.get("licensee" + l) + ":plant-1"));
        n.put("csrf", (Supplier<String>) () -> w.issuer().consoleCsrf);
        // verify-api
        if (e.service() == Service.VERIFY) {
            n.put("code", genuine);
            n.put("codes", new JsonArray().add(genuine));
            n.put("geo", "wx4g0");
            n.put("where", "佛山 drill market");
            n.put("seller", "drill stall");
            n.put("contact", "drill@example.cn");
            n.put("lang", "en");
            n.put("batchId", w.verify().batch);
            n.put("serial", serialHex);
            n.put("place", "drill");
            n.put("note", "drill");
        }
        switch (e.method() + " " + e.template()) {
            case "POST /api/v1/licensees" -> n.put("licenseeId", (Supplier<String>) () -> "DRILL-N" + new SplittableRandom().nextInt(1_000_000));
            case "PUT /api/v1/licensees/{licenseeId}", "POST /console/licensees/blacklist" -> n.put("licenseeId", ids.get("licenseeC"));
            case "POST /api/v1/batches/{batchId}/voids" -> {
                n.put("first", 35);
                n.put("last", 36);
            }
            case "POST /api/v1/recalls", "POST /console/recalls" -> {
                n.put("batchId", Integer.parseInt(ids.get("batchA2")));
                n.put("productId", Bodies.OMIT);
                n.put("lot", Bodies.OMIT);
            }
            case "POST /console/licences/status" -> n.put("productId", Integer.parseInt(ids.get("productA2")));
            case "POST /api/v1/keys/rotate" -> n.put("algorithm", "ED25519");
            case "POST /api/v1/licensees/{licenseeId}/partners" -> n.put("role", "RETAILER");
            default -> {
            }
        }
        if (e.template().equals("/api/v1/products") || e.template().equals("/api/v1/products/{productId}")) {
            n.put("productId", Bodies.OMIT);
        }
        return n;
    }

    // ---------------------------------------------------------------- credentials

    /** The role that may call the route, for the cases that test what comes after authentication. */
    private Map<String, String> bestAuth(Endpoint e) {
        if (e.auth() == Auth.SESSION) {
            return Map.of("Cookie", w.issuer().consoleCookies);
        }
        if (e.auth() == Auth.BEARER) {
            return Map.of("Authorization", "Bearer " + (e.service() == Service.VERIFY ? w.verifyTokens().get("officer")
                    : w.issuer().tokens.get("regulator")));
        }
        return Map.of();
    }

    /** The roles each route is tried with (valid request otherwise). */
    private Map<String, Supplier<Map<String, String>>> roles(Endpoint e) {
        Map<String, Supplier<Map<String, String>>> m = new LinkedHashMap<>();
        if (e.auth() == Auth.SESSION) {
            m.put("session-none", Map::of);
            m.put("session-forged", () -> Map.of("Cookie", "markauth_console=" + UUID.randomUUID() + "; markauth_console_csrf=x"));
            m.put("session-bearer-instead", () -> Map.of("Authorization", "Bearer " + w.issuer().tokens.get("regulator")));
            m.put("session-garbage-cookie", () -> Map.of("Cookie", Hostile.header(INJECTIONS[new SplittableRandom().nextInt(INJECTIONS.length)]
                    .replace(";", ""))));
            m.put("session-of-revoked-key", () -> Map.of("Cookie", w.issuer().revokedSessionCookies));
            return m;
        }
        if (e.auth() != Auth.BEARER) {
            return m;
        }
        Map<String, String> tokens = e.service() == Service.VERIFY ? w.verifyTokens() : w.issuer().tokens;
        m.put("auth-none", Map::of);
        m.put("auth-malformed", () -> {
            String[] bad = {"Bearer", "Bearer ", "Basic ZHJpbGw6ZHJpbGw=", "bearer mak_", "Bearer mak_ extra words", "Bearer " + "A".repeat(6000),
                "Token " + tokens.get("regulator"), "Bearer\t" + tokens.get("regulator"), Hostile.header(INJECTIONS[new SplittableRandom().nextInt(INJECTIONS.length)])};
            return Map.of("Authorization", bad[new SplittableRandom().nextInt(bad.length)]);
        });
        m.put("auth-unknown", () -> Map.of("Authorization", "Bearer mak_" + randomText(new SplittableRandom(), 43, Hostile.B32.toLowerCase())));
        m.put("auth-revoked", () -> Map.of("Authorization", "Bearer " + tokens.get("revoked")));
        for (String role : e.service() == Service.VERIFY ? List.of("officer", "regulator", "manufacturer")
                : List.of("regulator", "officer", "manufacturerA", "manufacturerB", "printA")) {
            m.put("role-" + role, () -> Map.of("Authorization", "Bearer " + tokens.get(role)));
        }
        return m;
    }

    // ---------------------------------------------------------------- building requests

    /** The route's path with each parameter's value from {@code value}. */
    private String path(Endpoint e, java.util.function.Function<Param, String> value) {
        String p = e.template();
        for (Param param : e.pathParams()) {
            p = p.replace("{" + param.name() + "}", value.apply(param));
        }
        return p;
    }

    private String validPath(Endpoint e) {
        return path(e, p -> enc(pathValue(e, p, "valid")).replace("+", "%20"));
    }

    /** Valid query: the required parameters (and the verify GET's code). */
    private String validQuery(Endpoint e) {
        List<String> q = new ArrayList<>();
        for (Param p : e.queryParams()) {
            if (p.required() || e.service() == Service.VERIFY && p.name().equals("code")) {
                q.add(p.name() + "=" + enc(queryValue(e, p)));
            }
        }
        if (e.template().equals("/api/v1/batches/{batchId}/print/{file}")) {
            q.add("from=1");
            q.add("to=2");
        }
        return q.isEmpty() ? "" : "?" + String.join("&", q);
    }

    private String queryValue(Endpoint e, Param p) {
        Map<String, String> ids = w.issuer().ids;
        return switch (p.name()) {
            case "code", "M" -> e.template().startsWith("/01/") ? payload : genuine;
            case "epc" -> "urn:markauth:mark:" + ids.get("batchA") + ":" + ids.get("serialA");
            case "licensee", "licenseeId" -> ids.get("licenseeA");
            case "productId", "batchId" -> p.name().equals("productId") ? ids.get("productA") : ids.get("batchA");
            case "serial" -> ids.get("serialA");
            case "day", "from", "to" -> e.template().contains("print") ? "1" : "2026-12-01";
            case "year" -> "2026";
            case "limit" -> "10";
            case "since" -> "0";
            case "lang" -> "en";
            default -> p.schema().get("enum") instanceof List<?> en ? String.valueOf(en.get(0))
                    : p.type().equals("integer") ? "1" : p.type().equals("boolean") ? "true" : "drill";
        };
    }

    private Buffer validBody(Endpoint e, SplittableRandom r, boolean other) {
        if (e.body() == null) {
            return null;
        }
        Object v = Bodies.valid(e.body().schema(), null, names(e, other), r);
        if (e.body().json()) {
            return Buffer.buffer(((JsonObject) v).encode());
        }
        return formOf((JsonObject) v);
    }

    private static Buffer formOf(JsonObject o) {
        StringBuilder b = new StringBuilder();
        o.forEach(en -> b.append(b.isEmpty() ? "" : "&").append(enc(en.getKey())).append('=')
                .append(enc(en.getValue() == null ? "" : String.valueOf(en.getValue()))));
        return Buffer.buffer(b.toString());
    }

    private Map<String, String> contentType(Endpoint e) {
        if (e.body() == null) {
            return Map.of();
        }
        if (e.body().multipart()) {
            return Map.of("Content-Type", "multipart/form-data; boundary=" + BOUNDARY);
        }
        return Map.of("Content-Type", e.body().form() ? "application/x-www-form-urlencoded" : e.body().mediaType());
    }

    static final String BOUNDARY = "drillBoundary7MA4YWxkTrZu0gW";

    /** A multipart body of {@code fields} and, when {@code photo} is not null, a file part "photo". */
    static Buffer multipart(Map<String, String> fields, byte[] photo, String photoType, String filename, boolean close) {
        Buffer b = Buffer.buffer();
        fields.forEach((k, v) -> b.appendString("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n")
                .appendString(v, "UTF-8").appendString("\r\n"));
        if (photo != null) {
            b.appendString("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"" + filename
                    + "\"\r\nContent-Type: " + photoType + "\r\n\r\n").appendBytes(photo).appendString("\r\n");
        }
        if (close) {
            b.appendString("--" + BOUNDARY + "--\r\n");
        }
        return b;
    }

    private Req req(Endpoint e, String uri, Map<String, String> auth, Map<String, String> extra, Buffer body) {
        Map<String, String> h = new LinkedHashMap<>(auth);
        if (body != null) {
            h.putAll(contentType(e));
        }
        h.putAll(extra);
        h.values().removeIf(v -> v == null);
        return new Req(HttpMethod.valueOf(e.method()), uri, h, body);
    }

    /** A valid request with {@code auth}: the body carries a session's CSRF token on a console form. */
    private Req valid(Endpoint e, Map<String, String> auth, SplittableRandom r) {
        Buffer body = e.body() != null && e.body().multipart() ? reportMultipart(null) : validBody(e, r, false);
        return req(e, validPath(e) + validQuery(e), auth, Map.of(), body);
    }

    private Buffer reportMultipart(byte[] photo) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("code", genuine);
        f.put("where", "佛山 drill market");
        f.put("seller", "drill stall");
        f.put("lang", "en");
        return multipart(f, photo, "image/jpeg", "photo.jpg", true);
    }

    // ---------------------------------------------------------------- the cases

    private static Probe probe(Endpoint e, String kind, BiFunction<Integer, SplittableRandom, Req> req) {
        return new Probe(e, kind, req, null);
    }

    private static Probe raw(Endpoint e, String kind, BiFunction<Integer, SplittableRandom, byte[]> raw) {
        return new Probe(e, kind, null, raw);
    }

    List<Probe> of(Endpoint e) {
        List<Probe> c = new ArrayList<>();
        Map<String, String> none = Map.of();
        boolean console = e.auth() == Auth.SESSION;
        boolean logout = e.template().equals("/console/logout");
        // the route's own valid request: with its best credential (console: the session; logout: its own session)
        c.add(probe(e, "valid", (i, r) -> valid(e, logout ? Map.of("Cookie", w.issuer().logoutCookies) : bestAuth(e), r)));
        roles(e).forEach((kind, auth) -> c.add(probe(e, kind, (i, r) -> valid(e, auth.get(), r))));
        if (console && e.method().equals("POST")) {
            c.add(probe(e, "session-no-csrf", (i, r) -> {
                Req v = valid(e, bestAuth(e), r);
                return new Req(v.method(), v.uri(), v.headers(), Buffer.buffer(v.body().toString().replaceAll("(^|&)csrf=[^&]*", "")));
            }));
            c.add(probe(e, "session-wrong-csrf", (i, r) -> {
                Req v = valid(e, bestAuth(e), r);
                return new Req(v.method(), v.uri(), v.headers(), Buffer.buffer(v.body().toString()
                        .replaceAll("csrf=[^&]*", "csrf=" + enc(INJECTIONS[r.nextInt(INJECTIONS.length)]))));
            }));
        }
        pathCases(e, c);
        queryCases(e, c);
        if (e.body() != null) {
            bodyCases(e, c);
        }
        // every route, whatever it takes: bad %-escapes in a form and a multipart body, before and after authentication
        String[] badForms = {"a=%zz", "a=%", "%zz=1", "a=%e0%80%80&b=%G1", "a=1&b=%%&c=%u0041", "token=%ZZ&csrf=%"};
        for (String who : List.of("noauth", "auth")) {
            Map<String, String> auth = who.equals("auth") ? bestAuth(e) : none;
            c.add(probe(e, "form-bad-escape-" + who, (i, r) -> req(e, validPath(e) + validQuery(e), auth,
                    Map.of("Content-Type", "application/x-www-form-urlencoded"), Buffer.buffer(badForms[i % badForms.length]))));
            c.add(probe(e, "multipart-bad-escape-" + who, (i, r) -> {
                Map<String, String> f = new LinkedHashMap<>();
                f.put(i % 2 == 0 ? "code" : "%zz", "%zz%");
                f.put("where", "%e0%80");
                return req(e, validPath(e) + validQuery(e), auth, Map.of("Content-Type", "multipart/form-data; boundary=" + BOUNDARY),
                        multipart(f, "%zz".getBytes(StandardCharsets.UTF_8), "image/jpeg", "%zz%.jpg", true));
            }));
            // over the body limit: verify-api's JSON limit is 64 KiB and its form limit http.max-body (1.5 MiB); the issuer's 1 MiB
            int over = e.service() == Service.VERIFY ? (e.body() != null && !e.body().json() ? 1_700_000 : 80_000) : 1_200_000;
            c.add(probe(e, "oversized-body-" + who, (i, r) -> req(e, validPath(e) + validQuery(e), auth,
                    Map.of("Content-Type", e.body() != null && !e.body().json() ? contentType(e).get("Content-Type") : "application/json"),
                    Buffer.buffer("{\"a\":\"" + "Z".repeat(over) + "\"}"))));
        }
        c.add(probe(e, "injection-headers", (i, r) -> {
            Req v = valid(e, bestAuth(e), r);
            Map<String, String> h = new LinkedHashMap<>(v.headers());
            String inj = Hostile.header(INJECTIONS[r.nextInt(INJECTIONS.length)]);
            h.put("Accept-Language", inj);
            h.put("X-Forwarded-For", "127.0.0.1, " + inj.replace(",", ""));
            h.put("X-Request-Id", inj);
            h.put("Idempotency-Key", inj);
            h.put("Referer", inj);
            h.put("Origin", "https://evil.example");
            h.put("User-Agent", "sqlmap/1.7 " + inj);
            h.merge("Cookie", "lang=" + inj.replace(";", ""), (a, b) -> a + "; " + b);
            return new Req(v.method(), v.uri(), h, v.body());
        }));
        rawCases(e, c);
        return c;
    }

    private void pathCases(Endpoint e, List<Probe> c) {
        if (e.pathParams().isEmpty()) {
            c.add(probe(e, "path-bad-escape", (i, r) -> req(e, e.template() + (e.template().endsWith("/") ? "" : "/") + "%zz"
                    + (i % 2 == 0 ? "" : "%"), bestAuth(e), Map.of(), null)));
            return;
        }
        Map<String, String> auth = bestAuth(e);
        String[] badEscapes = {"%zz", "%", "%e0%80%80", "%G0", "a%2", "%%", "%c0%af", "%ed%a0%80"};
        String[] wrongTypes = {"abc", "1.5", "-1", "0x10", "[]", "null", "true", "１２３", " 7", "7 "};
        String[] huge = {"99999999999999999999999", "2147483648", "-2147483649", "9223372036854775808", "1e9"};
        c.add(probe(e, "path-bad-escape", (i, r) -> req(e, onePath(e, i, badEscapes[r.nextInt(badEscapes.length)]), auth, Map.of(),
                validBody(e, r, false))));
        c.add(probe(e, "path-wrong-type", (i, r) -> req(e, onePath(e, i, enc(wrongTypes[r.nextInt(wrongTypes.length)])) + validQuery(e), auth,
                Map.of(), validBody(e, r, false))));
        c.add(probe(e, "path-huge", (i, r) -> req(e, onePath(e, i, huge[r.nextInt(huge.length)]) + validQuery(e), auth, Map.of(),
                validBody(e, r, false))));
        c.add(probe(e, "path-injection", (i, r) -> req(e, onePath(e, i, enc(INJECTIONS[r.nextInt(INJECTIONS.length)]).replace("+", "%20"))
                + validQuery(e), auth, Map.of(), validBody(e, r, false))));
        c.add(probe(e, "path-overlong", (i, r) -> req(e, onePath(e, i, "9".repeat(1000 + r.nextInt(3000))) + validQuery(e), auth, Map.of(),
                validBody(e, r, false))));
        c.add(probe(e, "path-dot-segments", (i, r) -> req(e, onePath(e, i, i % 2 == 0 ? "%2e%2e%2f%2e%2e%2fetc%2fpasswd" : "..%2F..%2Fadmin")
                + validQuery(e), auth, Map.of(), validBody(e, r, false))));
        c.add(probe(e, "path-nonexistent", (i, r) -> req(e, path(e, p -> enc(pathValue(e, p, "missing"))) + validQuery(e), auth, Map.of(),
                validBody(e, r, false))));
        if (e.service() == Service.ISSUER && e.auth() == Auth.BEARER) {
            // a manufacturer of A on B's objects, and on A's own (the role's valid case is "role-manufacturerA")
            Map<String, String> makerA = Map.of("Authorization", "Bearer " + w.issuer().tokens.get("manufacturerA"));
            c.add(probe(e, "other-licensee-path", (i, r) -> req(e, path(e, p -> enc(pathValue(e, p, "other"))) + validQuery(e), makerA,
                    Map.of(), validBody(e, r, true))));
            c.add(probe(e, "other-licensee-nonexistent", (i, r) -> req(e, path(e, p -> enc(pathValue(e, p, "missing"))) + validQuery(e),
                    makerA, Map.of(), validBody(e, r, true))));
        }
    }

    /** The valid path with the {@code i}-th parameter (round robin) replaced by {@code raw} (not encoded further). */
    private String onePath(Endpoint e, int i, String raw) {
        Param target = e.pathParams().get(i % e.pathParams().size());
        return path(e, p -> p == target ? raw : enc(pathValue(e, p, "valid")));
    }

    private void queryCases(Endpoint e, List<Probe> c) {
        Map<String, String> auth = bestAuth(e);
        String base = validPath(e);
        String valid = validQuery(e);
        String join = valid.isEmpty() ? "?" : valid + "&";
        String[] badEscapes = {"%zz", "%", "%e0%80%80", "%G0", "a%2", "%%41", "%c0%af"};
        c.add(probe(e, "query-bad-escape", (i, r) -> req(e, base + join + (e.queryParams().isEmpty() ? "x"
                : e.queryParams().get(i % e.queryParams().size()).name()) + "=" + badEscapes[r.nextInt(badEscapes.length)], auth, Map.of(),
                validBody(e, r, false))));
        c.add(probe(e, "query-bad-escape-name", (i, r) -> req(e, base + join + badEscapes[r.nextInt(badEscapes.length)] + "=1", auth, Map.of(),
                validBody(e, r, false))));
        if (e.queryParams().isEmpty()) {
            return;
        }
        String[] wrong = {"abc", "-1", "1.5", "99999999999999999999999", "", "true", "2026-13-45", "1e9", "[]", "%00"};
        c.add(probe(e, "query-wrong-type", (i, r) -> req(e, base + "?" + String.join("&", e.queryParams().stream()
                .map(p -> p.name() + "=" + (wrong[r.nextInt(wrong.length)])).toList()), auth, Map.of(), validBody(e, r, false))));
        c.add(probe(e, "query-injection", (i, r) -> req(e, base + "?" + String.join("&", e.queryParams().stream()
                .map(p -> p.name() + "=" + enc(INJECTIONS[r.nextInt(INJECTIONS.length)])).toList()), auth, Map.of(), validBody(e, r, false))));
        c.add(probe(e, "query-repeated", (i, r) -> req(e, base + "?" + String.join("&", e.queryParams().stream()
                .map(p -> p.name() + "=" + enc(queryValue(e, p)) + "&" + p.name() + "=x&" + p.name() + "=").toList()), auth, Map.of(),
                validBody(e, r, false))));
        c.add(probe(e, "query-oversized", (i, r) -> req(e, base + "?" + e.queryParams().get(i % e.queryParams().size()).name() + "="
                + "Q".repeat(i % 2 == 0 ? 3000 : 9000), auth, Map.of(), validBody(e, r, false))));
    }

    private void bodyCases(Endpoint e, List<Probe> c) {
        Map<String, String> auth = e.template().equals("/console/logout") ? Map.of("Cookie", w.issuer().logoutCookies) : bestAuth(e);
        String uri = validPath(e) + validQuery(e);
        Map<String, Object> schema = e.body().schema();
        List<String> required = Bodies.required(schema);
        List<String> props = new ArrayList<>(Bodies.properties(schema).keySet());
        BiFunction<SplittableRandom, java.util.function.Consumer<JsonObject>, Buffer> mutate = (r, f) -> {
            Object v = Bodies.valid(schema, null, names(e, false), r);
            JsonObject o = (JsonObject) v;
            f.accept(o);
            return e.body().json() ? Buffer.buffer(o.encode()) : formOf(o);
        };
        Map<String, String> form = Map.of("Content-Type", "application/x-www-form-urlencoded");
        Map<String, String> json = Map.of("Content-Type", "application/json");
        // wrong shapes, as JSON whatever the route takes (a JSON /report is one)
        String[][] shapes = {{"json-array", "[{\"code\":\"x\"}, 1]"}, {"json-string", "\"just a string\""}, {"json-number", "12345"},
            {"json-null", "null"}, {"json-bool", "true"}, {"json-empty-object", "{}"}, {"json-garbage", "{\"a\": nope, ]"},
            {"json-truncated", "{\"productId\": 1, \"quantity\": "}, {"json-deep-nesting", "[".repeat(3000) + "]".repeat(3000)},
            {"json-duplicate-keys", "{\"reason\":\"a\",\"reason\":\"b\",\"reason\":{}}"}, {"json-huge-number", "{\"productId\": 1e400, \"quantity\": 99999999999999999999999, \"batchId\": -0.0}"},
            {"json-bad-utf8", null}};
        for (String[] s : shapes) {
            c.add(probe(e, s[0], (i, r) -> req(e, uri, auth, json, s[1] != null ? Buffer.buffer(s[1])
                    : Buffer.buffer(new byte[] {'{', '"', 'r', 'e', 'a', 's', 'o', 'n', '"', ':', '"', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '"', '}'}))));
        }
        c.add(probe(e, "body-empty", (i, r) -> req(e, uri, auth, e.body().json() ? json : contentType(e), Buffer.buffer())));
        c.add(probe(e, "missing-required", (i, r) -> mutateReq(e, uri, auth, mutate.apply(r, o -> {
            if (!required.isEmpty()) {
                o.remove(required.get(i % required.size()));
            }
        }))));
        c.add(probe(e, "missing-all-required", (i, r) -> mutateReq(e, uri, auth, mutate.apply(r, o -> required.forEach(o::remove)))));
        c.add(probe(e, "wrong-field-type", (i, r) -> mutateReq(e, uri, auth, mutate.apply(r, o -> {
            if (!props.isEmpty()) {
                String p = props.get(i % props.size());
                o.put(p, Bodies.wrongType(Bodies.properties(schema).get(p), r));
            }
        }))));
        c.add(probe(e, "unknown-fields", (i, r) -> mutateReq(e, uri, auth, mutate.apply(r, o -> o.put("__proto__", new JsonObject()
                .put("admin", true)).put("role", "REGULATOR").put("x-" + r.nextInt(100), "y")))));
        c.add(probe(e, "field-injection", (i, r) -> mutateReq(e, uri, auth, mutate.apply(r, o -> props.forEach(p -> {
            if ("string".equals(String.valueOf(Bodies.properties(schema).get(p).getOrDefault("type", "string"))) && !p.equals("csrf")) {
                o.put(p, INJECTIONS[r.nextInt(INJECTIONS.length)]);
            }
        })))));
        c.add(probe(e, "field-oversized", (i, r) -> mutateReq(e, uri, auth, mutate.apply(r, o -> props.forEach(p -> {
            if ("string".equals(String.valueOf(Bodies.properties(schema).get(p).getOrDefault("type", "string"))) && !p.equals("csrf")) {
                o.put(p, "W".repeat(e.service() == Service.VERIFY && e.body().json() ? 9000 : 70_000));
            }
        })))));
        // the body in another media type than the route's
        c.add(probe(e, "as-form", (i, r) -> req(e, uri, auth, form, formOf((JsonObject) Bodies.valid(schema, null, names(e, false), r)))));
        c.add(probe(e, "as-json", (i, r) -> req(e, uri, auth, json,
                Buffer.buffer(((JsonObject) Bodies.valid(schema, null, names(e, false), r)).encode()))));
        c.add(probe(e, "as-multipart", (i, r) -> {
            JsonObject o = (JsonObject) Bodies.valid(schema, null, names(e, false), r);
            Map<String, String> f = new LinkedHashMap<>();
            o.forEach(en -> f.put(en.getKey(), String.valueOf(en.getValue())));
            return req(e, uri, auth, Map.of("Content-Type", "multipart/form-data; boundary=" + BOUNDARY), multipart(f, null, null, null, true));
        }));
        c.add(probe(e, "content-type-missing", (i, r) -> {
            Req v = valid(e, auth, r);
            Map<String, String> h = new LinkedHashMap<>(v.headers());
            h.remove("Content-Type");
            return new Req(v.method(), v.uri(), h, v.body());
        }));
        String[] odd = {"text/plain", "application/xml", "application/json; charset=klingon", "multipart/form-data",
            "multipart/form-data; boundary=", "application/x-www-form-urlencoded; charset=utf-7", "*/*", "application/json, text/html"};
        c.add(probe(e, "content-type-odd", (i, r) -> {
            Req v = valid(e, auth, r);
            Map<String, String> h = new LinkedHashMap<>(v.headers());
            h.put("Content-Type", odd[i % odd.length]);
            return new Req(v.method(), v.uri(), h, v.body());
        }));
        c.add(probe(e, "multipart-unterminated", (i, r) -> req(e, uri, auth, Map.of("Content-Type", "multipart/form-data; boundary=" + BOUNDARY),
                multipart(Map.of("code", genuine, "where", "x"), new byte[2000], "image/jpeg", "../../x.jpg", false))));
        if (e.service() == Service.ISSUER && e.auth() == Auth.BEARER) {
            Map<String, String> makerA = Map.of("Authorization", "Bearer " + w.issuer().tokens.get("manufacturerA"));
            c.add(probe(e, "other-licensee-body", (i, r) -> req(e, uri, makerA, contentType(e), validBody(e, r, true))));
        }
        if (e.template().equals("/report")) {
            reportCases(e, c, uri);
        }
    }

    private Req mutateReq(Endpoint e, String uri, Map<String, String> auth, Buffer body) {
        if (e.body().multipart()) {
            // a multipart route: the same fields as form parts
            Map<String, String> f = new LinkedHashMap<>();
            for (String kv : body.toString().split("&")) {
                String[] p = kv.split("=", 2);
                f.put(java.net.URLDecoder.decode(p[0], StandardCharsets.UTF_8), p.length > 1 ? java.net.URLDecoder.decode(p[1], StandardCharsets.UTF_8) : "");
            }
            return req(e, uri, auth, Map.of(), multipart(f, null, null, null, true));
        }
        return req(e, uri, auth, Map.of(), body);
    }

    /** Report a fake: a real phone photo, larger ones, not a photo, and the report as JSON or a plain form. */
    private void reportCases(Endpoint e, List<Probe> c, String uri) {
        c.add(probe(e, "report-photo-300k", (i, r) -> req(e, uri, Map.of(), Map.of(), reportMultipart(w.photo()))));
        c.add(probe(e, "report-photo-3m", (i, r) -> {
            byte[] big = java.util.Arrays.copyOf(w.photo(), 3 * 1024 * 1024);
            return req(e, uri, Map.of(), Map.of(), reportMultipart(big));
        }));
        c.add(probe(e, "report-photo-not-image", (i, r) -> {
            Map<String, String> f = new LinkedHashMap<>(Map.of("code", genuine, "where", "x"));
            return req(e, uri, Map.of(), Map.of("Content-Type", "multipart/form-data; boundary=" + BOUNDARY),
                    multipart(f, "<?php system($_GET['c']); ?>".getBytes(StandardCharsets.UTF_8), "application/x-php", "../../shell.php", true));
        }));
        c.add(probe(e, "report-two-photos", (i, r) -> {
            Buffer b = multipart(Map.of("code", genuine, "where", "x"), w.photo(), "image/jpeg", "a.jpg", false);
            b.appendBuffer(multipart(Map.of(), w.photo(), "image/jpeg", "b.jpg", true));
            return req(e, uri, Map.of(), Map.of(), b);
        }));
        c.add(probe(e, "report-json", (i, r) -> req(e, uri, Map.of(), Map.of("Content-Type", "application/json"), Buffer.buffer(new JsonObject()
                .put("code", genuine).put("where", "佛山").put("seller", "drill").put("lang", "en").encode()))));
        c.add(probe(e, "report-form", (i, r) -> req(e, uri, Map.of(), Map.of("Content-Type", "application/x-www-form-urlencoded"),
                Buffer.buffer("code=" + enc(genuine) + "&where=" + enc("佛山") + "&lang=en"))));
    }

    // ---------------------------------------------------------------- raw sockets

    private void rawCases(Endpoint e, List<Probe> c) {
        String target = validPath(e) + validQuery(e);
        Map<String, String> auth = e.template().equals("/console/logout") ? Map.of() : bestAuth(e);
        String authLines = auth.entrySet().stream().map(x -> x.getKey() + ": " + x.getValue() + "\r\n").reduce("", String::concat);
        String m = e.method();
        String body = "{\"a\":1}";
        c.add(raw(e, "raw-no-host", (i, r) -> bytes(m + " " + target + " HTTP/1.1\r\n" + authLines + "Connection: close\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)));
        c.add(raw(e, "raw-duplicate-host", (i, r) -> bytes(m + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\n" + authLines
                + "Connection: close\r\n\r\n")));
        c.add(raw(e, "raw-cl-te", (i, r) -> bytes(m + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + authLines
                + "Content-Type: application/json\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + "0\r\n\r\nGET /api/v1/trust-list HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")));
        c.add(raw(e, "raw-obs-fold", (i, r) -> bytes(m + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + authLines
                + "X-Folded: first\r\n  continued\r\nAccept-Language: en\r\n\tzh\r\nConnection: close\r\n\r\n")));
        c.add(raw(e, "raw-half-headers", (i, r) -> bytes(m + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + authLines
                + "X-Partial: abc")));
        c.add(raw(e, "raw-half-body", (i, r) -> bytes(m + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + authLines
                + "Content-Type: " + (e.body() != null && e.body().form() ? "application/x-www-form-urlencoded" : "application/json")
                + "\r\nContent-Length: 500\r\n\r\n" + (e.body() != null && e.body().form() ? "a=%z" : "{\"a\":"))));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

package org.markauth.issuer.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.TimeoutHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import org.markauth.access.ApiTokens;
import org.markauth.access.Principal;
import org.markauth.access.Role;
import org.markauth.config.HttpSettings;
import org.markauth.issuer.IssuerException;
import org.markauth.issuer.IssuerServices;
import org.markauth.issuer.access.Access;
import org.markauth.issuer.activation.RangeAction;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.batch.Batches;
import org.markauth.issuer.print.PrintFormat;
import org.markauth.registry.LicenceStatus;
import org.markauth.sdk.crypto.KeyId;
import org.markauth.sdk.crypto.SignatureAlgorithm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The issuer's HTTP API (Vert.x 5). The router below is the table of contents; each handler
 * authenticates through {@link #principal}, runs the (blocking, Cassandra-bound) service call on a
 * worker thread with {@link #blocking}, and renders JSON. Failures go to {@link Errors#handle}.
 * Long issuance runs on {@code jobs}, outside the request; clients poll the job's done/total.
 */
public final class IssuerApi {

    private static final Logger LOG = LoggerFactory.getLogger(IssuerApi.class);
    private static final String PRINCIPAL = "principal";
    private static final String CALLER = "caller";

    private final Vertx vertx;
    private final IssuerServices s;
    private final HttpSettings http;
    private final ExecutorService jobs;
    private final RequestMetrics requestMetrics;
    private final java.util.List<java.util.function.Consumer<Router>> features = new java.util.ArrayList<>();

    public IssuerApi(Vertx vertx, IssuerServices services, HttpSettings http, ExecutorService jobs) {
        this.vertx = vertx;
        this.s = services;
        this.http = http;
        this.jobs = jobs;
        // The route table is also built without services (OpenApiRoutesTest): handlers reach them per request only.
        this.requestMetrics = services == null ? null : new RequestMetrics(services.meters);
    }

    public Router router() {
        Router r = Router.router(vertx);
        r.route().handler(ctx -> requestMetrics.handle(ctx));
        r.route().handler(IssuerApi::targetDecodes);
        // print files stream for minutes on large batches: every route but those gets the request timeout
        r.routeWithRegex("^(?!/api/v1/batches/[^/]+/print/).*").handler(TimeoutHandler.create(http.requestTimeout().toMillis()));
        r.route().handler(BodyHandler.create(false).setBodyLimit(http.maxBodyBytes()));
        r.get("/openapi.yaml").handler(this::openapi);
        r.get("/health").handler(ctx -> ctx.json(new JsonObject().put("status", "UP")));
        // Unauthenticated like verify-api's: the manufacturers' ingress routes only /api/v1/... prefixes
        // (ops/deploy), so Prometheus reaches it inside the cluster and nobody outside does.
        r.get("/metrics").handler(ctx -> ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                .end(s.meters.scrape()));
        r.get("/api/v1/trust-list").handler(this::trustList);
        r.get("/api/v1/trust-root").handler(this::trustRoot);

        r.route("/api/v1/*").handler(this::authenticate);
        r.post("/api/v1/licensees").handler(this::createLicensee);
        r.get("/api/v1/licensees").handler(this::listLicensees);
        r.get("/api/v1/licensees/:licenseeId").handler(this::getLicensee);
        r.put("/api/v1/licensees/:licenseeId").handler(this::updateLicensee);
        r.post("/api/v1/licensees/:licenseeId/blacklist").handler(this::blacklist);
        r.get("/api/v1/licensees/:licenseeId/products").handler(this::listProducts);
        r.get("/api/v1/licensees/:licenseeId/batches").handler(this::listBatches);
        r.post("/api/v1/products").handler(this::createProduct);
        r.get("/api/v1/products/:productId").handler(this::getProduct);
        r.put("/api/v1/products/:productId").handler(this::updateProduct);
        r.put("/api/v1/products/:productId/licence").handler(this::grantLicence);
        r.get("/api/v1/products/:productId/licence").handler(this::getLicence);
        r.post("/api/v1/products/:productId/licence/status").handler(this::changeLicence);
        r.get("/api/v1/products/:productId/licence/history").handler(this::licenceHistory);
        r.get("/api/v1/audit").handler(this::auditDay);
        r.get("/api/v1/audit/:entity").handler(this::auditEntity);
        r.post("/api/v1/batches").handler(this::orderBatch);
        r.get("/api/v1/batches/:batchId").handler(this::getBatch);
        r.get("/api/v1/batches/:batchId/job").handler(this::getJob);
        r.get("/api/v1/batches/:batchId/ranges").handler(this::getRanges);
        r.post("/api/v1/batches/:batchId/activations").handler(ctx -> rangeOrList(ctx, true));
        r.post("/api/v1/batches/:batchId/voids").handler(ctx -> rangeOrList(ctx, false));
        r.get("/api/v1/batches/:batchId/print/:file").handler(this::print);
        r.post("/api/v1/batches/:batchId/recall").handler(this::recall);
        r.get("/api/v1/keys").handler(this::listKeys);
        r.post("/api/v1/keys/rotate").handler(this::rotateKey);
        r.post("/api/v1/keys/:keyId/revoke").handler(this::revokeKey);
        CredentialRoutes credentials = new CredentialRoutes(vertx, s);
        r.post("/api/v1/credentials").handler(credentials::issue);
        r.get("/api/v1/credentials").handler(credentials::list);
        r.post("/api/v1/credentials/revoke").handler(credentials::revokeByToken);
        r.get("/api/v1/credentials/:credentialId").handler(credentials::get);
        r.post("/api/v1/credentials/:credentialId/revoke").handler(credentials::revokeById);

        features.forEach(f -> f.accept(r));   // feature routes (trace, recalls, console), after authentication
        r.route().last().handler(ctx -> ctx.fail(404));
        r.route().failureHandler(Errors::handle);
        return r;
    }

    /** Adds a feature's routes (e.g. {@code TraceApi::mount}); they see the caller under "principal" on /api/v1/*. */
    public IssuerApi mount(java.util.function.Consumer<Router> feature) {
        features.add(feature);
        return this;
    }

    /** Starts the server; fails the returned future when the port cannot be bound. */
    public Future<HttpServer> listen() {
        // A form field may be as long as the body limit allows: Vert.x's own 8 KiB field limit failed the
        // request with an IOException (a 500) before the console could say which field was too long.
        return vertx.createHttpServer(new HttpServerOptions().setMaxFormAttributeSize(http.maxBodyBytes()))
                .requestHandler(router()).listen(http.port(), http.host());
    }

    // ------------------------------------------------------------------ plumbing

    private void authenticate(RoutingContext ctx) {
        Optional<String> token = ApiTokens.fromAuthorizationHeader(ctx.request().getHeader("Authorization"));
        if (token.isEmpty()) {
            ctx.fail(new Errors.HttpFailure(401, "UNAUTHENTICATED",
                    "send your API key as 'Authorization: Bearer mak_…'; ask the programme office for one"));
            return;
        }
        // No cache in front of api_keys: a revoked or expired key is refused by every instance on its next request.
        Future.fromCompletionStage(s.apiKeys.authenticateCaller(token.get()), ctx.vertx().getOrCreateContext())
                .onSuccess(c -> {
                    if (c.isEmpty()) {
                        ctx.fail(new Errors.HttpFailure(401, "UNAUTHENTICATED", "the API key is unknown, expired or revoked"));
                        return;
                    }
                    try {
                        // the path the router matches (percent-decoded, dot segments removed), never the raw one:
                        // "/batches/7/%70rint/…" routes to print and must need the print scope too
                        Access.requireScope(c.get(), ctx.request().method().name(), ctx.normalizedPath());
                    } catch (IssuerException.Forbidden e) {
                        ctx.fail(e);
                        return;
                    }
                    ctx.put(PRINCIPAL, c.get().principal());
                    ctx.put(CALLER, c.get());
                    ctx.next();
                })
                .onFailure(ctx::fail);
    }

    /**
     * Refuses a request target that does not percent-decode ({@code /api/v1/credentials/%zz},
     * {@code ?role=%zz}) up front, as verify-api does: otherwise route matching throws (a plain-text
     * 400 from vertx-web) or a handler's {@code queryParams()} does (a 500).
     */
    private static void targetDecodes(RoutingContext ctx) {
        try {
            ctx.normalizedPath();
        } catch (IllegalArgumentException e) {
            ctx.fail(new Errors.HttpFailure(400, "BAD_REQUEST", "the path is not valid percent-encoding (a '%' must be followed by two hex digits)"));
            return;
        }
        try {
            ctx.request().params();
            ctx.queryParams();
        } catch (RuntimeException e) {
            ctx.fail(new Errors.HttpFailure(400, "BAD_REQUEST", "the query string is not valid percent-encoding (a '%' must be followed by two hex digits)"));
            return;
        }
        ctx.next();
    }

    private static Principal principal(RoutingContext ctx) {
        return ctx.get(PRINCIPAL);
    }

    private <T> Future<T> blocking(Callable<T> call) {
        return vertx.executeBlocking(call, false);
    }

    private void reply(RoutingContext ctx, int status, Future<?> result) {
        result.onSuccess(v -> {
            HttpServerResponse res = ctx.response().setStatusCode(status).putHeader("content-type", "application/json");
            res.end(v instanceof JsonObject o ? o.encode() : v instanceof JsonArray a ? a.encode() : String.valueOf(v));
        }).onFailure(ctx::fail);
    }

    static JsonObject body(RoutingContext ctx) {
        return JsonBody.object(ctx);
    }

    private static int intParam(RoutingContext ctx, String name) {
        String v = ctx.pathParam(name);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, got '" + v + "'");
        }
    }

    /** A print range bound: a sequence number 1.. (a print of sequence 0 or -1 answered 200 before). */
    private static int sequenceParam(RoutingContext ctx, String name, int dflt) {
        String v = ctx.queryParams().get(name);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the sentence below
        }
        throw new IllegalArgumentException(name + " must be a sequence number 1.." + Integer.MAX_VALUE + ", got '" + v + "'");
    }

    private static int limit(RoutingContext ctx) {
        String v = ctx.queryParams().get("limit");
        if (v == null) {
            return 100;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n >= 1 && n <= 1000) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the sentence below ("For input string" was the parser's)
        }
        throw new IllegalArgumentException("limit must be a whole number 1..1000, got '" + v + "'");
    }

    // ------------------------------------------------------------------ registry

    private void createLicensee(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = body(ctx);
        reply(ctx, 201, blocking(() -> JsonCodec.licensee(s.registry.createLicensee(p,
                JsonCodec.licenseeDetails(JsonCodec.requiredString(b, "licenseeId"), b)))));
    }

    private void listLicensees(RoutingContext ctx) {
        Principal p = principal(ctx);
        int limit = limit(ctx);
        reply(ctx, 200, blocking(() -> JsonCodec.array(s.registry.licensees(p, limit), JsonCodec::licensee)));
    }

    private void getLicensee(RoutingContext ctx) {
        Principal p = principal(ctx);
        String id = ctx.pathParam("licenseeId");
        reply(ctx, 200, blocking(() -> JsonCodec.licensee(s.registry.licensee(p, id))));
    }

    private void updateLicensee(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = body(ctx);
        String id = ctx.pathParam("licenseeId");
        reply(ctx, 200, blocking(() -> JsonCodec.licensee(s.registry.updateLicensee(p, JsonCodec.licenseeDetails(id, b)))));
    }

    private void blacklist(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = body(ctx);
        String id = ctx.pathParam("licenseeId");
        boolean on = b.getBoolean("blacklisted", Boolean.TRUE);
        reply(ctx, 200, blocking(() -> JsonCodec.licensee(s.registry.setBlacklisted(p, id, on, JsonCodec.string(b, "reason")))));
    }

    private void listProducts(RoutingContext ctx) {
        Principal p = principal(ctx);
        String id = ctx.pathParam("licenseeId");
        reply(ctx, 200, blocking(() -> JsonCodec.array(s.registry.products(p, id), JsonCodec::product)));
    }

    private void createProduct(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = body(ctx);
        reply(ctx, 201, blocking(() -> JsonCodec.product(s.registry.createProduct(p,
                JsonCodec.productDetails(JsonCodec.integer(b, "productId", 0), b)))));
    }

    private void getProduct(RoutingContext ctx) {
        Principal p = principal(ctx);
        int id = intParam(ctx, "productId");
        reply(ctx, 200, blocking(() -> JsonCodec.product(s.registry.product(p, id))));
    }

    private void updateProduct(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = body(ctx);
        int id = intParam(ctx, "productId");
        reply(ctx, 200, blocking(() -> JsonCodec.product(s.registry.updateProduct(p, JsonCodec.productDetails(id, b)))));
    }

    private void grantLicence(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = body(ctx);
        int id = intParam(ctx, "productId");
        reply(ctx, 200, blocking(() -> JsonCodec.licence(s.registry.grantLicence(p, id, JsonCodec.requiredString(b, "licenceNo"),
                JsonCodec.instant(b, "validFrom"), JsonCodec.instant(b, "validUntil"), JsonCodec.string(b, "reason")))));
    }

    private void getLicence(RoutingContext ctx) {
        Principal p = principal(ctx);
        int id = intParam(ctx, "productId");
        reply(ctx, 200, blocking(() -> JsonCodec.licence(s.registry.licence(p, id))));
    }

    private void changeLicence(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = body(ctx);
        int id = intParam(ctx, "productId");
        LicenceStatus to = parseEnum(LicenceStatus.class, JsonCodec.requiredString(b, "status"), "status");
        reply(ctx, 200, blocking(() -> JsonCodec.licence(s.registry.changeLicenceStatus(p, id, to, JsonCodec.string(b, "reason")))));
    }

    private void licenceHistory(RoutingContext ctx) {
        Principal p = principal(ctx);
        int id = intParam(ctx, "productId");
        int limit = limit(ctx);
        reply(ctx, 200, blocking(() -> JsonCodec.array(s.registry.licenceHistory(p, id, limit), JsonCodec::change)));
    }

    private void auditDay(RoutingContext ctx) {
        Principal p = principal(ctx);
        Access.requireRole(p, "read the audit trail", Role.REGULATOR);
        String d = ctx.queryParams().get("day");
        LocalDate day;
        try {
            day = d == null ? LocalDate.now(s.clock.withZone(java.time.ZoneOffset.UTC)) : LocalDate.parse(d);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("day must be YYYY-MM-DD, got '" + d + "'");
        }
        int limit = limit(ctx);
        reply(ctx, 200, blocking(() -> JsonCodec.array(s.changes.day(day, limit), JsonCodec::audit)));
    }

    private void auditEntity(RoutingContext ctx) {
        Principal p = principal(ctx);
        Access.requireRole(p, "read the audit trail", Role.REGULATOR);
        String entity = ctx.pathParam("entity");
        int limit = limit(ctx);
        reply(ctx, 200, blocking(() -> JsonCodec.array(s.changes.entity(entity, limit), JsonCodec::audit)));
    }

    // ------------------------------------------------------------------ batches

    private void orderBatch(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = body(ctx);
        String key = ctx.request().getHeader("Idempotency-Key");
        blocking(() -> {
            Batches.Ordered o = s.batches.order(p, JsonCodec.order(b, key));
            if (s.batches.needsIssuing(o)) {
                startIssuing(o.batch());
            }
            return o;
        }).onSuccess(o -> ctx.response().setStatusCode(o.created() ? 202 : 200)
                .putHeader("content-type", "application/json")
                .putHeader("Location", "/api/v1/batches/" + o.batch().batchId() + "/job")
                .end(JsonCodec.batch(o.batch()).put("created", o.created()).encode()))
          .onFailure(ctx::fail);
    }

    /** Runs (or resumes) a batch's issuance in the background. */
    private void startIssuing(Batch b) {
        jobs.submit(() -> {
            try {
                s.batches.issue(b, null, Batches.ProgressListener.none());
            } catch (RuntimeException e) {
                LOG.warn("issuance of batch {} stopped: {}", b.batchId(), e.getMessage());
            }
        });
    }

    private void getBatch(RoutingContext ctx) {
        Principal p = principal(ctx);
        int id = intParam(ctx, "batchId");
        reply(ctx, 200, blocking(() -> {
            Batch b = s.batches.get(p, id);
            var sum = s.prints.summary(id);
            return JsonCodec.batch(b).put("prints", new JsonObject().put("downloads", sum.downloads())
                    .put("reprints", sum.reprints()).put("reprintsLast24h", sum.reprintsLast24h()).put("reprintsPerDay", sum.reprintsPerDay()));
        }));
    }

    private void getJob(RoutingContext ctx) {
        Principal p = principal(ctx);
        int id = intParam(ctx, "batchId");
        reply(ctx, 200, blocking(() -> JsonCodec.job(s.batches.status(p, id))));
    }

    private void listBatches(RoutingContext ctx) {
        Principal p = principal(ctx);
        String id = ctx.pathParam("licenseeId");
        int limit = limit(ctx);
        reply(ctx, 200, blocking(() -> JsonCodec.array(s.batches.list(p, id, limit), JsonCodec::batch)));
    }

    private void recall(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = body(ctx);
        int id = intParam(ctx, "batchId");
        reply(ctx, 200, blocking(() -> {
            var r = s.recalls.recallBatch(p, id, JsonCodec.string(b, "reason"), JsonCodec.string(b, "notice"));
            return new JsonObject().put("recallId", r.recallId().toString()).put("batchIds", new JsonArray(List.copyOf(r.batchIds())))
                    .put("reason", r.reason()).put("notice", r.notice());
        }));
    }

    private void getRanges(RoutingContext ctx) {
        Principal p = principal(ctx);
        int id = intParam(ctx, "batchId");
        reply(ctx, 200, blocking(() -> JsonCodec.array(s.activation.ranges(p, id), JsonCodec::range)));
    }

    /** {@code {"first": 1, "last": 5000}} for a range, {@code {"serials": ["…16 hex…"]}} for a list. */
    private void rangeOrList(RoutingContext ctx, boolean activate) {
        Principal p = principal(ctx);
        JsonObject b = body(ctx);
        int id = intParam(ctx, "batchId");
        if (b.containsKey("serials")) {
            var serials = JsonCodec.stringList(b, "serials");
            reply(ctx, 200, blocking(() -> new JsonObject().put("units", activate
                    ? s.activation.activateList(p, id, serials) : s.activation.voidList(p, id, serials))));
        } else {
            int first = JsonCodec.integer(b, "first", 0);
            int last = JsonCodec.integer(b, "last", 0);
            reply(ctx, 200, blocking(() -> {
                RangeAction r = activate ? s.activation.activateRange(p, id, first, last) : s.activation.voidRange(p, id, first, last);
                return JsonCodec.range(r);
            }));
        }
    }

    /**
     * Streams a print file, produced on a worker thread straight into the response with
     * back-pressure (each 64 KiB write waits for the socket), so memory stays bounded for 1M units.
     */
    private void print(RoutingContext ctx) {
        Principal p = principal(ctx);
        Access.requirePrint(p);
        org.markauth.access.Caller caller = ctx.get(CALLER);
        Access.requireScope(caller, "GET", "/api/v1/batches/" + ctx.pathParam("batchId") + "/print/");   // and here, by route
        String credentialId = caller.credentialId();
        int id = intParam(ctx, "batchId");
        PrintFormat format = PrintFormat.ofFileName(ctx.pathParam("file"));
        int from = sequenceParam(ctx, "from", 1);
        int to = sequenceParam(ctx, "to", Integer.MAX_VALUE);
        if (to < from) {
            throw new IllegalArgumentException("to (" + to + ") must not be below from (" + from + ")");
        }
        HttpServerResponse res = ctx.response();
        blocking(() -> {
            Batch b = s.batches.printable(p, id);                     // licence-gated first
            s.prints.record(p, credentialId, b, from, to, format);   // counted and audited before a byte is sent
            return b;
        }).onSuccess(batch -> {
            res.setChunked(true).putHeader("content-type", format.contentType())
                    .putHeader("content-disposition", "attachment; filename=\"batch-" + id + "." + format.extension() + "\"");
            blocking(() -> {
                try (OutputStream out = new ResponseStream(res)) {
                    format.write(s, p, batch, from, to, out);
                }
                return null;
            }).onSuccess(v -> res.end()).onFailure(e -> {
                if (res.headWritten()) {
                    LOG.warn("print of batch {} broke off: {}", id, e.getMessage());
                    res.reset();
                } else {
                    ctx.fail(e);
                }
            });
        }).onFailure(ctx::fail);
    }

    /** An OutputStream over a chunked response, for worker threads only: writes wait for the socket. */
    private static final class ResponseStream extends OutputStream {
        private final HttpServerResponse res;
        private final byte[] buf = new byte[1 << 16];
        private int n;

        ResponseStream(HttpServerResponse res) {
            this.res = res;
        }

        @Override
        public void write(int b) throws IOException {
            if (n == buf.length) {
                flush();
            }
            buf[n++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (n == buf.length) {
                    flush();
                }
                int k = Math.min(len, buf.length - n);
                System.arraycopy(b, off, buf, n, k);
                n += k;
                off += k;
                len -= k;
            }
        }

        @Override
        public void flush() throws IOException {
            if (n == 0) {
                return;
            }
            Buffer chunk = Buffer.buffer(n).appendBytes(buf, 0, n);
            n = 0;
            try {
                res.write(chunk).toCompletionStage().toCompletableFuture().get();
            } catch (Exception e) {
                throw new IOException("client went away: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    // ------------------------------------------------------------------ keys and credentials

    private void listKeys(RoutingContext ctx) {
        Principal p = principal(ctx);
        Access.requireRole(p, "list signing keys", Role.REGULATOR, Role.OFFICER);
        reply(ctx, 200, blocking(() -> {
            JsonArray a = new JsonArray();
            s.keys.keys().forEach(k -> a.add(new JsonObject().put("keyId", k.keyId().toHex()).put("algorithm", k.algorithm().name())
                    .put("publicKey", java.util.HexFormat.of().formatHex(k.publicKey())).put("validFrom", k.validFrom().toString())
                    .put("validUntil", String.valueOf(k.validUntil())).put("status", k.status().name())
                    .put("revokedAt", k.revokedAt() == null ? null : k.revokedAt().toString())));
            return a;
        }));
    }

    private void rotateKey(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = ctx.body().length() == 0 ? new JsonObject() : body(ctx);
        String alg = JsonCodec.string(b, "algorithm");
        SignatureAlgorithm a = alg == null ? null : parseEnum(SignatureAlgorithm.class, alg, "algorithm");
        reply(ctx, 201, blocking(() -> {
            var k = s.keys.rotate(p, a);
            return new JsonObject().put("keyId", k.keyId().toHex()).put("algorithm", k.algorithm().name()).put("status", k.status().name());
        }));
    }

    private void revokeKey(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = body(ctx);
        KeyId id;
        try {
            id = KeyId.ofHex(ctx.pathParam("keyId"));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("keyId must be 8 hex digits");
        }
        reply(ctx, 200, blocking(() -> {
            var k = s.keys.revoke(p, id, JsonCodec.string(b, "reason"));
            return new JsonObject().put("keyId", k.keyId().toHex()).put("status", k.status().name())
                    .put("revokedAt", String.valueOf(k.revokedAt()));
        }));
    }

    private void trustList(RoutingContext ctx) {
        blocking(() -> s.keys.latestTrustListDocument().orElseThrow(() -> new Errors.HttpFailure(404, "NO_TRUST_LIST",
                "no trust list is published yet; the programme office must generate a signing key first")))
                .onSuccess(doc -> ctx.response().putHeader("content-type", "application/json").end(Buffer.buffer(doc)))
                .onFailure(ctx::fail);
    }

    private void trustRoot(RoutingContext ctx) {
        reply(ctx, 200, blocking(() -> {
            var root = s.keys.root();
            return new JsonObject().put("algorithm", root.algorithm().name())
                    .put("publicKey", java.util.HexFormat.of().formatHex(root.publicKey()));
        }));
    }

    // ------------------------------------------------------------------ misc

    private void openapi(RoutingContext ctx) {
        try (InputStream in = IssuerApi.class.getResourceAsStream("/issuer-openapi.yaml")) {
            if (in == null) {
                throw new IllegalStateException("issuer-openapi.yaml missing from the jar");
            }
            ctx.response().putHeader("content-type", "application/yaml").end(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String v, String field) {
        try {
            return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + " must be one of " + java.util.Arrays.toString(type.getEnumConstants())
                    + ", got '" + v + "'");
        }
    }
}

package org.markauth.issuer.station;

import static org.markauth.issuer.IssuerFixture.REGULATOR;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.markauth.access.Principal;
import org.markauth.config.HttpSettings;
import org.markauth.issuer.IssuerFixture;
import org.markauth.testing.MutableClock;
import org.markauth.issuer.app.IssuerRouter;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.print.PrintFormat;
import org.markauth.issuer.registry.Product;

/**
 * The world of the station ITs: licensee SA with two products, a line over one unit batch, a
 * batch of case labels, a second batch of the same product and one of the other product (not on
 * the line), and licensee SB with a batch of its own; the issuer's API on a random port.
 */
final class StationWorld implements AutoCloseable {

    final IssuerFixture fx;
    final Principal maker;
    final Product product;
    final Product otherProduct;
    final Batch units;
    final Batch cases;
    final Batch sameProduct;
    final Batch otherProductBatch;
    final Batch theirs;
    final String makerKey;
    final String theirKey;
    final String regulatorKey;
    HttpServer server;
    WebClient web;

    StationWorld(String keyspace, int units) throws Exception {
        fx = new IssuerFixture(keyspace, IssuerFixture.PIPELINE, MutableClock.ticking());
        fx.services.keys.rotate(REGULATOR, null);
        String sa = "SA" + Math.abs(keyspace.hashCode() % 1000);
        String sb = "SB" + Math.abs(keyspace.hashCode() % 1000);
        fx.licensee(sa);
        fx.licensee(sb);
        maker = Principal.manufacturer("maker-sa", sa);
        Principal them = Principal.manufacturer("maker-sb", sb);
        product = fx.licensedProduct(sa);
        otherProduct = fx.licensedProduct(sa);
        Product theirProduct = fx.licensedProduct(sb);
        this.units = fx.issued(maker, product, units, "units-1");
        cases = fx.issued(maker, product, 40, "cases-1");
        sameProduct = fx.issued(maker, product, 5, "same-1");
        otherProductBatch = fx.issued(maker, otherProduct, 5, "other-1");
        theirs = fx.issued(them, theirProduct, 5, "theirs-1");
        makerKey = fx.services.apiKeys.issue(maker).toCompletableFuture().get();
        theirKey = fx.services.apiKeys.issue(them).toCompletableFuture().get();
        regulatorKey = fx.services.apiKeys.issue(REGULATOR).toCompletableFuture().get();
        start(0);
    }

    /** Starts the issuer's API (again) on {@code port}, 0 for any. */
    void start(int port) {
        HttpSettings http = new HttpSettings("127.0.0.1", port, 1024 * 1024, Duration.ofSeconds(30), "http://127.0.0.1");
        server = get(IssuerRouter.api(fx.vertx, fx.services, http).listen());
        if (web == null) {
            web = WebClient.create(fx.vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.actualPort()));
        }
    }

    void stop() {
        get(server.close());
    }

    String base() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    /** The printed codes (the QR's URL) of units {@code from..to} of {@code b}. */
    List<String> codes(Batch b, int from, int to) throws Exception {
        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        Principal owner = b.licenseeId().equals(maker.licenseeId().orElseThrow()) ? maker : REGULATOR;
        PrintFormat.CSV.write(fx.services.batches, owner, b, from, to, csv);
        return csv.toString(StandardCharsets.US_ASCII).lines().skip(1).map(l -> l.substring(l.lastIndexOf(',') + 1)).toList();
    }

    String code(Batch b, int seq) throws Exception {
        return codes(b, seq, seq).get(0);
    }

    HttpResponse<Buffer> send(String method, String path, String token, JsonObject body) {
        return send(method, path, token, body, "en");
    }

    HttpResponse<Buffer> send(String method, String path, String token, JsonObject body, String lang) {
        var req = web.request(HttpMethod.valueOf(method), path).putHeader("Authorization", "Bearer " + token);
        if (lang != null) {
            req.putHeader("Accept-Language", lang);
        }
        return get(body == null ? req.send() : req.sendJsonObject(body));
    }

    /** A line of SA over the unit batch, created through the API, and a STATION key for it. */
    String[] lineWithKey(int packSize, int casesPerPallet) {
        var created = send("POST", "/api/v1/lines", makerKey, new JsonObject().put("name", "Line 1").put("batchIds",
                new JsonArray().add(units.batchId())).put("packSize", packSize).put("casesPerPallet", casesPerPallet));
        if (created.statusCode() != 201) {
            throw new IllegalStateException(created.bodyAsString());
        }
        String lineId = created.bodyAsJsonObject().getString("lineId");
        var key = send("POST", "/api/v1/lines/" + lineId + "/keys", makerKey, null);
        if (key.statusCode() != 201) {
            throw new IllegalStateException(key.bodyAsString());
        }
        return new String[] {lineId, key.bodyAsJsonObject().getString("token")};
    }

    /** The unit's effective state as verification sees it. */
    String state(Batch b, int seq) {
        return fx.services.activation.effectiveState(b.batchId(), seq);
    }

    /** How many AggregationEvents name the unit in its path (itself or via a container). */
    long aggregations(Batch b, int seq) {
        long serial = fx.services.serials.serial(b.batchId(), seq);
        return fx.ks.session().execute("SELECT event_type FROM events_by_unit WHERE batch_id = ? AND serial = ?", b.batchId(),
                        org.markauth.registry.MarkKey.serialBytes(serial))
                .all().stream().filter(r -> "AggregationEvent".equals(r.getString("event_type"))).count();
    }

    /** How many state events the unit has (mark_events): one per activation or void applied. */
    long unitEvents(Batch b, int seq) {
        long serial = fx.services.serials.serial(b.batchId(), seq);
        return fx.ks.session().execute("SELECT kind FROM mark_events WHERE batch_id = ? AND serial = ?", b.batchId(),
                org.markauth.registry.MarkKey.serialBytes(serial)).all().size();
    }

    static <T> T get(io.vertx.core.Future<T> f) {
        try {
            return f.await(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("no answer in 30 s", e);
        }
    }

    @Override
    public void close() {
        try {
            if (server != null) {
                get(server.close());
            }
        } finally {
            fx.close();
        }
    }
}

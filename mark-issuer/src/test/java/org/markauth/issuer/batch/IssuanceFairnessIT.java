package org.markauth.issuer.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.markauth.issuer.IssuerFixture.REGULATOR;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.access.Principal;
import org.markauth.config.HttpSettings;
import org.markauth.issuer.IssuerFixture;
import org.markauth.issuer.app.IssuerRouter;
import org.markauth.issuer.auth.ApiAuthentication;
import org.markauth.issuer.registry.Product;
import org.markauth.registry.BatchState;

/**
 * The background issuance queues on the issuer's real HTTP server over the real Cassandra: a big
 * order from one licensee does not hold up a small one from another (round-robin turns of a few
 * chunks, asserted by the order in which the jobs finish, not by times); a licensee's full queue or
 * spent quota is a 429 and the instance's full queue a 503, each with Retry-After and a plain
 * sentence, and a refused order leaves nothing recorded. Every issued unit is stored once.
 */
class IssuanceFairnessIT {

    /** One worker so turns are strictly sequential; slices of four pipeline chunks (the fixture's chunk is 1,024). */
    static final IssuanceJobs.Settings QUEUES = new IssuanceJobs.Settings(1, 4096, 2, 3, 250_000, 7);
    static final int BIG = 200_000;
    static final int SMALL = 2_000;

    static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(IssuanceFairnessIT.class);

    static IssuerFixture fx;
    static IssuanceJobs jobs;
    static HttpServer server;
    static WebClient web;

    @BeforeAll
    static void up() throws Exception {
        fx = new IssuerFixture("issuer_fairness_it");
        fx.services.keys.rotate(REGULATOR, null);
        jobs = new IssuanceJobs(fx.services.batches, QUEUES);
        HttpSettings http = new HttpSettings("127.0.0.1", 0, 1024 * 1024, Duration.ofSeconds(30), "http://127.0.0.1");
        server = new IssuerRouter(fx.vertx, http, fx.services.meters, new ApiAuthentication(fx.services.apiKeys))
                .mount(new BatchRoutes(fx.services.batches, jobs, id -> new JsonObject())::mount)
                .listen().await(10, TimeUnit.SECONDS);
        web = WebClient.create(fx.vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.actualPort()));
    }

    @AfterAll
    static void down() {
        if (jobs != null) {
            jobs.close();
        }
        if (server != null) {
            server.close().await();
        }
        if (fx != null) {
            fx.close();
        }
    }

    /** A licensee with a licensed product and a manufacturer key. */
    record Maker(String key, Product product) {
        static Maker of(String licensee) throws Exception {
            fx.licensee(licensee);
            Product p = fx.licensedProduct(licensee);
            return new Maker(fx.services.apiKeys.issue(Principal.manufacturer("line-1", licensee)).toCompletableFuture().get(), p);
        }

        HttpResponse<Buffer> order(int quantity, String idempotencyKey) throws Exception {
            JsonObject o = new JsonObject().put("productId", product.productId()).put("quantity", quantity).put("lot", "LOT-1")
                    .put("productionDate", "2026-11-01").put("expiryDate", "2028-11-01").put("lineId", "LINE-A");
            return web.post("/api/v1/batches").bearerTokenAuthentication(key).putHeader("Idempotency-Key", idempotencyKey)
                    .sendJsonObject(o).await(30, TimeUnit.SECONDS);
        }

        JsonObject job(int batchId) throws Exception {
            HttpResponse<Buffer> r = web.get("/api/v1/batches/" + batchId + "/job").bearerTokenAuthentication(key)
                    .send().await(30, TimeUnit.SECONDS);
            assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
            return r.bodyAsJsonObject();
        }

        int accepted(int quantity, String idempotencyKey) throws Exception {
            HttpResponse<Buffer> r = order(quantity, idempotencyKey);
            assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(202);
            return r.bodyAsJsonObject().getInteger("batchId");
        }
    }

    static boolean done(JsonObject job) {
        assertThat(job.getString("state")).as(job.encode()).isNotEqualTo("FAILED");
        return "DONE".equals(job.getString("state"));
    }

    /** Polls until the job is DONE (bounded: the test fails, never hangs). */
    static void awaitDone(Maker m, int batchId) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!done(m.job(batchId))) {
            assertThat(System.nanoTime()).as("batch " + batchId + " still not issued").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** Every unit of the batch stored exactly once, seq 1..quantity. */
    static void allStored(int batchId, int quantity) {
        long rows = 0;
        java.util.BitSet seqs = new java.util.BitSet(quantity + 1);
        for (int b = 0; b < 256; b++) {
            for (var r : fx.ks.session().execute("SELECT seq FROM marks WHERE batch_id = ? AND bucket = ?", batchId, (short) b)) {
                rows++;
                seqs.set(r.getInt(0));
            }
        }
        assertThat(rows).isEqualTo(quantity);
        assertThat(seqs.cardinality()).isEqualTo(quantity);
        assertThat(seqs.nextSetBit(0)).isEqualTo(1);
        assertThat(seqs.length() - 1).isEqualTo(quantity);
        assertThat(fx.services.batchStore.batch(batchId).orElseThrow().state()).isEqualTo(BatchState.ISSUED);
    }

    @Test
    void aBigOrderDoesNotHoldUpAnotherLicenseesSmallOne() throws Exception {
        Maker big = Maker.of("BIGMAKER");
        Maker small = Maker.of("SMALLMAKER");
        int bigBatch = big.accepted(BIG, "big-1");
        // the big order is being worked on before the small one arrives
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (big.job(bigBatch).getInteger("done") == 0) {
            assertThat(System.nanoTime()).as("the big order never started").isLessThan(deadline);
            Thread.sleep(5);
        }
        long t0 = System.nanoTime();
        int smallBatch = small.accepted(SMALL, "small-1");
        int bigDoneWhenSmallArrived = big.job(bigBatch).getInteger("done");

        awaitDone(small, smallBatch);
        long t1 = System.nanoTime();
        JsonObject bigThen = big.job(bigBatch);
        // finished first: the big order had most of its units still to go when the small one was done
        assertThat(bigThen.getString("state")).isEqualTo("RUNNING");
        assertThat(bigThen.getInteger("done")).isLessThan(BIG / 2)
                // one worker: the big order's turn in progress, the small order's turn, and at most one more of the big's while we polled
                .isLessThanOrEqualTo(bigDoneWhenSmallArrived + 3 * QUEUES.sliceUnits());

        awaitDone(big, bigBatch);
        long t2 = System.nanoTime();
        // figures for the record (docs/issuer.md), not assertions
        LOG.info("small order ({} units) DONE {} ms after it was accepted, when the big one had {} of {} done ({} when the small one "
                + "arrived); the big one DONE {} ms after that", SMALL, (t1 - t0) / 1_000_000, bigThen.getInteger("done"), BIG,
                bigDoneWhenSmallArrived, (t2 - t1) / 1_000_000);
        allStored(smallBatch, SMALL);
        allStored(bigBatch, BIG);
        assertThat(jobs.jobs()).isZero();
    }

    @Test
    void fullQueuesRefuseNewOrdersWithRetryAfterAndRecordNothing() throws Exception {
        Maker c = Maker.of("QMAKER");
        Maker d = Maker.of("QUOTAMAKER");
        Maker e = Maker.of("LATEMAKER");
        int c1 = c.accepted(100_000, "c-1");
        int c2 = c.accepted(100_000, "c-2");

        // a licensee's third job: its queue holds two
        HttpResponse<Buffer> third = c.order(1_000, "c-3");
        assertThat(third.statusCode()).as(third.bodyAsString()).isEqualTo(429);
        assertThat(third.getHeader("Retry-After")).isEqualTo("7");
        assertThat(third.bodyAsJsonObject().getString("error")).isEqualTo(IssuanceJobs.QUEUE_FULL);
        assertThat(third.bodyAsJsonObject().getString("message")).startsWith("licensee QMAKER already has 2 issuance jobs queued or running");

        // a licensee's units in flight: 200,000 + 60,000 would pass its 250,000
        int d1 = d.accepted(200_000, "d-1");
        HttpResponse<Buffer> over = d.order(60_000, "d-2");
        assertThat(over.statusCode()).as(over.bodyAsString()).isEqualTo(429);
        assertThat(over.getHeader("Retry-After")).isEqualTo("7");
        assertThat(over.bodyAsJsonObject().getString("message")).contains("would pass its quota of 250000 in flight");

        // the instance holds three jobs in all: a third licensee's first order is a 503
        HttpResponse<Buffer> busy = e.order(1_000, "e-1");
        assertThat(busy.statusCode()).as(busy.bodyAsString()).isEqualTo(503);
        assertThat(busy.getHeader("Retry-After")).isEqualTo("7");
        assertThat(busy.bodyAsJsonObject().getString("error")).isEqualTo(IssuanceJobs.BUSY);
        assertThat(busy.bodyAsJsonObject().getString("message")).isEqualTo("the issuer already holds 3 issuance jobs, the most it queues; "
                + "order again in 7 s");

        // the refused orders were not recorded: only the accepted ones are listed
        HttpResponse<Buffer> listed = web.get("/api/v1/licensees/QMAKER/batches").bearerTokenAuthentication(c.key())
                .send().await(30, TimeUnit.SECONDS);
        assertThat(listed.bodyAsJsonArray().size()).isEqualTo(2);

        awaitDone(c, c1);
        awaitDone(c, c2);
        awaitDone(d, d1);
        // once the queues have room, the same orders (same idempotency keys) are taken as new ones
        int c3 = c.accepted(1_000, "c-3");
        int e1 = e.accepted(1_000, "e-1");
        awaitDone(c, c3);
        awaitDone(e, e1);
        allStored(c1, 100_000);
        allStored(d1, 200_000);
        allStored(c3, 1_000);
        assertThat(jobs.jobs()).isZero();
    }
}

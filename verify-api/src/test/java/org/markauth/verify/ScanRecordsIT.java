package org.markauth.verify;

import org.markauth.registry.MarkKey;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.markauth.testing.Worlds;
import org.junit.jupiter.api.Test;
import org.markauth.verify.app.VerifyServer;

/**
 * Scan records reach Cassandra, and none is lost through a Cassandra outage and a restart.
 *
 * <p>The outage is made through the real driver against the real node: the scans table is
 * dropped (every write of the writer fails with the server's own error, exactly as when the
 * table's replicas are unavailable), verifications continue from the caches, the writer spills to
 * disk, the server is stopped gracefully in that state, the table is recreated from the V003
 * migration, and a new server over the same spill directory must replay every record. A second
 * Cassandra node to kill would be closer to a crash but costs 1.5 GB on a 2-core machine.
 */
class ScanRecordsIT {

    static Fixture f;
    static int product;
    static int batch;

    @BeforeAll
    static void up() {
        f = new Fixture("scans_it");
        Worlds.GenuineBatch world = f.genuineBatch(1000);
        product = world.productId();
        batch = world.batchId();
    }

    @AfterAll
    static void down() {
        f.close();
    }

    @Test
    void everyScanIsRecordedWithCoarsePlaceAndHashedClient() {
        VerifyServer s = f.start("direct", Map.of());
        Http http = new Http(s.port());
        long serial = f.mark(batch, 1, null);
        http.get("/api/v1/verify?geo=ws0e9bcd&code=" + enc(f.url(product, batch, serial)), "X-Forwarded-For", "192.0.2.9");
        http.verdict("garbage");
        s.stop().await();   // graceful stop flushes what is buffered
        var rows = f.session.execute("SELECT verdict, cell, region, ip_hash, channel FROM scan_log WHERE batch_id = ? AND serial = ? "
                + "ALLOW FILTERING", batch, MarkKey.serialBytes(serial)).all();
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).getString("verdict")).isEqualTo("GENUINE");
        assertThat(rows.get(0).getString("cell")).isEqualTo("ws0e9");
        assertThat(rows.get(0).getString("region")).isEqualTo("TEST-NET-1");
        assertThat(rows.get(0).getByteBuffer("ip_hash").remaining()).isEqualTo(16);
        var summary = f.session.execute("SELECT scans, clients, first_place, last_cell, last_verdict FROM scan_summaries "
                + "WHERE batch_id = ? AND serial = ?", batch, MarkKey.serialBytes(serial)).one();
        assertThat(summary.getLong("scans")).as("the code's first scan writes its summary").isEqualTo(1);
        assertThat(summary.getLong("clients")).isEqualTo(1);
        assertThat(summary.getString("first_place")).isEqualTo("ws0e9");
        assertThat(summary.getString("last_cell")).isEqualTo("ws0e9");
        assertThat(summary.getString("last_verdict")).isEqualTo("GENUINE");
        long malformed = f.session.execute("SELECT scans FROM scan_hotspots WHERE day = ? AND place = 'local' AND verdict = 'MALFORMED'",
                LocalDate.now(ZoneOffset.UTC)).one().getLong(0);
        assertThat(malformed).isGreaterThanOrEqualTo(1);
    }

    @Test
    void noAcknowledgedScanIsLostThroughACassandraOutageAndARestart() throws Exception {
        List<Long> serials = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            serials.add(f.mark(batch, 100 + i, null));
        }
        VerifyServer a = f.start("outage", Map.of());
        Http http = new Http(a.port());
        for (long s : serials) {
            assertThat(http.verdict(f.url(product, batch, s))).isEqualTo("GENUINE");   // warms the caches
        }
        waitFor(() -> a.scanWriter().written() >= 10, "first scans written");

        f.session.execute("DROP TABLE scan_log");
        for (int round = 0; round < 3; round++) {
            for (long s : serials) {
                assertThat(http.verdict(f.url(product, batch, s))).isEqualTo("GENUINE");   // answered from cache
            }
        }
        waitFor(() -> a.scanWriter().spilling() && a.scanBuffer().depth() == 0, "writer spilling");
        var ready = new io.vertx.core.json.JsonObject(http.get("/health/ready").body());
        assertThat(ready.getJsonObject("checks").getString("scanWriter")).isEqualTo("SPILLING");
        a.stop().await();
        try (var files = Files.list(f.spillRoot.resolve("outage"))) {
            assertThat(files.count()).isGreaterThan(0);
        }

        f.session.execute(createScansTable());
        VerifyServer b = f.start("outage", Map.of());
        try {
            // 10 before the outage were lost with the dropped table; the 30 during it must all arrive
            waitFor(() -> serials.stream().allMatch(s -> count(s) == 3), "spilled records replayed");
            waitFor(() -> !b.scanWriter().spilling(), "writer direct again");
        } finally {
            b.stop().await();
        }
        try (var files = Files.list(f.spillRoot.resolve("outage"))) {
            assertThat(files.count()).isZero();
        }
    }

    @Test
    void whenTheRegistryCannotBeReadTheSignatureVerdictIsAnsweredAndTheScanKept() {
        long serial = f.mark(batch, 500, null);
        VerifyServer s = f.start("registry-down", Map.of());
        Http http = new Http(s.port());
        f.session.execute("DROP TABLE marks");   // every registry read of a mark now fails on the server
        try {
            var answer = http.get("/api/v1/verify?lang=en&code=" + enc(f.url(product, batch, serial)));
            assertThat(answer.statusCode()).isEqualTo(200);
            var v = new io.vertx.core.json.JsonObject(answer.body());
            assertThat(v.getString("code")).isEqualTo("SIGNATURE_VALID");
            assertThat(v.getJsonArray("notes").encode()).contains("registry could not be reached");
        } finally {
            f.session.execute(createTable("V002__registry_and_marks.cql", "marks"));
            s.stop().await();
        }
        assertThat(count(serial)).isEqualTo(1);
    }

    @Test
    void aScanTheBufferCannotTakeIsNotAnsweredSoNoAnsweredScanIsDropped() {
        long serial = f.mark(batch, 600, null);
        // one record of room and no flush before the stop: the second scan finds the buffer full
        VerifyServer s = f.start("full", Map.of("verify.scan.buffer", "1", "verify.scan.flush-interval", "60s"));
        Http http = new Http(s.port());
        String uri = "/api/v1/verify?lang=en&code=" + enc(f.url(product, batch, serial));
        assertThat(http.get(uri).statusCode()).isEqualTo(200);
        var refused = http.get(uri);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(new io.vertx.core.json.JsonObject(refused.body()).getString("error")).isEqualTo("UNAVAILABLE");
        s.stop().await();
        assertThat(count(serial)).isEqualTo(1);   // exactly the answered one
    }

    /** The code's rows in the scan log. */
    static long count(long serial) {
        return org.markauth.verify.scan.ScanLogRows.count(f.session, batch, serial);
    }

    /** The scan_log statement of the real V013 migration (so the test cannot drift from it). */
    static String createScansTable() {
        return createTable("V013__scan_log.cql", "scan_log");
    }

    /** A table's CREATE statement as the real migration has it. */
    static String createTable(String migration, String table) {
        try (InputStream in = ScanRecordsIT.class.getResourceAsStream("/db/migration/" + migration)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("--[^\n]*", "");
            int start = text.indexOf("CREATE TABLE IF NOT EXISTS " + table + " (");
            return text.substring(start, text.indexOf(";", start));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(100);
        }
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}

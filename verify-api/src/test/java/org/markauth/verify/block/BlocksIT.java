package org.markauth.verify.block;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.ops.testing.RedisProbe;
import org.markauth.verify.Fixture;
import org.markauth.verify.Http;
import org.markauth.verify.app.VerifyServer;
import org.markauth.verify.registry.RegistryReader;

/**
 * Blocked (cloned) codes on two verify-api instances sharing Cassandra and Redis: a block written
 * as the issuer writes it (an alert confirmed, a manual block) answers CLONED on both within
 * seconds; an unblock makes the code answer by its counts again; the block threshold blocks a code
 * automatically and tells the other instance; a product's rule overrides change that product only.
 */
class BlocksIT {

    static Fixture f;
    static Http one;
    static Http two;
    static int product;
    static int otherProduct;
    static int batch;
    static int otherBatch;
    static int tunedProduct;
    static int tunedBatch;
    static final AtomicInteger client = new AtomicInteger();

    @BeforeAll
    static void up() {
        f = new Fixture("blocks_it");
        Instant longAgo = Instant.now().minus(Duration.ofDays(100));
        f.licensee("L1", "佛山电器");
        product = f.newId();
        otherProduct = f.newId();
        f.product(product, "L1", "ACTIVE", longAgo, Set.of());
        f.product(otherProduct, "L1", "ACTIVE", longAgo, Set.of());
        batch = f.newId();
        otherBatch = f.newId();
        f.batch(batch, product, "L1", "ISSUED", LocalDate.now(ZoneOffset.UTC).plusYears(1), longAgo);
        f.batch(otherBatch, otherProduct, "L1", "ISSUED", LocalDate.now(ZoneOffset.UTC).plusYears(1), longAgo);
        f.range(batch, 1, 100, "ACTIVATE");
        f.range(otherBatch, 1, 100, "ACTIVATE");
        tunedProduct = f.newId();
        tunedBatch = f.newId();
        f.product(tunedProduct, "L1", "ACTIVE", longAgo, Set.of());
        f.batch(tunedBatch, tunedProduct, "L1", "ISSUED", LocalDate.now(ZoneOffset.UTC).plusYears(1), longAgo);
        f.range(tunedBatch, 1, 100, "ACTIVATE");
        Map<String, String> rules = Map.of("verify.rules.max-scans", "3", "verify.rules.block-threshold", "6",
                "verify.scan.counter-fresh", "0s");
        VerifyServer a = f.start("a", rules);
        VerifyServer b = f.start("b", rules);
        one = new Http(a.port());
        two = new Http(b.port());
    }

    @AfterAll
    static void down() {
        f.close();
    }

    /** Each scan from another client: the counts are evidence only across independent clients. */
    static String scan(Http http, String code) {
        return verify(http, code, "en").getString("code");
    }

    static JsonObject verify(Http http, String code, String lang) {
        int n = client.incrementAndGet();
        return http.verify(code, "X-Forwarded-For", "198.51." + (n / 250) + "." + (1 + n % 250), "Accept-Language", lang);
    }

    /** Waits (bounded) until the instance answers {@code expected}; returns the last answer. */
    static String await(Http http, String code, String expected) throws InterruptedException {
        return awaitValue(() -> scan(http, code), expected);
    }

    static String awaitValue(Supplier<String> probe, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        String last = probe.get();
        while (!expected.equals(last) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            last = probe.get();
        }
        return last;
    }

    /**
     * As the issuer writes a block or an unblock (mark-issuer clones/Blocks, through its ChangeRecorder):
     * the row, the change_log row, then the message on the invalidation channel.
     */
    static void blockAsTheIssuer(int batchId, long serial, boolean blocked, String reason) {
        f.session.execute("INSERT INTO mark_blocks (batch_id, serial, blocked, since, actor, reason, alert_id, product_id) "
                        + "VALUES (?, ?, ?, ?, 'regulator-1', ?, ?, ?)", batchId, RegistryReader.serialBytes(serial), blocked,
                Instant.now(), reason, blocked ? UUID.randomUUID() : null, product);
        f.changed("block", AutoBlocks.id(batchId, serial));
        try (RedisProbe redis = RedisProbe.connect(f.stack.redisUrl())) {
            redis.command("PUBLISH", "markauth:invalidate", "block:" + AutoBlocks.id(batchId, serial));
        }
    }

    @Test
    void aConfirmedCloneAnswersClonedOnEveryInstanceAndAnUnblockUndoesIt() throws Exception {
        long serial = f.mark(batch, 1, null);
        String code = f.url(product, batch, serial);
        assertThat(scan(one, code)).isEqualTo("GENUINE");
        assertThat(scan(two, code)).isEqualTo("GENUINE");     // both now hold "not blocked" in their caches

        blockAsTheIssuer(batch, serial, true, "alert confirmed: fakes seized in Dongguan");
        assertThat(await(one, code, "CLONED")).isEqualTo("CLONED");
        assertThat(await(two, code, "CLONED")).isEqualTo("CLONED");
        JsonObject zh = verify(two, code, "zh-CN");
        assertThat(zh.getString("category")).isEqualTo("COUNTERFEIT");
        assertThat(zh.getString("message")).contains("复制").contains("请勿购买");
        assertThat(verify(one, code, "en").getString("message")).contains("copied from a genuine mark").contains("Do not buy");
        String path = code.substring(code.indexOf("/M/"));
        var page = one.get(path, "Accept-Language", "en", "X-Forwarded-For", "203.0.113.9");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Copied code: do not buy");

        blockAsTheIssuer(batch, serial, false, "the alert was a shop's display unit");
        // 6 scans so far: over max-scans 3, so the counts speak again once the block is gone
        assertThat(await(one, code, "CLONE_SUSPECTED")).isEqualTo("CLONE_SUSPECTED");
        assertThat(await(two, code, "CLONE_SUSPECTED")).isEqualTo("CLONE_SUSPECTED");
    }

    @Test
    void aBlockOutranksTheLicenceButNotTheUnitsOwnState() throws Exception {
        long voided = f.mark(batch, 2, "VOIDED");
        blockAsTheIssuer(batch, voided, true, "manual");
        String code = f.url(product, batch, voided);
        assertThat(scan(one, code)).isEqualTo("VOIDED");
    }

    @Test
    void passingTheBlockThresholdBlocksTheCodeForEveryInstanceUntilTheRegulatorUnblocksIt() throws Exception {
        long serial = f.mark(batch, 3, null);
        String code = f.url(product, batch, serial);
        assertThat(scan(two, code)).isEqualTo("GENUINE");     // instance two caches "not blocked"
        for (int i = 2; i <= 6; i++) {
            assertThat(scan(one, code)).as("scan " + i).isIn("GENUINE", "CLONE_SUSPECTED");
        }
        JsonObject seventh = verify(one, code, "en");
        assertThat(seventh.getString("code")).as("scan 7, over the threshold 6: " + seventh.encode()).isEqualTo("CLONED");
        assertThat(await(two, code, "CLONED")).isEqualTo("CLONED");

        Row row = f.session.execute("SELECT blocked, actor, reason FROM mark_blocks WHERE batch_id = ? AND serial = ?",
                batch, RegistryReader.serialBytes(serial)).one();
        assertThat(row.getBoolean("blocked")).isTrue();
        assertThat(row.getString("actor")).isEqualTo(AutoBlocks.ACTOR);
        assertThat(row.getString("reason")).contains("scanned by 7 distinct clients").contains("threshold 6");
        Row audit = f.session.execute("SELECT actor, action, detail FROM audit_by_entity WHERE entity = ?",
                "block:" + AutoBlocks.id(batch, serial)).one();
        assertThat(audit.getString("action")).isEqualTo("mark.auto-block");
        assertThat(audit.getString("actor")).isEqualTo(AutoBlocks.ACTOR);

        blockAsTheIssuer(batch, serial, false, "checked: a pharmacy's demonstration unit");
        assertThat(await(one, code, "CLONE_SUSPECTED")).isEqualTo("CLONE_SUSPECTED");
        assertThat(scan(two, code)).as("unblocked by the regulator: not blocked again").isEqualTo("CLONE_SUSPECTED");
        assertThat(f.session.execute("SELECT blocked FROM mark_blocks WHERE batch_id = ? AND serial = ?", batch,
                RegistryReader.serialBytes(serial)).one().getBoolean("blocked")).isFalse();
    }

    @Test
    void aProductsRuleOverridesChangeItsVerdictsAndNoOtherProducts() throws Exception {
        long serial = f.mark(tunedBatch, 4, null);
        long otherSerial = f.mark(otherBatch, 4, null);
        String code = f.url(tunedProduct, tunedBatch, serial);
        String other = f.url(otherProduct, otherBatch, otherSerial);
        for (int i = 1; i <= 3; i++) {
            scan(one, code);
            scan(one, other);
        }
        assertThat(scan(one, code)).isEqualTo("CLONE_SUSPECTED");
        assertThat(scan(one, other)).isEqualTo("CLONE_SUSPECTED");

        // as the console writes it: TOO_MANY_SCANS from 1000 scans, no automatic block
        f.session.execute("INSERT INTO clone_rules_by_product (product_id, max_scans, block_threshold, updated_at, updated_by) "
                + "VALUES (?, 1000, 0, ?, 'regulator-1')", tunedProduct, Instant.now());
        f.changed("rules", Integer.toString(tunedProduct));
        try (RedisProbe redis = RedisProbe.connect(f.stack.redisUrl())) {
            // as the issuer's ChangeRecorder does: without the message the instances would learn it from
            // change_log polling only, and the scans awaiting it (each from a new client) would pass the block threshold
            redis.command("PUBLISH", "markauth:invalidate", "rules:" + tunedProduct);
        }
        assertThat(await(one, code, "GENUINE")).isEqualTo("GENUINE");
        assertThat(await(two, code, "GENUINE")).isEqualTo("GENUINE");
        assertThat(scan(two, other)).isEqualTo("CLONE_SUSPECTED");
        assertThat(scan(two, other)).isEqualTo("CLONE_SUSPECTED");
        // and past the service's block threshold (6) the overridden product is not blocked, the other one is
        for (int i = 0; i < 3; i++) {
            assertThat(scan(one, code)).isEqualTo("GENUINE");
        }
        assertThat(scan(one, other)).isEqualTo("CLONED");
    }

    @Test
    void aBlockWithoutItsInvalidationMessageIsStillSeenThroughChangeLogPolling() throws Exception {
        long serial = f.mark(batch, 5, null);
        String code = f.url(product, batch, serial);
        assertThat(scan(two, code)).isEqualTo("GENUINE");
        f.session.execute("INSERT INTO mark_blocks (batch_id, serial, blocked, since, actor, reason) VALUES (?, ?, true, ?, 'r', 'x')",
                batch, RegistryReader.serialBytes(serial), Instant.now());
        f.session.execute("INSERT INTO change_log (day, at, kind, id) VALUES (?, ?, 'block', ?)", LocalDate.now(ZoneOffset.UTC),
                Uuids.timeBased(), batch + ":" + String.format("%016x", serial));
        assertThat(await(two, code, "CLONED")).isEqualTo("CLONED");
    }
}

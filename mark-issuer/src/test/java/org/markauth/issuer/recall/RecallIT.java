package org.markauth.issuer.recall;

import org.markauth.registry.BatchState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.markauth.issuer.IssuerFixture.REGULATOR;
import static org.markauth.issuer.IssuerFixture.order;

import com.datastax.oss.driver.api.core.cql.Row;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.ResponseType;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.access.Principal;
import org.markauth.issuer.IssuerException;
import org.markauth.issuer.IssuerFixture;
import org.markauth.registry.Invalidation;
import org.markauth.issuer.invalidation.Invalidations;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.batch.Batches;
import org.markauth.issuer.registry.Product;

class RecallIT {

    static IssuerFixture fx;
    static Recalls recalls;
    static Product product;
    static RedisConnection sub;
    static final List<String> messages = new CopyOnWriteArrayList<>();
    static final Principal MAKER = Principal.manufacturer("line-1", "RMAKER");
    static final Principal OTHER = Principal.manufacturer("line-9", "ROTHER");

    @BeforeAll
    static void up() throws Exception {
        fx = new IssuerFixture("issuer_recall_it");
        fx.services.keys.rotate(REGULATOR, null);
        fx.licensee("RMAKER");
        fx.licensee("ROTHER");
        product = fx.licensedProduct("RMAKER");
        recalls = new Recalls(fx.ks.session(), fx.services.batchStore, fx.services.registry, fx.services.changes, fx.services.clock);
        sub = Redis.createClient(fx.vertx, fx.stack.redisUrl()).connect().await();
        sub.handler(r -> {
            if (r.type() == ResponseType.PUSH && "message".equals(r.get(0).toString())) {
                messages.add(r.get(2).toString());
            }
        });
        sub.send(Request.cmd(Command.SUBSCRIBE).arg(Invalidation.CHANNEL)).await();
    }

    @AfterAll
    static void down() {
        sub.close();
        fx.close();
    }

    private static Batch issued(String key, String lot) {
        Batches.Ordered o = fx.services.batches.order(MAKER, new org.markauth.issuer.batch.BatchOrder(product.productId(), 4, lot,
                LocalDate.of(2026, 11, 1), LocalDate.of(2028, 11, 1), "LINE-A", key));
        fx.services.batches.issue(o.batch(), c -> { }, (d, t) -> { });
        return fx.services.batchStore.batch(o.batch().batchId()).orElseThrow();
    }

    @Test
    void recallWritesTheContractColumnsChangeLogAndInvalidation() throws Exception {
        Batch b = issued("recall-1", "LOT-A");
        Recall r = recalls.recallBatch(MAKER, b.batchId(), "overheating", "Return it to the shop.");

        Row row = fx.ks.session().execute("SELECT state, recalled_at, recall_reason, recall_notice FROM batches WHERE batch_id = ?",
                b.batchId()).one();
        assertThat(row.getString("state")).isEqualTo("RECALLED");
        assertThat(row.getInstant("recalled_at")).isEqualTo(r.recalledAt());
        assertThat(row.getString("recall_reason")).isEqualTo("overheating");
        assertThat(row.getString("recall_notice")).isEqualTo("Return it to the shop.");
        LocalDate day = LocalDate.ofInstant(r.recalledAt(), ZoneOffset.UTC);
        assertThat(fx.ks.session().execute("SELECT kind, id FROM change_log WHERE day = ?", day).all())
                .anyMatch(c -> "batch".equals(c.getString("kind")) && b.idText().equals(c.getString("id")));
        long end = System.currentTimeMillis() + 10_000;
        while (!messages.contains("batch:" + b.batchId()) && System.currentTimeMillis() < end) {
            Thread.sleep(50);
        }
        assertThat(messages).contains("batch:" + b.batchId());

        assertThat(recalls.get(REGULATOR, r.recallId())).isEqualTo(r);
        assertThat(recalls.recent(REGULATOR, 10)).extracting(Recall::recallId).contains(r.recallId());
        assertThatThrownBy(() -> recalls.recallBatch(REGULATOR, b.batchId(), "again", "again"))
                .isInstanceOf(IssuerException.Conflict.class).hasMessageContaining("already recalled");
    }

    @Test
    void aLotRecallCoversEveryBatchOfTheLotAndReportsScansAndPlaces() {
        Batch b1 = issued("lot-1", "LOT-L");
        Batch b2 = issued("lot-2", "LOT-L");
        Batch other = issued("lot-3", "LOT-M");
        Recall r = recalls.recallLot(REGULATOR, product.productId(), "LOT-L", "contamination", "Do not use; return for a refund.");
        assertThat(r.batchIds()).containsExactlyInAnyOrder(b1.batchId(), b2.batchId());
        assertThat(fx.services.batchStore.batch(other.batchId()).orElseThrow().state()).isEqualTo(BatchState.ISSUED);

        // what verify-api's scan tallies and the supply-chain capture write (V004)
        fx.ks.session().execute("UPDATE batch_scan_counts SET scans = scans + 3 WHERE batch_id = ? AND verdict = 'RECALLED'", b1.batchId());
        fx.ks.session().execute("INSERT INTO batch_scan_places (batch_id, place, last_at) VALUES (?, 'ws0e9', toTimestamp(now()))", b1.batchId());
        fx.ks.session().execute("INSERT INTO batch_locations (batch_id, location, last_at, biz_step) VALUES (?, 'urn:markauth:loc:SHOP1:1', "
                + "toTimestamp(now()), 'receiving')", b2.batchId());
        RecallReport report = recalls.report(REGULATOR, r.recallId());
        assertThat(report.scansAfterRecall()).isEqualTo(3);
        assertThat(report.batches()).flatExtracting(RecallReport.BatchOutcome::lastScanPlaces)
                .extracting(RecallReport.Place::place).containsExactly("ws0e9");
        assertThat(report.batches()).flatExtracting(RecallReport.BatchOutcome::lastLocations)
                .extracting(RecallReport.Place::place).containsExactly("urn:markauth:loc:SHOP1:1");
    }

    @Test
    void anotherLicenseeCannotRecallAndReasonAndNoticeAreRequired() {
        Batch b = issued("recall-x", "LOT-X");
        // another licensee's batch is answered as a missing one (no existence oracle, issue 15)
        assertThatThrownBy(() -> recalls.recallBatch(OTHER, b.batchId(), "r", "n")).isInstanceOf(IssuerException.NotFound.class);
        assertThatThrownBy(() -> recalls.recallBatch(MAKER, b.batchId(), " ", "n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reason is required");
        assertThat(fx.services.batchStore.batch(b.batchId()).orElseThrow().state()).isEqualTo(BatchState.ISSUED);
    }
}

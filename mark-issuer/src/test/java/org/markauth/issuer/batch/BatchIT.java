package org.markauth.issuer.batch;

import org.markauth.registry.BatchState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.markauth.issuer.IssuerFixture.REGULATOR;
import static org.markauth.issuer.IssuerFixture.order;

import com.datastax.oss.driver.api.core.cql.Row;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.access.Principal;
import org.markauth.issuer.IssuerException;
import org.markauth.issuer.IssuerFixture;
import org.markauth.issuer.print.CsvWorkOrder;
import org.markauth.registry.LicenceStatus;
import org.markauth.issuer.registry.Product;
import org.markauth.sdk.trust.TrustList;
import org.markauth.sdk.trust.TrustListCodec;
import org.markauth.sdk.verify.OfflineVerifier;
import org.markauth.sdk.verify.Verdict;
import org.markauth.sdk.verify.VerdictCode;

class BatchIT {

    static IssuerFixture fx;
    static Batches batches;
    static Product product;
    static final Principal MAKER = Principal.manufacturer("line-1", "MAKER");

    @BeforeAll
    static void up() throws Exception {
        fx = new IssuerFixture("issuer_batch_it");
        batches = fx.services.batches;
        fx.services.keys.rotate(REGULATOR, null);
        fx.licensee("MAKER");
        product = fx.licensedProduct("MAKER");
    }

    @AfterAll
    static void down() {
        fx.close();
    }

    @Test
    void issuesInactiveMarksWhoseCodesVerifyWithTheSdk() throws Exception {
        Batches.Ordered o = batches.order(MAKER, order(product.productId(), 20_000, "order-verify"));
        assertThat(o.created()).isTrue();
        assertThat(batches.status(MAKER, o.batch().batchId()).state()).isEqualTo(JobStatus.State.QUEUED);
        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        List<Integer> progress = new ArrayList<>();
        try (CsvWorkOrder w = new CsvWorkOrder(csv, CsvWorkOrder.Format.CSV)) {
            batches.issue(o.batch(), w, (done, total) -> progress.add(done));
        }
        int id = o.batch().batchId();
        assertThat(progress).isSorted().last().isEqualTo(20_000);
        JobStatus job = batches.status(MAKER, id);
        assertThat(job.state()).isEqualTo(JobStatus.State.DONE);
        assertThat(job.done()).isEqualTo(job.total()).isEqualTo(20_000);
        assertThat(batches.get(MAKER, id).state()).isEqualTo(BatchState.ISSUED);

        // every mark is stored once, in its bucket, inactive (no per-unit state)
        long rows = 0;
        Set<Integer> seqs = new HashSet<>();
        for (int b = 0; b < 256; b++) {
            for (Row r : fx.ks.session().execute("SELECT seq, state, serial FROM marks WHERE batch_id = ? AND bucket = ?", id, (short) b)) {
                rows++;
                seqs.add(r.getInt("seq"));
                assertThat(r.getString("state")).isNull();
                assertThat(r.getByteBuffer("serial").get(0) & 0xFF).isEqualTo(b);
            }
        }
        assertThat(rows).isEqualTo(20_000);
        assertThat(seqs).hasSize(20_000);

        String[] lines = csv.toString(StandardCharsets.US_ASCII).split("\r\n");
        assertThat(lines).hasSize(20_001);
        TrustList trust = TrustListCodec.decodeAndVerify(fx.services.keys.latestTrustListDocument().orElseThrow(),
                List.of(fx.services.keys.root()));
        OfflineVerifier verifier = OfflineVerifier.create(trust, OfflineVerifier.Options.defaults());
        for (int i = 1; i < lines.length; i += 997) {
            String[] f = lines[i].split(",");
            Verdict v = verifier.verify(f[2]);
            assertThat(v.code()).as(lines[i]).isIn(VerdictCode.GENUINE, VerdictCode.SIGNATURE_VALID);
            assertThat(v.mark().content().batchId()).isEqualTo(id);
            assertThat(v.mark().content().productId()).isEqualTo(product.productId());
            assertThat(v.mark().content().serial().toHex()).isEqualTo(f[1]);
            assertThat(fx.services.serials.invert(Long.parseUnsignedLong(f[1], 16))).containsExactly(id, Integer.parseInt(f[0]));
        }

        // a re-print gives the same codes (Ed25519 is deterministic)
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        try (CsvWorkOrder w = new CsvWorkOrder(again, CsvWorkOrder.Format.CSV)) {
            batches.print(MAKER, id, 1, 50, w);
        }
        String[] reprint = again.toString(StandardCharsets.US_ASCII).split("\r\n");
        assertThat(reprint).hasSize(51);
        assertThat(reprint[50]).isEqualTo(lines[50]);
    }

    @Test
    void aRetriedOrderReturnsTheSameBatchAndAReusedKeyIsRefused() {
        Batches.Ordered first = batches.order(MAKER, order(product.productId(), 10, "order-idem"));
        Batches.Ordered retry = batches.order(MAKER, order(product.productId(), 10, "order-idem"));
        assertThat(retry.created()).isFalse();
        assertThat(retry.batch().batchId()).isEqualTo(first.batch().batchId());
        assertThatThrownBy(() -> batches.order(MAKER, order(product.productId(), 11, "order-idem")))
                .isInstanceOf(IssuerException.Conflict.class).hasMessageContaining("different order");
        assertThat(batches.list(MAKER, "MAKER", 100)).extracting(Batch::batchId).containsOnlyOnce(first.batch().batchId());
    }

    @Test
    void ordersAreRefusedForSuspendedLicencesAndBlacklistedLicensees() {
        fx.licensee("SUSP");
        Product p = fx.licensedProduct("SUSP");
        Principal m = Principal.manufacturer("u", "SUSP");
        fx.services.registry.changeLicenceStatus(REGULATOR, p.productId(), LicenceStatus.SUSPENDED, "failed spot check");
        assertThatThrownBy(() -> batches.order(m, order(p.productId(), 10, "k1")))
                .isInstanceOf(IssuerException.Refused.class)
                .satisfies(e -> assertThat(((IssuerException) e).code()).isEqualTo("LICENCE_SUSPENDED"))
                .hasMessageContaining("failed spot check");
        fx.services.registry.changeLicenceStatus(REGULATOR, p.productId(), LicenceStatus.ACTIVE, "fixed");
        fx.services.registry.setBlacklisted(REGULATOR, "SUSP", true, "fake certificates");
        assertThatThrownBy(() -> batches.order(m, order(p.productId(), 10, "k2")))
                .satisfies(e -> assertThat(((IssuerException) e).code()).isEqualTo("LICENSEE_BLACKLISTED"));
        fx.services.registry.setBlacklisted(REGULATOR, "SUSP", false, "cleared");
        fx.clock.advance(Duration.ofDays(400));
        try {
            assertThatThrownBy(() -> batches.order(m, order(p.productId(), 10, "k3")))
                    .satisfies(e -> assertThat(((IssuerException) e).code()).isEqualTo("LICENCE_EXPIRED"));
        } finally {
            fx.clock.advance(Duration.ofDays(-400));
        }
        assertThat(batches.order(m, order(p.productId(), 10, "k4")).created()).isTrue();
    }

    @Test
    void manufacturersOrderOnlyForTheirOwnProductsAndOfficersNotAtAll() {
        fx.licensee("RIVAL");
        Product rival = fx.licensedProduct("RIVAL");
        assertThatThrownBy(() -> batches.order(MAKER, order(rival.productId(), 10, "steal")))
                .isInstanceOf(IssuerException.NotFound.class).hasMessage("product " + rival.productId() + " does not exist; check the id");
        assertThatThrownBy(() -> batches.order(IssuerFixture.OFFICER, order(rival.productId(), 10, "o")))
                .isInstanceOf(IssuerException.Forbidden.class);
        assertThatThrownBy(() -> batches.order(MAKER, order(product.productId(), 3_000_000, "big")))
                .satisfies(e -> assertThat(((IssuerException) e).code()).isEqualTo("QUANTITY_TOO_LARGE"));
    }
}

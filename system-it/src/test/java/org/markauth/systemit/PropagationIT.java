package org.markauth.systemit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.markauth.systemit.SystemFixture.REGULATOR;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.access.Principal;
import org.markauth.issuer.recall.Recall;
import org.markauth.issuer.recall.Recalls;
import org.markauth.registry.LicenceStatus;
import org.markauth.issuer.registry.Product;
import org.markauth.verify.app.VerifyServer;

/**
 * A recall and a licence suspension made through the issuer's services reach the verdicts of two
 * verify-api instances that had the unit cached: the change_log row plus the Redis invalidation
 * of the issuer's ChangeRecorder are the whole mechanism, nothing test-specific.
 */
class PropagationIT {

    static final Duration PATIENCE = Duration.ofSeconds(20);
    static SystemFixture fx;
    static VerifyServer a;
    static VerifyServer b;
    static Recalls recalls;

    @BeforeAll
    static void up() throws Exception {
        fx = new SystemFixture("system_propagation_it");
        a = fx.startVerify();
        b = fx.startVerify();
        recalls = fx.issuer.recalls;
    }

    @AfterAll
    static void down() {
        fx.close();
    }

    @Test
    void aRecallReachesEveryInstanceWithItsNotice() throws Exception {
        fx.licensee("RECALLCO");
        Product p = fx.licensedProduct("RECALLCO");
        Principal maker = Principal.manufacturer("line-1", "RECALLCO");
        SystemFixture.Issued issued = fx.issueActive(maker, p.productId(), 5, "LOT-R1");
        String code = issued.codes().get(2);
        // both instances have seen (and cached) the unit as genuine
        assertThat(fx.verify(a, code).getString("code")).isEqualTo("GENUINE");
        assertThat(fx.verify(b, code).getString("code")).isEqualTo("GENUINE");

        Recall r = recalls.recallBatch(maker, issued.batch().batchId(), "heating element may overheat",
                "Stop using this rice cooker and return it to the shop for a free replacement.");

        List<JsonObject> after = fx.awaitVerdicts(code, PATIENCE, j -> "RECALLED".equals(j.getString("code")));
        assertThat(after).extracting(j -> j.getString("code")).containsExactly("RECALLED", "RECALLED");
        assertThat(after.get(0).getJsonObject("batch").getString("recallNotice")).isEqualTo(r.notice());
        assertThat(fx.page(b, code)).contains("Stop using this rice cooker").contains("RECALLED");
        assertThat(fx.issuer.batchStore.batch(issued.batch().batchId()).orElseThrow().state().name()).isEqualTo("RECALLED");
    }

    @Test
    void aSuspensionReachesEveryInstanceAndReinstatementUndoesIt() throws Exception {
        fx.licensee("SUSPCO");
        Product p = fx.licensedProduct("SUSPCO");
        Principal maker = Principal.manufacturer("line-1", "SUSPCO");
        String code = fx.issueActive(maker, p.productId(), 3, "LOT-S1").codes().get(0);
        assertThat(fx.verify(a, code).getString("code")).isEqualTo("GENUINE");
        assertThat(fx.verify(b, code).getString("code")).isEqualTo("GENUINE");

        fx.issuer.registry.changeLicenceStatus(REGULATOR, p.productId(), LicenceStatus.SUSPENDED, "failed market sampling");
        List<JsonObject> suspended = fx.awaitVerdicts(code, PATIENCE, j -> "LICENCE_SUSPENDED".equals(j.getString("code")));
        assertThat(suspended).extracting(j -> j.getString("code")).containsExactly("LICENCE_SUSPENDED", "LICENCE_SUSPENDED");

        fx.issuer.registry.changeLicenceStatus(REGULATOR, p.productId(), LicenceStatus.ACTIVE, "corrective actions verified");
        List<JsonObject> back = fx.awaitVerdicts(code, PATIENCE, j -> "GENUINE".equals(j.getString("code")));
        assertThat(back).extracting(j -> j.getString("code")).containsExactly("GENUINE", "GENUINE");
        assertThat(fx.issuer.registry.licenceHistory(REGULATOR, p.productId(), 10)).hasSize(3);
    }
}

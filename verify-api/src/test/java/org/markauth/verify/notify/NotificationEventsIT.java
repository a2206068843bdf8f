package org.markauth.verify.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.cql.Row;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.registry.NotificationEvent;
import org.markauth.testing.RedisFixture;
import org.markauth.testing.TestKeyspace;
import org.markauth.testing.TestStack;
import org.markauth.verify.cache.RedisTier;
import org.markauth.verify.report.CassandraPhotoStore;
import org.markauth.verify.report.Report;
import org.markauth.verify.report.ReportStore;
import org.markauth.verify.rules.AlertWriter;
import org.markauth.verify.rules.Rule;
import org.markauth.verify.rules.RuleHit;
import org.markauth.verify.rules.RuleSettings;

/**
 * verify-api's notification events (V019), on the real Cassandra node and Redis: a raised alert and
 * a received consumer report each leave one event row, in the same logged batch as their own rows,
 * naming the licensee and product of the batch (so that manufacturer's webhooks get it); a report on
 * a code that did not verify names none (the regulator's only), and no event carries the contact.
 */
class NotificationEventsIT {

    static TestStack stack;
    static TestKeyspace ks;
    static RedisFixture redis;

    @BeforeAll
    static void up() {
        stack = TestStack.connect();
        ks = stack.freshKeyspace("events");
        redis = RedisFixture.open();
    }

    @AfterAll
    static void down() {
        redis.close();
        ks.close();
        stack.close();
    }

    /** Events of this hour and the last (a test that crosses the hour still finds its own), of one type. */
    static List<Row> events(String type) {
        List<Row> out = new ArrayList<>();
        Instant now = Instant.now();
        for (Instant h : List.of(now, now.minus(Duration.ofHours(1)))) {
            for (Row r : ks.session().execute("SELECT event_id, type, occurred_at, licensee_id, product_id, batch_id, data "
                    + "FROM notification_events WHERE bucket = ?", NotificationEvent.bucket(h))) {
                if (r.getString("type").equals(type)) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    @Test
    void aRaisedAlertLeavesAnAlertRaisedEventForItsLicensee() {
        RuleSettings s = new RuleSettings(20, 900, 50, true, Set.of(), Duration.ofHours(1));
        AlertWriter w = new AlertWriter(ks.session(), new RedisTier(redis.api, "it:events:" + UUID.randomUUID() + ":",
                Clock.systemUTC(), Duration.ofSeconds(2)), s);
        int batch = ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
        long serial = ThreadLocalRandom.current().nextLong();
        w.raise(42, "ACME", batch, serial, "CN-44", List.of(new RuleHit(Rule.TOO_MANY_SCANS, true, "scanned 30 times",
                new JsonObject().put("count", 30)))).await();

        List<Row> rows = events("alert.raised").stream().filter(r -> r.getInt("batch_id") == batch).toList();
        assertThat(rows).hasSize(1);
        Row e = rows.get(0);
        assertThat(e.getString("licensee_id")).isEqualTo("ACME");
        assertThat(e.getInt("product_id")).isEqualTo(42);
        JsonObject data = new JsonObject(e.getString("data"));
        assertThat(data.getString("rule")).isEqualTo("TOO_MANY_SCANS");
        assertThat(data.getString("region")).isEqualTo("CN-44");
        UUID alertId = UUID.fromString(data.getString("alertId"));
        assertThat(ks.session().execute("SELECT batch_id FROM alert_by_id WHERE alert_id = ?", alertId).one().getInt(0))
                .as("the event names the alert written with it").isEqualTo(batch);
    }

    @Test
    void aReportLeavesAReportReceivedEventWithoutTheContact() {
        int batch = ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
        ks.session().execute("INSERT INTO batches (batch_id, product_id, licensee_id, lot) VALUES (?, ?, ?, ?)", batch, 43, "ACME", "L1");
        ReportStore reports = new ReportStore(ks.session(), new CassandraPhotoStore(ks.session()));
        Report r = new Report("HTTPS://M.MARKAUTH.TEST/X", "a market stall", "Stall 9", "13800000000", List.of(), "zh");
        UUID verified = reports.save(r, "GENUINE", batch, 77L, null, "CN-44", null).await();
        UUID forged = reports.save(r, "FORGED", null, null, null, "CN-44", null).await();

        List<Row> rows = events("report.received");
        Row mine = rows.stream().filter(x -> new JsonObject(x.getString("data")).getString("reportId").equals(verified.toString()))
                .findFirst().orElseThrow();
        assertThat(mine.getString("licensee_id")).isEqualTo("ACME");
        assertThat(mine.getInt("product_id")).isEqualTo(43);
        assertThat(mine.getInt("batch_id")).isEqualTo(batch);
        assertThat(mine.getString("data")).contains("a market stall").doesNotContain("13800000000");
        Row none = rows.stream().filter(x -> new JsonObject(x.getString("data")).getString("reportId").equals(forged.toString()))
                .findFirst().orElseThrow();
        assertThat(none.getString("licensee_id")).as("a code that did not verify names no licensee").isNull();
        assertThat(none.isNull("product_id")).isTrue();
    }
}

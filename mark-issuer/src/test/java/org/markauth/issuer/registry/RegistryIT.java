package org.markauth.issuer.registry;

import org.markauth.registry.LicenceStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.markauth.issuer.IssuerFixture.OFFICER;
import static org.markauth.issuer.IssuerFixture.REGULATOR;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.access.Principal;
import org.markauth.issuer.IssuerException;
import org.markauth.issuer.IssuerFixture;
import org.markauth.issuer.audit.AuditEntry;
import org.markauth.registry.Invalidation;
import org.markauth.issuer.invalidation.Invalidations;

class RegistryIT {

    static IssuerFixture fx;
    static Registry registry;

    @BeforeAll
    static void up() throws Exception {
        fx = new IssuerFixture("issuer_registry_it");
        registry = fx.services.registry;
    }

    @AfterAll
    static void down() {
        fx.close();
    }

    @Test
    void registersLicenseeProductAndLicenceAndReadsThemBack() {
        Licensee l = fx.licensee("ACME");
        Product p = fx.licensedProduct("ACME");
        assertThat(registry.licensee(REGULATOR, "ACME")).isEqualTo(l);
        assertThat(registry.product(OFFICER, p.productId()).gtin()).isEqualTo("04006381333931");
        assertThat(registry.products(REGULATOR, "ACME")).extracting(Product::productId).containsExactly(p.productId());
        assertThat(registry.licence(REGULATOR, p.productId()).status()).isEqualTo(LicenceStatus.ACTIVE);
        assertThat(registry.licensees(OFFICER, 100)).extracting(Licensee::licenseeId).contains("ACME");

        Licensee edited = registry.updateLicensee(REGULATOR, new Licensee.Details("ACME", l.name(), l.nameEn(), l.uscc(),
                "新地址", Map.of("phone", "1")));
        assertThat(registry.licensee(REGULATOR, "ACME").address()).isEqualTo("新地址");
        assertThat(edited.createdAt()).isEqualTo(l.createdAt());
        assertThat(fx.services.changes.entity("licensee:ACME", 10)).extracting(AuditEntry::action)
                .containsExactly("licensee.update", "licensee.create");
    }

    @Test
    void refusesDuplicateIdsAndUsccs() {
        Licensee l = fx.licensee("DUP");
        assertThatThrownBy(() -> registry.createLicensee(REGULATOR, new Licensee.Details("DUP2", "x", null, l.uscc(), null, null)))
                .isInstanceOf(IssuerException.Conflict.class).hasMessageContaining("already registered to licensee DUP");
        assertThatThrownBy(() -> registry.createLicensee(REGULATOR, new Licensee.Details("DUP", "x", null,
                "91110108551385082Q", null, null))).hasMessageContaining("already exists");
        // the refused attempt released its USCC claim
        registry.createLicensee(REGULATOR, new Licensee.Details("XIAOMI", "小米", null, "91110108551385082Q", null, null));
    }

    @Test
    void licenceSuspensionReinstatementAndRevocationAreKeptInHistory() {
        fx.licensee("HIST");
        Product p = fx.licensedProduct("HIST");
        registry.changeLicenceStatus(REGULATOR, p.productId(), LicenceStatus.SUSPENDED, "spot check failed");
        registry.changeLicenceStatus(REGULATOR, p.productId(), LicenceStatus.ACTIVE, "corrective action accepted");
        registry.changeLicenceStatus(REGULATOR, p.productId(), LicenceStatus.REVOKED, "repeat failure");
        assertThatThrownBy(() -> registry.changeLicenceStatus(REGULATOR, p.productId(), LicenceStatus.ACTIVE, "appeal"))
                .isInstanceOf(IssuerException.Refused.class).hasMessageContaining("revocation is final");
        List<LicenceChange> h = registry.licenceHistory(REGULATOR, p.productId(), 10);
        assertThat(h).extracting(LicenceChange::to).containsExactly(LicenceStatus.REVOKED, LicenceStatus.ACTIVE,
                LicenceStatus.SUSPENDED, LicenceStatus.ACTIVE);
        assertThat(h.get(0).actor()).isEqualTo("office-1");
        assertThat(h.get(0).reason()).isEqualTo("repeat failure");
        assertThat(h.get(0).from()).isEqualTo(LicenceStatus.ACTIVE);
        LocalDate today = LocalDate.ofInstant(fx.clock.instant(), ZoneOffset.UTC);
        assertThat(fx.services.changes.day(today, 1000)).extracting(AuditEntry::action)
                .contains("licence.suspended", "licence.active", "licence.revoked");
    }

    @Test
    void blacklistIsSetWithReasonAndDate() {
        fx.licensee("BL");
        Licensee l = registry.setBlacklisted(REGULATOR, "BL", true, "counterfeit parts found");
        assertThat(l.blacklisted()).isTrue();
        assertThat(registry.licensee(REGULATOR, "BL").blacklistReason()).isEqualTo("counterfeit parts found");
        assertThat(registry.licensee(REGULATOR, "BL").blacklistedSince()).isNotNull();
        assertThat(registry.setBlacklisted(REGULATOR, "BL", false, "appeal upheld").blacklisted()).isFalse();
    }

    @Test
    void manufacturersSeeOnlyTheirOwnAndWriteNothingInTheRegistry() {
        fx.licensee("OWN");
        fx.licensee("OTHER");
        Product other = fx.licensedProduct("OTHER");
        Principal m = Principal.manufacturer("line-boss", "OWN");
        assertThat(registry.licensee(m, "OWN").licenseeId()).isEqualTo("OWN");
        assertThat(registry.licensees(m, 100)).extracting(Licensee::licenseeId).containsExactly("OWN");
        assertThatThrownBy(() -> registry.licensee(m, "OTHER")).isInstanceOf(IssuerException.Forbidden.class);
        assertThatThrownBy(() -> registry.product(m, other.productId())).isInstanceOf(IssuerException.NotFound.class);
        assertThatThrownBy(() -> registry.setBlacklisted(m, "OTHER", true, "x")).isInstanceOf(IssuerException.Forbidden.class)
                .hasMessageContaining("MANUFACTURER may not blacklist");
        assertThatThrownBy(() -> registry.changeLicenceStatus(OFFICER, other.productId(), LicenceStatus.SUSPENDED, "x"))
                .isInstanceOf(IssuerException.Forbidden.class);
    }

    @Test
    void everyChangeIsPublishedOnTheInvalidationChannel() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        Redis sub = Redis.createClient(fx.vertx, fx.stack.redisUrl());
        RedisConnection conn = sub.connect().await(5, TimeUnit.SECONDS);
        conn.handler(msg -> {
            if (msg.size() == 3 && "message".equals(msg.get(0).toString())) {
                seen.add(msg.get(2).toString());
            }
        });
        conn.send(Request.cmd(Command.SUBSCRIBE).arg(Invalidation.CHANNEL)).await(5, TimeUnit.SECONDS);
        fx.licensee("PUB");
        Product p = fx.licensedProduct("PUB");
        registry.changeLicenceStatus(REGULATOR, p.productId(), LicenceStatus.SUSPENDED, "audit");
        long deadline = System.currentTimeMillis() + 5000;
        while (!seen.contains("licence:" + p.productId()) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        conn.close();
        sub.close();
        assertThat(seen).contains("licensee:PUB", "product:" + p.productId(), "licence:" + p.productId());
        Future.succeededFuture();
    }
}

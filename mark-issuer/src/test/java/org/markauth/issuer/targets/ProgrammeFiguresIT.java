package org.markauth.issuer.targets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.issuer.IssuerFixture;

/**
 * The targets page's figures cache over a real keyspace (docs/targets.md): the registry's counts are
 * kept for {@code issuer.targets.figures-cache} on the services' clock, the scans are read on every
 * view, and {@code 0s} reads the registry every time.
 */
class ProgrammeFiguresIT {

    static IssuerFixture fx;

    @BeforeAll
    static void up() throws Exception {
        fx = new IssuerFixture("issuer_figures_it");
        fx.licensee("F-1");
        fx.licensedProduct("F-1");
    }

    @AfterAll
    static void down() {
        if (fx != null) {
            fx.close();
        }
    }

    private static ProgrammeFigures figures(Duration cacheFor) {
        return new ProgrammeFigures(fx.services.session, fx.clock, fx.services.consoleData, DistrictMap.bundled(), cacheFor);
    }

    private static ProgrammeFigures.Snapshot today(ProgrammeFigures f) {
        LocalDate today = LocalDate.ofInstant(fx.clock.instant(), ZoneOffset.UTC);
        return f.snapshot(today.minusDays(1), today);
    }

    @Test
    void registryCountsAreKeptForTheCacheTimeWhileScansAreReadOnEveryView() {
        ProgrammeFigures cached = figures(Duration.ofSeconds(60));
        ProgrammeFigures uncached = figures(Duration.ZERO);
        long before = today(cached).counted().certifiedProducts();
        assertThat(today(uncached).counted().certifiedProducts()).isEqualTo(before);

        fx.licensedProduct("F-1");
        LocalDate today = LocalDate.ofInstant(fx.clock.instant(), ZoneOffset.UTC);
        fx.ks.session().execute("UPDATE scan_hotspots SET scans = scans + 4 WHERE day = ? AND place = 'ws06s' AND verdict = 'GENUINE'",
                today);

        ProgrammeFigures.Snapshot within = today(cached);
        assertThat(within.counted().certifiedProducts()).as("within the cache time").isEqualTo(before);
        assertThat(within.scans().stream().mapToLong(Figures.DistrictScans::scans).sum()).as("scans read live").isEqualTo(4);
        assertThat(today(uncached).counted().certifiedProducts()).as("cache off").isEqualTo(before + 1);

        fx.clock.advance(Duration.ofSeconds(59));
        assertThat(today(cached).counted().certifiedProducts()).as("59 s on").isEqualTo(before);
        fx.clock.advance(Duration.ofSeconds(2));
        assertThat(today(cached).counted().certifiedProducts()).as("61 s on").isEqualTo(before + 1);
    }

    @Test
    void aNegativeCacheTimeIsRefused() {
        assertThatThrownBy(() -> figures(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cacheFor");
    }
}

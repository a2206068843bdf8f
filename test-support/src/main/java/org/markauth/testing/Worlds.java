package org.markauth.testing;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;
import org.markauth.registry.BatchState;
import org.markauth.registry.LicenceStatus;
import org.markauth.registry.RangeKind;

/** The worlds most tests start from, written through {@link RegistryRows}. */
public final class Worlds {

    /** The licensee of {@link #genuineBatch(RegistryRows, int)}. */
    public static final String LICENSEE = "L1";

    private Worlds() {
    }

    /** Ids of a product and of one of its batches. */
    public record GenuineBatch(int productId, int batchId) {
    }

    /**
     * Licensee {@value #LICENSEE} (佛山电器) with a product licensed (ACTIVE) for a hundred days and an
     * ISSUED batch of it, made a hundred days ago, expiring in a year, whose units 1..{@code units}
     * are activated: every mark of it that exists verifies GENUINE.
     */
    public static GenuineBatch genuineBatch(RegistryRows rows, int units) {
        rows.licensee(LICENSEE, "佛山电器");
        return genuineBatch(rows, LICENSEE, units, Set.of());
    }

    /** The same under an existing licensee, the product sold in {@code markets} (region codes; empty: anywhere). */
    public static GenuineBatch genuineBatch(RegistryRows rows, String licenseeId, int units, Set<String> markets) {
        Instant longAgo = Instant.now().minus(Duration.ofDays(100));
        int product = rows.newId();
        rows.product(product, licenseeId, LicenceStatus.ACTIVE, longAgo, markets);
        int batch = rows.newId();
        rows.batch(batch, product, licenseeId, BatchState.ISSUED, LocalDate.now(ZoneOffset.UTC).plusYears(1), longAgo);
        rows.range(batch, 1, units, RangeKind.ACTIVATE);
        return new GenuineBatch(product, batch);
    }
}

package org.markauth.issuer.clones;

import org.markauth.registry.Invalidation;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.markauth.access.Principal;
import org.markauth.access.Role;
import org.markauth.issuer.IssuerException;
import org.markauth.issuer.auth.Permissions;
import org.markauth.issuer.audit.ChangeRecorder;

/**
 * A product's overrides of verify-api's clone-rule thresholds (V009 {@code clone_rules_by_product}),
 * set by the regulator at run time; each null keeps the service default ({@code verify.rules.*},
 * docs/verify-api.md). A change is recorded with kind {@code rules}, id the product: verify-api
 * drops its cached copy on every instance within seconds.
 */
public final class CloneRuleOverrides {

    /**
     * @param maxScans          TOO_MANY_SCANS above this many scans (0 = rule off)
     * @param scanWindowSeconds ... counted only while the code's first scan is at most this old (0 = no window)
     * @param maxSpeedKmh       IMPOSSIBLE_TRAVEL above this speed (0 = rule off)
     * @param minTravelKm       distances below this are not travel
     * @param blockThreshold    blocked automatically above this many scans (0 = never)
     * @param offMarket         OFF_MARKET checked
     */
    public record Overrides(int productId, Integer maxScans, Integer scanWindowSeconds, Integer maxSpeedKmh,
                            Integer minTravelKm, Integer blockThreshold, Boolean offMarket, Instant updatedAt,
                            String updatedBy) {
        public Overrides {
            check("maxScans", maxScans, 1_000_000);
            check("scanWindowSeconds", scanWindowSeconds, 315_360_000);
            check("maxSpeedKmh", maxSpeedKmh, 100_000);
            check("minTravelKm", minTravelKm, 20_000);
            check("blockThreshold", blockThreshold, 1_000_000);
        }

        private static void check(String name, Integer v, int max) {
            if (v != null && (v < 0 || v > max)) {
                throw new IllegalArgumentException(name + " must be 0.." + max + " (or empty for the service default), got " + v);
            }
        }

        /** A one-line description for the audit trail. */
        String describe() {
            return "maxScans=" + show(maxScans) + " scanWindowSeconds=" + show(scanWindowSeconds) + " maxSpeedKmh="
                    + show(maxSpeedKmh) + " minTravelKm=" + show(minTravelKm) + " blockThreshold=" + show(blockThreshold)
                    + " offMarket=" + show(offMarket);
        }

        private static String show(Object o) {
            return o == null ? "default" : o.toString();
        }
    }

    private final CqlSession s;
    private final ChangeRecorder changes;
    private final Clock clock;
    private final PreparedStatement product;
    private final PreparedStatement read;
    private final PreparedStatement write;

    public CloneRuleOverrides(CqlSession s, ChangeRecorder changes, Clock clock) {
        this.s = s;
        this.changes = changes;
        this.clock = clock;
        product = s.prepare("SELECT product_id FROM products WHERE product_id = ?");
        read = s.prepare("SELECT max_scans, scan_window_seconds, max_speed_kmh, min_travel_km, block_threshold, off_market, "
                + "updated_at, updated_by FROM clone_rules_by_product WHERE product_id = ?");
        write = s.prepare("INSERT INTO clone_rules_by_product (product_id, max_scans, scan_window_seconds, max_speed_kmh, "
                + "min_travel_km, block_threshold, off_market, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    }

    /** The product's overrides; empty when it follows the service defaults. */
    public Optional<Overrides> find(Principal p, int productId) {
        Permissions.requireRole(p, "read clone rules", Role.REGULATOR, Role.OFFICER);
        Row r = s.execute(read.bind(productId)).one();
        return Optional.ofNullable(r).map(row -> new Overrides(productId, integer(row, "max_scans"),
                integer(row, "scan_window_seconds"), integer(row, "max_speed_kmh"), integer(row, "min_travel_km"),
                integer(row, "block_threshold"), row.isNull("off_market") ? null : row.getBoolean("off_market"),
                row.getInstant("updated_at"), row.getString("updated_by")));
    }

    /** Replaces the product's overrides (all null = back to the defaults); audited. */
    public Overrides set(Principal p, Overrides o) {
        Permissions.requireRole(p, "change clone rules", Role.REGULATOR);
        if (s.execute(product.bind(o.productId())).one() == null) {
            throw new IssuerException.NotFound("product", o.productId());
        }
        Instant at = clock.instant();
        s.execute(write.bind(o.productId(), o.maxScans(), o.scanWindowSeconds(), o.maxSpeedKmh(), o.minTravelKm(),
                o.blockThreshold(), o.offMarket(), at, p.userId()));
        changes.record(p.userId(), "product.clone-rules", Invalidation.of(Invalidation.Kind.RULES, Integer.toString(o.productId())), o.describe());
        return new Overrides(o.productId(), o.maxScans(), o.scanWindowSeconds(), o.maxSpeedKmh(), o.minTravelKm(),
                o.blockThreshold(), o.offMarket(), at, p.userId());
    }

    private static Integer integer(Row row, String column) {
        return row.isNull(column) ? null : row.getInt(column);
    }
}

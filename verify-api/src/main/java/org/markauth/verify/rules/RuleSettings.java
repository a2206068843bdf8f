package org.markauth.verify.rules;

import org.markauth.sdk.verify.VerdictCode;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import org.markauth.verify.registry.RuleOverrides;

/**
 * Thresholds of the counterfeit rules (documented in docs/verify-api.md with their defaults). The
 * service-wide values come from {@code verify.rules.*}; a product's overrides edited in the console
 * replace single values ({@link #with}).
 *
 * @param maxScans          a code scanned more often than this is suspect (0 = rule off)
 * @param maxSpeedKmh       faster travel between two geocells is impossible (0 = rule off)
 * @param minTravelKm       distances below this are ignored (cell size, GPS noise)
 * @param offMarket         whether OFF_MARKET is checked
 * @param deadVerdicts      verdict codes that raise DEAD_CODE_IN_FIELD
 * @param alertDedupe       one alert per rule and code within this window
 * @param scanWindow        TOO_MANY_SCANS counts only while the code's first scan is at most this old
 *                          (zero = the counters' whole lifetime)
 * @param blockThreshold    a code scanned more often than this is blocked (answers CLONED) until the
 *                          regulator unblocks it (0 = never blocked automatically)
 */
public record RuleSettings(int maxScans, double maxSpeedKmh, double minTravelKm, boolean offMarket,
                           Set<String> deadVerdicts, Duration alertDedupe, Duration scanWindow, int blockThreshold) {
    public RuleSettings {
        if (maxScans < 0 || maxSpeedKmh < 0 || minTravelKm < 0 || blockThreshold < 0) {
            throw new IllegalArgumentException("rules thresholds must be >= 0: maxScans=" + maxScans
                    + " maxSpeedKmh=" + maxSpeedKmh + " minTravelKm=" + minTravelKm + " blockThreshold=" + blockThreshold);
        }
        Objects.requireNonNull(scanWindow, "scanWindow");
        if (scanWindow.isNegative()) {
            throw new IllegalArgumentException("rules scanWindow must be >= 0, got " + scanWindow);
        }
        deadVerdicts = Set.copyOf(deadVerdicts);
    }

    /** Without a scan window and without automatic blocking. */
    public RuleSettings(int maxScans, double maxSpeedKmh, double minTravelKm, boolean offMarket, Set<String> deadVerdicts,
                        Duration alertDedupe) {
        this(maxScans, maxSpeedKmh, minTravelKm, offMarket, deadVerdicts, alertDedupe, Duration.ZERO, 0);
    }

    public static RuleSettings defaults() {
        return new RuleSettings(20, 900, 50, true, Set.of(VerdictCode.KEY_REVOKED.name(), VerdictCode.VOIDED.name(), VerdictCode.DECOMMISSIONED.name()),
                Duration.ofHours(24), Duration.ZERO, 100);
    }

    /** These settings with a product's overrides applied (each null override keeps the value here). */
    public RuleSettings with(RuleOverrides o) {
        if (o == null) {
            return this;
        }
        return new RuleSettings(o.maxScans() == null ? maxScans : o.maxScans(),
                o.maxSpeedKmh() == null ? maxSpeedKmh : o.maxSpeedKmh(),
                o.minTravelKm() == null ? minTravelKm : o.minTravelKm(),
                o.offMarket() == null ? offMarket : o.offMarket(), deadVerdicts, alertDedupe,
                o.scanWindowSeconds() == null ? scanWindow : Duration.ofSeconds(o.scanWindowSeconds()),
                o.blockThreshold() == null ? blockThreshold : o.blockThreshold());
    }
}

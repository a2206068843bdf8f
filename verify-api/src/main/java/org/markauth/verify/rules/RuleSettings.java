package org.markauth.verify.rules;

import java.time.Duration;
import java.util.Set;

/**
 * Thresholds of the counterfeit rules (documented in docs/verify-api.md with their defaults).
 *
 * @param maxScans          a code scanned more often than this is suspect (0 = rule off)
 * @param maxSpeedKmh       faster travel between two geocells is impossible (0 = rule off)
 * @param minTravelKm       distances below this are ignored (cell size, GPS noise)
 * @param offMarket         whether OFF_MARKET is checked
 * @param deadVerdicts      verdict codes that raise DEAD_CODE_IN_FIELD
 * @param alertDedupe       one alert per rule and code within this window
 */
public record RuleSettings(int maxScans, double maxSpeedKmh, double minTravelKm, boolean offMarket,
                           Set<String> deadVerdicts, Duration alertDedupe) {
    public RuleSettings {
        if (maxScans < 0 || maxSpeedKmh < 0 || minTravelKm < 0) {
            throw new IllegalArgumentException("rules thresholds must be >= 0: maxScans=" + maxScans
                    + " maxSpeedKmh=" + maxSpeedKmh + " minTravelKm=" + minTravelKm);
        }
        deadVerdicts = Set.copyOf(deadVerdicts);
    }

    public static RuleSettings defaults() {
        return new RuleSettings(20, 900, 50, true, Set.of("KEY_REVOKED", "VOIDED", "DECOMMISSIONED"),
                Duration.ofHours(24));
    }
}

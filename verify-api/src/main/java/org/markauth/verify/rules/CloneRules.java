package org.markauth.verify.rules;

import org.markauth.registry.Geohash;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.markauth.verify.scan.PriorScans;

/**
 * The counterfeit rules as a pure function of what the shared counters knew before this scan and
 * the scan itself. No I/O: the verification service gathers the inputs, this decides.
 *
 * <p>A cloned code hits its rules on every scan, while its alert is written once per window: the
 * evidence holds times as {@link Instant}s, which {@link JsonObject} writes as
 * {@link Instant#toString()} does only when the alert is written, not on every scan.
 */
public final class CloneRules {

    /**
     * Positions shorter than a shared geocell come from the client's IP address (its city's centre,
     * ip2region): a carrier may also place a phone at its provincial gateway, so distances below
     * this between such positions are no evidence of travel.
     */
    static final double IP_POSITION_KM = 300;

    private final RuleSettings settings;

    public CloneRules(RuleSettings settings) {
        this.settings = settings;
    }

    /** The service-wide settings ({@code verify.rules.*}), before any product's overrides. */
    public RuleSettings defaults() {
        return settings;
    }

    /** {@link #evaluate(String, PriorScans, Instant, String, String, Set, RuleSettings)} with the service-wide settings. */
    public List<RuleHit> evaluate(String baseVerdict, PriorScans prior, Instant at, String cell, String region,
                                  Set<String> marketRegions) {
        return evaluate(baseVerdict, prior, at, cell, region, marketRegions, this.settings);
    }

    /**
     * True when this scan takes the code past the block threshold: it is then blocked (CLONED for
     * every later scan until the regulator unblocks it). Counted as TOO_MANY_SCANS counts: distinct
     * clients, so that no single client can block a genuine code by scanning it over and over.
     */
    public static boolean overBlockThreshold(PriorScans prior, RuleSettings settings) {
        return prior.known() && settings.blockThreshold() > 0 && prior.clientsWithThis() > settings.blockThreshold();
    }

    /**
     * @param baseVerdict   the verdict before rules (GENUINE, VOIDED, ...)
     * @param prior         the code's scans before this one
     * @param at            this scan's time
     * @param cell          this scan's position: a shared 5-character geocell, a shorter IP-derived city cell, or null
     * @param region        this scan's region, or null
     * @param marketRegions the product's declared market (empty = everywhere)
     * @param settings      the thresholds for this product (the defaults with its overrides, {@link RuleSettings#with})
     */
    public List<RuleHit> evaluate(String baseVerdict, PriorScans prior, Instant at, String cell, String region,
                                  Set<String> marketRegions, RuleSettings settings) {
        List<RuleHit> hits = new ArrayList<>(1);
        if (settings.deadVerdicts().contains(baseVerdict)) {
            hits.add(new RuleHit(Rule.DEAD_CODE_IN_FIELD, false, baseVerdict + " code seen in the field",
                    new JsonObject().put("verdict", baseVerdict).put("at", at).put("cell", cell)
                            .put("region", region)));
        }
        if (!prior.known()) {
            return hits;
        }
        // Independent evidence only: the scan limit counts distinct clients, not scans (one client
        // scanning a code a hundred times, or a batch of 25 copies, is one client).
        long count = prior.count() + 1;
        long clients = prior.clientsWithThis();
        if (settings.maxScans() > 0 && clients > settings.maxScans() && withinWindow(prior, at, settings)) {
            hits.add(new RuleHit(Rule.TOO_MANY_SCANS, true, "scanned " + count + " times by " + clients
                    + " distinct clients (limit " + settings.maxScans() + ")",
                    new JsonObject().put("count", count).put("clients", clients).put("limit", settings.maxScans())
                            .put("firstAt", prior.firstAt()).put("firstPlace", prior.firstPlace())));
        }
        // a client that scanned the code before is not a second witness (its geo may be made up)
        if (settings.maxSpeedKmh() > 0 && !prior.repeatClient() && cell != null && prior.lastCell() != null
                && prior.lastAt() != null) {
            double km = Geohash.distanceKm(prior.lastCell(), cell);
            double hours = Math.max(Duration.between(prior.lastAt(), at).toMillis(), 1) / 3_600_000.0;
            double speed = km / hours;
            boolean fromIp = Math.min(cell.length(), prior.lastCell().length()) < Geohash.PRECISION;
            double minKm = fromIp ? Math.max(settings.minTravelKm(), IP_POSITION_KM) : settings.minTravelKm();
            if (km >= minKm && speed > settings.maxSpeedKmh()) {
                hits.add(new RuleHit(Rule.IMPOSSIBLE_TRAVEL, true,
                        String.format("%.0f km from the previous scan in %.1f h (%.0f km/h > %.0f)", km, hours, speed,
                                settings.maxSpeedKmh()),
                        new JsonObject().put("fromCell", prior.lastCell()).put("fromAt", prior.lastAt())
                                .put("toCell", cell).put("toAt", at).put("km", Math.round(km))
                                .put("kmh", Math.round(speed)).put("limitKmh", settings.maxSpeedKmh())
                                .put("position", fromIp ? "ip-city" : "shared")));
            }
        }
        if (settings.offMarket() && region != null && !"local".equals(region) && !marketRegions.isEmpty()
                && !marketRegions.contains(region)) {
            hits.add(new RuleHit(Rule.OFF_MARKET, true, "scanned in " + region + ", outside the market " + marketRegions,
                    new JsonObject().put("region", region).put("market", List.copyOf(marketRegions))
                            .put("at", at)));
        }
        return hits;
    }

    /** The scans counted are recent enough for TOO_MANY_SCANS (no window, or the first scan within it). */
    private static boolean withinWindow(PriorScans prior, Instant at, RuleSettings settings) {
        return settings.scanWindow().isZero() || prior.firstAt() == null
                || !prior.firstAt().isBefore(at.minus(settings.scanWindow()));
    }

}

package org.markauth.verify.registry;

import org.markauth.registry.LicenceStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A licensed product joined with its licence (both keyed by product_id, invalidated together by
 * {@code product:<id>} and {@code licence:<id>}). {@link RegistryReader#product} never builds one
 * without a licence row; a null licence status can only come from a shared-cache entry written by
 * an older version, and the verdict policy treats it as an incomplete registry, never as revoked.
 */
public record ProductView(int productId, String licenseeId, String name, String nameEn, String model,
                          String category, String gtin, String standardNo, String standardTitle,
                          Map<String, String> coreIndicators, List<String> photoUrls,
                          Set<String> marketRegions,
                          String licenceNo, LicenceStatus licenceStatus, Instant licenceValidFrom,
                          Instant licenceValidUntil, Instant licenceStatusSince, String licenceStatusReason,
                          List<StatusChange> licenceHistory) {

    /** One row of licence_history: the licence became {@code status} at {@code at}. */
    public record StatusChange(Instant at, LicenceStatus status) {
        public StatusChange {
            java.util.Objects.requireNonNull(at, "at");
            java.util.Objects.requireNonNull(status, "status");
        }
    }

    public ProductView {
        coreIndicators = Map.copyOf(coreIndicators);
        photoUrls = List.copyOf(photoUrls);
        marketRegions = Set.copyOf(marketRegions);
        licenceHistory = licenceHistory == null ? List.of()
                : licenceHistory.stream().sorted(java.util.Comparator.comparing(StatusChange::at)).toList();
    }

    /** Without the licence history (rows written before it was read, tests): the current status stands for it. */
    public ProductView(int productId, String licenseeId, String name, String nameEn, String model, String category,
                       String gtin, String standardNo, String standardTitle, Map<String, String> coreIndicators,
                       List<String> photoUrls, Set<String> marketRegions, String licenceNo, LicenceStatus licenceStatus,
                       Instant licenceValidFrom, Instant licenceValidUntil, Instant licenceStatusSince,
                       String licenceStatusReason) {
        this(productId, licenseeId, name, nameEn, model, category, gtin, standardNo, standardTitle, coreIndicators,
                photoUrls, marketRegions, licenceNo, licenceStatus, licenceValidFrom, licenceValidUntil, licenceStatusSince,
                licenceStatusReason, List.of());
    }

    /**
     * The licence status in force at {@code now}: an ACTIVE licence whose validUntil has passed is
     * EXPIRED (the issuer's expiry sweep writes that status a few minutes later; the verdict does not
     * wait for it). Null when the licence status is unknown.
     */
    public LicenceStatus licenceStatusAt(Instant now) {
        if (licenceStatus == LicenceStatus.ACTIVE && licenceValidUntil != null && !now.isBefore(licenceValidUntil)) {
            return LicenceStatus.EXPIRED;
        }
        return licenceStatus;
    }

    /**
     * Since when {@link #licenceStatusAt} holds: validUntil for a licence expired by its window (still
     * ACTIVE in the row, or moved to EXPIRED by the issuer's sweep a little later), the status's own
     * time otherwise (a licence the regulator expired early).
     */
    public Instant licenceSinceAt(Instant now) {
        boolean byWindow = licenceValidUntil != null && !now.isBefore(licenceValidUntil);
        if (licenceStatus == LicenceStatus.ACTIVE && byWindow) {
            return licenceValidUntil;
        }
        if (licenceStatus == LicenceStatus.EXPIRED && byWindow && (licenceStatusSince == null || licenceValidUntil.isBefore(licenceStatusSince))) {
            return licenceValidUntil;
        }
        return licenceStatusSince;
    }

    /**
     * Whether a unit activated at {@code t} was made while licensed: {@code t} before the current
     * validUntil and the licence ACTIVE at {@code t} per its status history. Without a history (see the
     * short constructor) the current status is taken to hold since {@code licenceStatusSince} and the
     * licence to have been ACTIVE before it (the status every other one is reached from).
     */
    public boolean licensedAt(Instant t) {
        if (t == null || (licenceValidUntil != null && !t.isBefore(licenceValidUntil))) {
            return false;
        }
        if (licenceHistory.isEmpty()) {
            if (licenceValidFrom != null && t.isBefore(licenceValidFrom)) {
                return false;
            }
            return licenceStatusSince == null || !t.isBefore(licenceStatusSince) ? licenceStatus == LicenceStatus.ACTIVE : true;
        }
        // With a history, the history decides, not the current window's start: a renewal replaces
        // validFrom with the new term's, and a unit made under the previous term was made while
        // licensed (every grant and renewal is an ACTIVE row of the history, at its time).
        LicenceStatus status = null;   // before the first grant: not licensed
        for (StatusChange c : licenceHistory) {
            if (c.at().isAfter(t)) {
                break;
            }
            status = c.status();
        }
        return status == LicenceStatus.ACTIVE;
    }

    JsonObject toJson() {
        return new JsonObject().put("p", productId).put("l", licenseeId).put("n", name).put("ne", nameEn)
                .put("m", model).put("c", category).put("g", gtin).put("sn", standardNo)
                .put("stt", standardTitle).put("ci", Json.map(coreIndicators))
                .put("ph", new JsonArray(List.copyOf(photoUrls)))
                .put("mr", new JsonArray(List.copyOf(marketRegions)))
                .put("ln", licenceNo).put("ls", licenceStatus == null ? null : licenceStatus.name()).put("lf", Json.instant(licenceValidFrom))
                .put("lu", Json.instant(licenceValidUntil)).put("lss", Json.instant(licenceStatusSince))
                .put("lr", licenceStatusReason)
                .put("lh", new JsonArray(licenceHistory.stream().map(c -> (Object) new JsonArray().add(Json.instant(c.at()))
                        .add(c.status().name())).toList()));
    }

    static ProductView fromJson(JsonObject j) {
        return new ProductView(j.getInteger("p"), j.getString("l"), j.getString("n"), j.getString("ne"),
                j.getString("m"), j.getString("c"), j.getString("g"), j.getString("sn"), j.getString("stt"),
                Json.map(j.getJsonObject("ci")), Json.list(j.getJsonArray("ph")), Json.set(j.getJsonArray("mr")),
                j.getString("ln"), LicenceStatus.ofColumn(j.getString("ls")), Json.instant(j.getString("lf")),
                Json.instant(j.getString("lu")), Json.instant(j.getString("lss")), j.getString("lr"), history(j.getJsonArray("lh")));
    }

    private static List<StatusChange> history(JsonArray a) {
        if (a == null) {
            return List.of();   // an entry cached before the history was kept
        }
        List<StatusChange> out = new java.util.ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            JsonArray c = a.getJsonArray(i);
            out.add(new StatusChange(Json.instant(c.getString(0)), LicenceStatus.valueOf(c.getString(1))));
        }
        return out;
    }
}

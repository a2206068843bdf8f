package org.markauth.verify.registry;

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
                          String licenceNo, String licenceStatus, Instant licenceValidFrom,
                          Instant licenceValidUntil, Instant licenceStatusSince, String licenceStatusReason) {

    public ProductView {
        coreIndicators = Map.copyOf(coreIndicators);
        photoUrls = List.copyOf(photoUrls);
        marketRegions = Set.copyOf(marketRegions);
    }

    JsonObject toJson() {
        return new JsonObject().put("p", productId).put("l", licenseeId).put("n", name).put("ne", nameEn)
                .put("m", model).put("c", category).put("g", gtin).put("sn", standardNo)
                .put("stt", standardTitle).put("ci", Json.map(coreIndicators))
                .put("ph", new JsonArray(List.copyOf(photoUrls)))
                .put("mr", new JsonArray(List.copyOf(marketRegions)))
                .put("ln", licenceNo).put("ls", licenceStatus).put("lf", Json.instant(licenceValidFrom))
                .put("lu", Json.instant(licenceValidUntil)).put("lss", Json.instant(licenceStatusSince))
                .put("lr", licenceStatusReason);
    }

    static ProductView fromJson(JsonObject j) {
        return new ProductView(j.getInteger("p"), j.getString("l"), j.getString("n"), j.getString("ne"),
                j.getString("m"), j.getString("c"), j.getString("g"), j.getString("sn"), j.getString("stt"),
                Json.map(j.getJsonObject("ci")), Json.list(j.getJsonArray("ph")), Json.set(j.getJsonArray("mr")),
                j.getString("ln"), j.getString("ls"), Json.instant(j.getString("lf")),
                Json.instant(j.getString("lu")), Json.instant(j.getString("lss")), j.getString("lr"));
    }
}

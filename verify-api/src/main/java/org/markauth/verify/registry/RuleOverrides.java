package org.markauth.verify.registry;

import io.vertx.core.json.JsonObject;

/**
 * One product's overrides of the clone rules' thresholds (V009 {@code clone_rules_by_product}),
 * edited by the regulator in the console. Each null means "the service default"
 * ({@code verify.rules.*}); see {@code RuleSettings#with}.
 */
public record RuleOverrides(int productId, Integer maxScans, Integer scanWindowSeconds, Integer maxSpeedKmh,
                            Integer minTravelKm, Integer blockThreshold, Boolean offMarket) {

    JsonObject toJson() {
        return new JsonObject().put("p", productId).put("n", maxScans).put("w", scanWindowSeconds).put("v", maxSpeedKmh)
                .put("d", minTravelKm).put("b", blockThreshold).put("o", offMarket);
    }

    static RuleOverrides fromJson(JsonObject j) {
        return new RuleOverrides(j.getInteger("p"), j.getInteger("n"), j.getInteger("w"), j.getInteger("v"),
                j.getInteger("d"), j.getInteger("b"), j.getBoolean("o"));
    }
}

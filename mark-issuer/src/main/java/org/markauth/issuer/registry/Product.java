package org.markauth.issuer.registry;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A licensed product: what consumers are shown when they scan (name, model, the standard it is
 * certified against and its core indicators, photos). {@code gtin} is optional and stored as
 * GTIN-14 (shorter GTIN-8/12/13 are left-padded with zeros, GS1 General Specifications 3.3.2) after
 * its check digit has been verified.
 */
public record Product(int productId, String licenseeId, String name, String nameEn, String model, String category,
                      String gtin, String standardNo, String standardTitle, Map<String, String> coreIndicators,
                      List<String> photoUrls, Set<String> marketRegions, Instant createdAt, Instant updatedAt) {

    public Product {
        if (productId <= 0) {
            throw new IllegalArgumentException("productId must be a positive number, got " + productId);
        }
        Checks.id("licenseeId", licenseeId);
        Checks.text("name", name, 1, 200);
        Checks.optionalText("nameEn", nameEn, 200);
        Checks.optionalText("model", model, 100);
        Checks.text("category", category, 1, 100);
        gtin = gtin == null || gtin.isBlank() ? null : Gtins.normalize(gtin);
        Checks.text("standardNo", standardNo, 1, 64);
        Checks.text("standardTitle", standardTitle, 1, 300);
        coreIndicators = Checks.smallMap("coreIndicators", coreIndicators, 30, 300);
        photoUrls = Checks.urls("photoUrls", photoUrls, 10);
        marketRegions = marketRegions == null ? Set.of() : Set.copyOf(marketRegions);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** What the regulator registers or edits; {@code productId} 0 lets the issuer pick one. */
    public record Details(int productId, String licenseeId, String name, String nameEn, String model, String category,
                          String gtin, String standardNo, String standardTitle, Map<String, String> coreIndicators,
                          List<String> photoUrls, Set<String> marketRegions) {
        public Product toProduct(int id, Instant created, Instant now) {
            return new Product(id, licenseeId, name, nameEn, model, category, gtin, standardNo, standardTitle,
                    coreIndicators, photoUrls, marketRegions, created, now);
        }
    }
}

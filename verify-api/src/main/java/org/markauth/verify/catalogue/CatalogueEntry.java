package org.markauth.verify.catalogue;

import org.markauth.registry.LicenceStatus;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** One certified product in the public catalogue, with its licensee and the licence's status. */
public record CatalogueEntry(int productId, String name, String nameEn, String model, String category, String gtin,
                             String standardNo, String standardTitle, Map<String, String> coreIndicators,
                             String licenseeId, String licenseeName, String licenseeNameEn, boolean blacklisted,
                             String licenceNo, LicenceStatus licenceStatus, Instant statusSince, Instant validUntil) {

    public CatalogueEntry {
        coreIndicators = Map.copyOf(coreIndicators);
    }

    /** Case-insensitive match of every word of {@code query} against the searchable text. */
    boolean matches(String[] words) {
        String hay = String.join(" ", s(name), s(nameEn), s(model), s(category), s(gtin), s(standardNo), s(standardTitle),
                s(licenseeName), s(licenseeNameEn), s(licenceNo)).toLowerCase(Locale.ROOT);
        for (String w : words) {
            if (!hay.contains(w)) {
                return false;
            }
        }
        return true;
    }

    private static String s(String v) {
        return v == null ? "" : v;
    }

    JsonObject toJson() {
        return new JsonObject().put("productId", productId).put("name", name).put("nameEn", nameEn).put("model", model)
                .put("category", category).put("gtin", gtin).put("standardNo", standardNo).put("standardTitle", standardTitle)
                .put("coreIndicators", new JsonObject(new LinkedHashMap<>(coreIndicators)))
                .put("licensee", new JsonObject().put("licenseeId", licenseeId).put("name", licenseeName)
                        .put("nameEn", licenseeNameEn).put("blacklisted", blacklisted))
                .put("licence", new JsonObject().put("number", licenceNo).put("status", Objects.toString(licenceStatus, null))
                        .put("statusSince", statusSince == null ? null : statusSince.toString())
                        .put("validUntil", validUntil == null ? null : validUntil.toString()));
    }
}

package org.markauth.sdk.verify;

import java.util.Map;
import java.util.Optional;

/**
 * Product and batch names cached for offline display (the programme's published catalogue). Names
 * are display text only; they are not signed and never change a verdict.
 */
public record Catalogue(Map<Long, String> products, Map<Long, String> batches) {

    public static final Catalogue EMPTY = new Catalogue(Map.of(), Map.of());

    public Catalogue {
        products = Map.copyOf(products);
        batches = Map.copyOf(batches);
    }

    public Optional<String> productName(long productId) {
        return Optional.ofNullable(products.get(productId));
    }

    public Optional<String> batchName(long batchId) {
        return Optional.ofNullable(batches.get(batchId));
    }
}

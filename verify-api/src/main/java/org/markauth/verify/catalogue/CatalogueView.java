package org.markauth.verify.catalogue;

import java.util.List;
import org.markauth.verify.page.Fact;

/**
 * What the catalogue page ({@code catalogue.jte}) shows.
 *
 * @param otherLang the language the switch link leads to ("en" or "zh")
 * @param query     the search as typed, echoed into the search box ("" when none)
 */
public record CatalogueView(String langTag, String otherLang, String query, List<Option> statuses, List<Product> products) {

    /** One licence status in the filter. */
    public record Option(String value, String label, boolean selected) {
    }

    /** One product: its heading (name · model) and the facts beneath. */
    public record Product(int productId, String status, String heading, List<Fact> facts) {
        public Product {
            facts = List.copyOf(facts);
        }
    }

    public CatalogueView {
        statuses = List.copyOf(statuses);
        products = List.copyOf(products);
    }
}

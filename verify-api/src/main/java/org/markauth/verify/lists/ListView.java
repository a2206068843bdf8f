package org.markauth.verify.lists;

import java.util.List;
import org.markauth.verify.page.Fact;

/**
 * What a public list page ({@code lists.jte}) shows.
 *
 * @param list      "red" or "black"
 * @param otherHref the other list's page, in this language
 */
public record ListView(String langTag, String otherLang, String list, String title, String intro, String otherHref,
                       String otherTitle, List<Enterprise> enterprises) {

    /** One enterprise: its name, facts (USCC, since, the published reason) and, on the red list, its certified products. */
    public record Enterprise(String licenseeId, String name, List<Fact> facts, List<String> products) {
        public Enterprise {
            facts = List.copyOf(facts);
            products = List.copyOf(products);
        }
    }

    public ListView {
        enterprises = List.copyOf(enterprises);
    }
}

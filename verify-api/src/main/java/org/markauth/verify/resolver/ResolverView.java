package org.markauth.verify.resolver;

import java.util.List;
import org.markauth.verify.page.Fact;

/**
 * What a resolver page ({@code resolver.jte}) shows: registry facts and the advice to scan the
 * printed code, never a verdict.
 *
 * @param section     info, certification, recall or instructions
 * @param product     the product's name (and model) as the nav shows it
 * @param recallNotice the batch's recall notice when it is recalled, else null
 */
public record ResolverView(String langTag, String otherLang, String section, String product, String heading,
                           String recallNotice, List<Fact> facts, List<String> notes, List<Nav> links) {

    /** A link to another of the item's links. */
    public record Nav(String linkType, String title, String href) {
    }

    public ResolverView {
        facts = List.copyOf(facts);
        notes = List.copyOf(notes);
        links = List.copyOf(links);
    }
}

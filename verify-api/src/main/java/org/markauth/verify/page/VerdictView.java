package org.markauth.verify.page;

import java.util.List;
import org.markauth.verify.trace.ContentsView;
import org.markauth.verify.trace.TimelineView;

/**
 * What the consumer page ({@code verdict.jte}) shows, every sentence already chosen in the
 * request's language.
 *
 * @param code         the verdict code, for machines only (an attribute, never shown)
 * @param severity     the category's CSS class (genuine, warning, counterfeit, invalid)
 * @param notes        lines under the advice: what exactly is wrong, the licence note, rule hits
 * @param recallNotice the batch's recall notice, or null
 * @param contents     what a case holds, or null
 * @param facts        product, manufacturer, standard, licence, batch (empty when the product is unknown)
 * @param timeline     the supply-chain timeline, or null
 * @param history      the scan-history sentence, or null
 * @param scanned      the scanned text, posted back with a report
 * @param switchHref   the same page in the other language
 * @param nonce        the CSP nonce of the inline script
 */
public record VerdictView(String langTag, String formLang, String switchHref, String code, String severity, String icon,
                          String headline, String advice, List<String> notes, String recallNotice, ContentsView contents,
                          List<Fact> facts, TimelineView timeline, String history, String scanned, String nonce) {

    public VerdictView {
        notes = List.copyOf(notes);
        facts = List.copyOf(facts);
    }
}

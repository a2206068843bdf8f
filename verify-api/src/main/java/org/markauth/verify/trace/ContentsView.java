package org.markauth.verify.trace;

import java.util.List;

/**
 * The consumer page's contents section for a case or pallet ({@code contents.jte}): that the code
 * marks a container, how many items it holds now, and the first of them by the short form of their
 * serial (as printed on their labels) with their state, then how many more.
 *
 * @param count how many it holds ("53", or "1000+" when the count stopped)
 * @param one   whether that is exactly one item (the sentence's grammar)
 * @param more  how many are not listed, or null when all are
 */
public record ContentsView(String count, boolean one, List<Item> items, String more) {

    public record Item(String state, String shortSerial) {
    }

    public ContentsView {
        items = List.copyOf(items);
    }

    /** The view of {@code c}, or null when it holds nothing now (no section). */
    public static ContentsView of(Contents c) {
        if (c == null || c.isEmpty()) {
            return null;
        }
        String plus = c.more() ? "+" : "";
        return new ContentsView(c.count() + plus, c.count() == 1,
                c.items().stream().map(i -> new Item(i.state(), i.shortSerial())).toList(),
                c.notListed() > 0 ? c.notListed() + plus : null);
    }
}

package org.markauth.verify.trace;

import java.time.Instant;
import java.util.List;
import org.markauth.sdk.mark.Serial;

/**
 * What a case or pallet holds now (cases and pallets carry marks of their own; the issuer keeps
 * their current contents in {@code aggregation_children}): how many items, and the first few with
 * the state verification would give each. {@code more} says the count stopped at the read bound.
 */
public record Contents(int count, boolean more, List<Item> items) {

    /** One item inside, its own batch and serial, since when it is inside and its state (see {@link Aggregations#state}). */
    public record Item(int batchId, long serial, String epc, Instant since, String state) {

        /**
         * The last 6 characters of the serial's base32 form: the second line of the printed label's
         * human-readable code, enough to match a unit in hand without spelling out its serial.
         */
        public String shortSerial() {
            String b32 = new Serial(serial).toBase32();
            return b32.substring(b32.length() - 6);
        }
    }

    public static final Contents NONE = new Contents(0, false, List.of());

    public Contents {
        if (count < items.size()) {
            throw new IllegalArgumentException("count " + count + " is less than the " + items.size() + " items listed");
        }
        items = List.copyOf(items);
    }

    public boolean isEmpty() {
        return count == 0;
    }

    /** Items counted but not listed. */
    public int notListed() {
        return count - items.size();
    }
}

package org.markauth.registry;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * "This cached thing changed": what the issuer writes to {@code change_log (kind, id)} and publishes on
 * the Redis channel {@value #CHANNEL} as {@code <kind>:<id>}, and what every verify-api instance reads
 * from either to drop its cached copy. The change_log row is the reliable path (polled); the message
 * only makes the change visible sooner.
 *
 * <p>The id is an entity's id ({@code product:42}, {@code licensee:L-1}), a unit's id
 * ({@code mark:7:00000000000000ff}, see {@link MarkKey#unitId}) or {@value #ALL} for every entry of
 * the kind. Kinds a reader does not know are ignored, so a newer issuer may add kinds.
 */
public record Invalidation(Kind kind, String id) {

    public static final String CHANNEL = "markauth:invalidate";
    public static final String ALL = "*";

    /** The kinds, written lowercase on the wire and in change_log. */
    public enum Kind {
        LICENSEE, PRODUCT, LICENCE, BATCH, MARK, BLOCK, RULES,
        /** Signing keys or the trust list: verifiers reload the trust list. */
        KEYS;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Optional<Kind> ofWire(String s) {
            for (Kind k : values()) {
                if (k.wire().equals(s)) {
                    return Optional.of(k);
                }
            }
            return Optional.empty();
        }

        /** Whether the id names a unit ({@code <batch>:<16 hex>}). */
        public boolean perUnit() {
            return this == MARK || this == BLOCK;
        }
    }

    public Invalidation {
        if (kind == null || id == null || id.isEmpty()) {
            throw new IllegalArgumentException("an invalidation needs a kind and an id, got " + kind + ":" + id);
        }
    }

    public static Invalidation of(Kind kind, String id) {
        return new Invalidation(kind, id);
    }

    public static Invalidation of(Kind kind, int id) {
        return new Invalidation(kind, Integer.toString(id));
    }

    /** A unit's state changed. */
    public static Invalidation mark(int batchId, long serial) {
        return new Invalidation(Kind.MARK, MarkKey.unitId(batchId, serial));
    }

    /** A unit's block row changed. */
    public static Invalidation block(int batchId, long serial) {
        return new Invalidation(Kind.BLOCK, MarkKey.unitId(batchId, serial));
    }

    /** Every entry of a kind. */
    public static Invalidation all(Kind kind) {
        return new Invalidation(kind, ALL);
    }

    /** {@code <kind>:<id>}, the message and the audit trail's entity. */
    public String encode() {
        return kind.wire() + ":" + id;
    }

    @Override
    public String toString() {
        return encode();
    }

    public boolean all() {
        return ALL.equals(id);
    }

    /** The message's kind and id; empty for a message without a colon, an empty id or a kind this version does not know. */
    public static Optional<Invalidation> parse(String message) {
        int colon = message == null ? -1 : message.indexOf(':');
        if (colon <= 0 || colon == message.length() - 1) {
            return Optional.empty();
        }
        return Kind.ofWire(message.substring(0, colon)).map(k -> new Invalidation(k, message.substring(colon + 1)));
    }

    /** For a per-unit kind: the unit it names; empty when the id is {@value #ALL} or not {@code <batch>:<hex>}. */
    public Optional<Unit> unit() {
        int c = id.indexOf(':');
        if (!kind.perUnit() || c <= 0 || c == id.length() - 1 || id.length() - c - 1 > 16) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Unit(Integer.parseInt(id.substring(0, c)), HexFormat.fromHexDigitsToLong(id.substring(c + 1))));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    /** A unit named by a per-unit invalidation. */
    public record Unit(int batchId, long serial) {
    }
}

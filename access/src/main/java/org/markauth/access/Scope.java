package org.markauth.access;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a credential may do within its role (docs/api-issuer.md, "Credentials"). A small set on
 * purpose: a line system's key that only activates and voids, a print room's key that only fetches
 * print files, an ordering key, a line station's key (STATION), and FULL (everything the role may do). Every key may read what its
 * role may read. Keys issued before scopes existed, and keys issued without scopes, are FULL, so
 * nothing that worked stops working. Regulator and officer keys are always FULL.
 */
public enum Scope {
    /** Everything the role may do, including writes no narrower scope names (trace, recalls, registry). */
    FULL,
    /** Order batches. */
    ORDER,
    /** Download print files (and reprints) of the owner's batches. */
    PRINT,
    /** Activate and void units of the owner's batches. */
    ACTIVATE,
    /**
     * A line station's key (issued for one line, {@code POST /api/v1/lines/{lineId}/keys}): the
     * only scope that calls {@code /api/v1/station/*}, and a key holding only it calls nothing else.
     * FULL does not cover it: a station acts as its line, which an office key is not bound to.
     */
    STATION;

    public static final Set<Scope> ALL = Set.of(FULL);

    /** {@code "print"} or {@code "PRINT"}; anything else names the choices. */
    public static Scope parse(String s) {
        try {
            return valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("scope must be one of full, order, print, activate, station; got '" + s + "'");
        }
    }

    /** True when a credential with these scopes may do what {@code needed} names. */
    public static boolean covers(Set<Scope> held, Scope needed) {
        return held.contains(needed) || (needed != STATION && held.contains(FULL));
    }

    /** Stored form; null (pre-V006 rows) means FULL. */
    /** True for a line station's key: its scopes are exactly {STATION}. */
    public static boolean stationOnly(Set<Scope> held) {
        return held.equals(Set.of(STATION));
    }

    public static Set<Scope> ofStored(Set<String> stored) {
        if (stored == null || stored.isEmpty()) {
            return ALL;
        }
        EnumSet<Scope> s = EnumSet.noneOf(Scope.class);
        stored.forEach(x -> s.add(valueOf(x)));
        return Set.copyOf(s);
    }
}

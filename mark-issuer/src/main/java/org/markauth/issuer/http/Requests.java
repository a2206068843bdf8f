package org.markauth.issuer.http;

import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.Locale;
import org.markauth.access.Caller;
import org.markauth.access.Principal;

/**
 * What a handler reads from a request: the authenticated caller that the {@code /api/v1/*}
 * authentication left on the context, and path or query parameters parsed with a sentence that
 * names the parameter and its limits (an IllegalArgumentException, rendered as a 400).
 */
public final class Requests {

    /** Where authentication leaves the caller's {@link Principal}. */
    public static final String PRINCIPAL = "principal";
    /** Where authentication leaves the whole {@link Caller} (credential id and scopes). */
    public static final String CALLER = "caller";

    private Requests() {
    }

    public static Principal principal(RoutingContext ctx) {
        return ctx.get(PRINCIPAL);
    }

    public static Caller caller(RoutingContext ctx) {
        return ctx.get(CALLER);
    }

    /** A whole-number path parameter. */
    public static int intParam(RoutingContext ctx, String name) {
        String v = ctx.pathParam(name);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, got '" + v + "'");
        }
    }

    /**
     * A whole-number query parameter, {@code dflt} when absent or blank; the range is the service's
     * to check (its sentence names the limits).
     */
    public static int intQuery(RoutingContext ctx, String name, int dflt) {
        Integer v = intQuery(ctx, name);
        return v == null ? dflt : v;
    }

    /** An optional whole-number query parameter ({@code ?year=2026}): null when absent or blank; not a number is a 400 naming it. */
    public static Integer intQuery(RoutingContext ctx, String name) {
        String v = ctx.queryParams().get(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + (v.length() > 20 ? v.substring(0, 20) : v) + "'");
        }
    }

    /** A print range bound: a sequence number 1.. (a print of sequence 0 or -1 answered 200 before). */
    public static int sequenceParam(RoutingContext ctx, String name, int dflt) {
        String v = ctx.queryParams().get(name);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the sentence below
        }
        throw new IllegalArgumentException(name + " must be a sequence number 1.." + Integer.MAX_VALUE + ", got '" + v + "'");
    }

    /** {@code ?limit=}: 1..1000, default 100. */
    public static int limit(RoutingContext ctx) {
        String v = ctx.queryParams().get("limit");
        if (v == null) {
            return 100;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n >= 1 && n <= 1000) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the sentence below ("For input string" was the parser's)
        }
        throw new IllegalArgumentException("limit must be a whole number 1..1000, got '" + v + "'");
    }

    /** An enum constant named case-insensitively; the sentence lists the choices. */
    public static <E extends Enum<E>> E enumValue(Class<E> type, String v, String field) {
        try {
            return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + " must be one of " + Arrays.toString(type.getEnumConstants())
                    + ", got '" + v + "'");
        }
    }
}

package org.markauth.issuer.trace;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The GS1 Core Business Vocabulary 2.0 terms this programme uses. EPCIS 2.0 JSON-LD allows a term
 * as a bare word ({@code shipping}), a URN ({@code urn:epcglobal:cbv:bizstep:shipping}) or a web
 * URI ({@code https://ns.gs1.org/cbv/BizStep-shipping}); all three are read and stored as the bare
 * word, which is also what export writes (the default JSON-LD context maps it back).
 */
public final class Cbv {

    /** The business steps of the programme's supply chain (CBV 2.0 names). */
    public static final Set<String> BIZ_STEPS = Set.of("commissioning", "packing", "unpacking", "shipping", "receiving",
            "retail_selling", "inspecting", "decommissioning", "destroying", "returning", "storing", "accepting",
            "departing", "arriving", "loading", "unloading", "holding", "dispensing", "void_shipping", "recalling");

    /** Dispositions (CBV 2.0 names). */
    public static final Set<String> DISPOSITIONS = Set.of("active", "in_progress", "in_transit", "retail_sold", "sold",
            "recalled", "destroyed", "stolen", "returned", "damaged", "expired", "disposed", "non_sellable_other",
            "sellable_accessible", "sellable_not_accessible", "inactive", "encoded", "needs_replacement", "unknown",
            "container_closed", "container_open", "in_use", "no_pedigree_match", "partially_dispensed");

    private Cbv() {
    }

    /** The bare term of a business step, or null when the input is null; throws for an unknown term. */
    public static String bizStep(String v) {
        return term(v, "urn:epcglobal:cbv:bizstep:", "https://ns.gs1.org/cbv/BizStep-", BIZ_STEPS, "bizStep");
    }

    public static String disposition(String v) {
        return term(v, "urn:epcglobal:cbv:disp:", "https://ns.gs1.org/cbv/Disp-", DISPOSITIONS, "disposition");
    }

    private static String term(String v, String urn, String uri, Set<String> known, String field) {
        if (v == null) {
            return null;
        }
        String t = v.startsWith(urn) ? v.substring(urn.length()) : v.startsWith(uri) ? v.substring(uri.length()) : v;
        t = t.toLowerCase(Locale.ROOT);
        if (!known.contains(t)) {
            throw new EpcisException("UNKNOWN_" + field.toUpperCase(Locale.ROOT), field + " '" + v
                    + "' is not a CBV 2.0 term this programme accepts; use one of " + new TreeSet<>(known));
        }
        return t;
    }
}

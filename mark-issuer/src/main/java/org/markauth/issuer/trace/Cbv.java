package org.markauth.issuer.trace;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The GS1 Core Business Vocabulary 2.0 terms of EPCIS 2.0 events (CBV 2.0 sections 7.1 business
 * steps, 7.2 dispositions, 7.3 business transaction types, 7.4 source/destination types, 7.5 error
 * reasons). The lists are those of GS1's published JSON-LD context (EPCIS repository,
 * {@code JSON-LD-Context/cbv-context-bizstep.jsonld}, {@code cbv-context-disposition.jsonld},
 * {@code cbv-context-biztransaction-type.jsonld}, {@code cbv-context-sourcedest-type.jsonld},
 * {@code cbv-context-error-reason.jsonld}), which the EPCIS 2.0 JSON schema repeats.
 *
 * <p>EPCIS 2.0 (section 8.3 and the JSON schema's {@code vocab-other-uri}) lets a field carry a CBV
 * term as a bare word ({@code shipping}), a CBV URN ({@code urn:epcglobal:cbv:bizstep:shipping}) or
 * a CBV web URI ({@code https://ref.gs1.org/cbv/BizStep-shipping}, also the older
 * {@code https://ns.gs1.org/cbv/...}), or any other vocabulary as a URI outside the CBV
 * namespaces. A CBV term in any form is stored as the bare word (the default JSON-LD context maps it
 * back); any other URI is kept exactly as given. A bare word that is not a CBV term, and a CBV URI
 * naming no CBV term, are refused with a sentence listing the CBV terms.
 */
public final class Cbv {

    /** The 41 business steps of CBV 2.0. */
    public static final Set<String> BIZ_STEPS = Set.of("accepting", "arriving", "assembling", "collecting", "commissioning",
            "consigning", "creating_class_instance", "cycle_counting", "decommissioning", "departing", "destroying",
            "disassembling", "dispensing", "encoding", "entering_exiting", "holding", "inspecting", "installing", "killing",
            "loading", "other", "packing", "picking", "receiving", "removing", "repackaging", "repairing", "replacing",
            "reserving", "retail_selling", "sampling", "sensor_reporting", "shipping", "staging_outbound", "stock_taking",
            "stocking", "storing", "transporting", "unloading", "unpacking", "void_shipping");

    /** The 33 dispositions of CBV 2.0. */
    public static final Set<String> DISPOSITIONS = Set.of("active", "available", "completeness_verified",
            "completeness_inferred", "conformant", "container_closed", "container_open", "damaged", "destroyed", "dispensed",
            "disposed", "encoded", "expired", "in_progress", "in_transit", "inactive", "mismatch_instance", "mismatch_class",
            "mismatch_quantity", "needs_replacement", "no_pedigree_match", "non_conformant", "non_sellable_other",
            "partially_dispensed", "recalled", "reserved", "retail_sold", "returned", "sellable_accessible",
            "sellable_not_accessible", "stolen", "unavailable", "unknown");

    /** Business transaction types (CBV 2.0 section 7.3). */
    public static final Set<String> BIZ_TRANSACTION_TYPES = Set.of("bol", "cert", "desadv", "inv", "pedigree", "po", "poc",
            "prodorder", "recadv", "rma", "testprd", "testres", "upevt");

    /** Source/destination types (CBV 2.0 section 7.4). */
    public static final Set<String> SOURCE_DEST_TYPES = Set.of("owning_party", "possessing_party", "location");

    /** Error reasons (CBV 2.0 section 7.5). */
    public static final Set<String> ERROR_REASONS = Set.of("did_not_occur", "incorrect_data");

    /** A URI as the JSON schema's {@code format: uri} needs it: a scheme, a colon, no white space. */
    static final Pattern URI = Pattern.compile("[A-Za-z][A-Za-z0-9+.\\-]*:\\S+");

    private static final List<String> WEB = List.of("https://ref.gs1.org/cbv/", "http://ref.gs1.org/cbv/",
            "https://ns.gs1.org/cbv/", "http://ns.gs1.org/cbv/", "cbv:");

    private Cbv() {
    }

    /** The bare term of a business step, the URI as given for a non-CBV one, or null when the input is null. */
    public static String bizStep(String v) {
        return term(v, "urn:epcglobal:cbv:bizstep:", "BizStep-", BIZ_STEPS, "bizStep", "UNKNOWN_BIZSTEP");
    }

    public static String disposition(String v) {
        return term(v, "urn:epcglobal:cbv:disp:", "Disp-", DISPOSITIONS, "disposition", "UNKNOWN_DISPOSITION");
    }

    static String bizTransactionType(String v) {
        return term(v, "urn:epcglobal:cbv:btt:", "BTT-", BIZ_TRANSACTION_TYPES, "bizTransaction type", "MALFORMED_EVENT");
    }

    static String sourceDestType(String v) {
        return term(v, "urn:epcglobal:cbv:sdt:", "SDT-", SOURCE_DEST_TYPES, "source/destination type", "MALFORMED_EVENT");
    }

    static String errorReason(String v) {
        return term(v, "urn:epcglobal:cbv:er:", "ER-", ERROR_REASONS, "errorDeclaration reason", "MALFORMED_EVENT");
    }

    static boolean isUri(String v) {
        return v != null && URI.matcher(v).matches();
    }

    private static String term(String v, String urn, String webPrefix, Set<String> known, String field, String code) {
        if (v == null) {
            return null;
        }
        String t = null;
        if (v.regionMatches(true, 0, urn, 0, urn.length())) {
            t = v.substring(urn.length());
        } else {
            for (String w : WEB) {
                String p = w + webPrefix;
                if (v.regionMatches(true, 0, p, 0, p.length())) {
                    t = v.substring(p.length());
                    break;
                }
            }
        }
        if (t != null) {
            if (!known.contains(t.toLowerCase(Locale.ROOT))) {
                throw new EpcisException(code, field + " '" + v + "' is in the CBV 2.0 namespace but names no CBV 2.0 term; "
                        + "use one of " + new TreeSet<>(known) + " or a URI of your own vocabulary");
            }
            return t.toLowerCase(Locale.ROOT);
        }
        if (known.contains(v)) {
            return v;
        }
        if (!isUri(v) || v.regionMatches(true, 0, "urn:epcglobal:cbv:", 0, "urn:epcglobal:cbv:".length())) {
            throw new EpcisException(code, field + " '" + v + "' is not a CBV 2.0 term; use one of " + new TreeSet<>(known)
                    + " (as the bare word, its urn:epcglobal:cbv: URN or https://ref.gs1.org/cbv/ URI), or a URI of your own "
                    + "vocabulary (https://example.com/steps/x, urn:example:step:x)");
        }
        return v;
    }
}
